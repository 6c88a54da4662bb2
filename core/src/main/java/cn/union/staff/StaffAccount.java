package cn.union.staff;

import com.baomidou.mybatisplus.annotation.IdType;
import com.baomidou.mybatisplus.annotation.TableId;
import com.baomidou.mybatisplus.annotation.TableName;
import java.time.LocalDateTime;

/**
 * A console account ({@code staff_user}). The hash is BCrypt; the password itself is never stored.
 * Other features see it as the read-only {@link StaffUser}.
 */
@TableName("staff_user")
class StaffAccount implements StaffUser {

  @TableId(type = IdType.AUTO)
  private Long id;

  private String username;
  private String passwordHash;
  private String displayName;
  private Role role;
  private Long orgId;

  /** The org's path, kept beside its id so a subtree's accounts are one prefix query. */
  private String orgPath;

  private boolean enabled = true;
  private boolean mustChangePassword;
  private int failedLogins;
  private LocalDateTime lockedUntil;
  private String wxOpenid;
  private LocalDateTime createdAt;
  private LocalDateTime passwordChangedAt;

  @Override
  public Long getId() {
    return id;
  }

  public void setId(Long id) {
    this.id = id;
  }

  @Override
  public String getUsername() {
    return username;
  }

  public void setUsername(String username) {
    this.username = username;
  }

  public String getPasswordHash() {
    return passwordHash;
  }

  public void setPasswordHash(String passwordHash) {
    this.passwordHash = passwordHash;
  }

  @Override
  public String getDisplayName() {
    return displayName;
  }

  public void setDisplayName(String displayName) {
    this.displayName = displayName;
  }

  @Override
  public Role getRole() {
    return role;
  }

  public void setRole(Role role) {
    this.role = role;
  }

  @Override
  public Long getOrgId() {
    return orgId;
  }

  public void setOrgId(Long orgId) {
    this.orgId = orgId;
  }

  @Override
  public String getOrgPath() {
    return orgPath;
  }

  public void setOrgPath(String orgPath) {
    this.orgPath = orgPath;
  }

  @Override
  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  @Override
  public boolean isMustChangePassword() {
    return mustChangePassword;
  }

  public void setMustChangePassword(boolean mustChangePassword) {
    this.mustChangePassword = mustChangePassword;
  }

  public int getFailedLogins() {
    return failedLogins;
  }

  public void setFailedLogins(int failedLogins) {
    this.failedLogins = failedLogins;
  }

  @Override
  public LocalDateTime getLockedUntil() {
    return lockedUntil;
  }

  public void setLockedUntil(LocalDateTime lockedUntil) {
    this.lockedUntil = lockedUntil;
  }

  public String getWxOpenid() {
    return wxOpenid;
  }

  public void setWxOpenid(String wxOpenid) {
    this.wxOpenid = wxOpenid;
  }

  @Override
  public LocalDateTime getCreatedAt() {
    return createdAt;
  }

  public void setCreatedAt(LocalDateTime createdAt) {
    this.createdAt = createdAt;
  }

  @Override
  public LocalDateTime getPasswordChangedAt() {
    return passwordChangedAt;
  }

  public void setPasswordChangedAt(LocalDateTime passwordChangedAt) {
    this.passwordChangedAt = passwordChangedAt;
  }

  @Override
  public String toString() {
    return "StaffAccount[id="
        + id
        + ", username="
        + username
        + ", role="
        + role
        + ", orgId="
        + orgId
        + "]";
  }
}
