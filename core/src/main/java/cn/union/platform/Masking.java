package cn.union.platform;

/** How personal data is shown in views and logs: enough to recognise, not enough to use. */
public final class Masking {

  private Masking() {}

  /** {@code 321084199001012119} → {@code 3210**********2119}. */
  public static String idNumber(String id) {
    if (id == null || id.isEmpty()) {
      return id;
    }
    if (id.length() <= 8) {
      return "*".repeat(id.length());
    }
    return id.substring(0, 4) + "*".repeat(id.length() - 8) + id.substring(id.length() - 4);
  }

  /** {@code 13800138000} → {@code 138****8000}. */
  public static String mobile(String phone) {
    if (phone == null || phone.isEmpty()) {
      return phone;
    }
    if (phone.length() < 7) {
      return "*".repeat(phone.length());
    }
    return phone.substring(0, 3)
        + "*".repeat(phone.length() - 7)
        + phone.substring(phone.length() - 4);
  }

  /** An openid in logs: its first 6 characters, so one worker's lines can be followed, no more. */
  public static String openid(String openid) {
    if (openid == null) {
      return null;
    }
    return openid.length() <= 6 ? "***" : openid.substring(0, 6) + "***";
  }

  /** Digits a run must have to look like a phone (11) or an ID number (15 or 18). */
  static final int PERSONAL_RUN = 11;

  /**
   * Free text with every phone- or ID-number-like run masked: a run of at least 11 digits (an ID
   * number's closing X included; a single space or hyphen after a group of up to 4 digits joins the
   * run, as people type {@code 138 0013 8000}) keeps its last 4 digits, the rest become {@code *}.
   * Text without such a run is returned as it is (the same instance), after one pass over its
   * characters.
   */
  public static String digitRuns(String text) {
    if (text == null || text.length() < PERSONAL_RUN) {
      return text;
    }
    StringBuilder out = null;
    int n = text.length();
    int i = 0;
    while (i < n) {
      if (!isDigit(text.charAt(i))) {
        i++;
        continue;
      }
      int start = i;
      int digits = 0;
      int group = 0;
      int end = i;
      while (i < n) {
        char c = text.charAt(i);
        if (isDigit(c) || ((c == 'X' || c == 'x') && digits >= 14)) {
          digits++;
          group++;
          i++;
          end = i;
        } else if ((c == ' ' || c == '-')
            && i + 1 < n
            && isDigit(text.charAt(i + 1))
            && group > 0
            && group <= 4) {
          // 138 0013 8000: short groups join; a case number's 20260301-000123 does not.
          group = 0;
          i++;
        } else {
          break;
        }
      }
      if (digits >= PERSONAL_RUN) {
        if (out == null) {
          out = new StringBuilder(text);
        }
        int keep = 4;
        for (int k = end - 1; k >= start; k--) {
          char c = out.charAt(k);
          if (c == ' ' || c == '-') {
            continue;
          }
          if (keep > 0) {
            keep--;
          } else {
            out.setCharAt(k, '*');
          }
        }
      }
      i = Math.max(i, end);
    }
    return out == null ? text : out.toString();
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
