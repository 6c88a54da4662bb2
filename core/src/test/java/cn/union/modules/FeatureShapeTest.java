package cn.union.modules;

import static org.assertj.core.api.Assertions.assertThat;

import cn.union.shared.OwnsTables;
import com.baomidou.mybatisplus.annotation.TableName;
import com.baomidou.mybatisplus.core.mapper.BaseMapper;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Each feature of core owns its tables ({@link OwnsTables} on its package-info) and keeps its
 * entities and mappers to itself: no class of one feature names another feature's table in SQL or a
 * {@code @TableName}, and none uses another feature's entity or mapper class.
 *
 * <p>The allow-lists below are known debts, to be emptied: each entry is an exact violation that
 * exists today. A violation not listed fails the test, and so does an entry that no longer occurs
 * (delete it when its debt is paid).
 */
class FeatureShapeTest {

  /**
   * Known debts, to be emptied: classes naming another feature's table, as {@code feature.Class ->
   * table (owner)}. Issue 13 moves each behind the owner's service or event.
   */
  static final Set<String> KNOWN_TABLE_DEBTS = Set.of();

  /**
   * Known debts, to be emptied: classes using another feature's entity or mapper, as {@code
   * feature.Class -> feature.Class}.
   */
  static final Set<String> KNOWN_INTERNAL_DEBTS = Set.of();

  /** Known debts, to be emptied: public mappers (a mapper is never a feature's public surface). */
  static final Set<String> KNOWN_PUBLIC_MAPPERS = Set.of();

  /**
   * The gateway (wechat-app, {@code cn.union.wechat}) owns the tables named so; no core feature
   * names them.
   */
  static final String GATEWAY_TABLES = "wx_";

  static final Path SOURCES = Path.of("src/main/java/cn/union");
  static final Path MIGRATIONS = Path.of("../sql");
  static final List<String> FEATURES = features();

  static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("cn.union");

  private static final Pattern LITERAL =
      Pattern.compile("\"\"\"(.*?)\"\"\"|\"((?:[^\"\\\\\\n]|\\\\.)*)\"", Pattern.DOTALL);
  private static final Pattern SQL =
      Pattern.compile(
          "\\b(select|insert|update|delete|from|join|into|table)\\b", Pattern.CASE_INSENSITIVE);
  private static final Pattern TABLE_NAME =
      Pattern.compile("@TableName\\(\\s*(?:value\\s*=\\s*)?\"(\\w+)\"");
  private static final Pattern CREATE =
      Pattern.compile(
          "create\\s+table\\s+(?:if\\s+not\\s+exists\\s+)?`?(\\w+)", Pattern.CASE_INSENSITIVE);

  @Test
  void everyTableOfTheMigrationsHasExactlyOneOwner() throws IOException {
    Map<String, String> owners = owners();
    Set<String> created = created();
    assertThat(created).as("tables created by sql/").hasSizeGreaterThan(20);
    assertThat(
            created.stream().filter(t -> !t.startsWith(GATEWAY_TABLES) && !owners.containsKey(t)))
        .as("tables no feature declares in @OwnsTables")
        .isEmpty();
    assertThat(owners.keySet()).as("declared tables that no migration creates").isSubsetOf(created);
  }

  @Test
  void noFeatureNamesAnotherFeaturesTable() throws IOException {
    assertDebts("naming another feature's table", tableViolations(), KNOWN_TABLE_DEBTS);
  }

  @Test
  void noFeatureUsesAnotherFeaturesEntitiesOrMappers() {
    assertDebts(
        "using another feature's entity or mapper", internalViolations(), KNOWN_INTERNAL_DEBTS);
  }

  @Test
  void mappersArePackagePrivate() {
    Set<String> found = new TreeSet<>();
    for (JavaClass c : CLASSES) {
      if (feature(c) != null
          && c.isInterface()
          && c.isAssignableTo(BaseMapper.class)
          && c.getModifiers().contains(com.tngtech.archunit.core.domain.JavaModifier.PUBLIC)) {
        found.add(feature(c) + "." + topLevel(c));
      }
    }
    assertDebts("a public mapper", found, KNOWN_PUBLIC_MAPPERS);
  }

  static void assertDebts(String what, Set<String> found, Set<String> known) {
    Set<String> fresh = new TreeSet<>(found);
    fresh.removeAll(known);
    Set<String> paid = new TreeSet<>(known);
    paid.removeAll(found);
    assertThat(fresh)
        .as("new violations (%s); fix them, never add them to the known debts", what)
        .isEmpty();
    assertThat(paid)
        .as("known debts (%s) that no longer occur: delete them from the list", what)
        .isEmpty();
  }

