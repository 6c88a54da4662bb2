package cn.union.helpdesk;

import static cn.union.support.WeChatWithFaults.LATE;
import static org.assertj.core.api.Assertions.assertThat;

import cn.union.platform.PlatformConfig;
import cn.union.sla.SlaSweep;
import cn.union.support.ApiClient;
import cn.union.support.ApiClient.Res;
import cn.union.support.FakeWeChatApi;
import cn.union.support.FakeWeChatApi.Request;
import cn.union.support.FakeWeChatApi.Treatment;
import cn.union.support.SlowRoute;
import cn.union.support.WeChatWithFaults;
import cn.union.support.WxClient;
import java.io.IOException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import me.chanjar.weixin.mp.api.WxMpService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.redisson.api.RedissonClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * WeChat's API failing the ways a network and a busy service do: slow past the read timeout,
 * refusing connections, answering 5xx, dropping the line after reading the request. The application
 * talks to {@link FakeWeChatApi} with its timeouts cut to fractions of a second, and is driven the
 * way people use it: the worker over {@code /wx/portal}, the informant over the admin API.
 *
 * <p>What must hold: an answer is sent again (with backoff) only when it surely did not reach
 * WeChat; one that reached WeChat without an answer in time is shown as uncertain and never sent
 * again by itself, and the informant can send it again by hand; nothing is lost; and {@code
 * /wx/portal} answers within WeChat's 5 seconds whatever WeChat's API does meanwhile.
 */
class WeChatFaultsIT extends HelpdeskFixture {

  static final String TOKEN = "/cgi-bin/token";

  /** WeChat's own limit for the answer to a callback. */
  static final Duration CALLBACK_LIMIT = Duration.ofSeconds(5);

  /** An appid of its own, so its access token in the shared Redis is not the other tests'. */
  static final String APP_ID = "wxfaults0000000001";

  @RegisterExtension static final WeChatWithFaults faults = new WeChatWithFaults("FAULTS-", APP_ID);
  static final FakeWeChatApi weChat = faults.api();

  @DynamicPropertySource
  static void weChatBehindTheNetwork(DynamicPropertyRegistry registry) {
    faults.properties(registry);
    // Shorter than the default 4 s, so the slow handler of SlowRoute keeps the test short.
    registry.add("union.wx.reply-timeout", () -> "3s");
  }

  @Autowired HelpdeskJobs jobs;
  @Autowired RedissonClient redisson;
  @Autowired WxMpService wxApi;
  @Autowired SlaSweep sweep;

  Res answer(String informant, long id, String content) {
    Res reply = login(informant).post("/cases/" + id + "/replies", Map.of("content", content));
    assertThat(reply.status()).as(reply.raw()).isEqualTo(200);
    return reply;
  }

  /** The requests to {@code path} that name the worker. */
  List<Request> to(String path, String who) {
    return weChat.received(path).stream().filter(r -> r.body().contains(who)).toList();
  }

  String outboxStatus(long caseId) {
    return jdbc.queryForObject(
        "SELECT status FROM help_reply_outbox WHERE case_id = ? ORDER BY id DESC LIMIT 1",
        String.class,
        caseId);
  }

  void tokenExpired() {
    redisson.getBucket("wx:access_token:" + APP_ID).delete();
  }

  @Test
  void aTokenFetchThatTimesOutIsTriedAgainAndTheAnswerLeavesOnce() {
    long[] id = new long[1];
    String informant = acceptedCase(id);
    tokenExpired();
    weChat.delayNext(TOKEN, 1, LATE);

    Res reply = answer(informant, id[0], "已为您联系法律援助中心" + token);

    assertThat(reply.get("deliveredVia").asString()).isEqualTo("CUSTOM");
    assertThat(reply.get("status").asString()).isEqualTo("SENT");
    assertThat(weChat.received(TOKEN))
        .extracting(Request::treatment)
        .containsExactly(Treatment.DELAYED, Treatment.ANSWERED);
    assertThat(to(CUSTOM, openid))
        .singleElement()
        .satisfies(r -> assertThat(r.body()).contains("已为您联系法律援助中心" + token));
    JsonNode delivered = caseOf(login(informant), id[0]);
    assertThat(delivered.get("status").asString()).isEqualTo("AWAITING_RATING");
    assertThat(entry(delivered, "REPLIED").get("deliveryStatus").asString()).isEqualTo("SENT");
    assertThat(outboxStatus(id[0])).isEqualTo("SENT");
  }

