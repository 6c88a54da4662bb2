package cn.union.enrollment;

import java.util.Set;

/** Where an application stands, with the moves allowed from each state. */
public enum EnrollmentStatus {
  /** The worker is filling in the form. */
  DRAFT,
  /** Complete, waiting for the target org's admins (审核中). */
  SUBMITTED,
  APPROVED,
  REJECTED,
  /** The worker left the form ({@code 取消}) or turned out to be a member already. */
  CANCELLED;

  public boolean canMoveTo(EnrollmentStatus next) {
    return switch (this) {
      case DRAFT -> Set.of(SUBMITTED, CANCELLED).contains(next);
      case SUBMITTED -> Set.of(APPROVED, REJECTED).contains(next);
      case APPROVED, REJECTED, CANCELLED -> false;
    };
  }

  /** Open applications hold the worker's one open slot. */
  public boolean isOpen() {
    return this == DRAFT || this == SUBMITTED;
  }
}
