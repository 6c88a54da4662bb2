package cn.union.wechat;

import static org.assertj.core.api.Assertions.assertThat;

import cn.union.UnionApplication;
import cn.union.platform.DataProtection;
import cn.union.platform.PlatformProperties;
import cn.union.platform.RedisConfig;
import cn.union.sandbox.SandboxWeChat;
import cn.union.support.ApiClient;
import cn.union.support.FaultProxy;
import cn.union.support.IntegrationTest;
import cn.union.support.TestServices;
import cn.union.support.WxClient;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The 我要求助 intake at its phone step on a second node whose Redis stops answering: the phone the
 * worker types fails for want of Redis and that node stops. The other node, which never saw the
 * failure, finds it in the database and handles it once, with the phone as typed (the inbound log
 * holds it only masked, and encrypted beside the outcome until the retry): the intake accepts it
 * and the case is submitted with it.
 */
class InboundRetryIT extends IntegrationTest {

  static final String PHONE = "13912345678";

  @Autowired WxProperties props;
  @Autowired JdbcTemplate jdbc;
  @Autowired SandboxWeChat sandbox;
  @Autowired RedisConfig.RedisEndpoint redis;
  @Autowired PlatformProperties platform;
  @Autowired RedissonClient redisson;
  @Autowired InboundDispatcher dispatcher;
  @Autowired InboundLog inboundLog;
  @Autowired DataProtection data;

  @Test
  void aPhoneTypedWhileRedisWasDownIsTakenByAnotherNodeOnceAndAsTyped() throws Exception {
    String openid = "oRetry" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    String token = "测" + UUID.randomUUID().toString().substring(0, 6);
    String county = token + "区总工会";
    ApiClient admin = admin();
    long rootId = admin.get("/orgs/tree").json().get(0).get("id").asLong();
    long cityId = createOrg(admin, rootId, token + "市总工会", "CITY");
    createOrg(admin, cityId, county, "COUNTY");

    URI target = URI.create(redis.address());
    try (FaultProxy cut = new FaultProxy(target.getHost(), target.getPort())) {
      ConfigurableApplicationContext second = startSecondNode(cut.port());
      try {
        WxClient here =
            new WxClient(baseUrl(), props.token(), props.appId(), props.aesKey(), clock);
        WxClient there =
            new WxClient(
                "http://127.0.0.1:" + second.getEnvironment().getProperty("local.server.port"),
                props.token(),
                props.appId(),
                props.aesKey(),
                clock);
        assertThat(here.click(openid, "HELP_REQUEST").content()).contains("类别");
        assertThat(here.say(openid, "4").content()).contains("描述");
        assertThat(here.say(openid, "公司拖欠三个月工资，老板联系不上").content()).contains("单位");
        assertThat(here.say(openid, token + "区").content()).contains(county).contains("手机");

        cut.stop();
        assertThat(there.say(openid, PHONE).status()).isEqualTo(200);
        Map<String, Object> failed = awaitOutcome(openid, PHONE);
        assertThat(failed.get("status")).isEqualTo(WxInbound.FAILED);
        assertThat((String) failed.get("error")).startsWith(InboundLog.RETRY_MARK);
        assertThat((String) failed.get("payload_enc")).startsWith("v1:");
        assertThat(data.decrypt((String) failed.get("payload_enc"))).contains(PHONE);
        // The log holds the phone masked only; the copy for the retry only encrypted.
        assertThat(
                jdbc.queryForList("SELECT * FROM wx_inbound WHERE openid = ?", openid).toString())
            .doesNotContain(PHONE)
            .contains("*******5678");
        assertThat(failed.toString()).doesNotContain(PHONE);
      } finally {
        // Stops with its Redis still cut off, so it cannot have tried the message itself.
        second.close();
      }
    }

    // A node that starts now has no memory of the failure: its first run sweeps the database (again
    // a moment later when another node's sweep held the lock).
    InboundRetry started = freshRetry();
    List<SandboxWeChat.Call> confirmations = confirmationsTo(openid);
    for (long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        confirmations.isEmpty() && System.nanoTime() < until;
        confirmations = confirmationsTo(openid)) {
      started.scheduled();
      Thread.sleep(200);
    }
    assertThat(confirmations)
        .singleElement()
        .satisfies(c -> assertThat(c.body()).contains("139****5678").contains(county));
    Map<String, Object> handled = outcome(openid, PHONE);
    assertThat(handled.get("status")).isEqualTo(WxInbound.HANDLED);
    assertThat(handled.get("payload_enc")).as("the kept copy after the retry").isNull();

    // Once: another start, and this node's own sweep, find nothing left.
    freshRetry().scheduled();
    assertThat(freshRetry().sweep()).isZero();
    assertThat(confirmationsTo(openid)).hasSize(1);

    // The intake goes on from the phone as typed.
    WxClient here = new WxClient(baseUrl(), props.token(), props.appId(), props.aesKey(), clock);
    assertThat(here.say(openid, "1").content()).containsPattern("编号 HB-\\d{8}-\\d{6}");
    String mobileEnc =
        jdbc.queryForObject(
            "SELECT mobile_enc FROM help_case WHERE openid = ? ORDER BY id DESC LIMIT 1",
            String.class,
            openid);
    assertThat(data.decrypt(mobileEnc)).isEqualTo(PHONE);
  }