  @Test
  void anAnswerWeChatTookTooLongToAcknowledgeIsUncertainAndNeverSentAgainByItself() {
    long[] id = new long[1];
    String informant = acceptedCase(id);
    weChat.delayNext(CUSTOM, 1, LATE);

    ApiClient console = login(informant);
    long began = System.nanoTime();
    Res reply =
        console.post("/cases/" + id[0] + "/replies", Map.of("content", "请携带劳动合同到区总工会" + token));
    Duration took = Duration.ofNanos(System.nanoTime() - began);
    assertThat(reply.status()).as(reply.raw()).isEqualTo(200);

    assertThat(reply.get("deliveredVia").asString()).isEqualTo("CUSTOM");
    assertThat(reply.get("status").asString()).isEqualTo("UNCERTAIN");
    assertThat(took).as("the console waits for the read timeout, not for WeChat").isLessThan(LATE);
    assertThat(to(CUSTOM, openid)).hasSize(1);
    JsonNode uncertain = caseOf(login(informant), id[0]);
    // Not counted as answered, so the informant still sees it needs doing.
    assertThat(uncertain.get("status").asString()).isEqualTo("REPLIED");
    assertThat(uncertain.get("repliedAt").isNull()).isTrue();
    assertThat(entry(uncertain, "REPLIED").get("deliveryStatus").asString()).isEqualTo("UNCERTAIN");
    assertThat(entry(uncertain, "DELIVERY_UNCERTAIN").get("detail").asString())
        .contains("结果不明")
        .contains("微信未在时限内答复")
        .contains("不再自动重发");
    assertThat(outboxStatus(id[0])).isEqualTo("UNCERTAIN");

    // Hours of retry runs later, WeChat has had that one request and no other: no second
    // customer-service message, no template message after it.
    for (int i = 0; i < 3; i++) {
      clock.advance(Duration.ofMinutes(61));
      assertThat(jobs.retryReplies()).isPresent();
    }
    assertThat(to(CUSTOM, openid)).hasSize(1);
    assertThat(to(TEMPLATE, openid)).isEmpty();

    // The informant asked the worker, who had nothing: the answer goes again, by hand.
    Res again = answer(informant, id[0], "再次答复：请携带劳动合同到区总工会" + token);
    assertThat(again.get("status").asString()).isEqualTo("SENT");
    assertThat(to(CUSTOM, openid)).hasSize(2);
    assertThat(caseOf(login(informant), id[0]).get("status").asString())
        .isEqualTo("AWAITING_RATING");
  }

  @Test
  void aTemplateMessageWhoseConnectionDroppedIsUncertainAndNotSentAgain() {
    long[] id = new long[1];
    String informant = acceptedCase(id);
    // The worker's 48 hours are over: the answer goes as a template message.
    clock.advance(Duration.ofHours(49));
    weChat.dropNext(TEMPLATE, 1);

    Res reply = answer(informant, id[0], "已协调用人单位补发工资");

    assertThat(reply.get("deliveredVia").asString()).isEqualTo("TEMPLATE");
    assertThat(reply.get("status").asString()).isEqualTo("UNCERTAIN");
    assertThat(
            entry(caseOf(login(informant), id[0]), "DELIVERY_UNCERTAIN").get("detail").asString())
        .contains("模板消息")
        .contains("断开");
    clock.advance(Duration.ofHours(2));
    jobs.retryReplies();
    assertThat(to(TEMPLATE, openid)).hasSize(1);
    assertThat(to(CUSTOM, openid)).isEmpty();
  }

  @Test
  void aSupervisionNoticeWhoseConnectionDroppedIsUncertainAndNotSentAgain() throws Exception {
    long[] id = new long[1];
    String informant = acceptedCase(id);
    String informantWx = "oStaff" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    Res code = login(informant).post("/me/wechat-binding", null);
    assertThat(code.status()).as(code.raw()).isEqualTo(201);
    clock.advance(Duration.ofSeconds(1));
    assertThat(wx.say(informantWx, "绑定 " + code.get("code").asString()).content()).contains("绑定成功");
    weChat.dropNext(TEMPLATE, 1);

    Res supervised =
        user("ORG_ADMIN", cityId).post("/cases/" + id[0] + "/supervise", Map.of("note", "请今天内答复"));
    assertThat(supervised.status()).as(supervised.raw()).isEqualTo(200);
    // Sent right after the commit.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while ("PENDING".equals(supervisionStatus(id[0])) && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(supervisionStatus(id[0])).isEqualTo("UNCERTAIN");
    assertThat(
            login(informant)
                .get("/alerts?kind=SUPERVISION")
                .get("items")
                .get(0)
                .get("status")
                .asString())
        .isEqualTo("UNCERTAIN");

    // Later sweeps leave it: the informant received at most that one template message.
    clock.advance(Duration.ofHours(1));
    assertThat(sweep.run(Duration.ofSeconds(30)).ran()).isTrue();
    assertThat(supervisionStatus(id[0])).isEqualTo("UNCERTAIN");
    assertThat(to(TEMPLATE, informantWx))
        .singleElement()
        .satisfies(r -> assertThat(r.treatment()).isEqualTo(Treatment.DROPPED));
  }

