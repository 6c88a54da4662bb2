package cn.union.enrollment;

import static org.assertj.core.api.Assertions.assertThat;

import cn.union.enrollment.CreditCodes.Verdict;
import org.junit.jupiter.api.Test;

class CreditCodesTest {

  @Test
  void realCodesPass() {
    // Published codes of well-known companies.
    assertThat(CreditCodes.check("91440300708461136T")).isEqualTo(Verdict.VALID);
    assertThat(CreditCodes.check(CreditCodes.withCheck("9111000010000079X")))
        .isEqualTo(Verdict.VALID);
    assertThat(CreditCodes.check("911100001000079X5")).isEqualTo(Verdict.MALFORMED);
    assertThat(CreditCodes.check(" 91440300708461136t ")).isEqualTo(Verdict.VALID);
  }

  @Test
  void aWrongCheckCharacterIsOnlyAMismatch() {
    assertThat(CreditCodes.check("91440300708461136U")).isEqualTo(Verdict.CHECK_MISMATCH);
    assertThat(CreditCodes.looksLikeOne("91440300708461136U")).isTrue();
  }

  @Test
  void lettersOutsideTheAlphabetAndWrongLengthsAreMalformed() {
    // I, O, S, V and Z are not used.
    assertThat(CreditCodes.check("91440300708461136I")).isEqualTo(Verdict.MALFORMED);
    assertThat(CreditCodes.check("9144030070846113O6")).isEqualTo(Verdict.MALFORMED);
    assertThat(CreditCodes.check("9144030070846113")).isEqualTo(Verdict.MALFORMED);
    assertThat(CreditCodes.check("宜昌市某某机械有限公司")).isEqualTo(Verdict.MALFORMED);
    assertThat(CreditCodes.check(null)).isEqualTo(Verdict.MALFORMED);
  }

  @Test
  void withCheckCompletesACode() {
    String code = CreditCodes.withCheck("91420500MA4ABCDE1");
    assertThat(code).hasSize(18);
    assertThat(CreditCodes.check(code)).isEqualTo(Verdict.VALID);
  }

  @Test
  void onlyDraftsAndSubmittedApplicationsMove() {
    assertThat(EnrollmentStatus.DRAFT.canMoveTo(EnrollmentStatus.SUBMITTED)).isTrue();
    assertThat(EnrollmentStatus.DRAFT.canMoveTo(EnrollmentStatus.APPROVED)).isFalse();
    assertThat(EnrollmentStatus.SUBMITTED.canMoveTo(EnrollmentStatus.APPROVED)).isTrue();
    assertThat(EnrollmentStatus.SUBMITTED.canMoveTo(EnrollmentStatus.CANCELLED)).isFalse();
    assertThat(EnrollmentStatus.APPROVED.canMoveTo(EnrollmentStatus.REJECTED)).isFalse();
  }
}
