package cn.union.member;

import java.time.LocalDateTime;

/**
 * A member as other features see it: read-only, personal numbers still encrypted (decrypt and mask
 * through the data-protection service, and only where the caller may see them). The member
 * feature's entity behind it stays its own; changes go through {@link MemberService}.
 */
public interface Membership {

  Long getId();

  String getOpenid();

  String getName();

  String getIdNumberEnc();

  String getMobileEnc();

  String getEmployer();

  Long getOrgId();

  String getOrgPath();

  String getMemberNumber();

  LocalDateTime getCreatedAt();

  LocalDateTime getUpdatedAt();
}
