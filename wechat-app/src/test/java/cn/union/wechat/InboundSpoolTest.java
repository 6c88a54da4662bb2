package cn.union.wechat;

import static org.assertj.core.api.Assertions.assertThat;

import cn.union.notify.Reply;
import cn.union.platform.Copy;
import cn.union.support.Concurrently;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The inbound log with a database that stops answering (H2 behind a data source that refuses
 * connections): the message is spooled on disk and answered, and a replayer of a later start (a new
 * spool on the same folder) logs, handles and answers it by API once the database is back.
 */
class InboundSpoolTest {

  /** A data key of the tests' own: the spool encrypts what workers wrote with it. */
  static final cn.union.platform.DataProtection DATA =
      new cn.union.platform.DataProtection(
          new cn.union.platform.PlatformProperties(
              null, "unused", java.util.Base64.getEncoder().encodeToString(new byte[32]), false));

  @TempDir Path spoolDir;

  /** What the spool folder held when a process was killed. */
  @TempDir Path afterKill;

  /** Held by a handler of the text {@code 慢} while set: a handler slower than the reply window. */
  final java.util.concurrent.CountDownLatch slow = new java.util.concurrent.CountDownLatch(1);

  volatile boolean slowHandlers;

  HikariDataSource ds;
  InboundWriter writer;
  JdbcTemplate jdbc;
  final AtomicBoolean down = new AtomicBoolean();
  final Copy copy = Copy.load("wechat");
  final RecordingChannel channel = new RecordingChannel();
  final List<String> sentByApi = channel.sent;
  final AtomicInteger handled = new AtomicInteger();

  /** The handler pool: never the log writer's own thread, which a handler waits on. */
  final java.util.concurrent.ExecutorService pool =
      java.util.concurrent.Executors.newFixedThreadPool(4);

  @BeforeEach
  void setUp() {
    ds = Concurrently.migratedH2("spool");
    jdbc = new JdbcTemplate(ds);
    writer =
        new InboundWriter(
            new DelegatingDataSource(ds) {
              @Override
              public Connection getConnection() throws SQLException {
                if (down.get()) {
                  throw new SQLTransientConnectionException("connection refused (test)");
                }
                return super.getConnection();
              }
            });
  }

  @AfterEach
  void tearDown() throws Exception {
    pool.shutdownNow();
    writer.destroy();
    ds.close();
  }

  record Node(InboundDispatcher dispatcher, InboundReplayer replayer, InboundSpool spool) {}

  Node node() throws Exception {
    return node(spoolDir);
  }

