package cn.union.helpdesk;

import java.time.LocalDate;
import java.time.LocalDateTime;

/**
 * An open case's due time was computed again (its calendar window changed). Published in the
 * transaction of the change.
 *
 * @param submittedDay the Shanghai date the case was submitted on
 */
public record CaseDueChanged(
    long caseId, LocalDate submittedDay, LocalDateTime oldDueAt, LocalDateTime newDueAt) {

  /** Whether the case is now due sooner than before. */
  public boolean earlier() {
    return newDueAt.isBefore(oldDueAt);
  }
}