  String supervisionStatus(long caseId) {
    return jdbc.queryForObject(
        "SELECT status FROM help_case_alert WHERE case_id = ? AND kind = 'SUPERVISION'",
        String.class,
        caseId);
  }

  @Test
  void aRefusedConnectionIsTriedAgainWithBackoffAndTheAnswerLeavesOnce() throws IOException {
    long[] id = new long[1];
    String informant = acceptedCase(id);
    weChat.refuseConnections();

    Res reply = answer(informant, id[0], "已转交劳动监察大队" + token);

    assertThat(reply.get("deliveredVia").asString()).isEqualTo("CUSTOM");
    assertThat(reply.get("status").asString()).isEqualTo("PENDING");
    JsonNode waiting = caseOf(login(informant), id[0]);
    assertThat(entry(waiting, "REPLIED").get("deliveryStatus").asString()).isEqualTo("PENDING");
    assertThat(entry(waiting, "REPLIED").get("detail").asString())
        .contains("无法连接微信服务器")
        .contains("重试");
    assertThat(outboxStatus(id[0])).isEqualTo("PENDING");

    weChat.acceptConnections();
    clock.advance(Duration.ofSeconds(30));
    jobs.retryReplies();
    assertThat(to(CUSTOM, openid)).as("the first retry waits a minute").isEmpty();
    clock.advance(Duration.ofSeconds(31));
    assertThat(jobs.retryReplies()).isPresent();

    assertThat(to(CUSTOM, openid))
        .singleElement()
        .satisfies(r -> assertThat(r.treatment()).isEqualTo(Treatment.ANSWERED));
    JsonNode delivered = caseOf(login(informant), id[0]);
    assertThat(delivered.get("status").asString()).isEqualTo("AWAITING_RATING");
    assertThat(entry(delivered, "DELIVERED").get("detail").asString()).contains("第2次");
    clock.advance(Duration.ofHours(2));
    jobs.retryReplies();
    assertThat(to(CUSTOM, openid)).hasSize(1);
  }

  @Test
  void anAnswerWhoseNodeStoppedMidSendIsUncertainAndNotSentAgain() throws IOException {
    long[] id = new long[1];
    String informant = acceptedCase(id);
    weChat.refuseConnections();
    assertThat(answer(informant, id[0], "已联系街道调解室" + token).get("status").asString())
        .isEqualTo("PENDING");
    weChat.acceptConnections();
    // A node claims the retry and is killed while its request is on the wire: the row is left as
    // the claim wrote it, and the outcome is never recorded.
    clock.advance(Duration.ofSeconds(61));
    LocalDateTime now = LocalDateTime.ofInstant(clock.instant(), PlatformConfig.ZONE);
    assertThat(
            jdbc.update(
                "UPDATE help_reply_outbox SET attempts = attempts + 1, sending_since = ?,"
                    + " next_attempt_at = ? WHERE case_id = ? AND status = 'PENDING'"
                    + " AND sending_since IS NULL AND next_attempt_at <= ?",
                now,
                now.plus(ReplyOutbox.LEASE),
                id[0],
                now))
        .isEqualTo(1);

    // Within the lease nobody touches it; after it, the survivors do not send it again.
    jobs.retryReplies();
    assertThat(outboxStatus(id[0])).isEqualTo("PENDING");
    clock.advance(ReplyOutbox.LEASE.plusSeconds(1));
    jobs.retryReplies();

    assertThat(outboxStatus(id[0])).isEqualTo("UNCERTAIN");
    JsonNode uncertain = caseOf(login(informant), id[0]);
    assertThat(entry(uncertain, "REPLIED").get("deliveryStatus").asString()).isEqualTo("UNCERTAIN");
    assertThat(entry(uncertain, "DELIVERY_UNCERTAIN").get("detail").asString())
        .contains("第2次")
        .contains("服务器停止");
    clock.advance(Duration.ofHours(2));
    jobs.retryReplies();
    assertThat(to(CUSTOM, openid)).isEmpty();
  }

