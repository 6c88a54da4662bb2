package cn.union.helpdesk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.union.shared.DomainException;
import java.util.List;
import org.junit.jupiter.api.Test;

class CaseStatusTest {

  @Test
  void theHappyPathIsAllowedStepByStep() {
    List<CaseStatus> path =
        List.of(
            CaseStatus.SUBMITTED,
            CaseStatus.ACCEPTED,
            CaseStatus.REPLIED,
            CaseStatus.AWAITING_RATING,
            CaseStatus.RATED,
            CaseStatus.SEALED);
    for (int i = 0; i + 1 < path.size(); i++) {
      assertThat(path.get(i).canMoveTo(path.get(i + 1)))
          .as(path.get(i) + " → " + path.get(i + 1))
          .isTrue();
    }
  }

  @Test
  void skippingOrGoingBackIsAConflict() {
    assertThat(CaseStatus.SUBMITTED.canMoveTo(CaseStatus.REPLIED)).isFalse();
    assertThat(CaseStatus.REPLIED.canMoveTo(CaseStatus.TRANSFERRED)).isFalse();
    assertThat(CaseStatus.AWAITING_RATING.canMoveTo(CaseStatus.ACCEPTED)).isFalse();
    for (CaseStatus any : CaseStatus.values()) {
      assertThat(CaseStatus.SEALED.canMoveTo(any)).isFalse();
    }
    assertThatThrownBy(() -> CaseStatus.ACCEPTED.checkMoveTo(CaseStatus.ACCEPTED))
        .isInstanceOf(DomainException.class)
        .satisfies(
            e -> assertThat(((DomainException) e).kind()).isEqualTo(DomainException.Kind.CONFLICT));
  }

  @Test
  void transferAndReturnOnlyBeforeTheAnswer() {
    for (CaseStatus s :
        List.of(
            CaseStatus.SUBMITTED,
            CaseStatus.TRANSFERRED,
            CaseStatus.RETURNED,
            CaseStatus.ACCEPTED)) {
      assertThat(s.canMoveTo(CaseStatus.TRANSFERRED)).as(s.name()).isTrue();
      assertThat(s.canMoveTo(CaseStatus.RETURNED)).as(s.name()).isTrue();
    }
    assertThat(CaseStatus.REOPENED.canMoveTo(CaseStatus.ACCEPTED)).isTrue();
  }

  @Test
  void aCaseAwaitingItsRatingMayBeAnsweredAgainButASealedOneNot() {
    assertThat(CaseStatus.AWAITING_RATING.canMoveTo(CaseStatus.REPLIED)).isTrue();
    assertThat(CaseStatus.AWAITING_RATING.canMoveTo(CaseStatus.REVIEW)).isTrue();
    assertThat(CaseStatus.RATED.canMoveTo(CaseStatus.REPLIED)).isFalse();
    assertThat(CaseStatus.SEALED.canMoveTo(CaseStatus.REPLIED)).isFalse();
  }

  @Test
  void theIntakeTakesTheUsualWaysOfSayingYes() {
    for (String yes : List.of("1", "１", "1。", "确认", "是", "好")) {
      assertThat(IntakeWords.confirms(yes)).as(yes).isTrue();
    }
    for (String no : List.of("2", "不", "否", "", "11")) {
      assertThat(IntakeWords.confirms(no)).as(no).isFalse();
    }
    assertThat(Rating.ofWord("3")).contains(Rating.UNSATISFIED);
    assertThat(Rating.ofWord("２")).contains(Rating.FAIRLY_SATISFIED);
    assertThat(Rating.ofWord("满意")).contains(Rating.SATISFIED);
    assertThat(Rating.ofWord("4")).isEmpty();
  }

  @Test
  void intakeStateSurvivesTheRoundTripThroughRedis() {
    IntakeState s = new IntakeState();
    s.step = IntakeState.Step.CONFIRM;
    s.categoryId = 3L;
    s.categoryName = "劳动争议";
    s.description = "工资 & 加班费=0，怎么办？\n第二行";
    s.candidates.addAll(List.of(7L, 9L));
    s.orgId = 9L;
    s.orgName = "某区总工会";
    s.media.add(new CaseViews.Media("image", "a,b:c"));
    IntakeState back = IntakeState.decode(s.encode());
    assertThat(back.step).isEqualTo(IntakeState.Step.CONFIRM);
    assertThat(back.description).isEqualTo(s.description);
    assertThat(back.candidates).containsExactly(7L, 9L);
    assertThat(back.media).containsExactly(new CaseViews.Media("image", "a,b:c"));
    assertThat(back.mobileEnc).isNull();
    assertThat(IntakeWords.number("３", 6)).isEqualTo(3);
    assertThat(IntakeWords.number("7", 6)).isNull();
    assertThat(IntakeWords.number("一", 6)).isNull();
  }
}
