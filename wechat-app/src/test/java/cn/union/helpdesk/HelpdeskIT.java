package cn.union.helpdesk;

import static org.assertj.core.api.Assertions.assertThat;

import cn.union.platform.PlatformConfig;
import cn.union.support.ApiClient;
import cn.union.support.ApiClient.Res;
import cn.union.support.WxClient;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * 我要求助 driven as people use it: a worker talks to /wx/portal with signed XML, informants work the
 * case through the admin API, and the sandbox shows what WeChat would have delivered.
 */
class HelpdeskIT extends HelpdeskFixture {

  @Test
  void aWorkerAsksAnInformantAnswersAndTheWorkerRates() {
    intakeUntilConfirmation("13800138000");
    String done = say("1");
    LocalDate due =
        calendar.addWorkingDays(LocalDate.ofInstant(clock.instant(), PlatformConfig.ZONE), 2);
    assertThat(done).contains("编号").contains(due.toString()).contains(countyName);
    long id = caseIdOf(openid);
    Map<String, Object> row = jdbc.queryForMap("SELECT * FROM help_case WHERE id = ?", id);
    assertThat((String) row.get("number")).matches("[A-Z0-9-]+").isNotBlank();
    assertThat(done).contains((String) row.get("number"));
    assertThat(row.get("due_date").toString()).isEqualTo(due.toString());
    assertThat((String) row.get("mobile_enc")).doesNotContain("13800138000");
    assertThat((String) row.get("status")).isEqualTo("SUBMITTED");

    ApiClient informant = user("INFORMANT", countyId);
    Res list = informant.get("/cases");
    assertThat(list.status()).as(list.raw()).isEqualTo(200);
    JsonNode item = null;
    for (JsonNode i : list.get("items")) {
      if (i.get("id").asLong() == id) {
        item = i;
      }
    }
    assertThat(item).as(list.raw()).isNotNull();
    assertThat(item.get("status").asString()).isEqualTo("SUBMITTED");
    assertThat(item.get("category").asString()).isEqualTo("工资拖欠");
    assertThat(item.get("orgName").asString()).isEqualTo(countyName);
    assertThat(item.get("dueDate").asString()).isEqualTo(due.toString());
    assertThat(item.get("overdue").asBoolean()).isFalse();
    assertThat(list.get("page").asInt()).isEqualTo(1);

    Res detail = informant.get("/cases/" + id);
    assertThat(detail.status()).as(detail.raw()).isEqualTo(200);
    assertThat(detail.get("mobile").asString()).isEqualTo("138****8000");
    assertThat(detail.raw()).doesNotContain("13800138000").doesNotContain(openid);
    assertThat(kinds(detail.json())).containsExactly("SUBMITTED");
    assertThat(
            jdbc.queryForObject(
                "SELECT COUNT(*) FROM audit_log WHERE action = 'case.read' AND target_id = ?",
                Integer.class,
                String.valueOf(id)))
        .isEqualTo(1);

    assertThat(informant.post("/cases/" + id + "/accept", null).status()).isEqualTo(204);
    String answer = "请携带劳动合同到区总工会法律援助中心" + token;
    Res reply = informant.post("/cases/" + id + "/replies", Map.of("content", answer));
    assertThat(reply.status()).as(reply.raw()).isEqualTo(200);
    assertThat(reply.get("deliveredVia").asString()).isEqualTo("CUSTOM");
    assertThat(reply.get("status").asString()).isEqualTo("SENT");
    assertThat(sandbox.delivered(CUSTOM))
        .filteredOn(c -> c.body().contains(openid))
        .hasSize(1)
        .allSatisfy(c -> assertThat(c.body()).contains(answer));

    assertThat(say("满意")).contains("办结");
    JsonNode sealed = informant.get("/cases/" + id).json();
    assertThat(sealed.get("status").asString()).isEqualTo("SEALED");
    assertThat(sealed.get("rating").asString()).isEqualTo("SATISFIED");
    assertThat(kinds(sealed))
        .containsExactly("SUBMITTED", "ACCEPTED", "REPLIED", "AWAITING_RATING", "RATED", "SEALED");
    JsonNode replied = sealed.get("timeline").get(2);
    assertThat(replied.get("deliveryVia").asString()).isEqualTo("CUSTOM");
    assertThat(replied.get("deliveryStatus").asString()).isEqualTo("SENT");

    // The second request of the same worker does not ask for the phone again.
    intakeUntilConfirmation(null);
  }

  @Test
  void unsatisfiedReopensOnceThenTheNextRatingSeals() {
    long id = submit("13900139000");
    ApiClient informant = user("INFORMANT", countyId);
    informant.post("/cases/" + id + "/accept", null);
    informant.post("/cases/" + id + "/replies", Map.of("content", "已联系用人单位"));
    assertThat(say("不满意")).contains("重新");
    assertThat(informant.get("/cases/" + id).get("status").asString()).isEqualTo("REOPENED");
    assertThat(informant.post("/cases/" + id + "/accept", null).status()).isEqualTo(204);
    informant.post("/cases/" + id + "/replies", Map.of("content", "已督促发放工资"));
    assertThat(say("不满意")).contains("办结");
    JsonNode c = informant.get("/cases/" + id).json();
    assertThat(c.get("status").asString()).isEqualTo("SEALED");
    assertThat(c.get("reopened").asBoolean()).isTrue();
    assertThat(say("满意")).contains("没有待评价");
  }

