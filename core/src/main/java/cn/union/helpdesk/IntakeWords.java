package cn.union.helpdesk;

import cn.union.platform.Copy;
import java.util.Set;

/**
 * How the intake reads what a worker types: numbers in any width, and the words of the helpdesk's
 * copy ({@code words_*}) that start, leave, go back or confirm.
 */
final class IntakeWords {

  private static final Copy COPY = Copy.load("helpdesk");

  /** The texts that start (or restart) an intake. */
  static final Set<String> TRIGGERS = words(COPY.text("words_start"));

  /** Leaves the intake. */
  static final String CANCEL = COPY.text("words_cancel");

  /** At the phone or confirmation step: back to the unit search. */
  static final String CHANGE_UNIT = COPY.text("words_change_unit");

  /** At the confirmation of a member's intake: type another phone than the member record's. */
  static final String CHANGE_MOBILE = COPY.text("words_change_mobile");

  /** Besides 1, the words that confirm. */
  private static final Set<String> CONFIRM_WORDS = words(COPY.text("words_confirm"));

  /** How much of a wrong answer is quoted back. */
  private static final int ECHO = 20;

  private IntakeWords() {}

  /** The number typed, when it is one of 1..max; full-width digits and a trailing 。、. count too. */
  static Integer number(String text, int max) {
    String ascii = digits(text);
    if (!ascii.matches("\\d{1,3}")) {
      return null;
    }
    int n = Integer.parseInt(ascii);
    return n >= 1 && n <= max ? n : null;
  }

  static boolean isNumber(String text) {
    return digits(text).matches("\\d+");
  }

  private static String digits(String text) {
    String t = text.strip().replaceFirst("[.。、．]$", "");
    StringBuilder ascii = new StringBuilder();
    for (char ch : t.toCharArray()) {
      ascii.append(ch >= '０' && ch <= '９' ? (char) ('0' + (ch - '０')) : ch);
    }
    return ascii.toString();
  }

  /** 1 (any width) or one of the words that confirm. */
  static boolean confirms(String text) {
    return CONFIRM_WORDS.contains(text.strip()) || Integer.valueOf(1).equals(number(text, 1));
  }

  /** The start of what the worker typed, to say what was not understood. */
  static String echo(String text) {
    return text.codePointCount(0, text.length()) <= ECHO
        ? text
        : text.substring(0, text.offsetByCodePoints(0, ECHO)) + "…";
  }

  /** A comma-separated list of words. */
  private static Set<String> words(String list) {
    return Set.of(list.split(","));
  }
}
