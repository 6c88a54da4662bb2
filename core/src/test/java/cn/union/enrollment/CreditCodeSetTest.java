package cn.union.enrollment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The codes of an import: a repeat is found, and only a repeat, however many codes there are. */
class CreditCodeSetTest {

  static String code(Random random) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 18; i++) {
      b.append(CreditCodes.CHARSET.charAt(random.nextInt(CreditCodes.CHARSET.length())));
    }
    return b.toString();
  }

  @Test
  void aCodeGivenTwiceIsARepeatAndOneCharacterOffIsNot() {
    CreditCodeSet set = new CreditCodeSet();
    String code = CreditCodes.withCheck("91420500MA4F0XXXX1".substring(0, 17));
    assertThat(set.add(code)).isTrue();
    assertThat(set.add(code)).isFalse();
    // every position, every other character: a different code
    for (int i = 0; i < 18; i++) {
      for (char c : CreditCodes.CHARSET.toCharArray()) {
        if (c != code.charAt(i)) {
          String other = code.substring(0, i) + c + code.substring(i + 1);
          assertThat(set.add(other)).as(other).isTrue();
        }
      }
    }
    assertThat(set.size()).isEqualTo(1 + 18 * 30);
    // all zeros is a code like any other (a used slot is not told by a zero)
    assertThat(set.add("000000000000000000")).isTrue();
    assertThat(set.add("000000000000000000")).isFalse();
  }

  @Test
  void agreesWithAHashSetOverManyCodesAsItGrows() {
    Random random = new Random(7);
    CreditCodeSet set = new CreditCodeSet();
    Set<String> expected = new HashSet<>();
    String[] seen = new String[300_000];
    for (int i = 0; i < seen.length; i++) {
      // one in ten is a code met before
      String code = i > 0 && i % 10 == 0 ? seen[random.nextInt(i)] : code(random);
      seen[i] = code;
      assertThat(set.add(code)).as("line %d: %s", i, code).isEqualTo(expected.add(code));
    }
    assertThat(set.size()).isEqualTo(expected.size());
    for (String code : expected) {
      assertThat(set.add(code)).isFalse();
    }
  }

  @Test
  void refusesWhatIsNotANormalizedCode() {
    CreditCodeSet set = new CreditCodeSet();
    assertThatThrownBy(() -> set.add("9142050012345678"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> set.add("91420500MA4F0XXXXI"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> set.add("91420500ma4f0xxxx1"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(set.size()).isZero();
  }
}
