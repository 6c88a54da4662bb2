package cn.union.staff;

import java.time.LocalDateTime;

/**
 * A console account as other features and the admin API see it: read-only, without its password
 * hash or bound WeChat. The staff feature's entity behind it stays its own ({@code StaffAccount},
 * package-private); changes go through {@link StaffService}.
 */
public interface StaffUser {

  Long getId();

  String getUsername();

  String getDisplayName();

  Role getRole();

  Long getOrgId();

  /** The org's path, kept beside its id so a subtree's accounts are one prefix query. */
  String getOrgPath();

  boolean isEnabled();

  boolean isMustChangePassword();

  /** Set while the account is locked after failed logins. */
  LocalDateTime getLockedUntil();

  LocalDateTime getCreatedAt();

  LocalDateTime getPasswordChangedAt();
}
