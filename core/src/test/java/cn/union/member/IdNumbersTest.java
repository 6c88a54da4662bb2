package cn.union.member;

import static org.assertj.core.api.Assertions.assertThat;

import cn.union.member.IdNumbers.Problem;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class IdNumbersTest {

  static final LocalDate TODAY = LocalDate.of(2026, 12, 4);
  static final String VALID = "321084199001012112";

  @Test
  void aValidNumberHasNoProblemTrimmedAndWithALowerCaseX() {
    assertThat(IdNumbers.problem(VALID, TODAY)).isNull();
    assertThat(IdNumbers.problem(" " + VALID + " ", TODAY)).isNull();
    // 11010519491231002X: the classic sample number, whose check character is X.
    assertThat(IdNumbers.problem("11010519491231002x", TODAY)).isNull();
    assertThat(IdNumbers.normalize(" 11010519491231002x ")).isEqualTo("11010519491231002X");
  }

  @Test
  void eachKindOfMistakeIsNamed() {
    assertThat(IdNumbers.problem(null, TODAY)).isEqualTo(Problem.LENGTH);
    assertThat(IdNumbers.problem("32108419900101211", TODAY)).isEqualTo(Problem.LENGTH);
    assertThat(IdNumbers.problem("3210841990010121190", TODAY)).isEqualTo(Problem.LENGTH);
    assertThat(IdNumbers.problem("32108419900101211A", TODAY)).isEqualTo(Problem.CHARACTERS);
    assertThat(IdNumbers.problem("3210841990O1012119", TODAY)).isEqualTo(Problem.CHARACTERS);
    assertThat(IdNumbers.problem("991084199001012119", TODAY)).isEqualTo(Problem.REGION);
    assertThat(IdNumbers.problem("001084199001012119", TODAY)).isEqualTo(Problem.REGION);
    assertThat(IdNumbers.problem("321084199002302119", TODAY)).isEqualTo(Problem.BIRTH_DATE);
    assertThat(IdNumbers.problem("321084189912312119", TODAY)).isEqualTo(Problem.BIRTH_DATE);
    assertThat(IdNumbers.problem("321084202701012119", TODAY)).isEqualTo(Problem.BIRTH_DATE);
    assertThat(IdNumbers.problem("321084199001012118", TODAY)).isEqualTo(Problem.CHECK_DIGIT);
  }

  @Test
  void theOldYesNoCheckAgrees() {
    assertThat(IdNumbers.isValidIdNumber(VALID)).isTrue();
    assertThat(IdNumbers.isValidIdNumber("321084199001012118")).isFalse();
    assertThat(IdNumbers.isValidMobile("13912345678")).isTrue();
    assertThat(IdNumbers.isValidMobile("12912345678")).isFalse();
  }
}
