package cn.union.notify;

/**
 * What a handler answers: a text shown to the worker at once (passive reply), or nothing.
 *
 * @param text the text, or {@code null} for no reply ({@code success})
 */
public record Reply(String text) {

  private static final Reply NONE = new Reply(null);

  public static Reply text(String text) {
    return new Reply(text);
  }

  public static Reply none() {
    return NONE;
  }

  public boolean isEmpty() {
    return text == null || text.isEmpty();
  }
}