  @Test
  void aClosedWindowFallsBackToATemplateMessage() {
    long id = submit("13800138001");
    ApiClient informant = user("ORG_ADMIN", countyId);
    informant.post("/cases/" + id + "/accept", null);
    sandbox.failNext(CUSTOM, 45015);
    Res reply = informant.post("/cases/" + id + "/replies", Map.of("content", "周一请到区总工会面谈"));
    assertThat(reply.status()).as(reply.raw()).isEqualTo(200);
    assertThat(reply.get("deliveredVia").asString()).isEqualTo("TEMPLATE");
    assertThat(reply.get("status").asString()).isEqualTo("SENT");
    String number =
        jdbc.queryForObject("SELECT number FROM help_case WHERE id = ?", String.class, id);
    assertThat(sandbox.delivered(TEMPLATE))
        .filteredOn(c -> c.body().contains(openid))
        .hasSize(1)
        .allSatisfy(c -> assertThat(c.body()).contains(number).contains("sandbox-reply-template"));
    JsonNode detail = informant.get("/cases/" + id).json();
    assertThat(detail.get("status").asString()).isEqualTo("AWAITING_RATING");
    assertThat(detail.get("timeline").get(2).get("deliveryVia").asString()).isEqualTo("TEMPLATE");
  }

  @Test
  void aRetriedConfirmationCreatesOneCase() {
    intakeUntilConfirmation("13800138002");
    String xml = WxClient.text(openid, "1", WxClient.nextMsgId(), wx.now());
    WxClient.Answer first = wx.post(xml);
    WxClient.Answer retry = wx.post(xml);
    assertThat(first.content()).contains("编号");
    assertThat(retry.content()).isEqualTo(first.content());
    assertThat(casesOf(openid)).isEqualTo(1);
  }

  @Test
  void cancelLeavesAtAnyStep() {
    wx.click(openid, "HELP_REQUEST");
    say("1");
    assertThat(say("取消")).contains("已取消");
    // No intake any more: a number is just a message, not a category.
    assertThat(say("1")).doesNotContain("描述");
    assertThat(casesOf(openid)).isZero();
  }

  @Test
  void aBadPhoneIsAskedAgainAndMediaIsKept() {
    assertThat(say("求助")).contains("类别");
    say("1");
    assertThat(
            wx.post(WxClient.media(openid, "image", "MEDIA_IMG_1", WxClient.nextMsgId(), wx.now()))
                .content())
        .contains("图片")
        .contains("描述");
    say("被辞退后没有拿到补偿");
    say(token + "区");
    assertThat(say("1")).contains("手机");
    assertThat(say("12345")).contains("手机");
    assertThat(say("23800138000")).contains("手机");
    assertThat(say("13700137000")).contains("确认").contains("137****7000").contains("1个");
    assertThat(say("1")).contains("编号");
    long id = caseIdOf(openid);
    assertThat(
            jdbc.queryForObject(
                "SELECT media_id FROM help_case_media WHERE case_id = ?", String.class, id))
        .isEqualTo("MEDIA_IMG_1");
  }

  @Test
  void anUnknownUnitIsAskedAgain() {
    wx.click(openid, "HELP_REQUEST");
    say("6");
    say("其他问题");
    assertThat(say("不存在的单位" + UUID.randomUUID().toString().substring(0, 6)))
        .contains("没有找到")
        .contains("单位");
    assertThat(say(token + "区")).contains(countyName);
  }

  @Test
  void transferKeepsTheDueDateAndReturnGoesToTheParent() {
    long id = submit("13800138003");
    ApiClient countyAdmin = user("ORG_ADMIN", countyId);
    String dueBefore = countyAdmin.get("/cases/" + id).get("dueAt").asString();
    Res moved =
        countyAdmin.post("/cases/" + id + "/transfer", Map.of("orgId", townId, "reason", "属地办理"));
    assertThat(moved.status()).as(moved.raw()).isEqualTo(204);
    JsonNode atTown = countyAdmin.get("/cases/" + id).json();
    assertThat(atTown.get("orgId").asLong()).isEqualTo(townId);
    assertThat(atTown.get("status").asString()).isEqualTo("TRANSFERRED");
    assertThat(atTown.get("dueAt").asString()).isEqualTo(dueBefore);

    ApiClient townInformant = user("INFORMANT", townId);
    assertThat(townInformant.get("/cases/" + id).status()).isEqualTo(200);
    Res back = townInformant.post("/cases/" + id + "/return", Map.of("reason", "不属于本街道"));
    assertThat(back.status()).as(back.raw()).isEqualTo(204);
    // Back at the county, out of the town's sight.
    assertThat(townInformant.get("/cases/" + id).status()).isEqualTo(404);
    JsonNode returned = countyAdmin.get("/cases/" + id).json();
    assertThat(returned.get("orgId").asLong()).isEqualTo(countyId);
    assertThat(returned.get("status").asString()).isEqualTo("RETURNED");
    assertThat(kinds(returned)).containsExactly("SUBMITTED", "TRANSFERRED", "RETURNED");

    // A transfer target outside the caller's subtree does not exist for them.
    long root = admin.get("/orgs/tree").json().get(0).get("id").asLong();
    assertThat(
            countyAdmin
                .post("/cases/" + id + "/transfer", Map.of("orgId", root, "reason", "x"))
                .status())
        .isEqualTo(404);
  }

