package cn.union.enrollment;

import java.util.Locale;

/**
 * The 18-character unified social credit code (GB 32100-2015): 31 characters (digits and capital
 * letters without I, O, Z, S, V) and a check character. Real codes that fail the check exist, so a
 * wrong check character is reported apart from a wrong shape: the first is a warning, the second an
 * error.
 */
final class CreditCodes {

  static final String CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  private static final int[] WEIGHTS = {
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28
  };

  enum Verdict {
    VALID,
    /** Shape right, check character wrong: accepted with a warning. */
    CHECK_MISMATCH,
    /** Not a credit code at all. */
    MALFORMED
  }

  private CreditCodes() {}

  static String normalize(String raw) {
    return raw == null ? null : raw.replace(" ", "").strip().toUpperCase(Locale.ROOT);
  }

  static Verdict check(String raw) {
    String code = normalize(raw);
    if (code == null || code.length() != 18) {
      return Verdict.MALFORMED;
    }
    int sum = 0;
    for (int i = 0; i < 18; i++) {
      int v = CHARSET.indexOf(code.charAt(i));
      if (v < 0) {
        return Verdict.MALFORMED;
      }
      if (i < 17) {
        sum += v * WEIGHTS[i];
      }
    }
    int expected = (31 - sum % 31) % 31;
    return CHARSET.charAt(expected) == code.charAt(17) ? Verdict.VALID : Verdict.CHECK_MISMATCH;
  }

  /**
   * Whether the text looks like a credit code (18 characters of the code's alphabet), whatever its
   * check character.
   */
  static boolean looksLikeOne(String raw) {
    return check(raw) != Verdict.MALFORMED;
  }

  /** The code with its correct check character, for tests and sample data. */
  static String withCheck(String first17) {
    int sum = 0;
    for (int i = 0; i < 17; i++) {
      sum += CHARSET.indexOf(first17.charAt(i)) * WEIGHTS[i];
    }
    return first17 + CHARSET.charAt((31 - sum % 31) % 31);
  }
}
