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

  public static boolean isValidIdNumber(String raw) {
    String id = normalize(raw);
    if (id == null || !SHAPE.matcher(id).matches()) {
      return false;
    }
    try {
      LocalDate birth = LocalDate.parse(id.substring(6, 14), BIRTH);
      if (birth.getYear() < 1900) {
        return false;
      }
    } catch (DateTimeParseException e) {
      return false;
    }
    int sum = 0;
    for (int i = 0; i < 17; i++) {
      sum += (id.charAt(i) - '0') * WEIGHTS[i];
    }
    return CHECK[sum % 11] == id.charAt(17);
  }

  public static boolean isValidMobile(String raw) {
    return raw != null && MOBILE.matcher(raw.strip()).matches();
  }
}
