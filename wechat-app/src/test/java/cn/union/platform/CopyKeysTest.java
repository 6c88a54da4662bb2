package cn.union.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The copy in {@code templates/copy/*.properties} and the code that looks it up agree: every key
 * the main code of every module passes to {@link Copy#text} or {@link Copy#render} exists in its
 * feature's file and renders with the values the call passes; every key in a file is used.
 *
 * <p>The main sources are read as text. A file's copy feature is the one it loads ({@code
 * Copy.load("x")}) or injects ({@code @Qualifier("xCopy")}, a parameter {@code xCopy}). A key is a
 * string literal in the call's first argument (both branches of a {@code ?:} count); a literal
 * followed by {@code +} is a prefix, which {@link #DYNAMIC} must list with the keys it stands for.
 * When the second argument is a literal {@code Map.of(…)}, the text renders with exactly those
 * names; otherwise with every placeholder the text has.
 */
class CopyKeysTest {

  private static final Path ROOT = Path.of("..");
  private static final List<String> MODULES = List.of("core", "wechat-app", "admin-api");

  /** Keys built at run time: feature:prefix → the suffixes the code can append. */
  private static final List<String> CASE_STATUSES =
      List.of(
          "submitted",
          "transferred",
          "returned",
          "accepted",
          "review",
          "replied",
          "awaiting_rating",
          "reopened",
          "rated",
          "sealed");

  private static final Map<String, List<String>> DYNAMIC =
      Map.of(
          "sla:notice_", List.of("reminder", "escalation", "supervision"),
          "enrollment:alert_", List.of("reminder", "overdue", "supervision"),
          "sla:kind_", List.of("reminder", "escalation", "supervision"),
          "helpdesk:status_", CASE_STATUSES,
          "helpdesk:action_", CASE_STATUSES,
          "helpdesk:rating_", List.of("satisfied", "fairly_satisfied", "unsatisfied"));

  private static final Pattern LOAD = Pattern.compile("Copy\\.load\\(\"([a-z]+)\"\\)");
  private static final Pattern QUALIFIER = Pattern.compile("@Qualifier\\(\"([a-z]+)Copy\"\\)");
  private static final Pattern COPY_PARAM = Pattern.compile("\\bCopy\\s+([a-z]+)Copy\\b");
  private static final Pattern COPY_VARIABLE = Pattern.compile("\\bCopy\\s+(\\w+)\\s*[;,=)]");
  private static final Pattern LITERAL = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

  /** One lookup in the code. */
  record Use(String where, String feature, String key, boolean prefix, Set<String> names) {}

  @Test
  void everyKeyUsedExistsAndRendersAndEveryKeyPresentIsUsed() throws IOException {
    List<String> problems = check(uses(), copies());
    assertThat(problems).as("copy keys out of step with the code").isEmpty();
  }

  @Test
  void theScannerSeesCallsInEveryShapeTheCodeUses() {
    String source =
        """
        class X {
          private final Copy copy;
          X(@Qualifier("helpdeskCopy") Copy copy) { this.copy = copy; }
          String a(String t, int n) {
            copy.text("image".equals(t) ? "kind_image" : "kind_voice");
            copy.render(
                "no_such_key", Map.of("n", n));
            return copy.text("notice_" + n);
          }
        }
        """;
    List<Use> uses = usesIn("X.java", source);
    assertThat(uses)
        .extracting(Use::key)
        .containsExactly("kind_image", "kind_voice", "no_such_key", "notice_");
    assertThat(uses).allMatch(u -> u.feature().equals("helpdesk"));
    assertThat(uses.get(2).names()).containsExactly("n");
    assertThat(uses.get(3).prefix()).isTrue();
    List<String> problems = check(uses, Map.of("helpdesk", copies().get("helpdesk")));
    assertThat(problems).anyMatch(p -> p.contains("helpdesk.no_such_key") && p.contains("missing"));
    assertThat(problems).anyMatch(p -> p.contains("helpdesk:notice_") && p.contains("DYNAMIC"));
  }

  static List<String> check(List<Use> uses, Map<String, Copy> copies) {
    List<String> problems = new ArrayList<>();
    Map<String, Set<String>> used = new HashMap<>();
    for (Use use : uses) {
      Copy copy = copies.get(use.feature());
      if (copy == null) {
        problems.add(use.where() + ": no templates/copy/" + use.feature() + ".properties");
        continue;
      }
      List<String> keys = List.of(use.key());
      if (use.prefix()) {
        List<String> suffixes = DYNAMIC.get(use.feature() + ":" + use.key());
        if (suffixes == null) {
          problems.add(
              use.where()
                  + ": key built at run time from "
                  + use.feature()
                  + ":"
                  + use.key()
                  + " is not listed in CopyKeysTest.DYNAMIC");
          continue;
        }
        keys = suffixes.stream().map(s -> use.key() + s).toList();
      }
      for (String key : keys) {
        used.computeIfAbsent(use.feature(), f -> new TreeSet<>()).add(key);
        if (!copy.keys().contains(key)) {
          problems.add(use.where() + ": key " + use.feature() + "." + key + " is used but missing");
          continue;
        }
        Set<String> names = use.names() != null ? use.names() : copy.placeholders(key);
        Map<String, Object> sample = new TreeMap<>();
        names.forEach(n -> sample.put(n, "«" + n + "»"));
        try {
          String text = copy.render(key, sample);
          if (text.isBlank() || text.contains("{") || text.contains("}")) {
            problems.add(
                use.where() + ": " + use.feature() + "." + key + " renders as \"" + text + "\"");
          }
        } catch (IllegalArgumentException e) {
          problems.add(
              use.where()
                  + ": "
                  + use.feature()
                  + "."
                  + key
                  + " fails to render: "
                  + e.getMessage());
        }
      }
    }
    for (Map.Entry<String, Copy> file : new TreeMap<>(copies).entrySet()) {
      for (String key : file.getValue().keys()) {
        if (!used.getOrDefault(file.getKey(), Set.of()).contains(key)) {
          problems.add(
              "templates/copy/"
                  + file.getKey()
                  + ".properties: key "
                  + key
                  + " is present but unused");
        }
      }
    }
    return problems;
  }

  static Map<String, Copy> copies() {
    try (Stream<Path> files = Files.list(ROOT.resolve("templates/copy"))) {
      Map<String, Copy> copies = new TreeMap<>();
      files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".properties"))
          .map(n -> n.substring(0, n.length() - ".properties".length()))
          .forEach(f -> copies.put(f, Copy.load(f)));
      return copies;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Use> uses() throws IOException {
    List<Use> uses = new ArrayList<>();
    for (String module : MODULES) {
      Path main = ROOT.resolve(module).resolve("src/main/java");
      try (Stream<Path> files = Files.walk(main)) {
        for (Path file : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
          uses.addAll(
              usesIn(
                  ROOT.relativize(file).toString(),
                  Files.readString(file, StandardCharsets.UTF_8)));
        }
      }
    }
    assertThat(uses).as("copy lookups found in the main code").hasSizeGreaterThan(100);
    return uses;
  }

  static List<Use> usesIn(String where, String source) {
    Set<String> variables = new LinkedHashSet<>();
    Matcher v = COPY_VARIABLE.matcher(source);
    while (v.find()) {
      variables.add(v.group(1));
    }
    if (variables.isEmpty()) {
      return List.of();
    }
    Set<String> features = new TreeSet<>();
    for (Pattern p : List.of(LOAD, QUALIFIER, COPY_PARAM)) {
      Matcher m = p.matcher(source);
      while (m.find()) {
        features.add(m.group(1));
      }
    }
    assertThat(features).as(where + " looks up copy of exactly one feature").hasSize(1);
    String feature = features.iterator().next();
    Pattern call =
        Pattern.compile("\\b(" + String.join("|", variables) + ")\\s*\\.\\s*(text|render)\\s*\\(");
    List<Use> uses = new ArrayList<>();
    Matcher m = call.matcher(source);
    while (m.find()) {
      int line = 1 + (int) source.substring(0, m.start()).chars().filter(c -> c == '\n').count();
      List<String> args = arguments(source, m.end());
      String first = args.get(0);
      Set<String> names = null;
      if (m.group(2).equals("text")) {
        names = Set.of();
      } else if (args.size() > 1 && args.get(1).startsWith("Map.of(")) {
        names = new TreeSet<>();
        List<String> entries = arguments(args.get(1), "Map.of(".length());
        for (int k = 0; k < entries.size(); k += 2) {
          names.add(unquote(entries.get(k)));
        }
      }
      // Of a choice (c ? "a" : "b") only the branches are keys.
      int choice = topLevelIndexOf(first, '?');
      String keys = choice < 0 ? first : first.substring(choice + 1);
      Matcher lit = LITERAL.matcher(keys);
      boolean any = false;
      while (lit.find()) {
        any = true;
        boolean prefix = keys.substring(lit.end()).strip().startsWith("+");
        uses.add(new Use(where + ":" + line, feature, lit.group(1), prefix, names));
      }
      assertThat(any)
          .as(where + ":" + line + " passes a key that is not a string literal: " + first)
          .isTrue();
    }
    return uses;
  }

  /** The first {@code c} outside string literals, or -1. */
  static int topLevelIndexOf(String s, char c) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == '"') {
        i++;
        while (s.charAt(i) != '"') {
          i += s.charAt(i) == '\\' ? 2 : 1;
        }
      } else if (s.charAt(i) == c) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The comma-separated arguments of a call whose {@code (} ends just before {@code from},
   * stripped.
   */
  static List<String> arguments(String s, int from) {
    List<String> args = new ArrayList<>();
    int depth = 0;
    int start = from;
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"') {
        i++;
        while (s.charAt(i) != '"') {
          i += s.charAt(i) == '\\' ? 2 : 1;
        }
      } else if (c == '(' || c == '[' || c == '{') {
        depth++;
      } else if ((c == ')' || c == ']' || c == '}') && depth > 0) {
        depth--;
      } else if (c == ')' || (c == ',' && depth == 0)) {
        args.add(s.substring(start, i).strip());
        if (c == ')') {
          return args;
        }
        start = i + 1;
      }
    }
    throw new IllegalArgumentException("unclosed call at " + from);
  }

  private static String unquote(String literal) {
    Matcher m = LITERAL.matcher(literal);
    assertThat(m.matches()).as("a Map.of name that is not a string literal: " + literal).isTrue();
    return m.group(1);
  }
}
