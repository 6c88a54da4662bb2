package cn.union.enrollment;

import cn.union.platform.TemplateFiles;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The searchable forms of an employer's name. Besides the name itself, the register keeps the name
 * after its leading place ({@code name_core}): the administrative segments it starts with
 * (湖北省宜昌市西陵区…), or else its first two characters (宜昌…, 襄阳…: a place name has at least two).
 * Searching by name is then two index ranges: names starting with the text, and names whose part
 * after the place starts with it, which is how people name an employer by its trade name (字号).
 */
final class EmployerNames {

  /**
   * Leading administrative segments: up to three place names, each ending in one of the suffixes
   * listed in {@code templates/register/employer-names.properties} (省, 自治区, 市, …).
   */
  private static final Pattern PLACE = placePattern();

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

  private static Pattern placePattern() {
    String suffixes =
        Arrays.stream(
                TemplateFiles.properties("register/employer-names.properties")
                    .getProperty("place_suffixes")
                    .split(","))
            .map(suffix -> Pattern.quote(suffix.strip()))
            .collect(Collectors.joining("|"));
    return Pattern.compile("^(?:[\\p{IsHan}]{1,8}?(?:" + suffixes + ")){1,3}");
  }
}