  /** The tables {@code sql/} creates. */
  static Set<String> created() throws IOException {
    Set<String> created = new TreeSet<>();
    try (Stream<Path> files = Files.list(MIGRATIONS)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".sql")).toList()) {
        Matcher m = CREATE.matcher(Files.readString(file, StandardCharsets.UTF_8));
        while (m.find()) {
          created.add(m.group(1).toLowerCase(Locale.ROOT));
        }
      }
    }
    return created;
  }

  /**
   * Every {@code feature.Class -> table (owner)} where a class names a table another feature owns.
   */
  static Set<String> tableViolations() throws IOException {
    Map<String, String> owners = new TreeMap<>(owners());
    created().stream()
        .filter(t -> t.startsWith(GATEWAY_TABLES))
        .forEach(t -> owners.putIfAbsent(t, "wechat"));
    Set<String> found = new TreeSet<>();
    for (String feature : FEATURES) {
      try (Stream<Path> files = Files.walk(SOURCES.resolve(feature))) {
        for (Path file : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
          String cls = feature + "." + file.getFileName().toString().replace(".java", "");
          for (String table :
              tablesNamedIn(Files.readString(file, StandardCharsets.UTF_8), owners.keySet())) {
            String owner = owners.get(table);
            if (!feature.equals(owner)) {
              found.add(cls + " -> " + table + " (" + owner + ")");
            }
          }
        }
      }
    }
    return found;
  }

  /**
   * The tables a source file names: in {@code @TableName}, in a statement whose string literals
   * read as SQL, or as a whole string literal (a table name kept in a constant).
   */
  static Set<String> tablesNamedIn(String source, Set<String> tables) {
    Set<String> named = new TreeSet<>();
    Matcher t = TABLE_NAME.matcher(source);
    while (t.find()) {
      named.add(t.group(1));
    }
    String code = source.replaceAll("(?m)^\\s*(//|\\*|/\\*\\*).*$", "");
    for (String statement : code.split(";")) {
      StringBuilder text = new StringBuilder();
      Matcher lit = LITERAL.matcher(statement);
      while (lit.find()) {
        String value = lit.group(1) != null ? lit.group(1) : lit.group(2);
        text.append(value).append(' ');
        if (tables.contains(value)) {
          named.add(value);
        }
      }
      if (SQL.matcher(text).find()) {
        Matcher word = Pattern.compile("(?<![\\w.])([a-z][a-z0-9_]*)(?!\\w)").matcher(text);
        while (word.find()) {
          String w = word.group(1);
          if (tables.contains(w)) {
            named.add(w);
          }
        }
      }
    }
    return named;
  }

  /**
   * Every {@code feature.Class -> feature.Class} where a class uses another feature's entity or
   * mapper.
   */
  static Set<String> internalViolations() {
    Set<String> found = new TreeSet<>();
    for (JavaClass origin : CLASSES) {
      String from = feature(origin);
      if (from == null) {
        continue;
      }
      for (Dependency d : origin.getDirectDependenciesFromSelf()) {
        JavaClass target = d.getTargetClass().getBaseComponentType();
        String to = feature(target);
        if (to != null && !to.equals(from) && isInternal(target)) {
          found.add(from + "." + topLevel(origin) + " -> " + to + "." + topLevel(target));
        }
      }
    }
    return found;
  }

  private static boolean isInternal(JavaClass c) {
    return c.isAnnotatedWith(TableName.class)
        || (c.isInterface() && c.isAssignableTo(BaseMapper.class));
  }

  /** The feature a class of core belongs to: the package right below {@code cn.union}. */
  static String feature(JavaClass c) {
    String pkg = c.getPackageName();
    if (!pkg.startsWith("cn.union.")) {
      return null;
    }
    String rest = pkg.substring("cn.union.".length());
    int dot = rest.indexOf('.');
    return dot < 0 ? rest : rest.substring(0, dot);
  }

  private static String topLevel(JavaClass c) {
    String simple = c.getName().substring(c.getPackageName().length() + 1);
    int dollar = simple.indexOf('$');
    return dollar < 0 ? simple : simple.substring(0, dollar);
  }

  /** Table → owning feature, from {@link OwnsTables}; a table declared twice fails. */
  static Map<String, String> owners() {
    Map<String, String> owners = new TreeMap<>();
    List<String> twice = new ArrayList<>();
    for (String feature : FEATURES) {
      OwnsTables owns = packageAnnotation(feature);
      if (owns == null) {
        continue;
      }
      for (String table : owns.value()) {
        String before = owners.put(table, feature);
        if (before != null) {
          twice.add(table + " (" + before + ", " + feature + ")");
        }
      }
    }
    assertThat(twice).as("tables declared by two features").isEmpty();
    return owners;
  }

  /** A package-info without annotations compiles to no class: that feature owns no table. */
  private static OwnsTables packageAnnotation(String feature) {
    assertThat(SOURCES.resolve(feature).resolve("package-info.java"))
        .as("cn.union." + feature + " says what it is in a package-info.java")
        .exists();
    try {
      return Class.forName("cn.union." + feature + ".package-info").getAnnotation(OwnsTables.class);
    } catch (ClassNotFoundException e) {
      return null;
    }
  }

  private static List<String> features() {
    try (Stream<Path> dirs = Files.list(SOURCES)) {
      return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