  Node node(Path dir) throws Exception {
    InboundSpool spool = new InboundSpool(dir, DATA);
    InboundLog log = new InboundLog(mapper(ds), writer, jdbc, Clock.systemUTC(), spool, DATA);
    WxRouter router =
        new WxRouter()
            .otherwise(
                in -> {
                  if (slowHandlers && "慢".equals(in.content())) {
                    try {
                      slow.await();
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  }
                  handled.incrementAndGet();
                  return Reply.text("答复" + in.content());
                });
    InboundDispatcher dispatcher =
        TestDispatchers.of(log, router, pool, channel, spool, jdbc, Clock.systemUTC());
    return new Node(
        dispatcher,
        new InboundReplayer(
            spool,
            log,
            dispatcher,
            pool,
            new InboundClaims(jdbc, Clock.systemUTC(), Duration.ofMinutes(2))),
        spool);
  }

  /**
   * The log's mapper as the application gets it (MyBatis-Plus configuration, Spring's
   * SqlSessionTemplate): a replay that finds its message logged already reads the earlier row.
   */
  static WxInboundMapper mapper(javax.sql.DataSource dataSource) throws Exception {
    com.baomidou.mybatisplus.spring.MybatisSqlSessionFactoryBean factoryBean =
        new com.baomidou.mybatisplus.spring.MybatisSqlSessionFactoryBean();
    factoryBean.setDataSource(dataSource);
    com.baomidou.mybatisplus.core.MybatisConfiguration configuration =
        new com.baomidou.mybatisplus.core.MybatisConfiguration();
    configuration.setMapUnderscoreToCamelCase(true);
    factoryBean.setConfiguration(configuration);
    org.apache.ibatis.session.SqlSessionFactory factory = factoryBean.getObject();
    factory.getConfiguration().addMapper(WxInboundMapper.class);
    return new org.mybatis.spring.SqlSessionTemplate(factory).getMapper(WxInboundMapper.class);
  }

  static String xml(String msgId, String content) {
    return "<xml><ToUserName>gh_test</ToUserName><FromUserName>oSpool"
        + msgId
        + "</FromUserName><CreateTime>1763884800</CreateTime><MsgType>text</MsgType><Content>"
        + content
        + "</Content><MsgId>"
        + msgId
        + "</MsgId></xml>";
  }

  @Test
  void whileTheDatabaseIsDownMessagesAreSpooledAnsweredAndReplayedOnceItIsBack() throws Exception {
    Node before = node();
    down.set(true);
    String first =
        before
            .dispatcher()
            .dispatch(WxXml.message(xml("3001", "一")), "1763884800:a", xml("3001", "一"));
    String second =
        before
            .dispatcher()
            .dispatch(WxXml.message(xml("3002", "二")), "1763884800:b", xml("3002", "二"));

    assertThat(first).isEqualTo(copy.text("spooled"));
    assertThat(second).isEqualTo(copy.text("spooled"));
    assertThat(before.spool().entries()).hasSize(2);
    // What the worker wrote is on disk only encrypted.
    for (java.nio.file.Path entry : before.spool().entries()) {
      assertThat(java.nio.file.Files.readString(entry))
          .doesNotContain("oSpool300")
          .doesNotContain("一")
          .doesNotContain("\\u4E00")
          .doesNotContain("MsgId");
    }
    assertThat(handled).hasValue(0);
    assertThat(before.replayer().replay()).as("replayed while the database is still down").isZero();
    assertThat(before.spool().entries()).hasSize(2);

    // A later start of the node finds the spool on disk.
    down.set(false);
    Node after = node();
    assertThat(after.replayer().replay()).isEqualTo(2);

    assertThat(handled).hasValue(2);
    assertThat(sentByApi).containsExactlyInAnyOrder("oSpool3001:答复一", "oSpool3002:答复二");
    assertThat(
            jdbc.queryForList(
                "SELECT o.status FROM wx_inbound i JOIN wx_inbound_outcome o ON o.inbound_id = i.id"
                    + " WHERE i.dedupe_key IN ('m:3001', 'm:3002')",
                String.class))
        .containsExactly("HANDLED", "HANDLED");
    assertThat(after.spool().entries()).isEmpty();
    assertThat(after.replayer().replay()).isZero();
    assertThat(handled).hasValue(2);
  }

  @Test
  void anOutcomeThatCannotBeStoredIsSpooledAndStoredLater() throws Exception {
    Node node = node();
    String reply =
        node.dispatcher()
            .dispatch(WxXml.message(xml("3003", "三")), "1763884800:c", xml("3003", "三"));
    assertThat(reply).isEqualTo("答复三");
    long id =
        jdbc.queryForObject("SELECT id FROM wx_inbound WHERE dedupe_key = 'm:3003'", Long.class);
    jdbc.update("DELETE FROM wx_inbound_outcome WHERE inbound_id = ?", id);

    down.set(true);
    node.dispatcher().handleLate(id, WxXml.message(xml("3003", "三")), xml("3003", "三"), false);
    assertThat(node.spool().entries()).hasSize(1);
    down.set(false);
    assertThat(node.replayer().replay()).isEqualTo(1);
    assertThat(
            jdbc.queryForObject(
                "SELECT status FROM wx_inbound_outcome WHERE inbound_id = ?", String.class, id))
        .isEqualTo("HANDLED");
  }

  @Test
  void aMessageAnsweredWhileItsHandlerRanIsHandledAfterTheProcessDiedBeforeItsOutcome()
      throws Exception {
    Node before = node();
    slowHandlers = true;
    java.util.concurrent.ExecutorService request =
        java.util.concurrent.Executors.newSingleThreadExecutor();
    try {
      // The handler outlives the reply window: WeChat is answered success, the reply is to follow.
      String reply =
          request
              .submit(
                  () ->
                      before
                          .dispatcher()
                          .dispatch(
                              WxXml.message(xml("3005", "慢")), "1763884800:e", xml("3005", "慢")))
              .get(10, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(reply).isNull();
    } finally {
      request.shutdown();
    }
    // This process still runs the handler: its replay leaves the message alone.
    assertThat(before.replayer().replay()).isZero();
    List<Path> onDisk;
    try (var files = java.nio.file.Files.list(spoolDir)) {
      onDisk = files.toList();
    }
    assertThat(onDisk).hasSize(1);
    assertThat(java.nio.file.Files.readString(onDisk.get(0))).doesNotContain("3005");

    // Killed now: the next start finds the folder as it was, and handles the message once.
    for (Path f : onDisk) {
      java.nio.file.Files.copy(f, afterKill.resolve(f.getFileName()));
    }
    slowHandlers = false;
    Node after = node(afterKill);
    assertThat(after.replayer().replay()).isEqualTo(1);
    assertThat(handled).hasValue(1);
    assertThat(sentByApi).containsExactly("oSpool3005:答复慢");
    assertThat(
            jdbc.queryForObject(
                "SELECT o.status FROM wx_inbound i JOIN wx_inbound_outcome o ON o.inbound_id = i.id"
                    + " WHERE i.dedupe_key = 'm:3005'",
                String.class))
        .isEqualTo("HANDLED");
    assertThat(after.spool().entries()).isEmpty();
    assertThat(after.replayer().replay()).isZero();

    // In the process that did not die, the note goes once the handler's outcome is in, even when
    // its reply cannot be sent (Redis, which the reply window asks, is down).
    channel.redisDown = true;
    slow.countDown();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!isEmpty(spoolDir) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(isEmpty(spoolDir)).isTrue();
  }

  static boolean isEmpty(Path dir) throws java.io.IOException {
    try (var files = java.nio.file.Files.list(dir)) {
      return files.findAny().isEmpty();
    }
  }
}
