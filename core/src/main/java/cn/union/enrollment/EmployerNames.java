package cn.union.enrollment;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The searchable forms of an employer's name. Besides the name itself, the register keeps the name
 * after its leading place ({@code name_core}): the administrative segments it starts with
 * (湖北省宜昌市西陵区…), or else its first two characters (宜昌…, 襄阳…: a place name has at least two).
 * Searching by name is then two index ranges: names starting with the text, and names whose part
 * after the place starts with it, which is how people name an employer by its trade name (字号).
 */
final class EmployerNames {

  /** Leading administrative segments: up to three of 省, 自治区, 市, 自治州, 地区, 盟, 区, 县, 旗. */
  private static final Pattern PLACE =
      Pattern.compile("^(?:[\\p{IsHan}]{1,8}?(?:省|自治区|市|自治州|地区|盟|区|县|旗)){1,3}");

  private EmployerNames() {}

  /** The name after its leading place; the whole name when it is too short to have one. */
  static String core(String name) {
    String n = name.strip();
    Matcher m = PLACE.matcher(n);
    if (m.find() && m.end() < n.length()) {
      return n.substring(m.end());
    }
    return n.length() > 3 ? n.substring(2) : n;
  }
}
