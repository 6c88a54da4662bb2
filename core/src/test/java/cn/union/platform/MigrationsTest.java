package cn.union.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;

/** The same migration files run on H2 (MySQL mode) and on MariaDB/MySQL. */
class MigrationsTest {

  @Test
  void runOnH2InMySqlMode() throws Exception {
    String url =
        "jdbc:h2:mem:mig"
            + ThreadLocalRandom.current().nextInt()
            + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE;NON_KEYWORDS=VALUE;DB_CLOSE_DELAY=-1";
    MigrateResult result = migrate(url, "sa");
    assertThat(result.success).isTrue();
    assertThat(tables(url, "sa"))
        .contains("wx_inbound", "calendar_day", "help_case", "help_case_event");
  }

  @Test
  void runOnMariaDb() throws Exception {
    assumeTrue(
        Boolean.getBoolean("union.it.embedded") == false && answers(3306),
        "no MariaDB on 127.0.0.1:3306");
    String db = "union_mig_" + Long.toHexString(System.nanoTime());
    String root = "jdbc:mysql://127.0.0.1:3306/test?useSSL=false&allowPublicKeyRetrieval=true";
    try (Connection c = DriverManager.getConnection(root, "root", "");
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + db + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
    }
    try {
      String url =
          "jdbc:mysql://127.0.0.1:3306/" + db + "?useSSL=false&allowPublicKeyRetrieval=true";
      MigrateResult result = migrate(url, "root");
      assertThat(result.success).isTrue();
      assertThat(result.migrationsExecuted).isPositive();
      assertThat(tables(url, "root"))
          .contains("wx_inbound", "calendar_day", "help_case", "help_case_event");
    } finally {
      try (Connection c = DriverManager.getConnection(root, "root", "");
          Statement s = c.createStatement()) {
        s.execute("DROP DATABASE " + db);
      }
    }
  }

  private static MigrateResult migrate(String url, String user) {
    return Flyway.configure()
        .dataSource(url, user, "")
        .locations("classpath:db/migration")
        .load()
        .migrate();
  }

  private static List<String> tables(String url, String user) throws Exception {
    List<String> names = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(url, user, "");
        ResultSet rs = c.getMetaData().getTables(c.getCatalog(), null, "%", null)) {
      while (rs.next()) {
        names.add(rs.getString("TABLE_NAME").toLowerCase());
      }
    }
    return names;
  }

  private static boolean answers(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
