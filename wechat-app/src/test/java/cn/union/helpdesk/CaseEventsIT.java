package cn.union.helpdesk;

import static org.assertj.core.api.Assertions.assertThat;

import cn.union.support.ApiClient;
import cn.union.support.ApiClient.Res;
import cn.union.support.SseClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Informants learn of new cases and of workers' follow-ups as they happen, over Server-Sent Events
 * scoped to their org subtree, and a worker adds to an open case with 补充.
 */
class CaseEventsIT extends HelpdeskFixture {

  static final Duration WAIT = Duration.ofSeconds(10);

  SseClient subscribe(ApiClient as) throws InterruptedException {
    Res ticket = as.post("/cases/events/ticket", null);
    assertThat(ticket.status()).as(ticket.raw()).isEqualTo(200);
    SseClient sse =
        SseClient.open(
            baseUrl() + ApiClient.API + "/cases/events?ticket=" + ticket.get("ticket").asString());
    assertThat(sse.status()).isEqualTo(200);
    sse.await("ready", "{}", WAIT);
    return sse;
  }

  @Test
  void informantsSeeNewCasesOfTheirSubtreeAndOnlyThose() throws Exception {
    long otherCity = createOrg(admin, rootId, "丁" + token + "市总工会", "CITY");
    ApiClient county = user("INFORMANT", countyId);
    ApiClient stranger = user("INFORMANT", otherCity);
    try (SseClient ours = subscribe(county);
        SseClient theirs = subscribe(stranger)) {
      long id = submit("13800138200");
      String number = numberOf(id);
      JsonNode event =
          tools.jackson.databind.json.JsonMapper.builder()
              .build()
              .readTree(ours.await("case", number, WAIT).data());
      assertThat(event.get("caseId").asLong()).isEqualTo(id);
      assertThat(event.get("kind").asString()).isEqualTo("SUBMITTED");

      // A case of the other city reaches the other informant, who never saw ours before it.
      String otherWorker = "oHelp" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
      long otherId = submitTo(otherWorker, "丁" + token);
      List<SseClient.Event> before = new ArrayList<>();
      SseClient.Event e;
      while ((e = theirs.next(WAIT)) != null && !e.data().contains(numberOf(otherId))) {
        before.add(e);
      }
      assertThat(e).as("the other city's own case event").isNotNull();
      assertThat(before).noneMatch(x -> x.data().contains(number));
      assertThat(ours.next(Duration.ofMillis(500))).as("nothing of the other city for us").isNull();

      // Transferred down within the subtree: the county still hears of it.
      assertThat(
              county
                  .post("/cases/" + id + "/transfer", Map.of("orgId", townId, "reason", "属地办理"))
                  .status())
          .isEqualTo(204);
      assertThat(ours.await("case", number, WAIT).data()).contains("TRANSFERRED");
    }
  }

  /** A whole intake of another worker into the org found by {@code unitText}. */
  long submitTo(String worker, String unitText) {
    clock.advance(Duration.ofSeconds(1));
    assertThat(wx.click(worker, "HELP_REQUEST").content()).contains("类别");
    assertThat(wx.say(worker, "4").content()).contains("描述");
    assertThat(wx.say(worker, "单位欠薪").content()).contains("单位");
    String next = wx.say(worker, unitText).content();
    if (next.contains("1. ")) {
      next = wx.say(worker, "1").content();
    }
    assertThat(next).contains("手机");
    assertThat(wx.say(worker, "13900139201").content()).contains("确认");
    assertThat(wx.say(worker, "1").content()).contains("编号");
    return caseIdOf(worker);
  }

