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
    return phone.substring(0, 3) + "*".repeat(phone.length() - 7) + phone.substring(phone.length() - 4);
  }

  /** An openid in logs: its first 6 characters, so one worker's lines can be followed, no more. */
  public static String openid(String openid) {
    if (openid == null) {
      return null;
    }
    return openid.length() <= 6 ? "***" : openid.substring(0, 6) + "***";
  }
}
