package cn.union.wechat;

import static org.assertj.core.api.Assertions.assertThat;

import cn.union.platform.Exclusive;
import cn.union.sandbox.SandboxWeChat;
import cn.union.support.ApiClient;
import cn.union.support.Concurrently;
import cn.union.support.IntegrationTest;
import cn.union.support.WxClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * Messages a stopped node logged and never finished: the node that logged them died while their
 * handler ran, before the outcome was stored. Such a node leaves either the logged row alone (it
 * died before the handler did anything) or the row and the handler's effects without the outcome
 * (it died just before the outcome's write); the tests leave the same in the database and sweep as
 * a node does, with the clock moved past the grace period.
 */
class InboundOrphansIT extends IntegrationTest {

  static final String CUSTOM = "/cgi-bin/message/custom/send";

  @Autowired WxProperties props;
  @Autowired JdbcTemplate jdbc;
  @Autowired SandboxWeChat sandbox;
  @Autowired RedissonClient redisson;
  @Autowired InboundDispatcher dispatcher;
  @Autowired InboundLog inboundLog;
  @Autowired InboundClaims claims;

  @Autowired
  @Qualifier("wxHandlerExecutor")
  ThreadPoolTaskExecutor handlers;

  WxClient wx;
  String openid;
  String token;
  String countyName;
  long countyId;

  @BeforeEach
  void setUp() {
    wx = new WxClient(baseUrl(), props.token(), props.appId(), props.aesKey(), clock);
    openid = "oOrphan" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    token = "测" + UUID.randomUUID().toString().substring(0, 6);
    ApiClient admin = admin();
    long rootId = admin.get("/orgs/tree").json().get(0).get("id").asLong();
    long cityId = createOrg(admin, rootId, token + "市总工会", "CITY");
    countyName = token + "区总工会";
    countyId = createOrg(admin, cityId, countyName, "COUNTY");
  }

  @Test
  void aMessageLoggedAndNeverHandledIsHandledOnceAndItsRetryGetsTheReply() {
    clock.set(Instant.now());
    assertThat(say("我要求助")).contains("类别");
    // The node logs the category and dies before its handler runs: the row, and nothing else.
    String xml = WxClient.text(openid, "4", WxClient.nextMsgId(), wx.now());
    long id = logOnly(xml);
    // WeChat's retries meanwhile: answered success (the first delivery may still be handled).
    assertThat(wx.post(xml).content()).isNull();

    clock.advance(Duration.ofMinutes(3));
    assertThat(sweeper().sweep()).isGreaterThanOrEqualTo(1);

    assertThat(customTo(openid))
        .singleElement()
        .satisfies(c -> assertThat(c.body()).contains("描述").contains("工资拖欠"));
    Map<String, Object> outcome = outcome(id);
    assertThat(outcome.get("status")).isEqualTo(WxInbound.HANDLED);
    assertThat((String) outcome.get("reply")).contains("描述");
    assertThat(claimsOf(id)).isEqualTo(1);

    // A retry after that gets the stored reply; another sweep finds nothing of this worker's.
    assertThat(wx.post(xml).content()).isEqualTo(outcome.get("reply"));
    sweeper().sweep();
    assertThat(customTo(openid)).hasSize(1);
    assertThat(claimsOf(id)).isEqualTo(1);

    // The conversation goes on from the step the sweep took.
    assertThat(say("公司拖欠三个月工资，老板联系不上")).contains("单位");
  }

  @Test
  void twoSweepsAtOnceHandleAMessageOnce() throws Exception {
    clock.set(Instant.now());
    String number = submitCase();
    String xml = WxClient.text(openid, "补充 老板今天还是没接电话", WxClient.nextMsgId(), wx.now());
    long id = logOnly(xml);
    clock.advance(Duration.ofMinutes(3));

    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Callable<Integer>> sweeps = List.of(() -> sweeper().sweep(), () -> sweeper().sweep());
      for (Future<Integer> f : Concurrently.together(pool, sweeps)) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }

    assertThat(followUps(number)).isEqualTo(1);
    assertThat(claimsOf(id)).isEqualTo(1);
    assertThat(followUpReplies()).as("the 补充's reply by API").hasSize(1);
    assertThat(outcome(id).get("status")).isEqualTo(WxInbound.HANDLED);
  }

  @Test
  void aHandledStepWhoseOutcomeWasLostIsNotTakenAgain() {
    clock.set(Instant.now());
    assertThat(say("我要求助")).contains("类别");
    assertThat(say("4")).contains("描述");
    // The description step is taken, and the node dies before the outcome is stored.
    String description = WxClient.text(openid, "公司拖欠三个月工资", WxClient.nextMsgId(), wx.now());
    String asked = wx.post(description).content();
    assertThat(asked).contains("单位");
    long described = idOf(description);
    jdbc.update("DELETE FROM wx_inbound_outcome WHERE inbound_id = ?", described);

    clock.advance(Duration.ofMinutes(3));
    sweeper().sweep();
    // Answered as the step answered then: the description is not taken as the unit's name.
    assertThat(customTo(openid))
        .singleElement()
        .satisfies(c -> assertThat(c.body()).contains("单位"));
    assertThat(outcome(described).get("reply")).isEqualTo(asked);
    assertThat(customTo(openid).get(0).body()).doesNotContain("没有找到");

    // The intake still waits for the unit, then the phone and the confirmation.
    assertThat(say(token + "区")).contains(countyName).contains("手机");
    assertThat(say("13800138123")).contains("确认");
    // The confirmation is taken (the case is created) and the node dies before the outcome.
    String confirm = WxClient.text(openid, "1", WxClient.nextMsgId(), wx.now());
    String done = wx.post(confirm).content();
    assertThat(done).containsPattern("编号 HB-\\d{8}-\\d{6}");
    long confirmed = idOf(confirm);
    jdbc.update("DELETE FROM wx_inbound_outcome WHERE inbound_id = ?", confirmed);

    clock.advance(Duration.ofMinutes(3));
    sweeper().sweep();
    // One case, and the same answer (the intake is over: "1" is not taken as a rating, nor as a
    // new intake's answer).
    assertThat(cases()).isEqualTo(1);
    assertThat(outcome(confirmed).get("reply")).isEqualTo(done);
    assertThat(customTo(openid)).hasSize(2);
    assertThat(customTo(openid).get(1).body()).contains(numberOf(done));
    assertThat(wx.post(confirm).content()).isEqualTo(done);
  }

  @Test
  void aFollowUpAndARatingHandledAgainAddNothing() {
    clock.set(Instant.now());
    String number = submitCase();
    String xml = WxClient.text(openid, "补充 又扣了一个月", WxClient.nextMsgId(), wx.now());
    assertThat(wx.post(xml).content()).contains("补充内容");
    long id = idOf(xml);
    jdbc.update("DELETE FROM wx_inbound_outcome WHERE inbound_id = ?", id);

    clock.advance(Duration.ofMinutes(3));
    sweeper().sweep();
    assertThat(followUps(number)).isEqualTo(1);
    assertThat(customTo(openid))
        .singleElement()
        .satisfies(c -> assertThat(c.body()).contains("补充内容").contains(number));
  }

  @Test
  void aStaffBindingHandledAgainIsAnsweredAsItWas() {
    clock.set(Instant.now());
    ApiClient admin = admin();
    long rootId = admin.get("/orgs/tree").json().get(0).get("id").asLong();
    ApiClient staff = admin.newUser("INFORMANT", rootId);
    ApiClient.Res code = staff.post("/me/wechat-binding", null);
    assertThat(code.status()).as(code.raw()).isEqualTo(201);
    String xml =
        WxClient.text(openid, "绑定 " + code.get("code").asString(), WxClient.nextMsgId(), wx.now());
    String bound = wx.post(xml).content();
    assertThat(bound).contains("绑定成功");
    long id = idOf(xml);
    jdbc.update("DELETE FROM wx_inbound_outcome WHERE inbound_id = ?", id);

    clock.advance(Duration.ofMinutes(3));
    sweeper().sweep();
    // The code was used up by the first handling: not a wrong code, the binding as it was.
    assertThat(outcome(id).get("reply")).isEqualTo(bound);
    assertThat(
            jdbc.queryForObject(
                "SELECT COUNT(*) FROM staff_user WHERE wx_openid = ?", Integer.class, openid))
        .isEqualTo(1);
  }

  @Test
  void aRatingHandledAgainRatesNoOtherCase() {
    clock.set(Instant.now());
    ApiClient informant = admin().newUser("INFORMANT", countyId);
    for (String number : List.of(submitCase(), submitCase())) {
      long caseId =
          jdbc.queryForObject("SELECT id FROM help_case WHERE number = ?", Long.class, number);
      assertThat(informant.post("/cases/" + caseId + "/accept", null).status()).isEqualTo(204);
      ApiClient.Res reply =
          informant.post(
              "/cases/" + caseId + "/replies", Map.of("content", "请携带劳动合同到区总工会" + token));
      assertThat(reply.status()).as(reply.raw()).isEqualTo(200);
    }
    assertThat(awaitingRating()).isEqualTo(2);
    String xml = WxClient.text(openid, "满意", WxClient.nextMsgId(), wx.now());
    String rated = wx.post(xml).content();
    assertThat(rated).contains("办结");
    long id = idOf(xml);
    jdbc.update("DELETE FROM wx_inbound_outcome WHERE inbound_id = ?", id);

    clock.advance(Duration.ofMinutes(3));
    sweeper().sweep();
    // Answered as the first time; the other case still waits for its own rating.
    assertThat(outcome(id).get("reply")).isEqualTo(rated);
    assertThat(awaitingRating()).isEqualTo(1);
    assertThat(
            jdbc.queryForObject(
                "SELECT COUNT(*) FROM help_case WHERE openid = ? AND status = 'SEALED'",
                Integer.class,
                openid))
        .isEqualTo(1);
  }

  int awaitingRating() {
    return jdbc.queryForObject(
        "SELECT COUNT(*) FROM help_case WHERE openid = ? AND status = 'AWAITING_RATING'",
        Integer.class,
        openid);
  }

  @Test
  void messagesWithinTheGracePeriodOrOutsideTheWindowAreLeftAlone() {
    Instant base = Instant.now();
    clock.set(base.minus(Duration.ofMinutes(40)));
    long old = logOnly(WxClient.text(openid, "帮助", WxClient.nextMsgId(), wx.now()));
    clock.set(base.minus(Duration.ofMinutes(1)));
    long young = logOnly(WxClient.text(openid, "关于", WxClient.nextMsgId(), wx.now()));
    clock.set(base);

    sweeper().sweep();
    assertThat(claimsOf(old)).isZero();
    assertThat(claimsOf(young)).isZero();
    assertThat(outcomes(old)).isEmpty();
    assertThat(outcomes(young)).isEmpty();
    assertThat(customTo(openid)).isEmpty();

    // The young one once it is past the grace period; the old one never.
    clock.set(base.plus(Duration.ofMinutes(2)));
    sweeper().sweep();
    assertThat(outcomes(young)).hasSize(1);
    assertThat(customTo(openid)).hasSize(1);
    assertThat(claimsOf(old)).isZero();
    assertThat(outcomes(old)).isEmpty();
  }

  @Test
  void aTryWhoseNodeStoppedTooIsTakenAgainAfterTheGracePeriod() {
    clock.set(Instant.now());
    long id = logOnly(WxClient.text(openid, "帮助", WxClient.nextMsgId(), wx.now()));
    clock.advance(Duration.ofMinutes(3));
    // Another node claimed it and stopped before handling it.
    assertThat(claims.claim(id)).isTrue();
    sweeper().sweep();
    assertThat(outcomes(id)).isEmpty();

    clock.advance(Duration.ofMinutes(3));
    sweeper().sweep();
    assertThat(outcomes(id)).hasSize(1);
    assertThat(claimsOf(id)).isEqualTo(2);
    assertThat(customTo(openid)).hasSize(1);
  }

  @Test
  void aMessageWaitingForABusyHandlerPoolPastTheGraceIsHandledOnceWhenTheSweepTakesIt()
      throws Exception {
    clock.set(Instant.now());
    String number = submitCase();
    String xml = WxClient.text(openid, "补充 排队等了很久的补充", WxClient.nextMsgId(), wx.now());
    long id;
    CountDownLatch open = holdHandlers();
    try {
      // The request waits out its reply window and leaves; the message waits for a handler.
      assertThat(wx.post(xml).content()).isNull();
      id = idOf(xml);
      // Past the grace period a sweep (this node's or another's) takes it as an orphan.
      clock.advance(Duration.ofMinutes(3));
      assertThat(sweeper().sweep()).isGreaterThanOrEqualTo(1);
    } finally {
      open.countDown();
    }
    // Then a handler is free for the waiting message: the sweep's try has it, so it does nothing.
    awaitHandlersIdle();
    assertThat(followUps(number)).isEqualTo(1);
    assertThat(claimsOf(id)).isEqualTo(1);
    assertThat(followUpReplies()).as("the 补充's reply by API").hasSize(1);
    assertThat(outcome(id).get("status")).isEqualTo(WxInbound.HANDLED);
  }

  @Test
  void aMessageThatWaitedLongForAHandlerClaimsItsTrySoNoSweepTakesItToo() throws Exception {
    clock.set(Instant.now());
    String number = submitCase();
    String xml = WxClient.text(openid, "补充 等到了处理的补充", WxClient.nextMsgId(), wx.now());
    CountDownLatch open = holdHandlers();
    try {
      assertThat(wx.post(xml).content()).isNull();
      clock.advance(Duration.ofMinutes(1));
    } finally {
      open.countDown();
    }
    awaitHandlersIdle();
    long id = idOf(xml);
    assertThat(claimsOf(id)).isEqualTo(1);
    assertThat(outcome(id).get("status")).isEqualTo(WxInbound.HANDLED);
    // A sweep past the grace period finds its outcome and leaves it.
    clock.advance(Duration.ofMinutes(3));
    sweeper().sweep();
    assertThat(followUps(number)).isEqualTo(1);
    assertThat(followUpReplies()).hasSize(1);
  }

  /** Keeps every handler thread of this node busy until the returned latch opens. */
  CountDownLatch holdHandlers() throws InterruptedException {
    ThreadPoolExecutor pool = handlers.getThreadPoolExecutor();
    int threads = Math.max(pool.getCorePoolSize(), pool.getPoolSize());
    CountDownLatch open = new CountDownLatch(1);
    CountDownLatch busy = new CountDownLatch(threads);
    for (int i = 0; i < threads; i++) {
      pool.execute(
          () -> {
            busy.countDown();
            try {
              open.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });
    }
    assertThat(busy.await(10, TimeUnit.SECONDS)).as("every handler thread held").isTrue();
    return open;
  }

  void awaitHandlersIdle() throws InterruptedException {
    ThreadPoolExecutor pool = handlers.getThreadPoolExecutor();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while ((pool.getActiveCount() > 0 || !pool.getQueue().isEmpty())
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(pool.getActiveCount()).as("handlers still busy").isZero();
  }

  /** A sweeper as a node has one: its own memory of how far it swept. */
  InboundOrphans sweeper() {
    return new InboundOrphans(
        jdbc, redisson, dispatcher, claims, clock, props, Duration.ofMinutes(30), true);
  }

  /** What a node that dies before the handler runs leaves: the logged row alone. */
  long logOnly(String xml) {
    WxMessage msg = WxXml.message(xml);
    WxInbound row =
        inboundLog.row(msg, wx.now() + ":" + UUID.randomUUID().toString().substring(0, 10), xml);
    assertThat(inboundLog.append(row).join()).isTrue();
    return row.getId();
  }

  String submitCase() {
    assertThat(say("我要求助")).contains("类别");
    assertThat(say("4")).contains("描述");
    assertThat(say("公司拖欠三个月工资，老板联系不上")).contains("单位");
    String unit = say(token + "区");
    if (unit.contains("手机")) {
      unit = say("13800138124");
    }
    assertThat(unit).contains("确认");
    return numberOf(say("1"));
  }

  static String numberOf(String done) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("HB-\\d{8}-\\d{6}").matcher(done);
    assertThat(m.find()).as(done).isTrue();
    return m.group();
  }

  String say(String text) {
    clock.advance(Duration.ofSeconds(1));
    WxClient.Answer a = wx.say(openid, text);
    assertThat(a.status()).isEqualTo(200);
    return a.content();
  }

  long idOf(String xml) {
    return jdbc.queryForObject(
        "SELECT id FROM wx_inbound WHERE dedupe_key = ?",
        Long.class,
        InboundLog.dedupeKey(WxXml.message(xml)));
  }

  Map<String, Object> outcome(long id) {
    return outcomes(id).get(0);
  }

  List<Map<String, Object>> outcomes(long id) {
    return jdbc.queryForList(
        "SELECT status, reply, error FROM wx_inbound_outcome WHERE inbound_id = ?", id);
  }

  int claimsOf(long id) {
    return jdbc.queryForObject(
        "SELECT COUNT(*) FROM wx_inbound_claim WHERE inbound_id = ?", Integer.class, id);
  }

  int cases() {
    return jdbc.queryForObject(
        "SELECT COUNT(*) FROM help_case WHERE openid = ?", Integer.class, openid);
  }

  int followUps(String number) {
    return jdbc.queryForObject(
        "SELECT COUNT(*) FROM help_case_event e JOIN help_case c ON c.id = e.case_id"
            + " WHERE c.number = ? AND e.kind = 'FOLLOW_UP'",
        Integer.class,
        number);
  }

  /** The replies by API to this worker's 补充. */
  List<SandboxWeChat.Call> followUpReplies() {
    return customTo(openid).stream().filter(c -> c.body().contains("补充内容")).toList();
  }

  List<SandboxWeChat.Call> customTo(String who) {
    return sandbox.calls(CUSTOM).stream().filter(c -> c.body().contains(who)).toList();
  }

  long createOrg(ApiClient as, long parentId, String name, String level) {
    ApiClient.Res r = as.post("/orgs", Map.of("parentId", parentId, "name", name, "level", level));
    assertThat(r.status()).as(r.raw()).isEqualTo(201);
    return r.get("id").asLong();
  }

  @Test
  void aNodeKilledInTheMiddleOfASweepKeepsTheOthersOutForHalfAMinuteAtMost() {
    // The sweep's lock lives while its holder renews it: should the holder die now, the lock
    // lapses within Redisson's 30 s watchdog timeout, not after a fixed lease of minutes (a
    // restarted node would then not sweep for that long).
    long[] ttl = {0};
    assertThat(
            Exclusive.run(
                redisson,
                InboundOrphans.LOCK,
                Duration.ZERO,
                () -> ttl[0] = redisson.getLock(InboundOrphans.LOCK).remainTimeToLive()))
        .isPresent();
    assertThat(ttl[0]).isBetween(1L, Duration.ofSeconds(30).toMillis());
    assertThat(redisson.getLock(InboundOrphans.LOCK).isLocked()).isFalse();
  }
}