  @Test
  void anHttp5xxIsTriedAgainWithGrowingWaitsAndTheAnswerLeavesOnce() {
    long[] id = new long[1];
    String informant = acceptedCase(id);
    weChat.failNext(CUSTOM, 2, 503);

    Res reply = answer(informant, id[0], "仲裁申请材料清单已发给您" + token);
    assertThat(reply.get("status").asString()).isEqualTo("PENDING");
    assertThat(entry(caseOf(login(informant), id[0]), "REPLIED").get("detail").asString())
        .contains("HTTP 503");

    clock.advance(Duration.ofSeconds(61));
    jobs.retryReplies();
    assertThat(to(CUSTOM, openid)).hasSize(2);
    // After the second failure the wait doubles: two minutes.
    assertThat(waitUntilNextAttempt(id[0]))
        .isBetween(Duration.ofMinutes(2).minusSeconds(1), Duration.ofMinutes(2).plusSeconds(1));
    clock.advance(Duration.ofSeconds(61));
    jobs.retryReplies();
    assertThat(to(CUSTOM, openid)).hasSize(2);
    clock.advance(Duration.ofSeconds(61));
    jobs.retryReplies();

    assertThat(to(CUSTOM, openid))
        .extracting(Request::treatment)
        .containsExactly(Treatment.HTTP_ERROR, Treatment.HTTP_ERROR, Treatment.ANSWERED);
    assertThat(to(CUSTOM, openid)).filteredOn(Request::actedOn).hasSize(1);
    JsonNode delivered = caseOf(login(informant), id[0]);
    assertThat(delivered.get("status").asString()).isEqualTo("AWAITING_RATING");
    assertThat(entry(delivered, "DELIVERED").get("detail").asString()).contains("第3次");
  }

  Duration waitUntilNextAttempt(long caseId) {
    LocalDateTime next =
        jdbc.queryForObject(
            "SELECT next_attempt_at FROM help_reply_outbox WHERE case_id = ?",
            LocalDateTime.class,
            caseId);
    return Duration.between(LocalDateTime.ofInstant(clock.instant(), PlatformConfig.ZONE), next);
  }

  @Test
  void thePortalAnswersWithinFiveSecondsWhileWeChatHangs() throws Exception {
    long[] id = new long[1];
    String informant = acceptedCase(id);
    wxApi.getAccessToken();
    // From now on WeChat takes every message and never answers in time.
    weChat.delayNext(CUSTOM, 50, LATE);
    weChat.delayNext(TEMPLATE, 50, LATE);

    List<String> slowWorkers = new ArrayList<>();
    List<String> quickWorkers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      slowWorkers.add("oSlow" + UUID.randomUUID().toString().replace("-", "").substring(0, 20));
      quickWorkers.add("oQuick" + UUID.randomUUID().toString().replace("-", "").substring(0, 20));
    }
    ExecutorService pool = Executors.newFixedThreadPool(9);
    try {
      // The informant answers meanwhile: a console request held by WeChat.
      Future<Res> console =
          pool.submit(
              () -> login(informant).post("/cases/" + id[0] + "/replies", Map.of("content", "答复")));
      List<Future<Timed>> slow = new ArrayList<>();
      List<Future<Timed>> quick = new ArrayList<>();
      for (int i = 0; i < slowWorkers.size(); i++) {
        String slowOne = slowWorkers.get(i);
        String quickOne = quickWorkers.get(i);
        slow.add(pool.submit(() -> timed(slowOne, SlowRoute.WORD)));
        quick.add(pool.submit(() -> timed(quickOne, "帮助")));
      }
      for (Future<Timed> f : quick) {
        Timed t = f.get(30, TimeUnit.SECONDS);
        assertThat(t.answer().status()).isEqualTo(200);
        assertThat(t.took()).isLessThan(CALLBACK_LIMIT);
        assertThat(t.answer().content()).contains("求助");
      }
      for (Future<Timed> f : slow) {
        Timed t = f.get(30, TimeUnit.SECONDS);
        assertThat(t.answer().status()).isEqualTo(200);
        // WeChat is answered in time; the handler's answer will follow by customer-service message.
        assertThat(t.took()).isLessThan(CALLBACK_LIMIT);
      }
      Res answered = console.get(30, TimeUnit.SECONDS);
      assertThat(answered.status()).as(answered.raw()).isEqualTo(200);
      assertThat(answered.get("status").asString()).isEqualTo("UNCERTAIN");
    } finally {
      pool.shutdownNow();
    }
    // Each slow handler's answer was tried once, by customer-service message, and not again.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (slowWorkers.stream().anyMatch(w -> to(CUSTOM, w).isEmpty())
        && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    for (String w : slowWorkers) {
      assertThat(to(CUSTOM, w))
          .singleElement()
          .satisfies(r -> assertThat(r.body()).contains(SlowRoute.REPLY));
    }
    for (String w : quickWorkers) {
      assertThat(to(CUSTOM, w)).isEmpty();
    }
  }

  record Timed(WxClient.Answer answer, Duration took) {}

  Timed timed(String who, String text) {
    long began = System.nanoTime();
    WxClient.Answer answer = wx.say(who, text);
    return new Timed(answer, Duration.ofNanos(System.nanoTime() - began));
  }
}
