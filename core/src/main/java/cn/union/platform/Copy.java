package cn.union.platform;

import java.util.Collections;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * User-facing Chinese copy from {@code templates/copy/<feature>.properties} (UTF-8), with {@code
 * {name}} placeholders. One small helper so copy lives outside the code.
 */
public final class Copy {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-zA-Z0-9_]+)}");

  private final String feature;
  private final Properties texts;

  private Copy(String feature, Properties texts) {
    this.feature = feature;
    this.texts = texts;
  }

  /** Loads {@code copy/<feature>.properties} from the classpath; fails at start if missing. */
  public static Copy load(String feature) {
    return new Copy(feature, TemplateFiles.properties("copy/" + feature + ".properties"));
  }

  public Set<String> keys() {
    return Collections.unmodifiableSet(new TreeSet<>(texts.stringPropertyNames()));
  }

  /** The placeholders a text expects, so tests can render each one with sample data. */
  public Set<String> placeholders(String key) {
    Set<String> names = new TreeSet<>();
    Matcher m = PLACEHOLDER.matcher(raw(key));
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  public String text(String key) {
    return render(key, Map.of());
  }

  /** Renders a text; a placeholder without a value is an error, never printed as-is. */
  public String render(String key, Map<String, ?> values) {
    String template = raw(key);
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      Object value = values.get(m.group(1));
      if (value == null) {
        throw new IllegalArgumentException(
            "copy " + feature + "." + key + " needs a value for {" + m.group(1) + "}");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(String.valueOf(value)));
    }
    m.appendTail(out);
    return out.toString();
  }

  private String raw(String key) {
    String template = texts.getProperty(key);
    if (template == null) {
      throw new IllegalArgumentException("no copy " + feature + "." + key);
    }
    return template;
  }
}