  @Test
  void illegalTransitionsAreConflicts() {
    long id = submit("13800138004");
    ApiClient informant = user("INFORMANT", countyId);
    Res early = informant.post("/cases/" + id + "/replies", Map.of("content", "还没签收就答复"));
    assertThat(early.status()).as(early.raw()).isEqualTo(409);
    assertThat(early.contentType()).contains("application/problem+json");
    assertThat(informant.post("/cases/" + id + "/accept", null).status()).isEqualTo(204);
    assertThat(informant.post("/cases/" + id + "/accept", null).status()).isEqualTo(409);
    assertThat(informant.post("/cases/" + id + "/replies", Map.of("content", " ")).status())
        .isEqualTo(400);
  }

  @Test
  void anotherSubtreeSeesNothing() {
    long id = submit("13800138005");
    long root = admin.get("/orgs/tree").json().get(0).get("id").asLong();
    long otherCity =
        createOrg(admin, root, "乙" + UUID.randomUUID().toString().substring(0, 6) + "市总工会", "CITY");
    ApiClient stranger = user("INFORMANT", otherCity);
    assertThat(stranger.get("/cases/" + id).status()).isEqualTo(404);
    assertThat(stranger.post("/cases/" + id + "/accept", null).status()).isEqualTo(404);
    assertThat(stranger.get("/cases").raw()).doesNotContain("\"id\":" + id + ",");
    assertThat(stranger.get("/cases?orgId=" + countyId).status()).isEqualTo(404);
    assertThat(user("AUDITOR", root).get("/cases").status()).isEqualTo(403);
    assertThat(anonymous().get("/cases").status()).isEqualTo(401);
    assertThat(admin.get("/cases?status=NOPE").status()).isEqualTo(400);
  }

  @Test
  void overdueIsDerivedAndFilterable() {
    long id = submit("13800138006");
    ApiClient informant = user("INFORMANT", countyId);
    assertThat(informant.get("/cases?overdue=true").raw()).doesNotContain("\"id\":" + id + ",");
    clock.advance(java.time.Duration.ofDays(10));
    // Ten days on, the earlier sessions have expired: log in afresh.
    ApiClient later = admin();
    Res overdue = later.get("/cases?overdue=true&orgId=" + countyId);
    assertThat(overdue.raw()).contains("\"id\":" + id + ",");
    assertThat(overdue.get("items").get(0).get("overdue").asBoolean()).isTrue();
    assertThat(later.get("/cases?overdue=false&orgId=" + countyId).get("total").asInt()).isZero();
  }

  @Test
  void anotherDeliveryErrorIsReportedFailedAndTheInformantCanAnswerAgain() {
    long id = submit("13800138007");
    ApiClient informant = user("INFORMANT", countyId);
    informant.post("/cases/" + id + "/accept", null);
    sandbox.failNext(CUSTOM, 40003);
    Res failed = informant.post("/cases/" + id + "/replies", Map.of("content", "第一次答复"));
    assertThat(failed.get("deliveredVia").asString()).isEqualTo("CUSTOM");
    assertThat(failed.get("status").asString()).isEqualTo("FAILED");
    JsonNode afterFailure = informant.get("/cases/" + id).json();
    assertThat(afterFailure.get("status").asString()).isEqualTo("REPLIED");
    assertThat(afterFailure.get("repliedAt").isNull()).isTrue();
    assertThat(afterFailure.get("timeline").get(2).get("detail").asString()).contains("40003");
    assertThat(sandbox.delivered(TEMPLATE)).filteredOn(c -> c.body().contains(openid)).isEmpty();

    Res again = informant.post("/cases/" + id + "/replies", Map.of("content", "第二次答复"));
    assertThat(again.get("status").asString()).isEqualTo("SENT");
    assertThat(informant.get("/cases/" + id).get("status").asString()).isEqualTo("AWAITING_RATING");
  }

  @Test
  void myRequestsListsTheWorkersCases() {
    assertThat(wx.click(openid, "MY_REQUESTS").content()).contains("还没有提交过求助");
    long id = submit("13800138008");
    String number =
        jdbc.queryForObject("SELECT number FROM help_case WHERE id = ?", String.class, id);
    // The same click within the same second is WeChat's retry of the first (same CreateTime): move
    // on.
    clock.advance(java.time.Duration.ofSeconds(2));
    assertThat(wx.click(openid, "MY_REQUESTS").content())
        .contains(number)
        .contains("待签收")
        .contains("工资拖欠");
  }
}
