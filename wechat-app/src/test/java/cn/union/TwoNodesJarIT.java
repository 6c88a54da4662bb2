package cn.union;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cn.union.support.ApiClient;
import cn.union.support.ApiClient.Res;
import cn.union.support.FakeWeChatApi;
import cn.union.support.IdNumbersForTests;
import cn.union.support.JarProcess;
import cn.union.support.SseClient;
import cn.union.support.TestServices;
import cn.union.support.WxClient;
import java.io.IOException;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two instances of the jar, on two ports, against one MariaDB database and one Redis, as a province
 * runs it behind a load balancer; WeChat's API is a fake in this JVM that counts the calls. What
 * must hold: one access token serves both nodes, a message delivered to both is handled once, a
 * conversation may hop between nodes, a console session and its live events work on either node, a
 * vote or an enrollment delivered to both counts once, the SLA sweep started on both at the same
 * moment sends each reminder and escalation once, and when one node is killed (SIGKILL) in the
 * middle of traffic the other carries on and nothing either answered is lost.
 */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class TwoNodesJarIT {

  static final String TOKEN = "twonodestoken";
  static final String AES = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
  static final String PASSWORD = "TwoNodes#2026ok";

  static FakeWeChatApi weChat;
  static String database;
  static String url;
  static JarProcess a;
  static JarProcess b;

  @BeforeAll
  static void twoNodes() throws Exception {
    assumeTrue(
        TestServices.REAL_DB && !TestServices.REDIS_URL.isEmpty(),
        "MariaDB and Redis on 127.0.0.1 do not answer");
    weChat = new FakeWeChatApi("TWO-NODES-");

    database = JarProcess.createDatabase("union_it_nodes_");
    url = JarProcess.databaseUrl(database);
    Map<String, String> env =
        JarProcess.prodEnv(url, "wxtwonodes000000001", TOKEN, weChat.base(), PASSWORD);
    env.put("WX_AES_KEY", AES);
    // The first node migrates the database; the second starts beside it once the schema is there.
    // Each kept before it is healthy, so that a start that fails is still stopped after the tests.
    a =
        JarProcess.start(
            Files.createTempDirectory("union-node-a"), env, JarProcess.freePort(), "node-a.log");
    a.awaitHealthy(Duration.ofSeconds(240));
    b =
        JarProcess.start(
            Files.createTempDirectory("union-node-b"), env, JarProcess.freePort(), "node-b.log");
    b.awaitHealthy(Duration.ofSeconds(240));
  }

  @AfterAll
  static void stop() throws Exception {
    for (JarProcess node : new JarProcess[] {a, b}) {
      if (node != null) {
        node.close();
      }
    }
    if (weChat != null) {
      weChat.close();
    }
    JarProcess.dropDatabase(database);
  }

  static WxClient wx(JarProcess node) {
    return new WxClient(node.base(), TOKEN, "wxtwonodes000000001", AES, Clock.systemUTC());
  }

  static long count(String sql, Object... args) throws Exception {
    try (Connection c = DriverManager.getConnection(url, "root", "");
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

  /** The same signed message posted to both nodes at the same moment. */
  static List<WxClient.Answer> toBoth(String xml) {
    CompletableFuture<WxClient.Answer> onA = CompletableFuture.supplyAsync(() -> wx(a).post(xml));
    CompletableFuture<WxClient.Answer> onB = CompletableFuture.supplyAsync(() -> wx(b).post(xml));
    return List.of(onA.join(), onB.join());
  }

  @Test
  void aMessageDeliveredToBothNodesIsHandledOnce() throws Exception {
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String openid = "oTwoNodes" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
      long msgId = WxClient.nextMsgId() + 7_000_000_000L;
      ids.add(msgId);
      List<WxClient.Answer> answers =
          toBoth(WxClient.text(openid, "我要求助", msgId, Instant.now().getEpochSecond()));
      for (WxClient.Answer answer : answers) {
        assertThat(answer.status()).isEqualTo(200);
      }
      // One node handled it and answered; the other found it logged and answered the stored reply
      // (or success while the first was still at it): never a second handling.
      assertThat(answers).anySatisfy(x -> assertThat(x.content()).contains("类别"));
      assertThat(count("SELECT COUNT(*) FROM wx_inbound WHERE dedupe_key = ?", "m:" + msgId))
          .as("logged once")
          .isEqualTo(1);
    }
    System.out.println(
        "[two-nodes] 20 messages delivered to both nodes, each logged and handled once");
  }

  @Test
  void aConversationHopsBetweenNodesAndTheConsoleWorksOnEither() throws Exception {
    ApiClient adminOnA = ApiClient.loggedIn(a.base(), "admin", PASSWORD);
    // The session made on node A is good on node B.
    ApiClient adminOnB = new ApiClient(b.base()).token(adminOnA.token());
    assertThat(adminOnB.get("/me").status()).isEqualTo(200);
    long root = adminOnB.get("/orgs/tree").json().get(0).get("id").asLong();
    String unit = "双节点" + UUID.randomUUID().toString().substring(0, 4) + "区总工会";
    Res city =
        adminOnA.post(
            "/orgs",
            Map.of(
                "parentId",
                root,
                "name",
                "两地" + UUID.randomUUID().toString().substring(0, 4) + "市总工会",
                "level",
                "CITY"));
    assertThat(city.status()).as(city.raw()).isEqualTo(201);
    Res county =
        adminOnA.post(
            "/orgs", Map.of("parentId", city.get("id").asLong(), "name", unit, "level", "COUNTY"));
    assertThat(county.status()).as(county.raw()).isEqualTo(201);

    // Live events: subscribed on B, the case is submitted through A.
    Res ticket = adminOnA.post("/cases/events/ticket", null);
    assertThat(ticket.status()).as(ticket.raw()).isEqualTo(200);
    try (SseClient sse =
        SseClient.open(
            b.base() + ApiClient.API + "/cases/events?ticket=" + ticket.get("ticket").asString())) {
      assertThat(sse.status()).isEqualTo(200);
      sse.await("ready", "{}", Duration.ofSeconds(10));
      String worker = "oHop" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
      String number = submitCase(worker, unit.substring(0, 6), a, b);
      sse.await("case", number, Duration.ofSeconds(15));

      // The informant's answer goes out from B with the token A's start-up fetched.
      long caseId = count("SELECT id FROM help_case WHERE number = ?", number);
      assertThat(adminOnB.post("/cases/" + caseId + "/accept", null).status()).isEqualTo(204);
      Res reply =
          adminOnB.post("/cases/" + caseId + "/replies", Map.of("content", "已联系用人单位，请留意电话"));
      assertThat(reply.status()).as(reply.raw()).isEqualTo(200);
      assertThat(weChat.customSends).anySatisfy(s -> assertThat(s).contains("已联系用人单位"));
    }
    assertThat(weChat.tokenFetches.get()).as("access-token fetches for two nodes").isEqualTo(1);

    // A logout on A ends the session on B at once, though B checked the token a moment ago (a
    // node takes a token it checked within the last 2 s as checked, until it hears of an end).
    assertThat(adminOnB.get("/me").status()).isEqualTo(200);
    long checkedOnB = System.nanoTime();
    assertThat(adminOnA.post("/auth/logout", null).status()).isEqualTo(204);
    int onB = adminOnB.get("/me").status();
    while (onB == 200 && System.nanoTime() - checkedOnB < Duration.ofMillis(1500).toNanos()) {
      Thread.sleep(20);
      onB = adminOnB.get("/me").status();
    }
    assertThat(onB).as("B's answer within 1.5 s of its last check").isEqualTo(401);
    System.out.println(
        "[two-nodes] a conversation over both nodes, a session and live events across them; "
            + weChat.tokenFetches.get()
            + " token fetch for "
            + weChat.customSends.size()
            + " messages sent");
  }

  @Test
  void aVoteDeliveredToBothNodesCountsOnce() throws Exception {
    ApiClient admin = ApiClient.loggedIn(b.base(), "admin", PASSWORD);
    Instant now = Instant.now();
    Res campaign =
        admin.post(
            "/campaigns",
            Map.of(
                "title",
                "双节点评选",
                "startAt",
                now.minusSeconds(60).toString(),
                "endAt",
                now.plus(Duration.ofDays(3)).toString(),
                "votesPerVoterPerDay",
                5));
    assertThat(campaign.status()).as(campaign.raw()).isEqualTo(201);
    long id = campaign.get("id").asLong();
    Res candidate =
        admin.post("/campaigns/" + id + "/candidates", Map.of("name", "王师傅", "unit", "一线班组"));
    assertThat(candidate.status()).as(candidate.raw()).isEqualTo(201);
    int number = candidate.get("number").asInt();
    int voters = 10;
    for (int i = 0; i < voters; i++) {
      String voter = "oVoteTwo" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
      long msgId = WxClient.nextMsgId() + 8_000_000_000L;
      List<WxClient.Answer> answers =
          toBoth(WxClient.text(voter, "投票 " + number, msgId, Instant.now().getEpochSecond()));
      assertThat(answers).anySatisfy(x -> assertThat(x.content()).contains("投票成功"));
    }
    Res results = admin.get("/campaigns/" + id + "/results");
    assertThat(results.status()).as(results.raw()).isEqualTo(200);
    assertThat(results.raw())
        .as("results after %d voters each delivered to both nodes", voters)
        .contains("\"votes\":" + voters);
    System.out.println(
        "[two-nodes] " + voters + " votes, each delivered to both nodes, counted " + voters);
  }

  /**
   * A worker asks for help over the nodes in turn (one message to each, round the list): 我要求助,
   * category, description, unit, phone, confirmation. Returns the case number.
   */
  static String submitCase(String worker, String unitToken, JarProcess... hop) {
    String[] steps = {"我要求助", "4", "单位拖欠工资三个月", unitToken};
    int n = 0;
    String last = "";
    for (String step : steps) {
      last = wx(hop[n++ % hop.length]).say(worker, step).content();
    }
    if (last.contains("1. ")) {
      last = wx(hop[n++ % hop.length]).say(worker, "1").content();
    }
    assertThat(last).as("the unit step, answered by whichever node").contains("手机");
    assertThat(wx(hop[n++ % hop.length]).say(worker, "13900139401").content()).contains("确认");
    String done = wx(hop[n % hop.length]).say(worker, "1").content();
    assertThat(done).contains("编号");
    return done.replaceAll("(?s).*编号 (HB-\\d{8}-\\d{6}).*", "$1");
  }

  static long createOrg(ApiClient admin, long parentId, String name, String level) {
    Res r = admin.post("/orgs", Map.of("parentId", parentId, "name", name, "level", level));
    assertThat(r.status()).as(r.raw()).isEqualTo(201);
    return r.get("id").asLong();
  }

  /**
   * Binds a staff member's WeChat as they do it: a code from the console, 绑定 code sent to the
   * account.
   */
  static String bind(ApiClient staff, JarProcess node) {
    String openid = "oStaffTwo" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    Res code = staff.post("/me/wechat-binding", null);
    assertThat(code.status()).as(code.raw()).isEqualTo(201);
    assertThat(wx(node).say(openid, "绑定 " + code.get("code").asString()).content())
        .contains("绑定成功");
    return openid;
  }

  static long templatesAbout(String openid, String number) {
    return weChat.templateSends.stream()
        .filter(t -> t.contains(openid) && t.contains(number))
        .count();
  }

  @Test
  void theSlaSweepStartedOnBothNodesAtOnceSendsEachReminderAndEscalationOnce() throws Exception {
    ApiClient admin = ApiClient.loggedIn(a.base(), "admin", PASSWORD);
    long root = admin.get("/orgs/tree").json().get(0).get("id").asLong();
    String token = UUID.randomUUID().toString().substring(0, 4);
    long city = createOrg(admin, root, "督办" + token + "市总工会", "CITY");
    String unit = "超期" + token + "区总工会";
    long county = createOrg(admin, city, unit, "COUNTY");
    // The reminder goes to the unit's informant, the escalation to the parent's admin.
    String informantWx = bind(admin.newUser("INFORMANT", county), a);
    String cityAdminWx = bind(admin.newUser("ORG_ADMIN", city), b);
    List<String> numbers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      numbers.add(
          submitCase(
              "oLate" + i + UUID.randomUUID().toString().replace("-", "").substring(0, 16),
              unit.substring(0, 6),
              b,
              a));
    }
    // Unanswered and an hour past due (the nodes' clocks are the machine's, so the cases move back,
    // not the clock);
    // the sweep's marks are reset so its next run looks back over the last days again.
    java.time.LocalDateTime late =
        java.time.LocalDateTime.now(java.time.ZoneId.of("Asia/Shanghai")).minusHours(1);
    try (Connection c = DriverManager.getConnection(url, "root", "");
        var st =
            c.prepareStatement("UPDATE help_case SET due_at = ?, due_date = ? WHERE number = ?")) {
      for (String number : numbers) {
        st.setObject(1, late);
        st.setObject(2, late.toLocalDate());
        st.setString(3, number);
        assertThat(st.executeUpdate()).isEqualTo(1);
      }
      c.createStatement().execute("DELETE FROM sla_sweep_mark");
    }

    // 立即执行 on both nodes at the same moment, twice each, three rounds (the scheduled sweep may join
    // in).
    String session = admin.token();
    AtomicInteger ran = new AtomicInteger();
    for (int round = 0; round < 3; round++) {
      java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
      List<CompletableFuture<Res>> runs = new ArrayList<>();
      for (JarProcess node : List.of(a, b, a, b)) {
        runs.add(
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    go.await();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                  }
                  return new ApiClient(node.base()).token(session).post("/sla/sweep", null);
                }));
      }
      go.countDown();
      for (CompletableFuture<Res> run : runs) {
        Res r = run.join();
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        if (r.get("ran").asBoolean()) {
          ran.incrementAndGet();
        }
      }
    }
    assertThat(ran.get()).as("sweeps that ran").isPositive();
    for (String number : numbers) {
      assertThat(templatesAbout(informantWx, number))
          .as("reminders of %s sent", number)
          .isEqualTo(1);
      assertThat(templatesAbout(cityAdminWx, number))
          .as("escalations of %s sent", number)
          .isEqualTo(1);
      assertThat(
              count(
                  "SELECT COUNT(*) FROM help_case_alert a JOIN help_case c ON c.id = a.case_id"
                      + " WHERE c.number = ? AND a.status = 'SENT'",
                  number))
          .as("alerts of %s", number)
          .isEqualTo(2);
      assertThat(
              count(
                  "SELECT COUNT(*) FROM help_case_alert_delivery d JOIN help_case_alert a ON a.id = d.alert_id"
                      + " JOIN help_case c ON c.id = a.case_id WHERE c.number = ?",
                  number))
          .isEqualTo(2);
    }
    System.out.println(
        "[two-nodes] SLA sweep started 12 times on both nodes at once ("
            + ran.get()
            + " ran): "
            + numbers.size()
            + " overdue cases, each reminded once and escalated once");
  }

  /**
   * One node handled the message and answered {@code expected}; the other answered the same stored
   * reply or {@code success} (the first was still at it), never an answer of its own: a second
   * handling would have taken the message for the form's next step and answered something else.
   */
  static void handledOnce(List<WxClient.Answer> answers, String expected) {
    assertThat(answers)
        .as("answers of both nodes")
        .anySatisfy(x -> assertThat(x.content()).contains(expected))
        .allSatisfy(
            x -> {
              assertThat(x.status()).isEqualTo(200);
              if (x.content() == null) {
                assertThat(x.body()).isEqualTo("success");
              } else {
                assertThat(x.content()).contains(expected);
              }
            });
  }

  @Test
  void anEnrollmentDeliveredToBothNodesCountsOnce() throws Exception {
    ApiClient admin = ApiClient.loggedIn(b.base(), "admin", PASSWORD);
    long root = admin.get("/orgs/tree").json().get(0).get("id").asLong();
    String token = UUID.randomUUID().toString().substring(0, 4);
    long city = createOrg(admin, root, "入会" + token + "市总工会", "CITY");
    long county = createOrg(admin, city, "入会" + token + "区总工会", "COUNTY");
    Res qr =
        admin.post("/qrcodes", Map.of("orgId", county, "label", token + "海报", "permanent", true));
    assertThat(qr.status()).as(qr.raw()).isEqualTo(201);
    String scene = qr.get("sceneStr").asString();
    int workers = 3;
    for (int i = 0; i < workers; i++) {
      String worker = "oJoinTwo" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
      long at = Instant.now().getEpochSecond();
      // Every message of the form, the scan and the final 确认 included, reaches both nodes.
      handledOnce(toBoth(WxClient.event(worker, "SCAN", scene, at)), "姓名");
      String[][] steps = {
        {"张三", "身份证"},
        {IdNumbersForTests.next(), "手机"},
        {"139 1234 5678", "工作单位"},
        {"宏达精密机械有限公司", "确认"},
        {"1", "已提交"}
      };
      for (String[] step : steps) {
        long msgId = WxClient.nextMsgId() + 6_000_000_000L;
        handledOnce(toBoth(WxClient.text(worker, step[0], msgId, at)), step[1]);
        assertThat(count("SELECT COUNT(*) FROM wx_inbound WHERE dedupe_key = ?", "m:" + msgId))
            .isEqualTo(1);
      }
      assertThat(count("SELECT COUNT(*) FROM enrollment WHERE openid = ?", worker))
          .as("applications")
          .isEqualTo(1);
      assertThat(
              count(
                  "SELECT COUNT(*) FROM enrollment WHERE openid = ? AND status = 'SUBMITTED'",
                  worker))
          .isEqualTo(1);
    }
    long qrId = qr.get("id").asLong();
    assertThat(count("SELECT COUNT(*) FROM enroll_scan WHERE qrcode_id = ?", qrId))
        .as("scans counted")
        .isEqualTo(workers);
    assertThat(count("SELECT COUNT(*) FROM enrollment WHERE poster_org_id = ?", county))
        .isEqualTo(workers);
    assertThat(weChat.qrTickets.get()).as("QR codes asked of WeChat").isEqualTo(1);
    System.out.println(
        "[two-nodes] "
            + workers
            + " enrollments, scan and every answer delivered to both nodes:"
            + " one application each");
  }

  @Test
  @org.junit.jupiter.api.Order(Integer.MAX_VALUE)
  void whenOneNodeIsKilledTheOtherCarriesOnAndNothingAnsweredIsLost() throws Exception {
    ConcurrentLinkedQueue<Long> answered = new ConcurrentLinkedQueue<>();
    java.util.concurrent.atomic.AtomicBoolean stop =
        new java.util.concurrent.atomic.AtomicBoolean();
    AtomicInteger afterKillOnB = new AtomicInteger();
    java.util.concurrent.atomic.AtomicBoolean killed =
        new java.util.concurrent.atomic.AtomicBoolean();
    List<Thread> senders = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      JarProcess node = t % 2 == 0 ? a : b;
      String prefix = "oKill" + t + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
      Thread sender =
          new Thread(
              () -> {
                WxClient client = wx(node);
                for (int n = 0; !stop.get(); n++) {
                  long msgId = WxClient.nextMsgId() + 9_000_000_000L;
                  try {
                    WxClient.Answer x =
                        client.post(
                            WxClient.text(
                                prefix + n,
                                "请问工会法律援助怎么申请？",
                                msgId,
                                Instant.now().getEpochSecond()));
                    if (x.status() == 200) {
                      answered.add(msgId);
                      if (killed.get() && node == b) {
                        afterKillOnB.incrementAndGet();
                      }
                    }
                  } catch (RuntimeException gone) {
                    // node A after the kill: no answer, so nothing is owed
                  }
                }
              });
      sender.start();
      senders.add(sender);
    }
    Thread.sleep(3_000);
    ProcessHandle server = a.server();
    List<ProcessHandle> left = server.descendants().toList();
    assertThat(server.destroyForcibly()).isTrue();
    server.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
    killed.set(true);
    left.forEach(ProcessHandle::destroyForcibly);
    Thread.sleep(4_000);
    stop.set(true);
    for (Thread t : senders) {
      t.join(30_000);
    }
    assertThat(afterKillOnB.get())
        .as("messages node B answered after node A was killed")
        .isPositive();
    List<Long> lost = new ArrayList<>();
    for (long msgId : answered) {
      if (count(
              "SELECT COUNT(*) FROM wx_inbound i JOIN wx_inbound_outcome o ON o.inbound_id = i.id"
                  + " WHERE i.dedupe_key = ?",
              "m:" + msgId)
          != 1) {
        lost.add(msgId);
      }
    }
    System.out.println(
        "[two-nodes] node A killed (SIGKILL) mid-traffic: "
            + answered.size()
            + " answered 200, "
            + afterKillOnB.get()
            + " of them by node B after the kill, lost "
            + lost.size());
    assertThat(lost).as("answered 200 but not stored with an outcome").isEmpty();
  }

  static String read(Path p) throws IOException {
    return Files.readString(p);
  }
}
