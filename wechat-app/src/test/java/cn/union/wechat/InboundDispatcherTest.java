package cn.union.wechat;

import static org.assertj.core.api.Assertions.assertThat;

import cn.union.notify.Reply;
import cn.union.platform.Copy;
import cn.union.support.Concurrently;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The dispatcher's hand-offs on the real inbound log (H2 in MySQL mode, the project's migrations)
 * where a full application would be slow to drive: a full handler pool.
 */
class InboundDispatcherTest {

  /** A data key of the tests' own: the spool encrypts what workers wrote with it. */
  static final cn.union.platform.DataProtection DATA =
      new cn.union.platform.DataProtection(
          new cn.union.platform.PlatformProperties(
              null, "unused", java.util.Base64.getEncoder().encodeToString(new byte[32]), false));

  HikariDataSource ds;
  InboundWriter writer;
  JdbcTemplate jdbc;
  final Copy copy = Copy.load("wechat");
  final RecordingChannel channel = new RecordingChannel();
  final List<String> sentByApi = channel.sent;
  final AtomicInteger handled = new AtomicInteger();

  @org.junit.jupiter.api.io.TempDir java.nio.file.Path spoolDir;

  @BeforeEach
  void setUp() {
    ds = Concurrently.migratedH2("dispatch");
    writer = new InboundWriter(ds);
    jdbc = new JdbcTemplate(ds);
  }

  @AfterEach
  void tearDown() throws Exception {
    writer.destroy();
    ds.close();
  }

  InboundDispatcher dispatcher(Executor executor) throws java.io.IOException {
    // The mapper only serves repeats, which these tests do not send.
    InboundSpool spool = new InboundSpool(spoolDir, DATA);
    InboundLog log = new InboundLog(null, writer, jdbc, Clock.systemUTC(), spool, DATA);
    WxRouter router =
        new WxRouter()
            .otherwise(
                in -> {
                  handled.incrementAndGet();
                  return Reply.text("答复");
                });
    return TestDispatchers.of(log, router, executor, channel, spool, jdbc, Clock.systemUTC());
  }

  static WxMessage text(String msgId) {
    return WxXml.message(
        "<xml><ToUserName>gh_test</ToUserName><FromUserName>oDispatch"
            + msgId
            + "</FromUserName><CreateTime>1763884800</CreateTime><MsgType>text</MsgType><Content>你好</Content>"
            + "<MsgId>"
            + msgId
            + "</MsgId></xml>");
  }

  @Test
  void aMessageTheFullHandlerPoolTurnsAwayIsRecordedFailedAndTheWorkerIsToldAtOnce()
      throws Exception {
    Executor full =
        task -> {
          throw new RejectedExecutionException("queue full");
        };
    String reply = dispatcher(full).dispatch(text("1001"), "1763884800:n1", "<xml/>");

    assertThat(reply).isEqualTo(copy.text("error"));
    assertThat(handled).hasValue(0);
    assertThat(sentByApi).isEmpty();
    // The outcome is written after the answer; it must arrive.
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (outcomes("FAILED") == 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(
            jdbc.queryForMap(
                "SELECT o.status, o.error FROM wx_inbound i JOIN wx_inbound_outcome o"
                    + " ON o.inbound_id = i.id WHERE i.dedupe_key = 'm:1001'"))
        .containsEntry("status", "FAILED")
        .hasEntrySatisfying(
            "error", e -> assertThat((String) e).contains("RejectedExecutionException"));
  }

  @Test
  void aHandledMessageIsAnsweredOnlyOnceItsOutcomeIsStored() throws Exception {
    String reply = dispatcher(Runnable::run).dispatch(text("1002"), "1763884800:n2", "<xml/>");

    assertThat(reply).isEqualTo("答复");
    assertThat(handled).hasValue(1);
    // No waiting here: the reply leaves only after the outcome's commit.
    assertThat(
            jdbc.queryForMap(
                "SELECT o.status, o.reply FROM wx_inbound i JOIN wx_inbound_outcome o"
                    + " ON o.inbound_id = i.id WHERE i.dedupe_key = 'm:1002'"))
        .containsEntry("status", "HANDLED")
        .containsEntry("reply", "答复");
  }

  int outcomes(String status) {
    return jdbc.queryForObject(
        "SELECT COUNT(*) FROM wx_inbound_outcome WHERE status = ?", Integer.class, status);
  }
}
