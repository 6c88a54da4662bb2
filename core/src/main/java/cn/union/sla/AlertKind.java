package cn.union.sla;

import cn.union.staff.Role;

/** What a notice about a case says and whom it goes to. */
public enum AlertKind {
  /** The case's last working day began and nobody answered: the unit's informants. */
  REMINDER(Role.INFORMANT, "提醒"),
  /** The due instant passed unanswered: the admins of the unit's parent org (督办). */
  ESCALATION(Role.ORG_ADMIN, "督办"),
  /** A superior pressed the unit with a note: the unit's informants. */
  SUPERVISION(Role.INFORMANT, "督办意见");

  private final Role recipients;
  private final String label;

  AlertKind(Role recipients, String label) {
    this.recipients = recipients;
    this.label = label;
  }

  public Role recipients() {
    return recipients;
  }

  public String label() {
    return label;
  }
}
