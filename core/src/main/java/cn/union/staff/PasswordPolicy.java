package cn.union.staff;

import cn.union.shared.DomainException;
import java.security.SecureRandom;

/**
 * The password rule for console accounts (等保 2.0 level 3): at least 8 characters from at least
 * three of lower case, upper case, digits and symbols.
 */
public final class PasswordPolicy {

  public static final int MIN_LENGTH = 8;
  public static final int MAX_LENGTH = 64;
  public static final int HISTORY = 5;
  private static final SecureRandom RANDOM = new SecureRandom();

  private PasswordPolicy() {}

  public static void check(String password) {
    if (password == null || password.length() < MIN_LENGTH || password.length() > MAX_LENGTH) {
      throw DomainException.invalid("password.length", "密码长度应为 " + MIN_LENGTH + " 到 " + MAX_LENGTH + " 位");
    }
    if (classes(password) < 3) {
      throw DomainException.invalid("password.classes", "密码须包含大写字母、小写字母、数字、符号中的至少三类");
    }
  }

  static int classes(String s) {
    boolean lower = false;
    boolean upper = false;
    boolean digit = false;
    boolean other = false;
    for (char c : s.toCharArray()) {
      if (c >= 'a' && c <= 'z') {
        lower = true;
      } else if (c >= 'A' && c <= 'Z') {
        upper = true;
      } else if (c >= '0' && c <= '9') {
        digit = true;
      } else {
        other = true;
      }
    }
    return (lower ? 1 : 0) + (upper ? 1 : 0) + (digit ? 1 : 0) + (other ? 1 : 0);
  }

  /** A random password that satisfies the policy, for first start and resets. */
  public static String generate() {
    String lower = "abcdefghijkmnpqrstuvwxyz";
    String upper = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    String digits = "23456789";
    String symbols = "#%+-=@";
    String all = lower + upper + digits + symbols;
    StringBuilder sb = new StringBuilder();
    sb.append(lower.charAt(RANDOM.nextInt(lower.length())));
    sb.append(upper.charAt(RANDOM.nextInt(upper.length())));
    sb.append(digits.charAt(RANDOM.nextInt(digits.length())));
    sb.append(symbols.charAt(RANDOM.nextInt(symbols.length())));
    for (int i = 0; i < 12; i++) {
      sb.append(all.charAt(RANDOM.nextInt(all.length())));
    }
    return sb.toString();
  }
}
