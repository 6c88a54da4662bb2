package cn.union.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * User-facing Chinese lives in {@code templates/copy/*.properties} ({@link Copy}), not in the code:
 * no string literal, text block or character literal of the main code of core, admin-api and
 * wechat-app holds a Chinese character. Comments do not count, nor do the OpenAPI annotations
 * ({@code @Operation}, {@code @Tag}, {@code @Schema}, {@code @Parameter}, {@code @ApiResponse}),
 * whose summaries and descriptions document the API the way Javadoc documents a class.
 *
 * <p>The main sources are read as text, like {@link CopyKeysTest} reads them: comments are skipped,
 * literals found with their escapes (a Unicode escape counts as the character it stands for), and
 * an exempt annotation's parentheses are matched outside literals.
 */
class NoCopyInCodeTest {

  private static final Path ROOT = Path.of("..");
  private static final List<String> MODULES = List.of("core", "admin-api", "wechat-app");

  /** An OpenAPI annotation, simple or qualified name, up to its opening parenthesis. */
  private static final Pattern API_DOCS =
      Pattern.compile(
          "@\\s*(?:[\\w$]+\\s*\\.\\s*)*(?:Operation|Tag|Schema|Parameter|ApiResponse)\\s*\\(");

  private static final Pattern HAN = Pattern.compile("\\p{IsHan}");
  private static final Pattern UNICODE_ESCAPE = Pattern.compile("\\\\u+([0-9a-fA-F]{4})");

  /** What the scan of some sources found. */
  record Scan(Map<String, List<String>> findings, int files, int documented) {}

  @Test
  void noLiteralOfTheMainCodeHoldsChinese() throws IOException {
    Scan scan = scanMainCode();
    assertThat(scan.files()).as("main source files read").isGreaterThan(200);
    assertThat(scan.documented()).as("Chinese literals in OpenAPI annotations").isGreaterThan(50);
    List<String> findings = scan.findings().values().stream().flatMap(List::stream).toList();
    assertThat(findings)
        .as("Chinese in literals of the main code: move it to templates/copy/*.properties")
        .isEmpty();
  }

  @Test
  void theScannerFindsChineseLiteralsAndSkipsCommentsAndApiDocs() {
    String source =
        """
        package x;
        /** 类说明，"带引号" */
        @Tag(name = "求助", description = "说明)")
        class X {
          // 注释 "不算"
          @Operation(summary = "列表)", description = "第一行" + "第二行")
          @io.swagger.v3.oas.annotations.Parameter(description = "参数")
          String a() {
            String open = "/*";
            String words = "中文";
            String close = "*/";
            char c = '中';
            char quote = '"';
            return "请先登录" + /* "不算" */ "ok \\" 中" + "\\u4e2d" + "a\\\\b";
          }
          @RequestMapping(name = "映射")
          String b() {
            return \"""
                plain \\\""" still inside
                文本块
                \""";
          }
        }
        """;
    Scan scan = scan(Map.of("X.java", source));
    assertThat(scan.documented()).isEqualTo(6);
    assertThat(scan.findings().get("X.java"))
        .containsExactly(
            "X.java:10: \"中文\"",
            "X.java:12: '中'",
            "X.java:14: \"请先登录\"",
            "X.java:14: \"ok \\\" 中\"",
            "X.java:14: \"\\u4e2d\"",
            "X.java:16: \"映射\"",
            "X.java:18: \"\"\"\n        plain \\\"\"\" still inside\n        文本块\n        \"\"\"");
    assertThat(scan(Map.of("Y.java", "class Y { String s = \"plain\"; /* 中文 */ }")).findings())
        .isEmpty();
  }

  static Scan scanMainCode() throws IOException {
    Map<String, String> sources = new TreeMap<>();
    for (String module : MODULES) {
      try (Stream<Path> files = Files.walk(ROOT.resolve(module).resolve("src/main/java"))) {
        for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
          sources.put(
              ROOT.relativize(file).toString(), Files.readString(file, StandardCharsets.UTF_8));
        }
      }
    }
    return scan(sources);
  }

  /** Finds the Chinese literals of sources keyed by where they are. */
  static Scan scan(Map<String, String> sources) {
    Map<String, List<String>> findings = new TreeMap<>();
    int documented = 0;
    for (Map.Entry<String, String> file : sources.entrySet()) {
      String source = file.getValue();
      StringBuilder code = new StringBuilder(source);
      List<int[]> literals = literals(source, code);
      List<int[]> docs = apiDocs(code);
      for (int[] literal : literals) {
        String text = source.substring(literal[0], literal[1]);
        if (!HAN.matcher(unescape(text)).find()) {
          continue;
        }
        if (docs.stream().anyMatch(d -> d[0] <= literal[0] && literal[1] <= d[1])) {
          documented++;
          continue;
        }
        findings
            .computeIfAbsent(file.getKey(), f -> new ArrayList<>())
            .add(file.getKey() + ":" + line(source, literal[0]) + ": " + text);
      }
    }
    return new Scan(findings, sources.size(), documented);
  }

  /**
   * The literals of a source as [start, end) offsets, quotes included; blanks them and every
   * comment in {@code code}, so what is left there is code alone.
   */
  static List<int[]> literals(String source, StringBuilder code) {
    List<int[]> literals = new ArrayList<>();
    int i = 0;
    while (i < source.length()) {
      int end;
      if (source.startsWith("//", i)) {
        end = source.indexOf('\n', i);
        end = end < 0 ? source.length() : end;
      } else if (source.startsWith("/*", i)) {
        end = source.indexOf("*/", i + 2);
        end = end < 0 ? source.length() : end + 2;
      } else if (source.startsWith("\"\"\"", i)) {
        end = closing(source, i + 3, "\"\"\"");
        literals.add(new int[] {i, end});
      } else if (source.charAt(i) == '"' || source.charAt(i) == '\'') {
        end = closing(source, i + 1, String.valueOf(source.charAt(i)));
        literals.add(new int[] {i, end});
      } else {
        i++;
        continue;
      }
      for (int k = i; k < end; k++) {
        if (code.charAt(k) != '\n') {
          code.setCharAt(k, ' ');
        }
      }
      i = end;
    }
    return literals;
  }

  /** The offset just past the quote that closes a literal whose text starts at {@code from}. */
  private static int closing(String source, int from, String quote) {
    int i = from;
    while (!source.startsWith(quote, i)) {
      if (i >= source.length()) {
        throw new IllegalArgumentException("unclosed literal at " + from);
      }
      i += source.charAt(i) == '\\' ? 2 : 1;
    }
    return i + quote.length();
  }

  /** The [start, end] offsets of the OpenAPI annotations, in code without comments or literals. */
  private static List<int[]> apiDocs(CharSequence code) {
    List<int[]> docs = new ArrayList<>();
    Matcher m = API_DOCS.matcher(code);
    while (m.find()) {
      int depth = 1;
      int i = m.end();
      while (depth > 0) {
        char c = code.charAt(i++);
        depth += c == '(' ? 1 : c == ')' ? -1 : 0;
      }
      docs.add(new int[] {m.start(), i});
    }
    return docs;
  }

  private static String unescape(String literal) {
    Matcher m = UNICODE_ESCAPE.matcher(literal);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(
          out, Matcher.quoteReplacement(String.valueOf((char) Integer.parseInt(m.group(1), 16))));
    }
    return m.appendTail(out).toString();
  }

  private static int line(String source, int offset) {
    return 1 + (int) source.substring(0, offset).chars().filter(c -> c == '\n').count();
  }
}