  InboundRetry freshRetry() {
    return new InboundRetry(
        jdbc,
        redisson,
        dispatcher,
        inboundLog,
        data,
        clock,
        Duration.ofDays(1),
        Duration.ofMinutes(10));
  }

  /** The message's row with its outcome, once it has one. */
  Map<String, Object> awaitOutcome(String openid, String typed) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      List<Map<String, Object>> rows = outcomes(openid, typed);
      if (!rows.isEmpty()) {
        return rows.get(0);
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no outcome of the phone message within 30 s");
  }

  Map<String, Object> outcome(String openid, String typed) {
    return outcomes(openid, typed).get(0);
  }

  List<Map<String, Object>> outcomes(String openid, String typed) {
    return jdbc.queryForList(
        "SELECT o.status, o.error, o.reply, o.payload_enc FROM wx_inbound i"
            + " JOIN wx_inbound_outcome o ON o.inbound_id = i.id"
            + " WHERE i.openid = ? AND i.content = ?",
        openid,
        cn.union.platform.Masking.digitRuns(typed));
  }

  /** The customer-service messages to the worker that ask to confirm the intake. */
  List<SandboxWeChat.Call> confirmationsTo(String openid) {
    return sandbox.calls("/cgi-bin/message/custom/send").stream()
        .filter(c -> c.body().contains(openid) && c.body().contains("请确认您的求助"))
        .toList();
  }

  long createOrg(ApiClient as, long parentId, String name, String level) {
    ApiClient.Res r = as.post("/orgs", Map.of("parentId", parentId, "name", name, "level", level));
    assertThat(r.status()).as(r.raw()).isEqualTo(201);
    return r.get("id").asLong();
  }

  /**
   * A second node on the same database and data key, its Redis behind the relay; its own data
   * folder (its own spool). Its first sweep, ten seconds after it starts, is its last in the test.
   */
  ConfigurableApplicationContext startSecondNode(int redisPort) throws Exception {
    String password = redis.password() == null ? "" : ":" + redis.password() + "@";
    String redisUrl = "redis://" + password + "127.0.0.1:" + redisPort + "/" + redis.database();
    String dataKey = platform.dataKey();
    if (dataKey == null || dataKey.isBlank()) {
      dataKey = Files.readString(Path.of(platform.dataDir(), "data.key")).trim();
    }
    return new SpringApplicationBuilder(UnionApplication.class)
        .run(
            "--server.port=0",
            "--spring.datasource.url=" + TestServices.DB_URL,
            "--spring.datasource.username=" + TestServices.DB_USER,
            "--spring.datasource.password=" + TestServices.DB_PASSWORD,
            "--union.redis-url=" + redisUrl,
            "--union.data-dir=target/it-data-second",
            "--union.data-key=" + dataKey,
            "--union.wx.push-menu-on-start=false",
            "--union.wx.api-base=" + baseUrl() + "/sandbox",
            "--union.wx.retry-every=PT1H",
            "--union.wx.inbound-purge-enabled=false",
            "--union.admin.username=" + ADMIN,
            "--union.admin.password=" + ADMIN_PASSWORD,
            "--union.helpdesk.jobs-enabled=false",
            "--union.sla.sweep-enabled=false",
            "--union.enrollment.sweep-enabled=false",
            "--union.stats.refresh-enabled=false");
  }
}
