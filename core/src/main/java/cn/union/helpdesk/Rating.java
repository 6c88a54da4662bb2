package cn.union.helpdesk;

import java.util.Arrays;
import java.util.Optional;

/** A worker's verdict on the answer to their request. */
public enum Rating {
  SATISFIED("满意"),
  FAIRLY_SATISFIED("基本满意"),
  UNSATISFIED("不满意");

  private final String word;

  Rating(String word) {
    this.word = word;
  }

  public String word() {
    return word;
  }

  public static Optional<Rating> ofWord(String text) {
    String t = text == null ? "" : text.strip();
    return Arrays.stream(values()).filter(r -> r.word.equals(t)).findFirst();
  }
}
