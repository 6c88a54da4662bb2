package cn.union.wechat;

import static org.assertj.core.api.Assertions.assertThat;

import cn.union.notify.Reply;
import cn.union.platform.Copy;
import cn.union.support.Concurrently;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.redisson.client.RedisConnectionException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The retry of messages that failed for want of Redis or the database, on the real inbound log (H2
 * in MySQL mode, the project's migrations), with nodes wired by hand: what one node recorded is
 * tried by a node started later, which has none of the first one's memory; once, however many nodes
 * sweep; and from the text as the worker typed it, which the log keeps only masked.
 */
class InboundRetryTest {

  static final cn.union.platform.DataProtection DATA = InboundSpoolTest.DATA;
  static final String PHONE = "13912345678";

  @TempDir Path spoolDir;

  HikariDataSource ds;
  JdbcTemplate jdbc;
  final AtomicBoolean redisDown = new AtomicBoolean();
  final AtomicBoolean dbDown = new AtomicBoolean();
  final Copy copy = Copy.load("wechat");
  final List<String> seen = Collections.synchronizedList(new ArrayList<>());
  final RecordingChannel channel = new RecordingChannel();
  final List<String> sentByApi = channel.sent;
  final List<InboundWriter> writers = new ArrayList<>();
  final ExecutorService pool = Executors.newFixedThreadPool(4);

  @BeforeEach
  void setUp() {
    ds = Concurrently.migratedH2("retry");
    jdbc = new JdbcTemplate(ds);
  }

  @AfterEach
  void tearDown() throws Exception {
    pool.shutdownNow();
    for (InboundWriter w : writers) {
      w.destroy();
    }
    ds.close();
  }

  /** One node: its own writer, log, spool, dispatcher, replayer and retry; the shared database. */
  record Node(
      InboundDispatcher dispatcher,
      InboundReplayer replayer,
      InboundRetry retry,
      InboundRetention retention) {}

  Node node(Clock clock) throws Exception {
    InboundWriter writer =
        new InboundWriter(
            new DelegatingDataSource(ds) {
              @Override
              public Connection getConnection() throws SQLException {
                if (dbDown.get()) {
                  throw new SQLTransientConnectionException("connection refused (test)");
                }
                return super.getConnection();
              }
            });
    writers.add(writer);
    InboundSpool spool = new InboundSpool(spoolDir, DATA);
    InboundLog log = new InboundLog(null, writer, jdbc, clock, spool, DATA);
    // Stands for the intake's phone step: Redis holds the conversation, the text must be a phone.
    WxRouter router =
        new WxRouter()
            .otherwise(
                in -> {
                  if (redisDown.get()) {
                    throw new RedisConnectionException("Unable to connect to Redis (test)");
                  }
                  if (dbDown.get()) {
                    throw new DataAccessResourceFailureException("the database went away (test)");
                  }
                  seen.add(in.content());
                  // As the intake's confirmation does: the phone shown masked.
                  return Reply.text("收到：" + cn.union.platform.Masking.digitRuns(in.content()));
                });
    InboundDispatcher dispatcher =
        TestDispatchers.of(log, router, pool, channel, spool, jdbc, clock);
    // Redis is only asked by the scheduled run (its ping and lock); these tests sweep by hand.
    InboundRetry retry =
        new InboundRetry(
            jdbc, null, dispatcher, log, DATA, clock, Duration.ofDays(1), Duration.ofMinutes(10));
    InboundRetention retention =
        new InboundRetention(jdbc, null, clock, Duration.ofDays(180), Duration.ofDays(1), true);
    return new Node(
        dispatcher,
        new InboundReplayer(
            spool, log, dispatcher, pool, new InboundClaims(jdbc, clock, Duration.ofMinutes(2))),
        retry,
        retention);
  }

  static String xml(String msgId, String content) {
    return "<xml><ToUserName><![CDATA[gh_test]]></ToUserName><FromUserName><![CDATA[oRetry"
        + msgId
        + "]]></FromUserName><CreateTime>1763884800</CreateTime><MsgType><![CDATA[text]]></MsgType>"
        + "<Content><![CDATA["
        + content
        + "]]></Content><MsgId>"
        + msgId
        + "</MsgId></xml>";
  }

  String dispatch(Node node, String msgId, String content) {
    return node.dispatcher()
        .dispatch(WxXml.message(xml(msgId, content)), "1763884800:" + msgId, xml(msgId, content));
  }

  Map<String, Object> stored(String msgId) {
    return jdbc.queryForMap(
        "SELECT i.content, i.payload, o.status, o.reply, o.error, o.payload_enc"
            + " FROM wx_inbound i JOIN wx_inbound_outcome o ON o.inbound_id = i.id"
            + " WHERE i.dedupe_key = ?",
        "m:" + msgId);
  }

  void awaitOutcome(String msgId) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline
        && jdbc.queryForObject(
                "SELECT COUNT(*) FROM wx_inbound i JOIN wx_inbound_outcome o ON o.inbound_id = i.id"
                    + " WHERE i.dedupe_key = ?",
                Integer.class,
                "m:" + msgId)
            == 0) {
      Thread.sleep(20);
    }
  }

  @Test
  void aPhoneSentWhileRedisWasDownIsHandledOnceAsTypedByANodeStartedAfterwards() throws Exception {
    Node before = node(Clock.systemUTC());
    redisDown.set(true);
    assertThat(dispatch(before, "4001", "我的手机" + PHONE)).isEqualTo(copy.text("error"));
    awaitOutcome("4001");

    Map<String, Object> failed = stored("4001");
    assertThat(failed.get("status")).isEqualTo(WxInbound.FAILED);
    assertThat((String) failed.get("error")).startsWith(InboundLog.RETRY_MARK);
    // The database holds the text masked and the message as received only encrypted.
    assertThat(failed.values().toString()).doesNotContain(PHONE).contains("*******5678");
    assertThat((String) failed.get("payload_enc")).startsWith("v1:");
    assertThat(DATA.decrypt((String) failed.get("payload_enc"))).contains(PHONE);
    assertThat(seen).isEmpty();

    // The node stops before Redis is back; the nodes that run later know nothing of the failure.
    redisDown.set(false);
    Node after = node(Clock.systemUTC());
    Node other = node(Clock.systemUTC());
    List<Callable<Integer>> sweeps =
        List.of(() -> after.retry().sweep(), () -> other.retry().sweep());
    int tried = 0;
    for (Future<Integer> f : Concurrently.together(pool, sweeps)) {
      tried += f.get();
    }

    assertThat(tried).as("tries over two nodes sweeping at once").isEqualTo(1);
    assertThat(seen).containsExactly("我的手机" + PHONE);
    assertThat(sentByApi).containsExactly("oRetry4001:收到：我的手机*******5678");
    Map<String, Object> handled = stored("4001");
    assertThat(handled.get("status")).isEqualTo(WxInbound.HANDLED);
    assertThat(handled.get("payload_enc")).as("the kept copy after the retry").isNull();
    assertThat(handled.values().toString()).doesNotContain(PHONE);
    assertThat(after.retry().sweep()).isZero();
    assertThat(node(Clock.systemUTC()).retry().sweep()).isZero();
    assertThat(seen).hasSize(1);
  }

  @Test
  void aFailureWithoutMaskedTextKeepsNoCopyAndIsTriedFromTheLog() throws Exception {
    Node before = node(Clock.systemUTC());
    redisDown.set(true);
    dispatch(before, "4002", "帮助");
    awaitOutcome("4002");
    assertThat(stored("4002").get("payload_enc")).isNull();

    redisDown.set(false);
    assertThat(node(Clock.systemUTC()).retry().sweep()).isEqualTo(1);
    assertThat(seen).containsExactly("帮助");
  }

  @Test
  void anOutcomeSpooledWhileTheDatabaseWasDownIsTriedAfterTheReplayWithItsCopy() throws Exception {
    Node before = node(Clock.systemUTC());
    // The database goes away while the handler runs: the failure's outcome goes to the spool.
    WxMessage msg = WxXml.message(xml("4003", "手机 139 1234 5678"));
    String received = xml("4003", "手机 139 1234 5678");
    long id = insertOnly(msg, received);
    dbDown.set(true);
    before.dispatcher().handleLate(id, msg, received, false);
    try (var files = Files.list(spoolDir)) {
      List<Path> entries = files.toList();
      assertThat(entries).hasSize(1);
      String onDisk = Files.readString(entries.get(0));
      assertThat(onDisk).contains("payloadEnc=").doesNotContain("139 1234");
    }

    dbDown.set(false);
    Node after = node(Clock.systemUTC());
    assertThat(after.replayer().replay()).isEqualTo(1);
    Map<String, Object> failed = stored("4003");
    assertThat((String) failed.get("error")).startsWith(InboundLog.RETRY_MARK);
    assertThat((String) failed.get("payload_enc")).startsWith("v1:");
    assertThat(failed.values().toString()).doesNotContain("139 1234 5678");

    assertThat(after.retry().sweep()).isEqualTo(1);
    assertThat(seen).containsExactly("手机 139 1234 5678");
    assertThat(stored("4003").get("payload_enc")).isNull();
  }

  @Test
  void failuresOlderThanTheWindowAreNotTriedAndTheirCopiesAreErased() throws Exception {
    Node before = node(Clock.systemUTC());
    redisDown.set(true);
    dispatch(before, "4005", "我的手机" + PHONE);
    awaitOutcome("4005");
    redisDown.set(false);

    Node later = node(Clock.offset(Clock.systemUTC(), Duration.ofHours(25)));
    assertThat(later.retry().sweep()).isZero();
    assertThat(later.retention().eraseRetryCopies()).isEqualTo(1);
    assertThat(stored("4005").get("payload_enc")).isNull();
    assertThat(stored("4005").get("status")).isEqualTo(WxInbound.FAILED);
    assertThat(seen).isEmpty();
    // Within the window the copy stays for the retry.
    Node now = node(Clock.systemUTC());
    redisDown.set(true);
    dispatch(now, "4006", "我的手机" + PHONE);
    awaitOutcome("4006");
    redisDown.set(false);
    assertThat(now.retention().eraseRetryCopies()).isZero();
    assertThat((String) stored("4006").get("payload_enc")).startsWith("v1:");
  }

  /** Logs a message without handling it, as a request does before the handler runs. */
  long insertOnly(WxMessage msg, String received) {
    InboundWriter writer = new InboundWriter(ds);
    writers.add(writer);
    InboundLog log = new InboundLog(null, writer, jdbc, Clock.systemUTC(), null, DATA);
    WxInbound row = log.row(msg, "1763884800:" + msg.msgId(), received);
    assertThat(log.append(row).join()).isTrue();
    return row.getId();
  }
}
