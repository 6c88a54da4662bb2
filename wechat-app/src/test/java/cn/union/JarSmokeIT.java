package cn.union;

import static org.assertj.core.api.Assertions.assertThat;

import cn.union.wechat.WxCrypto;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README's run command on a machine with nothing configured: the built jar starts the embedded
 * default (H2 file, embedded Redis, sandbox) and serves health and the WeChat callback.
 */
class JarSmokeIT {

  static Process app;
  static int port;
  static Path workDir;
  static Path log;
  static final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @BeforeAll
  static void start() throws Exception {
    File jar = new File("target/wechat-app.jar");
    assertThat(jar).exists();
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    workDir = Files.createTempDirectory("union-smoke");
    log = workDir.resolve("app.log");
    ProcessBuilder pb =
        new ProcessBuilder("java", "-Xmx512m", "-jar", jar.getAbsolutePath())
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    for (String name :
        new String[] {
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
          "SPRING_PROFILES_ACTIVE"
        }) {
      pb.environment().remove(name);
    }
    pb.environment().put("SERVER_PORT", Integer.toString(port));
    Instant begin = Instant.now();
    app = pb.start();
    Instant deadline = begin.plusSeconds(90);
    while (Instant.now().isBefore(deadline)) {
      if (!app.isAlive()) {
        throw new AssertionError(
            "the jar exited with " + app.exitValue() + ":\n" + Files.readString(log));
      }
      try {
        HttpResponse<String> health = get("/actuator/health");
        if (health.statusCode() == 200) {
          System.out.println(
              "[smoke] ready after " + Duration.between(begin, Instant.now()).toMillis() + " ms");
          return;
        }
      } catch (IOException notYet) {
        Thread.sleep(250);
      }
    }
    throw new AssertionError("the jar did not become healthy in 90 s:\n" + Files.readString(log));
  }

  @AfterAll
  static void stop() throws Exception {
    if (app != null) {
      app.destroy();
      if (!app.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
        app.destroyForcibly();
      }
    }
  }

