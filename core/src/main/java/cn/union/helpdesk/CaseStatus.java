package cn.union.helpdesk;

import cn.union.platform.Copy;
import cn.union.shared.DomainException;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Where a case stands. The allowed moves live next to the states so the whole life cycle reads in
 * one place: SUBMITTED → ACCEPTED → REPLIED → AWAITING_RATING → RATED → SEALED, with TRANSFERRED
 * (改派) and RETURNED (退回) before a reply, REVIEW (上级审核) between the answer and its sending when the
 * owning org asks for it, and REOPENED once after an unsatisfied rating. While a case awaits its
 * rating the informant may answer again; the case then waits for the rating of that answer.
 */
public enum CaseStatus {
  SUBMITTED,
  TRANSFERRED,
  RETURNED,
  ACCEPTED,
  REVIEW,
  REPLIED,
  AWAITING_RATING,
  REOPENED,
  RATED,
  SEALED;

  private static final Map<CaseStatus, Set<CaseStatus>> NEXT =
      Map.of(
          SUBMITTED, EnumSet.of(ACCEPTED, TRANSFERRED, RETURNED),
          TRANSFERRED, EnumSet.of(ACCEPTED, TRANSFERRED, RETURNED),
          RETURNED, EnumSet.of(ACCEPTED, TRANSFERRED, RETURNED),
          ACCEPTED, EnumSet.of(REPLIED, REVIEW, TRANSFERRED, RETURNED),
          // Approved: the answer goes out; rejected: back to the informant with the reason.
          REVIEW, EnumSet.of(REPLIED, ACCEPTED),
          // A reply whose delivery failed leaves the case REPLIED, so the informant can answer
          // again.
          REPLIED, EnumSet.of(REPLIED, REVIEW, AWAITING_RATING),
          // A further answer (after a worker's 补充, or a phone call) until the case is sealed.
          AWAITING_RATING, EnumSet.of(RATED, REOPENED, REPLIED, REVIEW),
          REOPENED, EnumSet.of(ACCEPTED, REPLIED, REVIEW),
          RATED, EnumSet.of(SEALED),
          SEALED, EnumSet.noneOf(CaseStatus.class));

  public boolean canMoveTo(CaseStatus target) {
    return NEXT.get(this).contains(target);
  }

  /** Fails with a conflict (409) when the move is not allowed. */
  public void checkMoveTo(CaseStatus target) {
    if (!canMoveTo(target)) {
      throw DomainException.conflict(
          "case.illegal-transition",
          Texts.COPY.render(
              "error_illegal_transition", Map.of("status", label(), "action", target.action())));
    }
  }

  /** The status as informants and workers read it ({@code status_*} in the helpdesk's copy). */
  public String label() {
    return Texts.COPY.text("status_" + name().toLowerCase());
  }

  /** The move into this status, as 不能… names it ({@code action_*} in the helpdesk's copy). */
  private String action() {
    return Texts.COPY.text("action_" + name().toLowerCase());
  }

  /** Loaded on first use: an enum's constants are built before its own static fields. */
  private static final class Texts {
    static final Copy COPY = Copy.load("helpdesk");
  }
}
