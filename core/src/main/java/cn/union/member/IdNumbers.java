package cn.union.member;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Locale;
import java.util.regex.Pattern;

/** Checks of the 18-digit resident ID number (GB 11643-1999) and of mainland mobile numbers. */
public final class IdNumbers {

  private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  private static final char[] CHECK = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};
  private static final Pattern SHAPE = Pattern.compile("\\d{17}[\\dX]");
  private static final Pattern MOBILE = Pattern.compile("1[3-9]\\d{9}");
  private static final DateTimeFormatter BIRTH =
      DateTimeFormatter.ofPattern("uuuuMMdd").withResolverStyle(ResolverStyle.STRICT);

  private IdNumbers() {}

  /** Upper-cases a trailing x and strips spaces, so the same number always hashes the same. */
  public static String normalize(String id) {
    return id == null ? null : id.replace(" ", "").strip().toUpperCase(Locale.ROOT);
  }

  /** What is wrong with an ID number, so a person can be told exactly what to fix. */
  public enum Problem {
    /** Not 18 characters. */
    LENGTH,
    /** Other than 17 digits followed by a digit or X. */
    CHARACTERS,
    /** The first two digits name no province-level region. */
    REGION,
    /** Digits 7–14 are not a real date between 1900 and today. */
    BIRTH_DATE,
    /** The last character does not match the others (GB 11643 check). */
    CHECK_DIGIT
  }

  /** Province-level region codes (GB/T 2260), the first two digits of every ID number. */
  private static final java.util.Set<String> PROVINCES =
      java.util.Set.of(
          "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
          "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64",
          "65", "71", "81", "82", "83");

  public static boolean isValidIdNumber(String raw) {
    return problem(raw, null) == null;
  }

  /**
   * The first problem of an ID number (after {@link #normalize}), or {@code null} when it is valid.
   *
   * @param today a birth date after it is refused; {@code null} skips that check
   */
  public static Problem problem(String raw, LocalDate today) {
    String id = normalize(raw);
    if (id == null || id.length() != 18) {
      return Problem.LENGTH;
    }
    if (!SHAPE.matcher(id).matches()) {
      return Problem.CHARACTERS;
    }
    if (!PROVINCES.contains(id.substring(0, 2))) {
      return Problem.REGION;
    }
    try {
      LocalDate birth = LocalDate.parse(id.substring(6, 14), BIRTH);
      if (birth.getYear() < 1900 || (today != null && birth.isAfter(today))) {
        return Problem.BIRTH_DATE;
      }
    } catch (DateTimeParseException e) {
      return Problem.BIRTH_DATE;
    }
    int sum = 0;
    for (int i = 0; i < 17; i++) {
      sum += (id.charAt(i) - '0') * WEIGHTS[i];
    }
    return CHECK[sum % 11] == id.charAt(17) ? null : Problem.CHECK_DIGIT;
  }

  public static boolean isValidMobile(String raw) {
    return raw != null && MOBILE.matcher(raw.strip()).matches();
  }
}
