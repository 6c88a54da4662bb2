package cn.union.member;

import com.baomidou.mybatisplus.annotation.IdType;
import com.baomidou.mybatisplus.annotation.TableId;
import com.baomidou.mybatisplus.annotation.TableName;
import java.time.LocalDateTime;

/** A union member ({@code member}); personal numbers only in encrypted and hashed form. */
@TableName("member")
class Member implements Membership {

  @TableId(type = IdType.AUTO)
  private Long id;

  private String openid;
  private String name;
  private String idNumberEnc;
  private String idNumberHash;
  private String mobileEnc;
  private String mobileHash;
  private String employer;
  private Long orgId;
  private String orgPath;
  private String memberNumber;
  private LocalDateTime createdAt;
  private LocalDateTime updatedAt;

  public Long getId() {
    return id;
  }

  public void setId(Long id) {
    this.id = id;
  }

  public String getOpenid() {
    return openid;
  }

  public void setOpenid(String openid) {
    this.openid = openid;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getIdNumberEnc() {
    return idNumberEnc;
  }

  public void setIdNumberEnc(String idNumberEnc) {
    this.idNumberEnc = idNumberEnc;
  }

  public String getIdNumberHash() {
    return idNumberHash;
  }

  public void setIdNumberHash(String idNumberHash) {
    this.idNumberHash = idNumberHash;
  }

  public String getMobileEnc() {
    return mobileEnc;
  }

  public void setMobileEnc(String mobileEnc) {
    this.mobileEnc = mobileEnc;
  }

  public String getMobileHash() {
    return mobileHash;
  }

  public void setMobileHash(String mobileHash) {
    this.mobileHash = mobileHash;
  }

  public String getEmployer() {
    return employer;
  }

  public void setEmployer(String employer) {
    this.employer = employer;
  }

  public Long getOrgId() {
    return orgId;
  }

  public void setOrgId(Long orgId) {
    this.orgId = orgId;
  }

  public String getOrgPath() {
    return orgPath;
  }

  public void setOrgPath(String orgPath) {
    this.orgPath = orgPath;
  }

  public String getMemberNumber() {
    return memberNumber;
  }

  public void setMemberNumber(String memberNumber) {
    this.memberNumber = memberNumber;
  }

  public LocalDateTime getCreatedAt() {
    return createdAt;
  }

  public void setCreatedAt(LocalDateTime createdAt) {
    this.createdAt = createdAt;
  }

  public LocalDateTime getUpdatedAt() {
    return updatedAt;
  }

  public void setUpdatedAt(LocalDateTime updatedAt) {
    this.updatedAt = updatedAt;
  }

  @Override
  public String toString() {
    return "Member[id=" + id + ", orgId=" + orgId + "]";
  }
}
