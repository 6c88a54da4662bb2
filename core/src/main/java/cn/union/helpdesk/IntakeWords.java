package cn.union.helpdesk;

import java.util.Set;

/** How the intake reads what a worker types: numbers in any width, the words that confirm. */
final class IntakeWords {

  /** Besides 1, the words that confirm. */
  private static final Set<String> CONFIRM_WORDS = Set.of("确认", "是", "好", "确定");

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

  /** 1 (any width), 确认, 是, 好 or 确定. */
  static boolean confirms(String text) {
    return CONFIRM_WORDS.contains(text.strip()) || Integer.valueOf(1).equals(number(text, 1));
  }

  /** The start of what the worker typed, to say what was not understood. */
  static String echo(String text) {
    return text.codePointCount(0, text.length()) <= ECHO
        ? text
        : text.substring(0, text.offsetByCodePoints(0, ECHO)) + "…";
  }
}
