package cn.union.helpdesk;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** A worker's verdict on the answer to their request: by its word or by its number (1, 2, 3). */
public enum Rating {
  SATISFIED("满意", "1"),
  FAIRLY_SATISFIED("基本满意", "2"),
  UNSATISFIED("不满意", "3");

  private final String word;
  private final String digit;

  Rating(String word, String digit) {
    this.word = word;
    this.digit = digit;
  }

  /** Every way of saying each rating: the word, the digit and the full-width digit. */
  public static List<String> answers() {
    List<String> all = new ArrayList<>();
    for (Rating r : values()) {
      all.addAll(List.of(r.word, r.digit, fullWidth(r.digit)));
    }
    return all;
  }

  private static String fullWidth(String digit) {
    return String.valueOf((char) ('０' + (digit.charAt(0) - '0')));
  }

  public String word() {
    return word;
  }

  public static Optional<Rating> ofWord(String text) {
    String t = text == null ? "" : text.strip();
    return Arrays.stream(values())
        .filter(r -> r.word.equals(t) || r.digit.equals(t) || fullWidth(r.digit).equals(t)).findFirst();
  }
}