  static HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  @Test
  void healthIsUpWithDatabaseAndRedis() throws Exception {
    HttpResponse<String> health = get("/actuator/health");
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body())
        .contains("\"status\":\"UP\"")
        .contains("\"db\"")
        .contains("\"redis\"");
  }

  @Test
  void startsOnAnH2FileUnderData() {
    assertThat(workDir.resolve("data/union.mv.db")).exists();
    assertThat(workDir.resolve("data/data.key")).exists();
  }

  @Test
  void servesTheCallbackWithTheSandboxToken() throws Exception {
    String ts = Long.toString(Instant.now().getEpochSecond());
    String sig = WxCrypto.signature("sandboxtoken", ts, "smoke");
    HttpResponse<String> echo =
        get("/wx/portal?signature=" + sig + "&timestamp=" + ts + "&nonce=smoke&echostr=ok-42");
    assertThat(echo.body()).isEqualTo("ok-42");

    String xml =
        "<xml><ToUserName>gh</ToUserName><FromUserName>oSmoke0001</FromUserName><CreateTime>"
            + ts
            + "</CreateTime><MsgType>text</MsgType><Content>帮助</Content><MsgId>42</MsgId></xml>";
    HttpResponse<String> reply =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:"
                            + port
                            + "/wx/portal?signature="
                            + sig
                            + "&timestamp="
                            + ts
                            + "&nonce=smoke"))
                .POST(HttpRequest.BodyPublishers.ofString(xml, StandardCharsets.UTF_8))
                .build(),
            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    assertThat(reply.statusCode()).isEqualTo(200);
    assertThat(reply.body()).contains("<Content><![CDATA[").contains("帮助");
  }

  @Test
  void printsWhereThingsAreAndTheGeneratedAdminPassword() throws Exception {
    // The report comes when start-up work (seed data) is done, which may be just after health is
    // up.
    Instant deadline = Instant.now().plusSeconds(30);
    String out = Files.readString(log);
    while (!out.contains("is ready") && Instant.now().isBefore(deadline)) {
      Thread.sleep(200);
      out = Files.readString(log);
    }
    assertThat(out).contains("/sandbox/").contains("/admin/").contains("Callback token");
    assertThat(out).containsPattern("Super-admin created: username 'admin', password '[^']{16}'");
  }

  @Test
  void theServerRunsInASecondJvmWithTheBuildsClassDataArchive() {
    assertThat(new File("target/wechat-app.jsa")).exists();
    assertThat(new File("target/wechat-app.jsa.stamp")).exists();
    ProcessHandle server =
        app.children()
            .filter(p -> commandLine(p).contains("-Dunion.launcher.child=true"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no server JVM under the launcher"));
    assertThat(commandLine(server))
        .contains("-XX:SharedArchiveFile=" + new File("target/wechat-app.jsa").getAbsolutePath())
        .contains("-Xmx512m"); // the options given to java are passed on
  }

  @Test
  void theServerStopsWhenItsLauncherIsKilledOutright() throws Exception {
    int otherPort;
    try (ServerSocket s = new ServerSocket(0)) {
      otherPort = s.getLocalPort();
    }
    Path dir = Files.createTempDirectory("union-orphan");
    ProcessBuilder pb =
        new ProcessBuilder("java", "-jar", new File("target/wechat-app.jar").getAbsolutePath())
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("app.log").toFile());
    pb.environment().remove("DB_URL");
    pb.environment().remove("REDIS_URL");
    pb.environment().remove("SPRING_PROFILES_ACTIVE");
    pb.environment().put("SERVER_PORT", Integer.toString(otherPort));
    Process launcher = pb.start();
    ProcessHandle server = null;
    Instant deadline = Instant.now().plusSeconds(30);
    while (server == null && Instant.now().isBefore(deadline)) {
      server =
          launcher
              .children()
              .filter(p -> commandLine(p).contains("union.launcher.child"))
              .findFirst()
              .orElse(null);
      Thread.sleep(100);
    }
    assertThat(server).as("server JVM").isNotNull();
    URI health = URI.create("http://127.0.0.1:" + otherPort + "/actuator/health");
    boolean up = false;
    while (!up && Instant.now().isBefore(deadline.plusSeconds(60))) {
      try {
        up =
            http.send(
                        HttpRequest.newBuilder(health).build(),
                        HttpResponse.BodyHandlers.discarding())
                    .statusCode()
                == 200;
      } catch (IOException notYet) {
        Thread.sleep(250);
      }
    }
    assertThat(up).as("second instance healthy").isTrue();
    launcher.destroyForcibly(); // SIGKILL: no shutdown hook runs in the launcher
    assertThat(launcher.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(server.onExit().get(60, java.util.concurrent.TimeUnit.SECONDS).isAlive()).isFalse();
  }

  /**
   * The embedded Redis under a JVM, and its port (from "--port N" or the title "redis-server
   * 127.0.0.1:N").
   */
  static ProcessHandle embeddedRedis(ProcessHandle jvm) {
    return jvm.descendants()
        .filter(p -> p.info().command().orElse("").contains("redis-server"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no embedded Redis under " + jvm.pid()));
  }

  /** The embedded Redis's port, as the start-up log says. */
  static int redisPort(Path log) throws IOException {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("Started an embedded Redis on 127\\.0\\.0\\.1:(\\d+)")
            .matcher(Files.readString(log));
    return m.find() ? Integer.parseInt(m.group(1)) : -1;
  }

  @Test
  void theEmbeddedDefaultListensOnThisMachineOnly() throws Exception {
    java.net.InetAddress outside =
        java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces()).stream()
            .flatMap(i -> java.util.Collections.list(i.getInetAddresses()).stream())
            .filter(a -> a instanceof java.net.Inet4Address && !a.isLoopbackAddress())
            .findFirst()
            .orElse(null);
    org.junit.jupiter.api.Assumptions.assumeTrue(
        outside != null, "this machine has no address but loopback");
    try (java.net.Socket s = new java.net.Socket()) {
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> s.connect(new java.net.InetSocketAddress(outside, port), 2000))
          .isInstanceOf(IOException.class);
    }
  }

  @Test
  void theEmbeddedRedisWantsAPassword() throws Exception {
    int redisPort = redisPort(log);
    assertThat(redisPort).isPositive();
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", redisPort)) {
      s.setSoTimeout(5000);
      s.getOutputStream().write("SET staff:session:x 1\r\n".getBytes(StandardCharsets.US_ASCII));
      byte[] buf = new byte[200];
      int n = s.getInputStream().read(buf);
      assertThat(new String(buf, 0, n, StandardCharsets.US_ASCII)).startsWith("-NOAUTH");
    }
  }

  @Test
  void anEmbeddedRedisDoesNotOutliveAKilledServer() throws Exception {
    int otherPort;
    try (ServerSocket s = new ServerSocket(0)) {
      otherPort = s.getLocalPort();
    }
    Path dir = Files.createTempDirectory("union-kill9");
    ProcessBuilder pb =
        new ProcessBuilder("java", "-jar", new File("target/wechat-app.jar").getAbsolutePath())
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("app.log").toFile());
    pb.environment().remove("DB_URL");
    pb.environment().remove("REDIS_URL");
    pb.environment().remove("SPRING_PROFILES_ACTIVE");
    pb.environment().put("SERVER_PORT", Integer.toString(otherPort));
    pb.environment().put("UNION_LAUNCHER", "inline");
    Process server = pb.start();
    try {
      killedOutright(server, otherPort, dir);
    } finally {
      server.destroyForcibly();
    }
  }

  private static void killedOutright(Process server, int otherPort, Path dir) throws Exception {
    URI health = URI.create("http://127.0.0.1:" + otherPort + "/actuator/health");
    boolean up = false;
    // Without the launcher's class-data archive, on a busy machine, start-up can take minutes.
    Instant deadline = Instant.now().plusSeconds(240);
    while (!up && Instant.now().isBefore(deadline) && server.isAlive()) {
      try {
        up =
            http.send(
                        HttpRequest.newBuilder(health).build(),
                        HttpResponse.BodyHandlers.discarding())
                    .statusCode()
                == 200;
      } catch (IOException notYet) {
        Thread.sleep(250);
      }
    }
    assertThat(up).as("instance healthy: " + Files.readString(dir.resolve("app.log"))).isTrue();
    ProcessHandle redis = embeddedRedis(server.toHandle());
    Path binary = Path.of(redis.info().command().orElseThrow());
    server.destroyForcibly(); // SIGKILL: no shutdown hook runs
    assertThat(server.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(redis.onExit().get(20, java.util.concurrent.TimeUnit.SECONDS).isAlive()).isFalse();
    Instant gone = Instant.now().plusSeconds(10);
    while (Files.exists(binary) && Instant.now().isBefore(gone)) {
      Thread.sleep(200);
    }
    assertThat(binary).as("the unpacked Redis binary").doesNotExist();
  }

  /**
   * The README's deployment: jar, lib/ and archive copied elsewhere (file times change, the paths
   * the archive was recorded with are gone). The first start there records an archive for the new
   * place once it has started; the next start runs on it ({@code -Xshare:on}: the JVM refuses to
   * start rather than run without it).
   */
  @Test
  void theClassDataArchiveWorksAfterCopyingJarLibAndArchiveElsewhere() throws Exception {
    Path deployed = Files.createTempDirectory("union-deployed");
    Path target = Path.of("target");
    Files.copy(target.resolve("wechat-app.jar"), deployed.resolve("wechat-app.jar"));
    Files.copy(target.resolve("wechat-app.jsa"), deployed.resolve("wechat-app.jsa"));
    Files.copy(target.resolve("wechat-app.jsa.stamp"), deployed.resolve("wechat-app.jsa.stamp"));
    Files.createDirectory(deployed.resolve("lib"));
    try (var libs = Files.list(target.resolve("lib"))) {
      for (Path lib : libs.toList()) {
        Files.copy(lib, deployed.resolve("lib").resolve(lib.getFileName()));
      }
    }
    Path jar = deployed.resolve("wechat-app.jar");
    Path archive = deployed.resolve("wechat-app.jsa");
    Path dir = Files.createTempDirectory("union-deployed-run");

    Path stamp = deployed.resolve("wechat-app.jsa.stamp");
    String first =
        startAndStop(
            dir,
            () -> {
              // the first start at the new place records the archive once it has started
              Instant deadline = Instant.now().plusSeconds(240);
              while (!Files.readString(stamp).contains(jar.toString())
                  && Instant.now().isBefore(deadline)) {
                Thread.sleep(500);
              }
              return null;
            },
            "java",
            "-jar",
            jar.toString());
    assertThat(first)
        .as("the copied archive was recorded elsewhere, so it is not used here")
        .doesNotContain("-XX:SharedArchiveFile=")
        .contains("-Dunion.launcher.record-archive=" + archive);
    assertThat(Files.readString(stamp))
        .contains(jar.toString())
        .doesNotContain(target.toAbsolutePath().toString());

    String second = startAndStop(dir, () -> null, "java", "-Xshare:on", "-jar", jar.toString());
    assertThat(second)
        .contains("-XX:SharedArchiveFile=" + archive)
        .doesNotContain("record-archive");
  }

  /**
   * Starts the command in dir, waits for health, stops it with SIGTERM; the server JVM's command
   * line.
   */
  private static String startAndStop(
      Path dir, java.util.concurrent.Callable<Void> beforeStop, String... command)
      throws Exception {
    int otherPort;
    try (ServerSocket s = new ServerSocket(0)) {
      otherPort = s.getLocalPort();
    }
    Path out = dir.resolve("app-" + otherPort + ".log");
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(out.toFile());
    for (String name :
        new String[] {"DB_URL", "REDIS_URL", "SPRING_PROFILES_ACTIVE", "UNION_LAUNCHER"}) {
      pb.environment().remove(name);
    }
    pb.environment().put("SERVER_PORT", Integer.toString(otherPort));
    Process launcher = pb.start();
    try {
      URI health = URI.create("http://127.0.0.1:" + otherPort + "/actuator/health");
      Instant deadline = Instant.now().plusSeconds(120);
      boolean up = false;
      while (!up && Instant.now().isBefore(deadline)) {
        if (!launcher.isAlive()) {
          throw new AssertionError(
              "the jar exited with " + launcher.exitValue() + ":\n" + Files.readString(out));
        }
        try {
          up =
              http.send(
                          HttpRequest.newBuilder(health).build(),
                          HttpResponse.BodyHandlers.discarding())
                      .statusCode()
                  == 200;
        } catch (IOException notYet) {
          Thread.sleep(250);
        }
      }
      assertThat(up).as("healthy:\n" + Files.readString(out)).isTrue();
      String serverCommand =
          launcher
              .children()
              .map(JarSmokeIT::commandLine)
              .filter(c -> c.contains("union.launcher.child"))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no server JVM under the launcher"));
      beforeStop.call();
      launcher
          .destroy(); // SIGTERM, forwarded to the server, which stops and writes what it recorded
      assertThat(launcher.waitFor(90, java.util.concurrent.TimeUnit.SECONDS))
          .as("stopped")
          .isTrue();
      return serverCommand;
    } finally {
      launcher.destroyForcibly();
    }
  }

  static String commandLine(ProcessHandle p) {
    return p.info().commandLine().orElse("");
  }

  @Test
  void prodRefusesToStartWithoutItsVariables() throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder("java", "-jar", new File("target/wechat-app.jar").getAbsolutePath())
            .directory(workDir.toFile())
            .redirectErrorStream(true);
    for (String name :
        new String[] {
          "DB_URL", "DB_USER", "REDIS_URL", "DATA_KEY", "WX_APPID", "WX_SECRET", "WX_TOKEN"
        }) {
      pb.environment().remove(name);
    }
    pb.environment().put("SPRING_PROFILES_ACTIVE", "prod");
    pb.environment().put("WX_APPID", "wx123");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(2);
    assertThat(out)
        .contains("Refusing to start with profile prod")
        .contains("DB_URL")
        .contains("REDIS_URL")
        .contains("DATA_KEY")
        .contains("WX_SECRET")
        .doesNotContain("WX_APPID,");
  }
}
