package cn.union;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cn.union.support.FakeWeChatApi;
import cn.union.support.FaultProxy;
import cn.union.support.JarProcess;
import cn.union.support.TestServices;
import cn.union.support.WxClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The jar on the prod profile against MariaDB and Redis, each behind a TCP relay in this JVM that
 * the test "stops" (cuts every connection, refuses new ones) and "starts" again, while four senders
 * post signed messages the way WeChat does (a message not answered 200 is posted again, up to three
 * more times). What must hold: with Redis stopped, callbacks are answered within 5 s and the
 * messages are handled once Redis is back; with the database stopped, health answers 503, callbacks
 * are answered from the spool and the messages are replayed once it is back; every message answered
 * 200 ends in {@code wx_inbound} with an outcome, and every worker whose message was not answered
 * with its reply there and then receives it as a customer-service message. The same holds when the
 * server JVM is killed while it spools and is started again.
 */
class FaultsJarIT {

  static final String TOKEN = "faultstoken";
  static final String AES = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
  static final String APPID = "wxfaults00000000001";
  static final String HELP = "省总工会服务号";

  static FakeWeChatApi weChat;
  static FaultProxy db;
  static FaultProxy redis;
  static String database;
  static String directUrl;
  static JarProcess app;
  static Path dir;
  static Map<String, String> env;
  static int port;

  /** One message as sent, and what the callback answered. */
  record Sent(String openid, long msgId, int status, String content, long millis, String phase) {}

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(
        TestServices.REAL_DB && !TestServices.REDIS_URL.isEmpty(),
        "MariaDB and Redis on 127.0.0.1 do not answer");
    weChat = new FakeWeChatApi("FAULTS-");

