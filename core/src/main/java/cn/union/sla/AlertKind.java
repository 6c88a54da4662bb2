package cn.union.sla;

import cn.union.platform.Copy;
import cn.union.staff.Role;

/** What a notice about a case says and whom it goes to. */
public enum AlertKind {
  /** The case's last working day began and nobody answered: the unit's informants. */
  REMINDER(Role.INFORMANT),
  /** The due instant passed unanswered: the admins of the unit's parent org (督办). */
  ESCALATION(Role.ORG_ADMIN),
  /** A superior pressed the unit with a note: the unit's informants. */
  SUPERVISION(Role.INFORMANT);

  private final Role recipients;

  AlertKind(Role recipients) {
    this.recipients = recipients;
  }

  public Role recipients() {
    return recipients;
  }

  /** The kind as the console names it ({@code kind_*} in reply tracking's copy). */
  public String label() {
    return Texts.COPY.text("kind_" + name().toLowerCase());
  }

  /** Loaded on first use: an enum's constants are built before its own static fields. */
  private static final class Texts {
    static final Copy COPY = Copy.load("sla");
  }
}
