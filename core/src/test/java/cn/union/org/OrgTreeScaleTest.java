package cn.union.org;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * 100,000 orgs in five levels: "an org and everything under it" is one prefix query on the path
 * index, and it returns exactly the subtree. Runs on MariaDB when it answers, else on H2.
 */
class OrgTreeScaleTest {

  static final int CITIES = 10;
  static final int COUNTIES = 10;
  static final int TOWNS = 10;
  static final int UNITS = 99; // 10 × 10 × 10 × 99 = 99,000 grassroots + 1,110 above ≈ 100k

  @Test
  void subtreeQueriesUseThePathIndexAt100kOrgs() throws Exception {
    boolean maria = !Boolean.getBoolean("union.it.embedded") && answers(3306);
    String db = "union_orgscale_" + Long.toHexString(System.nanoTime());
    String url;
    String user;
    if (maria) {
      try (Connection c =
              DriverManager.getConnection(
                  "jdbc:mysql://127.0.0.1:3306/test?useSSL=false&allowPublicKeyRetrieval=true",
                  "root",
                  "");
          Statement s = c.createStatement()) {
        s.execute("CREATE DATABASE " + db + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
      }
      url =
          "jdbc:mysql://127.0.0.1:3306/"
              + db
              + "?useSSL=false&allowPublicKeyRetrieval=true&rewriteBatchedStatements=true";
      user = "root";
    } else {
      url =
          "jdbc:h2:mem:"
              + db
              + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE;NON_KEYWORDS=VALUE;DB_CLOSE_DELAY=-1";
      user = "sa";
    }
    try {
      Flyway.configure()
          .dataSource(url, user, "")
          .locations("classpath:db/migration")
          .load()
          .migrate();
      try (Connection c = DriverManager.getConnection(url, user, "")) {
        long total = load(c);
        assertThat(total).isGreaterThanOrEqualTo(100_000);
        // City 3 holds 1 + 10 counties + 100 towns + 9,900 units.
        String cityPath = path(c, "市3");
        assertThat(count(c, cityPath))
            .isEqualTo(1 + COUNTIES + COUNTIES * TOWNS + COUNTIES * TOWNS * UNITS);
        String countyPath = path(c, "市3县4");
        assertThat(count(c, countyPath)).isEqualTo(1 + TOWNS + TOWNS * UNITS);
        if (maria) {
          try (Statement s = c.createStatement();
              ResultSet rs =
                  s.executeQuery(
                      "EXPLAIN SELECT id FROM org_unit WHERE path LIKE '" + countyPath + "%'")) {
            rs.next();
            assertThat(rs.getString("key")).isEqualTo("uk_org_unit_path");
            assertThat(rs.getLong("rows")).isLessThan(5_000);
          }
        }
      }
    } finally {
      if (maria) {
        try (Connection c =
                DriverManager.getConnection(
                    "jdbc:mysql://127.0.0.1:3306/test?useSSL=false&allowPublicKeyRetrieval=true",
                    "root",
                    "");
            Statement s = c.createStatement()) {
          s.execute("DROP DATABASE " + db);
        }
      }
    }
  }

  /** Inserts the tree level by level with explicit ids, so paths are known without reading back. */
  private static long load(Connection c) throws Exception {
    c.setAutoCommit(false);
    long[] nextId = {1};
    Timestamp now = new Timestamp(System.currentTimeMillis());
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO org_unit (id, parent_id, name, org_level, path, requires_review, demo, created_at) VALUES (?,?,?,?,?,?,?,?)")) {
      long root = add(ps, nextId, null, "省", "PROVINCE", "/", now);
      for (int ci = 0; ci < CITIES; ci++) {
        long city = add(ps, nextId, root, "市" + ci, "CITY", "/" + root + "/", now);
        for (int k = 0; k < COUNTIES; k++) {
          String cityPath = "/" + root + "/" + city + "/";
          long county = add(ps, nextId, city, "市" + ci + "县" + k, "COUNTY", cityPath, now);
          for (int t = 0; t < TOWNS; t++) {
            String countyPath = cityPath + county + "/";
            long town =
                add(ps, nextId, county, "市" + ci + "县" + k + "镇" + t, "TOWN", countyPath, now);
            for (int u = 0; u < UNITS; u++) {
              add(
                  ps,
                  nextId,
                  town,
                  "市" + ci + "县" + k + "镇" + t + "企" + u,
                  "GRASSROOTS",
                  countyPath + town + "/",
                  now);
            }
            ps.executeBatch();
          }
        }
      }
      ps.executeBatch();
    }
    c.commit();
    c.setAutoCommit(true);
    return nextId[0] - 1;
  }

  private static long add(
      PreparedStatement ps,
      long[] nextId,
      Long parent,
      String name,
      String level,
      String parentPath,
      Timestamp now)
      throws Exception {
    long id = nextId[0]++;
    ps.setLong(1, id);
    if (parent == null) {
      ps.setNull(2, java.sql.Types.BIGINT);
    } else {
      ps.setLong(2, parent);
    }
    ps.setString(3, name);
    ps.setString(4, level);
    ps.setString(5, parentPath + id + "/");
    ps.setBoolean(6, false);
    ps.setBoolean(7, true);
    ps.setTimestamp(8, now);
    ps.addBatch();
    return id;
  }

  private static String path(Connection c, String name) throws Exception {
    try (PreparedStatement ps = c.prepareStatement("SELECT path FROM org_unit WHERE name = ?")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }

  private static long count(Connection c, String prefix) throws Exception {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT COUNT(*) FROM org_unit WHERE path LIKE ?")) {
      ps.setString(1, prefix + "%");
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
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
