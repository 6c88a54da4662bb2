package cn.union;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cn.union.support.JarProcess;
import cn.union.support.TestServices;
import cn.union.support.WxClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every answer is on disk before it leaves: the built jar takes plain messages and whole 我要求助
 * conversations from several threads, its server JVM (the launcher's child) is killed with SIGKILL
 * in the middle of that, and after a restart every message that was answered 200 is in {@code
 * wx_inbound} with its outcome, and every case number that was given exists (补充 to it is accepted).
 * Messages the kill cut short in their handler (logged, no outcome) are handled by the restarted
 * server's orphan sweep once its grace is over: afterwards no message is left without an outcome.
 * On the embedded default (H2 file) always; on the prod profile when the local MariaDB and Redis
 * answer.
 */
class DurabilityJarIT {

  private static final Pattern CASE_NUMBER = Pattern.compile("编号 (HB-\\d{8}-\\d{6})");
  private static final String TOKEN = "durabilitytoken";
  // bench/durability.sh runs this with more threads, longer traffic and more cases
  private static final int THREADS = Integer.getInteger("union.durability.threads", 8);
  private static final int MIN_SECONDS = Integer.getInteger("union.durability.seconds", 4);
  private static final int MIN_CASES = Integer.getInteger("union.durability.cases", 10);

  @Test
  void embeddedDefaultLosesNoAnswerWhenTheServerIsKilled() throws Exception {
    Path dir = Files.createTempDirectory("union-durability-h2");
    Map<String, String> env = new HashMap<>();
    env.put("WX_TOKEN", TOKEN);
    Stored stored =
        killDuringTrafficAndRestart(
            "H2",
            dir,
            env,
            () -> {
              String url =
                  "jdbc:h2:file:"
                      + dir.resolve("data/union")
                      + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE;NON_KEYWORDS=VALUE";
              return read(DriverManager.getConnection(url, "sa", ""));
            });
    System.out.println("[durability] H2: stored " + stored);
  }

  @Test
  void prodProfileOnMariaDbLosesNoAnswerWhenTheServerIsKilled() throws Exception {
    assumeTrue(
        TestServices.REAL_DB && !TestServices.REDIS_URL.isEmpty(),
        "MariaDB and Redis on 127.0.0.1 do not answer");
    String database = "union_it_durable_" + Long.toHexString(System.currentTimeMillis());
    String root = "jdbc:mysql://127.0.0.1:3306/test?allowPublicKeyRetrieval=true&useSSL=false";
    try (Connection c = DriverManager.getConnection(root, "root", "");
        Statement st = c.createStatement()) {
      st.execute(
          "CREATE DATABASE " + database + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
    }
    String url =
        "jdbc:mysql://127.0.0.1:3306/"
            + database
            + "?useSSL=false&allowPublicKeyRetrieval=true&characterEncoding=utf8";
    try {
      killOnMariaDb(url);
    } finally {
      try (Connection c = DriverManager.getConnection(root, "root", "");
          Statement st = c.createStatement()) {
        st.execute("DROP DATABASE IF EXISTS " + database);
      }
    }
  }

  private void killOnMariaDb(String url) throws Exception {
    Path dir = Files.createTempDirectory("union-durability-prod");
    int deadPort;
    try (ServerSocket s = new ServerSocket(0)) {
      deadPort = s.getLocalPort();
    }
    // nothing may leave the machine: WeChat's API is a port where nobody listens
    Map<String, String> env =
        JarProcess.prodEnv(
            url,
            "wxdurability00000001",
            TOKEN,
            "http://127.0.0.1:" + deadPort,
            "Durable#2026check");
    Stored stored =
        killDuringTrafficAndRestart(
            "MariaDB", dir, env, () -> read(DriverManager.getConnection(url, "root", "")));
    System.out.println("[durability] MariaDB: stored " + stored);
  }

  /**
   * What the database holds after the restart: message keys with an outcome, keys without, case
   * numbers.
   */
  record Stored(Set<String> handled, Set<String> unhandled, Set<String> cases) {
    @Override
    public String toString() {
      return handled.size()
          + " messages with an outcome, "
          + unhandled.size()
          + " without, "
          + cases.size()
          + " cases";
    }
  }

  interface Reader {
    Stored read() throws Exception;
  }

  private static Stored read(Connection connection) throws Exception {
    try (Connection c = connection;
        Statement st = c.createStatement()) {
      Set<String> handled = new HashSet<>();
      Set<String> unhandled = new HashSet<>();
      try (ResultSet rs =
          st.executeQuery(
              "SELECT i.dedupe_key, o.status FROM wx_inbound i"
                  + " LEFT JOIN wx_inbound_outcome o ON o.inbound_id = i.id")) {
        while (rs.next()) {
          (rs.getString(2) == null ? unhandled : handled).add(rs.getString(1));
        }
      }
      Set<String> cases = new HashSet<>();
      try (ResultSet rs = st.executeQuery("SELECT number FROM help_case")) {
        while (rs.next()) {
          cases.add(rs.getString(1));
        }
      }
      return new Stored(handled, unhandled, cases);
    }
  }

  /**
   * The grace after which a message logged without an outcome counts as orphaned and is handled by
   * the sweep (the shortest the server accepts: ten times its reply window); the sweep runs every
   * few seconds here.
   */
  static final Duration ORPHAN_GRACE = Duration.ofSeconds(40);

  private static final Pattern ORPHANS_HANDLED =
      Pattern.compile("Handled (\\d+) inbound messages that were logged and never handled");

  private Stored killDuringTrafficAndRestart(
      String label, Path dir, Map<String, String> variables, Reader reader) throws Exception {
    Map<String, String> env = new HashMap<>(variables);
    env.put("UNION_WX_ORPHAN_GRACE", ORPHAN_GRACE.toString());
    env.put("UNION_WX_ORPHAN_SWEEP_FIRST", "PT1S");
    env.put("UNION_WX_ORPHAN_SWEEP_EVERY", "PT3S");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String base = "http://127.0.0.1:" + port;
    JarProcess first = JarProcess.start(dir, env, port, "first.log");
    Process launcher = first.launcher();
    List<ProcessHandle> left = new ArrayList<>();
    Instant killedAt = Instant.now();
    ConcurrentLinkedQueue<Long> answered = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<String[]> given = new ConcurrentLinkedQueue<>(); // {openid, case number}
    AtomicBoolean killed = new AtomicBoolean();
    AtomicInteger errorsBeforeKill = new AtomicInteger();
    List<Thread> workers = new ArrayList<>();
    try {
      first.awaitHealthy(Duration.ofSeconds(240));
      WxClient wx =
          new WxClient(
              base,
              TOKEN,
              "unused",
              "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
              Clock.systemUTC());
      for (int t = 0; t < THREADS; t++) {
        boolean conversations = t % 2 == 1;
        String prefix = "oDurable" + Long.toHexString(System.nanoTime()) + "t" + t + "n";
        Thread worker =
            new Thread(
                () -> {
                  int n = 0;
                  while (!killed.get()) {
                    String openid = prefix + (n++);
                    try {
                      if (conversations) {
                        converse(wx, openid, answered, given);
                      } else {
                        say(wx, openid, "你好，请问入会需要什么材料？", answered);
                      }
                    } catch (RuntimeException e) {
                      if (!killed.get()) {
                        errorsBeforeKill.incrementAndGet();
                      }
                    }
                  }
                },
                "durability-" + t);
        worker.start();
        workers.add(worker);
      }
      // traffic for a while, then kill in the middle of it, once some cases were given
      Instant deadline = Instant.now().plusSeconds(120 + MIN_SECONDS);
      Instant earliest = Instant.now().plusSeconds(MIN_SECONDS);
      while ((Instant.now().isBefore(earliest) || given.size() < MIN_CASES)
          && Instant.now().isBefore(deadline)) {
        Thread.sleep(100);
      }
      ProcessHandle server = first.server();
      left.addAll(server.descendants().toList()); // an embedded Redis is orphaned by SIGKILL
      killed.set(true);
      killedAt = Instant.now();
      assertThat(server.destroyForcibly()).isTrue(); // SIGKILL to the server JVM itself
      server.onExit().get(30, TimeUnit.SECONDS);
      for (Thread w : workers) {
        w.join(30_000);
      }
      assertThat(launcher.waitFor(30, TimeUnit.SECONDS))
          .as("launcher exits with its server")
          .isTrue();
    } finally {
      killed.set(true);
      launcher.destroyForcibly();
      left.forEach(ProcessHandle::destroyForcibly);
    }
    assertThat(errorsBeforeKill.get()).as("errors before the kill").isZero();
    assertThat(given)
        .as("case numbers given before the kill")
        .hasSizeGreaterThanOrEqualTo(MIN_CASES);
    System.out.println(
        "[durability] "
            + label
            + ": "
            + THREADS
            + " threads; server JVM killed (SIGKILL) after "
            + answered.size()
            + " messages answered 200 and "
            + given.size()
            + " case numbers given");

    // restart on the same data; every case number given works
    JarProcess second = JarProcess.start(dir, env, port, "second.log");
    Process again = second.launcher();
    List<ProcessHandle> leftAgain = new ArrayList<>();
    try {
      second.awaitHealthy(Duration.ofSeconds(240));
      WxClient wx =
          new WxClient(
              base,
              TOKEN,
              "unused",
              "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
              Clock.systemUTC());
      List<String> unknown = new ArrayList<>();
      for (String[] c : given) {
        WxClient.Answer a = wx.say(c[0], "补充 " + c[1] + " 单位地址在三楼");
        assertThat(a.status()).isEqualTo(200);
        if (a.content() == null || !a.content().contains("已将您的补充内容转给承办单位")) {
          unknown.add(c[1] + ": " + a.content());
        }
      }
      assertThat(unknown)
          .as("case numbers given before the kill that the restarted server does not know")
          .isEmpty();
      // Messages logged before the kill whose handler the kill cut short (answered or not) have no
      // outcome; once the grace is over the restarted server's sweep handles them.
      Duration untilSwept =
          Duration.between(Instant.now(), killedAt.plus(ORPHAN_GRACE).plusSeconds(15));
      if (!untilSwept.isNegative()) {
        Thread.sleep(untilSwept.toMillis());
      }
      leftAgain.addAll(second.server().descendants().toList());
    } finally {
      again.destroy(); // SIGTERM, forwarded: a graceful stop releases the H2 file
      if (!again.waitFor(60, TimeUnit.SECONDS)) {
        again.destroyForcibly();
      }
      leftAgain.forEach(ProcessHandle::destroyForcibly);
    }

    Stored stored = reader.read();
    System.out.println(
        "[durability] "
            + label
            + ": after the restart, lost "
            + answered.stream().filter(id -> !stored.handled().contains("m:" + id)).count()
            + " of "
            + answered.size()
            + " answered messages, "
            + given.stream().filter(c -> !stored.cases().contains(c[1])).count()
            + " of "
            + given.size()
            + " case numbers");
    long swept =
        ORPHANS_HANDLED
            .matcher(Files.readString(second.log()))
            .results()
            .mapToLong(m -> Long.parseLong(m.group(1)))
            .sum();
    System.out.println(
        "[durability] "
            + label
            + ": "
            + swept
            + " messages logged before the kill without an outcome were handled by the restarted"
            + " server's sweep; "
            + stored.unhandled().size()
            + " left without an outcome");
    assertThat(stored.unhandled())
        .as("messages logged but never handled, after the orphan sweep")
        .isEmpty();
    List<Long> lost =
        answered.stream().filter(id -> !stored.handled().contains("m:" + id)).toList();
    assertThat(lost)
        .as("messages answered 200 but not stored with their outcome (of " + answered.size() + ")")
        .isEmpty();
    List<String> lostCases =
        given.stream().map(c -> c[1]).filter(n -> !stored.cases().contains(n)).toList();
    assertThat(lostCases)
        .as("case numbers given but not stored (of " + given.size() + ")")
        .isEmpty();
    return stored;
  }

  /** A whole 我要求助 conversation; the case number of its last answer is remembered. */
  private static void converse(
      WxClient wx,
      String openid,
      ConcurrentLinkedQueue<Long> answered,
      ConcurrentLinkedQueue<String[]> given) {
    String[] steps = {"我要求助", "1", "单位拖欠工资三个月，老板联系不上", "总工会", "1", "13800138000", "1"};
    for (String step : steps) {
      String reply = say(wx, openid, step, answered);
      if (reply == null) {
        return;
      }
      Matcher number = CASE_NUMBER.matcher(reply);
      if (number.find()) {
        given.add(new String[] {openid, number.group(1)});
        return;
      }
    }
    throw new IllegalStateException("the conversation ended without a case number");
  }

  /** Sends a text; a 200 answer counts as answered. Null when the server went away. */
  private static String say(
      WxClient wx, String openid, String text, ConcurrentLinkedQueue<Long> answered) {
    long msgId = WxClient.nextMsgId();
    WxClient.Answer a;
    try {
      a = wx.post(WxClient.text(openid, text, msgId, wx.now()));
    } catch (IllegalStateException e) {
      if (e.getCause() instanceof IOException) {
        return null;
      }
      throw e;
    }
    if (a.status() != 200) {
      throw new IllegalStateException("answered " + a.status());
    }
    answered.add(msgId);
    return a.content() == null ? "" : a.content();
  }
}
