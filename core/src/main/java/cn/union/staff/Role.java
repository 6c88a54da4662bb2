package cn.union.staff;

/**
 * What a console user may do. Duties are separated: only auditors read the whole audit log, and
 * auditors change nothing.
 */
public enum Role {
  /** Everything in the whole tree; creates orgs and users anywhere. */
  SUPER_ADMIN,
  /** Manages orgs, users and cases in the own subtree. */
  ORG_ADMIN,
  /** Handles and answers the cases of the own subtree. */
  INFORMANT,
  /** Reads the audit log; changes nothing. */
  AUDITOR
}
