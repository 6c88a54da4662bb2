package cn.union.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Chooses what integration tests run against: the MariaDB and Redis on 127.0.0.1 when they answer
 * (CI has them; a fresh database per run), otherwise H2 and an embedded Redis. {@code
 * -Dunion.it.embedded=true} forces the embedded pair.
 */
public final class TestServices {

  public static final String DB_URL;
  public static final String DB_USER;
  public static final String DB_PASSWORD;
  public static final String REDIS_URL;
  public static final boolean REAL_DB;

  private static final String MARIADB_ROOT =
      "jdbc:mysql://127.0.0.1:3306/test?connectTimeout=1500&allowPublicKeyRetrieval=true&useSSL=false";

  static {
    boolean forceEmbedded = Boolean.getBoolean("union.it.embedded");
    String realDb = forceEmbedded ? null : createFreshMariaDb();
    if (realDb != null) {
      DB_URL =
          "jdbc:mysql://127.0.0.1:3306/"
              + realDb
              + "?useSSL=false&allowPublicKeyRetrieval=true&characterEncoding=utf8&rewriteBatchedStatements=true";
      DB_USER = "root";
      DB_PASSWORD = "";
      REAL_DB = true;
    } else {
      DB_URL =
          "jdbc:h2:mem:it"
              + Long.toHexString(ThreadLocalRandom.current().nextLong())
              + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE;NON_KEYWORDS=VALUE;DB_CLOSE_DELAY=-1";
      DB_USER = "sa";
      DB_PASSWORD = "";
      REAL_DB = false;
    }
    if (!forceEmbedded && answers("127.0.0.1", 6379)) {
      // A database index of its own (emptied first), so a run does not see keys of another run.
      // UNION_IT_REDIS_DB pins the index, so runs started side by side on one machine never share
      // one.
      String pinned = System.getenv("UNION_IT_REDIS_DB");
      int index =
          pinned != null && !pinned.isBlank()
              ? Integer.parseInt(pinned.trim())
              : 1 + ThreadLocalRandom.current().nextInt(15);
      REDIS_URL = "redis://127.0.0.1:6379/" + index;
      // Keys an earlier run left behind (a login throttle, a cached access token, vote counters of
      // ids this run's fresh database gives out again) would change what this run sees.
      flushRedisDatabase(index);
    } else {
      REDIS_URL = "";
    }
    System.out.println(
        "[it] database: "
            + (REAL_DB ? DB_URL.substring(0, DB_URL.indexOf('?')) : "H2 in memory")
            + ", redis: "
            + (REDIS_URL.isEmpty() ? "embedded" : REDIS_URL));
  }

  private TestServices() {}

  public static boolean answers(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Empties one database index of the local Redis (SELECT, FLUSHDB over a plain socket). */
  private static void flushRedisDatabase(int index) {
    String db = Integer.toString(index);
    String command =
        "*2\r\n$6\r\nSELECT\r\n$" + db.length() + "\r\n" + db + "\r\n*1\r\n$7\r\nFLUSHDB\r\n";
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", 6379), 1000);
      socket.setSoTimeout(5000);
      socket.getOutputStream().write(command.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      byte[] buffer = new byte[64];
      StringBuilder answer = new StringBuilder();
      while (answer.toString().split("\r\n", -1).length < 3) {
        int n = socket.getInputStream().read(buffer);
        if (n < 0) {
          break;
        }
        answer.append(new String(buffer, 0, n, java.nio.charset.StandardCharsets.US_ASCII));
      }
      if (!answer.toString().equals("+OK\r\n+OK\r\n")) {
        throw new IllegalStateException(
            "Redis did not empty database " + index + ": " + answer.toString().strip());
      }
    } catch (IOException e) {
      throw new IllegalStateException(
          "Redis answers on 6379 but database " + index + " could not be emptied", e);
    }
  }

  /** Creates {@code union_it_<random>} on the local MariaDB, dropped when the JVM exits. */
  private static String createFreshMariaDb() {
    if (!answers("127.0.0.1", 3306)) {
      return null;
    }
    String name =
        "union_it_"
            + Long.toHexString(System.currentTimeMillis())
            + "_"
            + ThreadLocalRandom.current().nextInt(1000, 9999);
    try (Connection c = DriverManager.getConnection(MARIADB_ROOT, "root", "");
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
    } catch (SQLException e) {
      System.out.println(
          "[it] MariaDB answers on 3306 but cannot be used (" + e.getMessage() + "); using H2");
      return null;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> dropDatabase(name)));
    return name;
  }

  private static void dropDatabase(String name) {
    try (Connection c = DriverManager.getConnection(MARIADB_ROOT, "root", "");
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + name);
    } catch (SQLException e) {
      System.err.println("[it] could not drop test database " + name + ": " + e.getMessage());
    }
  }
}
