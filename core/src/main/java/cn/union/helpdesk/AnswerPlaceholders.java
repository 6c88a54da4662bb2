package cn.union.helpdesk;

import cn.union.helpdesk.AnswerTemplates.Placeholder;
import cn.union.platform.Copy;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The placeholders an answer template (常用语) may hold, such as {@code {编号}}: their names and what
 * they stand for (both in the helpdesk's copy), and filling them in for a case. A constant, as the
 * admin API lists them before any bean exists.
 */
final class AnswerPlaceholders {

  private static final Copy COPY = Copy.load("helpdesk");
  private static final Pattern WRITTEN = Pattern.compile("\\{([^{}\\s]{1,16})}");
  private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE;

  static final Placeholder NUMBER =
      new Placeholder(COPY.text("placeholder_number_name"), COPY.text("placeholder_number"));
  static final Placeholder CATEGORY =
      new Placeholder(COPY.text("placeholder_category_name"), COPY.text("placeholder_category"));
  static final Placeholder UNIT =
      new Placeholder(COPY.text("placeholder_unit_name"), COPY.text("placeholder_unit"));
  static final Placeholder DUE_DATE =
      new Placeholder(COPY.text("placeholder_due_date_name"), COPY.text("placeholder_due_date"));
  static final Placeholder SUBMITTED =
      new Placeholder(COPY.text("placeholder_submitted_name"), COPY.text("placeholder_submitted"));

  /** In the order the reply box offers them. */
  static final List<Placeholder> ALL = List.of(NUMBER, CATEGORY, UNIT, DUE_DATE, SUBMITTED);

  private static final Set<String> NAMES =
      ALL.stream().map(Placeholder::name).collect(Collectors.toUnmodifiableSet());

  private AnswerPlaceholders() {}

  /** What each placeholder stands for in a case. */
  static Map<String, String> values(HelpCase c, String category, String unit) {
    return Map.of(
        NUMBER.name(),
        c.getNumber(),
        CATEGORY.name(),
        category,
        UNIT.name(),
        unit,
        DUE_DATE.name(),
        c.getDueDate().format(DAY),
        SUBMITTED.name(),
        c.getSubmittedAt().toLocalDate().format(DAY));
  }

  /** Fills in the placeholders of a text; one without a value stays as written. */
  static String render(String content, Map<String, String> values) {
    Matcher m = WRITTEN.matcher(content);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = values.get(m.group(1));
      m.appendReplacement(out, Matcher.quoteReplacement(value == null ? m.group() : value));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** The placeholders of a text that are none of these, as written ({@code {x}}), sorted. */
  static Set<String> unknown(String content) {
    Set<String> unknown = new TreeSet<>();
    Matcher m = WRITTEN.matcher(content);
    while (m.find()) {
      if (!NAMES.contains(m.group(1))) {
        unknown.add("{" + m.group(1) + "}");
      }
    }
    return unknown;
  }

  /** Every placeholder as written ({@code {编号}}), in the order the reply box offers them. */
  static List<String> written() {
    return ALL.stream().map(p -> "{" + p.name() + "}").toList();
  }
}
