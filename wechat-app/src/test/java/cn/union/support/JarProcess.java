package cn.union.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The built jar ({@code target/wechat-app.jar}) started as an operator starts it, with the
 * contract's variables, in a folder of its own, its output in a log file there.
 */
public final class JarProcess implements AutoCloseable {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /**
   * The contract's variables and the launcher's switch: none leaks in from the environment the
   * tests run in.
   */
  private static final String[] VARIABLES = {
    "DB_URL",
    "DB_USER",
    "DB_PASSWORD",
    "REDIS_URL",
    "DATA_KEY",
    "WX_APPID",
    "WX_SECRET",
    "WX_TOKEN",
    "WX_AES_KEY",
    "WX_API_BASE",
    "ADMIN_USERNAME",
    "ADMIN_PASSWORD",
    "SPRING_PROFILES_ACTIVE",
    "SERVER_PORT",
    "UNION_LAUNCHER"
  };

  private final Process launcher;
  private final Path log;
  private final int port;

  private JarProcess(Process launcher, Path log, int port) {
    this.launcher = launcher;
    this.log = log;
    this.port = port;
  }

  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /**
   * The prod profile's variables for a server on MariaDB database {@code dbUrl} and this run's
   * Redis ({@link TestServices#REDIS_URL}), with WeChat's API at {@code apiBase} (a fake of the
   * test's, or a port where nobody listens).
   */
  public static Map<String, String> prodEnv(
      String dbUrl, String appId, String token, String apiBase, String adminPassword) {
    Map<String, String> env = new java.util.HashMap<>();
    env.put("SPRING_PROFILES_ACTIVE", "prod");
    env.put("DB_URL", dbUrl);
    env.put("DB_USER", "root");
    env.put("DB_PASSWORD", "");
    env.put("REDIS_URL", TestServices.REDIS_URL);
    env.put("DATA_KEY", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=");
    env.put("WX_APPID", appId);
    env.put("WX_SECRET", "jar-test-secret");
    env.put("WX_TOKEN", token);
    env.put("WX_API_BASE", apiBase);
    env.put("ADMIN_PASSWORD", adminPassword);
    return env;
  }

  /** Connection parameters of the project's MariaDB URLs. */
  public static final String MARIADB_PARAMS =
      "?useSSL=false&allowPublicKeyRetrieval=true&characterEncoding=utf8";

  /** Creates a fresh MariaDB database named {@code prefix + <time>} and returns its name. */
  public static String createDatabase(String prefix) throws java.sql.SQLException {
    String name = prefix + Long.toHexString(System.currentTimeMillis());
    try (java.sql.Connection c =
            java.sql.DriverManager.getConnection(
                "jdbc:mysql://127.0.0.1:3306/test?allowPublicKeyRetrieval=true&useSSL=false",
                "root",
                "");
        java.sql.Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
    }
    return name;
  }

  /** The JDBC URL of a database on the local MariaDB. */
  public static String databaseUrl(String name) {
    return "jdbc:mysql://127.0.0.1:3306/" + name + MARIADB_PARAMS;
  }

  /** Drops a database {@link #createDatabase} made; nothing when {@code name} is null. */
  public static void dropDatabase(String name) throws java.sql.SQLException {
    if (name == null) {
      return;
    }
    try (java.sql.Connection c =
            java.sql.DriverManager.getConnection(databaseUrl(name), "root", "");
        java.sql.Statement st = c.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS " + name);
    }
  }

  /** Starts the jar in {@code dir} on {@code port}; output goes to {@code dir/logName}. */
  public static JarProcess start(Path dir, Map<String, String> env, int port, String logName)
      throws IOException {
    return start(Path.of("target/wechat-app.jar"), List.of("-Xmx512m"), dir, env, port, logName);
  }

  /**
   * Starts {@code jar} with {@code javaOptions} before {@code -jar}, in {@code dir} on {@code
   * port}; output goes to {@code dir/logName}.
   */
  public static JarProcess start(
      Path jar,
      List<String> javaOptions,
      Path dir,
      Map<String, String> env,
      int port,
      String logName)
      throws IOException {
    Path log = dir.resolve(logName);
    List<String> command = new ArrayList<>();
    command.add("java");
    command.addAll(javaOptions);
    command.add("-jar");
    command.add(jar.toAbsolutePath().toString());
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    for (String name : VARIABLES) {
      pb.environment().remove(name);
    }
    pb.environment().putAll(env);
    pb.environment().put("SERVER_PORT", Integer.toString(port));
    return new JarProcess(pb.start(), log, port);
  }

  public String base() {
    return "http://127.0.0.1:" + port;
  }

  public Path log() {
    return log;
  }

  public Process launcher() {
    return launcher;
  }

  /**
   * Waits until {@code /actuator/health} answers 200; fails with the log if the jar exits or takes
   * too long.
   */
  public JarProcess awaitHealthy(Duration within) throws Exception {
    Instant deadline = Instant.now().plus(within);
    while (Instant.now().isBefore(deadline)) {
      if (!launcher.isAlive()) {
        throw new AssertionError(
            "the jar exited with " + launcher.exitValue() + ":\n" + Files.readString(log));
      }
      try {
        int status =
            HTTP.send(
                    HttpRequest.newBuilder(URI.create(base() + "/actuator/health"))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode();
        if (status == 200) {
          return this;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new AssertionError(
        "the jar did not become healthy in "
            + within.toSeconds()
            + " s:\n"
            + Files.readString(log));
  }

  /** The server JVM the launcher started (the one to kill to kill the server). */
  public ProcessHandle server() {
    return launcher
        .children()
        .filter(p -> commandLine(p).contains("-Dunion.launcher.child=true"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no server JVM under the launcher"));
  }

  /** The process's command line, or "" where the system does not tell. */
  public static String commandLine(ProcessHandle p) {
    return p.info().commandLine().orElse("");
  }

  /** SIGTERM, forwarded to the server; SIGKILL after 60 s. */
  @Override
  public void close() throws InterruptedException {
    launcher.destroy();
    if (!launcher.waitFor(60, TimeUnit.SECONDS)) {
      launcher.destroyForcibly();
    }
  }
}
