package cn.union;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cn.union.support.FakeWeChatApi;
import cn.union.support.FaultProxy;
import cn.union.support.JarProcess;
import cn.union.support.TestServices;
import cn.union.support.WxClient;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The jar on the prod profile against MariaDB and Redis (behind a relay this JVM can make hang). A
 * worker's answer to the intake's first question is logged, its handler hangs on Redis, and the
 * server JVM is killed (SIGKILL) while the request still waits for the passive reply: the message
 * is in {@code wx_inbound} without an outcome and nothing about it is in the spool. Started again
 * with Redis back, the server's orphan sweep handles it once the grace period has passed: the
 * outcome is stored, the reply reaches the worker as a customer-service message, WeChat's retry of
 * the message gets the stored reply, and the intake goes on from that step.
 */
class OrphansJarIT {

  static final String TOKEN = "orphanstoken";
  static final String AES = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
  static final String APPID = "wxorphans0000000001";

  @Test
  void aMessageWhoseServerWasKilledMidHandlerIsHandledOnceAfterTheGracePeriod() throws Exception {
    assumeTrue(
        TestServices.REAL_DB && !TestServices.REDIS_URL.isEmpty(),
        "MariaDB and Redis on 127.0.0.1 do not answer");
    FakeWeChatApi weChat = new FakeWeChatApi("ORPHANS-");
    String database = JarProcess.createDatabase("union_it_orphans_");
    URI redisUri = URI.create(TestServices.REDIS_URL);
    FaultProxy redis = new FaultProxy(redisUri.getHost(), redisUri.getPort());
    Map<String, String> env =
        JarProcess.prodEnv(
            JarProcess.databaseUrl(database), APPID, TOKEN, weChat.base(), "Orphans#2026okay");
    // Redis through the relay that can stall it
    env.put("REDIS_URL", "redis://127.0.0.1:" + redis.port() + redisUri.getPath());
    env.put("WX_AES_KEY", AES);
    // The shortest grace the reply window allows (ten times 4 s), swept every few seconds.
    env.put("UNION_WX_ORPHAN_GRACE", "PT40S");
    env.put("UNION_WX_ORPHAN_SWEEP_FIRST", "PT5S");
    env.put("UNION_WX_ORPHAN_SWEEP_EVERY", "PT5S");
    Path dir = Files.createTempDirectory("union-orphans");
    int port = JarProcess.freePort();
    JarProcess app = JarProcess.start(dir, env, port, "orphans.log");
    try {
      app.awaitHealthy(Duration.ofSeconds(240));
      WxClient wx = new WxClient(app.base(), TOKEN, APPID, AES, Clock.systemUTC());
      String openid = "oOrphanJar" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
      assertThat(wx.post(text(openid, "我要求助", WxClient.nextMsgId())).content()).contains("类别");

      long msgId = WxClient.nextMsgId() + 7_000_000_000L;
      String xml = text(openid, "4", msgId);
      redis.stall();
      CompletableFuture<Void> sending =
          CompletableFuture.runAsync(
              () -> {
                try {
                  wx.post(xml);
                } catch (RuntimeException killed) {
                  // the server dies under the request
                }
              });
      long id = awaitLogged(database, msgId);
      // Well inside the reply window (the handler waits on Redis): no note in the spool yet.
      ProcessHandle server = app.server();
      assertThat(server.destroyForcibly()).isTrue();
      server.onExit().get(30, TimeUnit.SECONDS);
      assertThat(app.launcher().waitFor(30, TimeUnit.SECONDS)).isTrue();
      sending.get(30, TimeUnit.SECONDS);
      assertThat(outcome(database, id)).as("outcome at the kill").isNull();
      Path spool = dir.resolve("data").resolve("inbound-spool");
      if (Files.isDirectory(spool)) {
        try (var files = Files.list(spool)) {
          assertThat(files.toList()).as("spool at the kill").isEmpty();
        }
      }

      redis.flow();
      app = JarProcess.start(dir, env, port, "orphans-restarted.log");
      app.awaitHealthy(Duration.ofSeconds(240));
      Map<String, String> handled = null;
      for (long until = System.currentTimeMillis() + 150_000;
          handled == null && System.currentTimeMillis() < until;
          Thread.sleep(1_000)) {
        handled = outcome(database, id);
      }
      assertThat(handled).as("outcome after the restart").isNotNull();
      assertThat(handled.get("status")).isEqualTo("HANDLED");
      assertThat(handled.get("reply")).contains("描述").contains("工资拖欠");
      assertThat(claims(database, id)).isEqualTo(1);
      List<String> sent = customSendsTo(weChat, openid);
      for (long until = System.currentTimeMillis() + 10_000;
          sent.isEmpty() && System.currentTimeMillis() < until;
          sent = customSendsTo(weChat, openid)) {
        Thread.sleep(200);
      }
      assertThat(sent).singleElement().satisfies(body -> assertThat(body).contains("描述"));

      // WeChat's retry gets the stored reply; the intake goes on from the step taken.
      assertThat(wx.post(xml).content()).isEqualTo(handled.get("reply"));
      assertThat(wx.post(text(openid, "公司拖欠三个月工资，老板联系不上", WxClient.nextMsgId())).content())
          .contains("单位");
      Thread.sleep(6_000);
      assertThat(customSendsTo(weChat, openid)).as("after another sweep").hasSize(1);
      assertThat(claims(database, id)).isEqualTo(1);
    } finally {
      app.close();
      redis.close();
      weChat.close();
      JarProcess.dropDatabase(database);
    }
  }

  static String text(String openid, String content, long msgId) {
    return WxClient.text(openid, content, msgId, Instant.now().getEpochSecond());
  }

  static List<String> customSendsTo(FakeWeChatApi weChat, String openid) {
    return weChat.customSends.stream().filter(b -> b.contains(openid)).toList();
  }

  static Connection connect(String database) throws Exception {
    return DriverManager.getConnection(JarProcess.databaseUrl(database), "root", "");
  }

  /** The id of the logged message, once its row is committed (within a few seconds). */
  static long awaitLogged(String database, long msgId) throws Exception {
    long until = System.currentTimeMillis() + 5_000;
    try (Connection c = connect(database);
        PreparedStatement st =
            c.prepareStatement("SELECT id FROM wx_inbound WHERE dedupe_key = ?")) {
      st.setString(1, "m:" + msgId);
      while (System.currentTimeMillis() < until) {
        try (ResultSet rs = st.executeQuery()) {
          if (rs.next()) {
            return rs.getLong(1);
          }
        }
        Thread.sleep(20);
      }
    }
    throw new AssertionError("the message was not logged within 5 s");
  }

  static Map<String, String> outcome(String database, long id) throws Exception {
    try (Connection c = connect(database);
        PreparedStatement st =
            c.prepareStatement(
                "SELECT status, reply FROM wx_inbound_outcome WHERE inbound_id = ?")) {
      st.setLong(1, id);
      try (ResultSet rs = st.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        Map<String, String> row = new HashMap<>();
        row.put("status", rs.getString(1));
        row.put("reply", rs.getString(2));
        return row;
      }
    }
  }

  static int claims(String database, long id) throws Exception {
    try (Connection c = connect(database);
        PreparedStatement st =
            c.prepareStatement("SELECT COUNT(*) FROM wx_inbound_claim WHERE inbound_id = ?")) {
      st.setLong(1, id);
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }
}
