package cn.union;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded default's H2 database (the URL in application.yml) writes no trace file: H2 would
 * otherwise copy every failed statement, with the values a worker typed, into {@code
 * data/union.trace.db}.
 */
class H2TraceTest {

  @TempDir Path dir;

  @Test
  void aFailedStatementLeavesNoTraceOnDisk() throws IOException, SQLException {
    String yml =
        Files.readString(Path.of("src/main/resources/application.yml"), StandardCharsets.UTF_8);
    Matcher m = Pattern.compile("(?m)url: \\$\\{DB_URL:(jdbc:h2:file:.*)}$").matcher(yml);
    assertThat(m.find()).as("the embedded default's H2 URL in application.yml").isTrue();
    String url = m.group(1).replace("${union.data-dir}", dir.toString());
    try (Connection c = DriverManager.getConnection(url, "sa", "");
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (v VARCHAR(4))");
      assertThatThrownBy(() -> s.execute("INSERT INTO t VALUES ('13800138000')"))
          .isInstanceOf(SQLException.class);
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        assertThat(f.getFileName().toString()).doesNotContain(".trace.db");
      }
    }
  }
}
