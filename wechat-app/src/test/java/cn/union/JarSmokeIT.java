package cn.union;

import static org.assertj.core.api.Assertions.assertThat;

import cn.union.support.JarProcess;
import cn.union.wechat.WxCrypto;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README's run command on a machine with nothing configured: the built jar starts the embedded
 * default (H2 file, embedded Redis, sandbox) and serves health and the WeChat callback.
 */
class JarSmokeIT {

  static JarProcess app;
  static int port;
  static Path workDir;
  static Path log;
  static final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @BeforeAll
  static void start() throws Exception {
    assertThat(new File("target/wechat-app.jar")).exists();
    port = JarProcess.freePort();
    workDir = Files.createTempDirectory("union-smoke");
    Instant begin = Instant.now();
    app = JarProcess.start(workDir, Map.of(), port, "app.log");
    log = app.log();
    app.awaitHealthy(Duration.ofSeconds(90));
    System.out.println(
        "[smoke] ready after " + Duration.between(begin, Instant.now()).toMillis() + " ms");
  }

  @AfterAll
  static void stop() throws Exception {
    if (app != null) {
      app.close();
    }
  }

  static HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(app.base() + path))
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
                        app.base()
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
    assertThat(JarProcess.commandLine(app.server()))
        .contains("-XX:SharedArchiveFile=" + new File("target/wechat-app.jsa").getAbsolutePath())
        .contains("-Xmx512m"); // the options given to java are passed on
  }

  @Test
  void theServerStopsWhenItsLauncherIsKilledOutright() throws Exception {
    try (JarProcess other =
        JarProcess.start(
            Files.createTempDirectory("union-orphan"),
            Map.of(),
            JarProcess.freePort(),
            "app.log")) {
      other.awaitHealthy(Duration.ofSeconds(90));
      ProcessHandle server = other.server();
      Process launcher = other.launcher();
      launcher.destroyForcibly(); // SIGKILL: no shutdown hook runs in the launcher
      assertThat(launcher.waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(server.onExit().get(60, TimeUnit.SECONDS).isAlive()).isFalse();
    }
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
    try (JarProcess inline =
        JarProcess.start(
            Files.createTempDirectory("union-kill9"),
            Map.of("UNION_LAUNCHER", "inline"),
            JarProcess.freePort(),
            "app.log")) {
      // Without the launcher's class-data archive, on a busy machine, start-up can take minutes.
      inline.awaitHealthy(Duration.ofSeconds(240));
      Process server = inline.launcher(); // inline: the launcher is the server
      ProcessHandle redis = embeddedRedis(server.toHandle());
      Path binary = Path.of(redis.info().command().orElseThrow());
      server.destroyForcibly(); // SIGKILL: no shutdown hook runs
      assertThat(server.waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(redis.onExit().get(20, TimeUnit.SECONDS).isAlive()).isFalse();
      Instant gone = Instant.now().plusSeconds(10);
      while (Files.exists(binary) && Instant.now().isBefore(gone)) {
        Thread.sleep(200);
      }
      assertThat(binary).as("the unpacked Redis binary").doesNotExist();
    }
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
              // the first start at the new place records the archive once it has started; while
              // it swaps the new archive in, the stamp is briefly absent
              Instant deadline = Instant.now().plusSeconds(240);
              while (!readIfThere(stamp).contains(jar.toString())
                  && Instant.now().isBefore(deadline)) {
                Thread.sleep(500);
              }
              return null;
            },
            jar);
    assertThat(first)
        .as("the copied archive was recorded elsewhere, so it is not used here")
        .doesNotContain("-XX:SharedArchiveFile=")
        .contains("-Dunion.launcher.record-archive=" + archive);
    assertThat(Files.readString(stamp))
        .contains(jar.toString())
        .doesNotContain(target.toAbsolutePath().toString());

    String second = startAndStop(dir, () -> null, jar, "-Xshare:on");
    assertThat(second)
        .contains("-XX:SharedArchiveFile=" + archive)
        .doesNotContain("record-archive");
  }

  private static String readIfThere(Path file) throws IOException {
    try {
      return Files.readString(file);
    } catch (NoSuchFileException absent) {
      return "";
    }
  }

  /**
   * Starts {@code jar} with {@code javaOptions} in dir, waits for health, stops it with SIGTERM;
   * the server JVM's command line.
   */
  private static String startAndStop(
      Path dir, Callable<Void> beforeStop, Path jar, String... javaOptions) throws Exception {
    int otherPort = JarProcess.freePort();
    try (JarProcess started =
        JarProcess.start(
            jar, List.of(javaOptions), dir, Map.of(), otherPort, "app-" + otherPort + ".log")) {
      started.awaitHealthy(Duration.ofSeconds(120));
      String serverCommand = JarProcess.commandLine(started.server());
      beforeStop.call();
      // SIGTERM, forwarded to the server, which stops and writes what it recorded
      started.launcher().destroy();
      assertThat(started.launcher().waitFor(90, TimeUnit.SECONDS)).as("stopped").isTrue();
      return serverCommand;
    }
  }

  @Test
  void prodRefusesToStartWithoutItsVariables() throws Exception {
    try (JarProcess refused =
        JarProcess.start(
            workDir,
            Map.of("SPRING_PROFILES_ACTIVE", "prod", "WX_APPID", "wx123"),
            JarProcess.freePort(),
            "prod.log")) {
      assertThat(refused.launcher().waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(refused.launcher().exitValue()).isEqualTo(2);
      assertThat(Files.readString(refused.log()))
          .contains("Refusing to start with profile prod")
          .contains("DB_URL")
          .contains("REDIS_URL")
          .contains("DATA_KEY")
          .contains("WX_SECRET")
          .doesNotContain("WX_APPID,");
    }
  }
}
