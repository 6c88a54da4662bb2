package cn.union.helpdesk;

import cn.union.platform.Copy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** A worker's verdict on the answer to their request: by its word or by its number (1, 2, 3). */
public enum Rating {
  SATISFIED("1"),
  FAIRLY_SATISFIED("2"),
  UNSATISFIED("3");

  private final String digit;

  Rating(String digit) {
    this.digit = digit;
  }

  /** Every way of saying each rating: the word, the digit and the full-width digit. */
  public static List<String> answers() {
    List<String> all = new ArrayList<>();
    for (Rating r : values()) {
      all.addAll(List.of(r.word(), r.digit, fullWidth(r.digit)));
    }
    return all;
  }

  private static String fullWidth(String digit) {
    return String.valueOf((char) ('０' + (digit.charAt(0) - '0')));
  }

  /**
   * The word ({@code rating_*} in the helpdesk's copy): what the worker says and the timeline
   * shows.
   */
  public String word() {
    return Texts.COPY.text("rating_" + name().toLowerCase());
  }

  public static Optional<Rating> ofWord(String text) {
    String t = text == null ? "" : text.strip();
    return Arrays.stream(values())
        .filter(r -> r.word().equals(t) || r.digit.equals(t) || fullWidth(r.digit).equals(t))
        .findFirst();
  }

  /** Loaded on first use: an enum's constants are built before its own static fields. */
  private static final class Texts {
    static final Copy COPY = Copy.load("helpdesk");
  }
}
