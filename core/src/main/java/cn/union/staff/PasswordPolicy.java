package cn.union.staff;

import cn.union.platform.Copy;
import cn.union.shared.DomainException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The password rule for console accounts (等保 2.0 level 3): at least 8 characters from at least
 * three of lower case, upper case, digits and symbols; not containing the username; not built on a
 * common word or keyboard pattern ({@code templates/security/common-passwords.txt}).
 */
public final class PasswordPolicy {

  public static final int MIN_LENGTH = 8;
  public static final int MAX_LENGTH = 64;
  public static final int HISTORY = 5;
  private static final SecureRandom RANDOM = new SecureRandom();

  private static final Copy COPY = Copy.load("staff");
  private static final String LIST = "templates/security/common-passwords.txt";

  /**
   * The list, read once: exact words (after trimming digits and symbols off the ends) and
   * substrings.
   */
  private static final class Common {
    static final Set<String> WORDS = new HashSet<>();
    static final List<String> PARTS = new ArrayList<>();

    static {
      try (InputStream in = PasswordPolicy.class.getClassLoader().getResourceAsStream(LIST)) {
        if (in == null) {
          throw new IllegalStateException("missing " + LIST);
        }
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
          String entry = line.strip().toLowerCase(Locale.ROOT);
          if (entry.isEmpty() || entry.startsWith("#")) {
            continue;
          }
          if (entry.startsWith("contains:")) {
            PARTS.add(entry.substring("contains:".length()));
          } else {
            WORDS.add(entry);
          }
        }
      } catch (IOException e) {
        throw new IllegalStateException("cannot read " + LIST, e);
      }
    }
  }

  private PasswordPolicy() {}

  /** The full rule for a password of {@code username} (null when the account is not known yet). */
  public static void check(String password, String username) {
    check(password);
    String lower = password.toLowerCase(Locale.ROOT);
    if (username != null
        && !username.isBlank()
        && lower.contains(username.strip().toLowerCase(Locale.ROOT))) {
      throw DomainException.invalid(
          "password.contains-username", COPY.text("password.contains-username"));
    }
    if (isCommon(lower)) {
      throw DomainException.invalid("password.common", COPY.text("password.common"));
    }
  }

  /**
   * Whether a lower-cased password is a listed word with digits or symbols around it, or holds a
   * listed pattern.
   */
  static boolean isCommon(String lower) {
    int start = 0;
    int end = lower.length();
    while (start < end && !Character.isLetter(lower.charAt(start))) {
      start++;
    }
    while (end > start && !Character.isLetter(lower.charAt(end - 1))) {
      end--;
    }
    if (Common.WORDS.contains(lower.substring(start, end))) {
      return true;
    }
    return Common.PARTS.stream().anyMatch(lower::contains);
  }

  /** Length and character classes only; see {@link #check(String, String)} for the whole rule. */
  static void check(String password) {
    if (password == null || password.length() < MIN_LENGTH || password.length() > MAX_LENGTH) {
      throw DomainException.invalid(
          "password.length",
          COPY.render("password.length", Map.of("min", MIN_LENGTH, "max", MAX_LENGTH)));
    }
    if (classes(password) < 3) {
      throw DomainException.invalid("password.classes", COPY.text("password.classes"));
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
    while (true) {
      String candidate = candidate();
      if (!isCommon(candidate.toLowerCase(Locale.ROOT))) {
        return candidate;
      }
    }
  }

  private static String candidate() {
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