    database = JarProcess.createDatabase("union_it_faults_");
    String params = JarProcess.MARIADB_PARAMS;
    directUrl = JarProcess.databaseUrl(database);
    db = new FaultProxy("127.0.0.1", 3306);
    URI redisUri = URI.create(TestServices.REDIS_URL);
    redis = new FaultProxy(redisUri.getHost(), redisUri.getPort());
    env =
        JarProcess.prodEnv(
            "jdbc:mysql://127.0.0.1:" + db.port() + "/" + database + params,
            APPID,
            TOKEN,
            weChat.base(),
            "Faults#2026okay");
    // Redis through the relay the tests cut and restore
    env.put("REDIS_URL", "redis://127.0.0.1:" + redis.port() + redisUri.getPath());
    env.put("WX_AES_KEY", AES);
    dir = Files.createTempDirectory("union-faults");
    port = JarProcess.freePort();
    // Kept before it is healthy, so that a start that fails is still stopped after the tests.
    app = JarProcess.start(dir, env, port, "faults.log");
    app.awaitHealthy(Duration.ofSeconds(240));
  }

  @AfterAll
  static void stop() throws Exception {
    if (app != null) {
      app.close();
    }
    for (FaultProxy proxy : new FaultProxy[] {db, redis}) {
      if (proxy != null) {
        proxy.close();
      }
    }
    if (weChat != null) {
      weChat.close();
    }
    JarProcess.dropDatabase(database);
  }

  static int health() {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create(app.base() + "/actuator/health"))
                  .timeout(Duration.ofSeconds(15))
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (Exception e) {
      return -1;
    }
  }

  /**
   * Four senders posting 帮助 from fresh openids the way WeChat does: a message not answered 200 is
   * posted again, up to three more times; about 20 messages a second from each while the server
   * answers at once.
   */
  static final class Senders {
    final ConcurrentLinkedQueue<Sent> sent = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<String> unanswered = new ConcurrentLinkedQueue<>();
    final AtomicReference<String> phase = new AtomicReference<>("up");
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();

    Senders(String base) {
      for (int t = 0; t < 4; t++) {
        String prefix =
            "oFault" + t + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        Thread sender = new Thread(() -> send(base, prefix));
        sender.start();
        threads.add(sender);
      }
    }

    private void send(String base, String prefix) {
      WxClient client = new WxClient(base, TOKEN, APPID, AES, Clock.systemUTC());
      for (int n = 0; !stop.get(); n++) {
        String openid = prefix + "n" + n;
        long msgId = WxClient.nextMsgId() + 5_000_000_000L;
        String xml = WxClient.text(openid, "帮助", msgId, Instant.now().getEpochSecond());
        String during = phase.get();
        boolean answered = false;
        for (int attempt = 0; attempt < 4 && !answered && !stop.get(); attempt++) {
          long began = System.nanoTime();
          try {
            WxClient.Answer x = client.post(xml);
            long millis = (System.nanoTime() - began) / 1_000_000;
            if (x.status() == 200) {
              sent.add(new Sent(openid, msgId, 200, x.content(), millis, during));
              answered = true;
            }
          } catch (RuntimeException noAnswer) {
            // WeChat posts the message again
          }
        }
        if (!answered) {
          unanswered.add(openid);
        }
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    /** Stops sending; returns once every sender has finished its message. */
    void stop() throws InterruptedException {
      stop.set(true);
      for (Thread t : threads) {
        t.join(60_000);
      }
    }
  }

  @Test
  void redisAndTheDatabaseStoppedMidTrafficLoseNothing() throws Exception {
    Senders senders = new Senders(app.base());
    ConcurrentLinkedQueue<Sent> sent = senders.sent;
    ConcurrentLinkedQueue<String> unanswered = senders.unanswered;
    AtomicReference<String> phase = senders.phase;

    Thread.sleep(3_000);
    phase.set("redis-down");
    redis.stop();
    Thread.sleep(10_000);
    phase.set("redis-back");
    redis.start();
    Thread.sleep(5_000);

    phase.set("db-down");
    db.stop();
    int healthWhileDbDown = 0;
    for (long until = System.currentTimeMillis() + 20_000;
        System.currentTimeMillis() < until && healthWhileDbDown != 503; ) {
      healthWhileDbDown = health();
    }
    Thread.sleep(5_000);
    Path spoolDir = dir.resolve("data").resolve("inbound-spool");
    long spooledWhileDown;
    try (var files = Files.list(spoolDir)) {
      spooledWhileDown = files.count();
    }
    phase.set("db-back");
    db.start();
    Thread.sleep(5_000);
    senders.stop();

    // Wait for the replay, the retry sweep and the customer-service messages.
    List<Sent> lost = new ArrayList<>();
    List<Sent> notDelivered = new ArrayList<>();
    for (long until = System.currentTimeMillis() + 150_000;
        System.currentTimeMillis() < until;
        Thread.sleep(2_000)) {
      lost = lostOf(sent);
      notDelivered = undelivered(sent);
      if (lost.isEmpty() && notDelivered.isEmpty()) {
        break;
      }
    }
    long slowWhileRedisDown =
        sent.stream().filter(s -> s.phase().equals("redis-down") && s.millis() > 5_000).count();
    long maxRedisDown =
        sent.stream()
            .filter(s -> s.phase().equals("redis-down"))
            .mapToLong(Sent::millis)
            .max()
            .orElse(0);
    long maxDbDown =
        sent.stream()
            .filter(s -> s.phase().equals("db-down"))
            .mapToLong(Sent::millis)
            .max()
            .orElse(0);
    long failed = failedOf(sent);
    long retried = count("SELECT COUNT(*) FROM wx_inbound_retry");
    long leftInSpool;
    try (var files = Files.list(spoolDir)) {
      leftInSpool = files.count();
    }
    Map<String, Long> byPhase = new java.util.TreeMap<>();
    sent.forEach(s -> byPhase.merge(s.phase(), 1L, Long::sum));
    System.out.println(
        "[faults] answered 200 by phase "
            + byPhase
            + ", never answered "
            + unanswered.size()
            + "; slowest callback with Redis stopped "
            + maxRedisDown
            + " ms ("
            + slowWhileRedisDown
            + " over 5 s), with the"
            + " database stopped "
            + maxDbDown
            + " ms; health with the database stopped "
            + healthWhileDbDown
            + "; spooled "
            + spooledWhileDown
            + ", left in the spool "
            + leftInSpool
            + "; retried after Redis came back "
            + retried
            + ", still failed "
            + failed
            + "; customer-service messages "
            + weChat.customSends.size()
            + "; replies not delivered "
            + notDelivered.size()
            + "; LOST "
            + lost.size());
    assertThat(lost).as("answered 200 but not in wx_inbound with an outcome").isEmpty();
    assertThat(notDelivered)
        .as("no reply in the callback and no customer-service message")
        .isEmpty();
    assertThat(slowWhileRedisDown).as("callbacks over 5 s with Redis stopped").isZero();
    assertThat(maxDbDown).as("slowest callback with the database stopped, ms").isLessThan(5_000);
    assertThat(healthWhileDbDown).as("health with the database stopped").isEqualTo(503);
    assertThat(spooledWhileDown).as("messages spooled while the database was stopped").isPositive();
    assertThat(leftInSpool).as("entries left in the spool").isZero();
    assertThat(failed).as("messages left failed after Redis and the database came back").isZero();
    assertThat(health()).as("health at the end").isEqualTo(200);
  }

  /**
   * The server JVM is killed (SIGKILL) in the middle of traffic while it answers from the spool:
   * Redis stopped first (messages fail and are marked for another try), then the database too
   * (messages are spooled). Restarted with both back, on the same data folder, the server replays
   * its spool and tries the failures again, though the process that recorded them is gone: every
   * message answered 200 ends in {@code wx_inbound} with an outcome, none is left failed, and every
   * worker not answered with the reply there and then receives it as a customer-service message.
   */
  @Test
  void killedWhileSpoolingAndRestartedLosesNoAnsweredMessage() throws Exception {
    String spooledText = cn.union.platform.Copy.load("wechat").text("spooled");
    Path spoolDir = dir.resolve("data").resolve("inbound-spool");
    Senders senders = new Senders(app.base());
    long killedAfter;
    long spoolFiles;
    try {
      Thread.sleep(2_000);
      senders.phase.set("redis-down");
      redis.stop();
      // A few messages are recorded failed for want of Redis (the database still answers).
      long failing = System.currentTimeMillis() + 30_000;
      while (failedOf(senders.sent) < 3 && System.currentTimeMillis() < failing) {
        Thread.sleep(200);
      }
      senders.phase.set("db-down");
      db.stop();
      // Killed while it spools: once a good number of answers came from the spool.
      long until = System.currentTimeMillis() + 30_000;
      while (spooled(senders.sent, spooledText) < 20 && System.currentTimeMillis() < until) {
        Thread.sleep(100);
      }
      ProcessHandle server = app.server();
      assertThat(server.destroyForcibly()).isTrue();
      server.onExit().get(30, TimeUnit.SECONDS);
      killedAfter = senders.sent.size();
    } finally {
      senders.stop();
    }
    assertThat(app.launcher().waitFor(30, TimeUnit.SECONDS))
        .as("launcher exits with its server")
        .isTrue();
    try (var files = Files.list(spoolDir)) {
      spoolFiles = files.filter(f -> f.getFileName().toString().endsWith(".spool")).count();
    }
    List<Sent> sent = new ArrayList<>(senders.sent);
    long answeredFromSpool = spooled(sent, spooledText);
    // Recorded failed for want of Redis by the process now gone (read past the relay).
    long failedAtKill = failedOf(sent);

    db.start();
    redis.start();
    app =
        JarProcess.start(dir, env, port, "faults-restarted.log")
            .awaitHealthy(Duration.ofSeconds(240));

    List<Sent> lost = new ArrayList<>();
    List<Sent> notDelivered = new ArrayList<>();
    long stillFailed = 0;
    long leftInSpool = 0;
    for (long until = System.currentTimeMillis() + 150_000;
        System.currentTimeMillis() < until;
        Thread.sleep(2_000)) {
      lost = lostOf(sent);
      notDelivered = undelivered(sent);
      stillFailed = failedOf(sent);
      try (var files = Files.list(spoolDir)) {
        leftInSpool = files.count();
      }
      if (lost.isEmpty() && notDelivered.isEmpty() && stillFailed == 0 && leftInSpool == 0) {
        break;
      }
    }
    System.out.println(
        "[faults] killed while spooling: answered 200 "
            + sent.size()
            + " (by the kill "
            + killedAfter
            + "; "
            + answeredFromSpool
            + " answered from the spool, "
            + failedAtKill
            + " recorded failed for want of Redis), never answered "
            + senders.unanswered.size()
            + "; spool entries at the kill "
            + spoolFiles
            + "; after the restart: still failed "
            + stillFailed
            + ", left in the spool "
            + leftInSpool
            + ", replies not delivered "
            + notDelivered.size()
            + "; spooled "
            + answeredFromSpool
            + ", answered "
            + sent.size()
            + ", LOST "
            + lost.size());
    assertThat(answeredFromSpool).as("answers from the spool before the kill").isPositive();
    assertThat(failedAtKill).as("failures for want of Redis before the kill").isPositive();
    assertThat(lost).as("answered 200 but not in wx_inbound with an outcome").isEmpty();
    assertThat(stillFailed).as("answered messages left failed after the restart").isZero();
    assertThat(leftInSpool).as("entries left in the spool").isZero();
    assertThat(notDelivered)
        .as("no reply in the callback and no customer-service message")
        .isEmpty();
  }

  static long spooled(Iterable<Sent> sent, String spooledText) {
    long n = 0;
    for (Sent s : sent) {
      if (spooledText.equals(s.content())) {
        n++;
      }
    }
    return n;
  }

  /** Messages answered 200 whose outcome is FAILED. */
  static long failedOf(Iterable<Sent> sent) throws Exception {
    long failed = 0;
    for (Sent s : sent) {
      failed +=
          count(
              "SELECT COUNT(*) FROM wx_inbound i JOIN wx_inbound_outcome o ON o.inbound_id = i.id"
                  + " WHERE i.dedupe_key = ? AND o.status = 'FAILED'",
              "m:" + s.msgId());
    }
    return failed;
  }

  /** Messages answered 200 that are not in the log with an outcome. */
  static List<Sent> lostOf(Iterable<Sent> sent) throws Exception {
    List<Sent> lost = new ArrayList<>();
    for (Sent s : sent) {
      if (count(
              "SELECT COUNT(*) FROM wx_inbound i JOIN wx_inbound_outcome o ON o.inbound_id = i.id"
                  + " WHERE i.dedupe_key = ?",
              "m:" + s.msgId())
          != 1) {
        lost.add(s);
      }
    }
    return lost;
  }

  /**
   * Messages whose callback did not carry the reply and whose worker got no customer-service
   * message with it.
   */
  static List<Sent> undelivered(Iterable<Sent> sent) {
    List<Sent> missing = new ArrayList<>();
    for (Sent s : sent) {
      boolean inCallback = s.content() != null && s.content().contains(HELP);
      if (!inCallback
          && weChat.customSends.stream()
              .noneMatch(body -> body.contains(s.openid()) && body.contains(HELP))) {
        missing.add(s);
      }
    }
    return missing;
  }

  static long count(String sql, Object... args) throws Exception {
    try (Connection c = DriverManager.getConnection(directUrl, "root", "");
        var st = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        st.setObject(i + 1, args[i]);
      }
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
