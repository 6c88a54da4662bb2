package cn.union.helpdesk;

import cn.union.shared.DomainException;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Where a case stands. The allowed moves live next to the states so the whole life cycle reads in
 * one place: SUBMITTED → ACCEPTED → REPLIED → AWAITING_RATING → RATED → SEALED, with TRANSFERRED
 * (改派) and RETURNED (退回) before a reply and REOPENED once after an unsatisfied rating.
 */
public enum CaseStatus {
  SUBMITTED,
  TRANSFERRED,
  RETURNED,
  ACCEPTED,
  REPLIED,
  AWAITING_RATING,
  REOPENED,
  RATED,
  SEALED;

  private static final Map<CaseStatus, Set<CaseStatus>> NEXT = Map.of(
      SUBMITTED, EnumSet.of(ACCEPTED, TRANSFERRED, RETURNED),
      TRANSFERRED, EnumSet.of(ACCEPTED, TRANSFERRED, RETURNED),
      RETURNED, EnumSet.of(ACCEPTED, TRANSFERRED, RETURNED),
      ACCEPTED, EnumSet.of(REPLIED, TRANSFERRED, RETURNED),
      // A reply whose delivery failed leaves the case REPLIED, so the informant can answer again.
      REPLIED, EnumSet.of(REPLIED, AWAITING_RATING),
      AWAITING_RATING, EnumSet.of(RATED, REOPENED),
      REOPENED, EnumSet.of(ACCEPTED, REPLIED),
      RATED, EnumSet.of(SEALED),
      SEALED, EnumSet.noneOf(CaseStatus.class));

  public boolean canMoveTo(CaseStatus target) {
    return NEXT.get(this).contains(target);
  }

  /** Fails with a conflict (409) when the move is not allowed. */
  public void checkMoveTo(CaseStatus target) {
    if (!canMoveTo(target)) {
      throw DomainException.conflict("case.illegal-transition", "求助当前状态为 " + label() + "，不能" + target.action());
    }
  }

  public String label() {
    return switch (this) {
      case SUBMITTED -> "待签收";
      case TRANSFERRED -> "已改派";
      case RETURNED -> "已退回";
      case ACCEPTED -> "已签收";
      case REPLIED -> "已答复";
      case AWAITING_RATING -> "待评价";
      case REOPENED -> "重新办理";
      case RATED -> "已评价";
      case SEALED -> "已办结";
    };
  }

  private String action() {
    return switch (this) {
      case SUBMITTED -> "提交";
      case TRANSFERRED -> "改派";
      case RETURNED -> "退回";
      case ACCEPTED -> "签收";
      case REPLIED -> "答复";
      case AWAITING_RATING -> "邀请评价";
      case REOPENED -> "重新办理";
      case RATED -> "评价";
      case SEALED -> "办结";
    };
  }
}
