package cn.union.support;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Resident ID numbers that pass every check of the form (region 宜昌, a real date, the check
 * character).
 */
public final class IdNumbersForTests {

  private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  private static final String CHECK = "10X98765432";

  private IdNumbersForTests() {}

  /** A valid ID number of someone born 1970–1999 in 宜昌 (420502), different each call. */
  public static String next() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    String body =
        String.format(
            "420502%04d%02d%02d%03d",
            1970 + r.nextInt(30), 1 + r.nextInt(12), 1 + r.nextInt(28), r.nextInt(1000));
    int sum = 0;
    for (int i = 0; i < 17; i++) {
      sum += (body.charAt(i) - '0') * WEIGHTS[i];
    }
    return body + CHECK.charAt(sum % 11);
  }
}