  @Test
  void aWorkersFollowUpLandsOnTheTimelineAndReachesTheInformantAtOnce() throws Exception {
    long id = submit("13800138201");
    String number = numberOf(id);
    ApiClient informant = user("INFORMANT", countyId);
    try (SseClient sse = subscribe(informant)) {
      String more = say("补充 工资条已找到，共欠薪三个月" + token);
      assertThat(more).contains("已将您的补充内容").contains(number);
      assertThat(sse.await("case", number, WAIT).data()).contains("FOLLOW_UP");
    }
    JsonNode detail = caseOf(informant, id);
    assertThat(entry(detail, "FOLLOW_UP").get("content").asString())
        .isEqualTo("工资条已找到，共欠薪三个月" + token);
    assertThat(entry(detail, "FOLLOW_UP").get("actor").asString()).isEqualTo("worker");

    // By number, too; an unknown number or a bare 补充 is explained.
    assertThat(say("补充 " + number + " 老板电话是多少我也有")).contains(number);
    assertThat(kinds(caseOf(informant, id)).stream().filter("FOLLOW_UP"::equals).count())
        .isEqualTo(2);
    assertThat(say("补充 HB-20000101-999999 内容")).contains("没有找到编号");
    assertThat(say("补充")).contains("补充 编号 内容");
    // 我的求助 tells how.
    clock.advance(Duration.ofSeconds(2));
    assertThat(wx.click(openid, "MY_REQUESTS").content()).contains("补充 " + number);
    // Someone without any case.
    assertThat(wx.say("oNobody" + UUID.randomUUID().toString().substring(0, 8), "补充 有事").content())
        .contains("没有办理中的求助");
  }

  @Test
  void theStreamNeedsAFreshTicket() throws Exception {
    ApiClient informant = user("INFORMANT", countyId);
    Res ticket = informant.post("/cases/events/ticket", null);
    String url =
        baseUrl() + ApiClient.API + "/cases/events?ticket=" + ticket.get("ticket").asString();
    try (SseClient first = SseClient.open(url)) {
      assertThat(first.status()).isEqualTo(200);
    }
    // Used once, it is gone; none, or a made-up one, is refused; no token, no ticket.
    try (SseClient again = SseClient.open(url)) {
      assertThat(again.status()).isEqualTo(401);
    }
    try (SseClient none = SseClient.open(baseUrl() + ApiClient.API + "/cases/events")) {
      assertThat(none.status()).isEqualTo(401);
    }
    assertThat(anonymous().post("/cases/events/ticket", null).status()).isEqualTo(401);
    assertThat(user("AUDITOR", rootId).post("/cases/events/ticket", null).status()).isEqualTo(403);
    // A ticket lives one minute.
    java.time.OffsetDateTime expires =
        java.time.OffsetDateTime.parse(
            informant.post("/cases/events/ticket", null).get("expiresAt").asString());
    assertThat(Duration.between(clock.instant(), expires.toInstant()))
        .isBetween(Duration.ofSeconds(50), Duration.ofSeconds(61));
  }

  @Test
  void aStreamEndsWhenItsUserLogsOutOrIsDisabled() throws Exception {
    ApiClient informant = user("INFORMANT", countyId);
    SseClient sse = subscribe(informant);
    // A ticket taken before the logout is worth nothing after it.
    String spare = informant.post("/cases/events/ticket", null).get("ticket").asString();
    assertThat(informant.post("/auth/logout", null).status()).isEqualTo(204);
    sse.await("closed", "", WAIT);
    try (SseClient late =
        SseClient.open(baseUrl() + ApiClient.API + "/cases/events?ticket=" + spare)) {
      assertThat(late.status()).isEqualTo(401);
    }

    String name = "i" + UUID.randomUUID().toString().substring(0, 8);
    ApiClient other = user("INFORMANT", countyId, name);
    SseClient second = subscribe(other);
    long id = jdbc.queryForObject("SELECT id FROM staff_user WHERE username = ?", Long.class, name);
    assertThat(admin.post("/users/" + id + "/disable", null).status()).isEqualTo(200);
    second.await("closed", "", WAIT);
    sse.close();
    second.close();
  }
}
