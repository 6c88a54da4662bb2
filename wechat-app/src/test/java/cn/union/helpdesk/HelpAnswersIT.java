package cn.union.helpdesk;

import static org.assertj.core.api.Assertions.assertThat;

import cn.union.platform.PlatformConfig;
import cn.union.support.ApiClient;
import cn.union.support.ApiClient.Res;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Answers besides the first written one: a phone call recorded by the informant (it counts as the
 * answer), further answers until the case is sealed, and 常用语 picked in the reply box.
 */
class HelpAnswersIT extends HelpdeskFixture {

  @Test
  void aPhoneAnswerCountsAsTheAnswerAndTheWorkerIsToldTheUnionCalled() {
    long id = submit("13800138020");
    String number = numberOf(id);
    Instant submittedAt = clock.instant();
    String username = "ph" + UUID.randomUUID().toString().substring(0, 8);
    ApiClient informant = user("INFORMANT", countyId, username);
    String summary = "已电话告知职工携带劳动合同到区法律援助中心" + token;
    Res early = informant.post("/cases/" + id + "/phone-answers", Map.of("summary", summary));
    assertThat(early.status()).as("not yet accepted: " + early.raw()).isEqualTo(409);
    assertThat(informant.post("/cases/" + id + "/accept", null).status()).isEqualTo(204);

    // Ten days on, the case is overdue; the call itself was made an hour after submission.
    clock.advance(Duration.ofDays(10));
    informant = login(username);
    assertThat(caseOf(informant, id).get("overdue").asBoolean()).isTrue();
    OffsetDateTime calledAt =
        submittedAt
            .plus(Duration.ofHours(1))
            .truncatedTo(ChronoUnit.SECONDS)
            .atZone(PlatformConfig.ZONE)
            .toOffsetDateTime();

    assertThat(informant.post("/cases/" + id + "/phone-answers", Map.of("summary", " ")).status())
        .isEqualTo(400);
    assertThat(
            informant
                .post(
                    "/cases/" + id + "/phone-answers",
                    Map.of(
                        "summary",
                        summary,
                        "calledAt",
                        clock.instant().plus(Duration.ofDays(1)).toString()))
                .status())
        .as("a call in the future")
        .isEqualTo(400);
    Res beforeSubmission =
        informant.post(
            "/cases/" + id + "/phone-answers",
            Map.of(
                "summary", summary, "calledAt", submittedAt.minus(Duration.ofHours(2)).toString()));
    assertThat(beforeSubmission.status()).isEqualTo(400);
    assertThat(beforeSubmission.get("detail").asString()).contains("早于");

    Res recorded =
        informant.post(
            "/cases/" + id + "/phone-answers",
            Map.of("summary", summary, "calledAt", calledAt.toString(), "calledBy", "王芳"));
    assertThat(recorded.status()).as(recorded.raw()).isEqualTo(201);
    assertThat(recorded.get("noteVia").asString()).isEqualTo("TEMPLATE");
    assertThat(recorded.get("noteStatus").asString()).isEqualTo("SENT");

    JsonNode detail = caseOf(informant, id);
    assertThat(detail.get("status").asString()).isEqualTo("AWAITING_RATING");
    assertThat(detail.get("overdue").asBoolean()).as("answered in time, by phone").isFalse();
    assertThat(OffsetDateTime.parse(detail.get("repliedAt").asString()).toInstant())
        .isEqualTo(calledAt.toInstant());
    JsonNode call = entry(detail, "PHONE_ANSWERED");
    assertThat(call.get("content").asString()).isEqualTo(summary);
    assertThat(call.get("detail").asString())
        .contains("王芳")
        .contains(calledAt.toLocalDateTime().toLocalDate().toString());
    JsonNode note = entry(detail, "PHONE_NOTE");
    assertThat(note.get("deliveryStatus").asString()).isEqualTo("SENT");
    // Days after the worker's last message the customer-service window is closed: a template
    // message.
    assertThat(sandbox.delivered(TEMPLATE))
        .filteredOn(c -> c.body().contains(openid))
        .last()
        .satisfies(c -> assertThat(c.body()).contains(number));

    // The KPI counts it answered and on time.
    LocalDate day = LocalDate.ofInstant(submittedAt, PlatformConfig.ZONE);
    JsonNode kpi =
        admin().get("/stats/overview?orgId=" + countyId + "&from=" + day + "&to=" + day).json();
    assertThat(kpi.get("closed").asLong()).isEqualTo(1);
    assertThat(kpi.get("onTimeRate").asDouble()).isEqualTo(1.0);
    assertThat(
            jdbc.queryForObject(
                "SELECT COUNT(*) FROM audit_log WHERE action = 'case.phone-answered' AND target_id = ?",
                Integer.class,
                String.valueOf(id)))
        .isEqualTo(1);

    // 我的求助 shows it as the latest answer.
    assertThat(say("我的求助")).contains(number).contains("电话").contains("携带劳动合同");
  }

  @Test
  void theInformantMayAnswerAgainUntilTheCaseIsSealedAndOnlyTheFirstAnswerStopsTheClock() {
    long id = submit("13800138021");
    String number = numberOf(id);
    ApiClient informant = user("INFORMANT", countyId);
    informant.post("/cases/" + id + "/accept", null);
    Res first = informant.post("/cases/" + id + "/replies", Map.of("content", "请先准备工资条和考勤记录"));
    assertThat(first.get("status").asString()).isEqualTo("SENT");
    String repliedAt = caseOf(informant, id).get("repliedAt").asString();

    // The worker adds a detail while the case waits for the rating; the informant answers again.
    clock.advance(Duration.ofHours(2));
    assertThat(say("补充 " + number + " 考勤记录在公司手里拿不到")).contains("已将您的补充");
    clock.advance(Duration.ofHours(1));
    String second = "考勤记录可申请仲裁委调取" + token;
    Res again = informant.post("/cases/" + id + "/replies", Map.of("content", second));
    assertThat(again.status()).as(again.raw()).isEqualTo(200);
    assertThat(again.get("status").asString()).isEqualTo("SENT");
    assertThat(customTo(openid)).last().satisfies(c -> assertThat(c.body()).contains(second));
    JsonNode detail = caseOf(informant, id);
    assertThat(detail.get("status").asString()).isEqualTo("AWAITING_RATING");
    assertThat(detail.get("repliedAt").asString())
        .as("the first answer stopped the clock")
        .isEqualTo(repliedAt);
    assertThat(kinds(detail))
        .containsSubsequence(
            "REPLIED", "AWAITING_RATING", "FOLLOW_UP", "REPLIED", "AWAITING_RATING");
    // The rating waits from the latest answer.
    assertThat(
            jdbc.queryForObject(
                "SELECT awaiting_rating_since FROM help_case WHERE id = ?",
                java.time.LocalDateTime.class,
                id))
        .isAfter(
            OffsetDateTime.parse(repliedAt)
                .atZoneSameInstant(PlatformConfig.ZONE)
                .toLocalDateTime());

    // 我的求助 shows the latest answer, not the first.
    clock.advance(Duration.ofSeconds(2));
    String mine = say("我的求助");
    assertThat(mine).contains(number).contains("考勤记录可申请仲裁委调取").doesNotContain("请先准备工资条");

    assertThat(say("满意")).contains("办结");
    assertThat(informant.post("/cases/" + id + "/replies", Map.of("content", "再补一句")).status())
        .isEqualTo(409);
    assertThat(
            informant.post("/cases/" + id + "/phone-answers", Map.of("summary", "再打一次电话")).status())
        .isEqualTo(409);
  }

  @Test
  void aPhoneAnswerWaitsWhileAWrittenOneIsInReview() {
    admin.patch("/orgs/" + countyId, Map.of("requiresReview", true));
    long id = submit("13800138022");
    ApiClient informant = user("INFORMANT", countyId);
    informant.post("/cases/" + id + "/accept", null);
    assertThat(
            informant
                .post("/cases/" + id + "/replies", Map.of("content", "待审核的答复"))
                .get("status")
                .asString())
        .isEqualTo("PENDING");
    Res call = informant.post("/cases/" + id + "/phone-answers", Map.of("summary", "电话沟通了情况"));
    assertThat(call.status()).isEqualTo(409);
    assertThat(call.get("detail").asString()).contains("审核");
  }

  @Test
  void answerTemplatesBelongToAnOrgAreFilledInForTheCaseAndStayInTheSubtree() {
    long id = submit("13800138023");
    String number = numberOf(id);
    ApiClient county = user("INFORMANT", countyId);
    ApiClient city = user("ORG_ADMIN", cityId);

    Res placeholders = county.get("/answer-templates/placeholders");
    assertThat(placeholders.status()).isEqualTo(200);
    assertThat(placeholders.raw()).contains("编号").contains("类别").contains("单位").contains("答复期限");

    String text = "您的求助（{编号}，{类别}）已由{单位}受理，我们将于{答复期限}前给您书面答复。";
    Res created =
        county.post("/answer-templates", Map.of("title", "受理告知" + token, "content", text));
    assertThat(created.status()).as(created.raw()).isEqualTo(201);
    assertThat(created.get("orgId").asLong()).isEqualTo(countyId);
    assertThat(created.get("editable").asBoolean()).isTrue();
    long countyTemplate = created.get("id").asLong();
    Res unknown =
        county.post("/answer-templates", Map.of("title", "错误" + token, "content", "{姓名}您好"));
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.get("detail").asString()).contains("{姓名}").contains("{编号}");
    assertThat(
            county
                .post("/answer-templates", Map.of("title", "受理告知" + token, "content", "重复"))
                .status())
        .isEqualTo(409);
    Res cityMade =
        city.post(
            "/answer-templates",
            Map.of("orgId", cityId, "title", "通用结束语" + token, "content", "如有疑问请致电{单位}。"));
    assertThat(cityMade.status()).as(cityMade.raw()).isEqualTo(201);
    long cityTemplate = cityMade.get("id").asLong();

    // Offered for the case: the county's own first, then the city's, each filled in for the case.
    Res offered = county.get("/cases/" + id + "/answer-templates");
    assertThat(offered.status()).as(offered.raw()).isEqualTo(200);
    JsonNode items = offered.get("items");
    Map<Long, JsonNode> byId = new HashMap<>();
    items.forEach(t -> byId.put(t.get("id").asLong(), t));
    assertThat(byId).containsKeys(countyTemplate, cityTemplate);
    int countyAt = -1;
    int cityAt = -1;
    for (int i = 0; i < items.size(); i++) {
      countyAt = items.get(i).get("id").asLong() == countyTemplate ? i : countyAt;
      cityAt = items.get(i).get("id").asLong() == cityTemplate ? i : cityAt;
    }
    assertThat(countyAt).isLessThan(cityAt);
    String due = caseOf(county, id).get("dueDate").asString();
    assertThat(byId.get(countyTemplate).get("rendered").asString())
        .isEqualTo("您的求助（" + number + "，工资拖欠）已由" + countyName + "受理，我们将于" + due + "前给您书面答复。");
    assertThat(byId.get(cityTemplate).get("rendered").asString())
        .isEqualTo("如有疑问请致电" + countyName + "。");

    // The city's template is the city's to change.
    Res notMine =
        county.put("/answer-templates/" + cityTemplate, Map.of("title", "改", "content", "改"));
    assertThat(notMine.status()).isEqualTo(403);
    // The city sees both in its subtree, the county only its own; a filter narrows the list.
    assertThat(city.get("/answer-templates?q=" + token).get("total").asInt()).isEqualTo(2);
    assertThat(city.get("/answer-templates?orgId=" + countyId + "&q=" + token).get("total").asInt())
        .isEqualTo(1);
    assertThat(county.get("/answer-templates?q=" + token).get("total").asInt()).isEqualTo(1);

    // Another subtree sees neither the case's templates nor the templates themselves.
    long otherCity =
        createOrg(
            admin, rootId, "乙" + UUID.randomUUID().toString().substring(0, 6) + "市总工会", "CITY");
    ApiClient stranger = user("ORG_ADMIN", otherCity);
    assertThat(stranger.get("/cases/" + id + "/answer-templates").status()).isEqualTo(404);
    assertThat(stranger.get("/answer-templates?q=" + token).get("total").asInt()).isZero();
    assertThat(
            stranger
                .put("/answer-templates/" + countyTemplate, Map.of("title", "x", "content", "x"))
                .status())
        .isEqualTo(404);
    assertThat(stranger.send("DELETE", "/answer-templates/" + countyTemplate, null).status())
        .isEqualTo(404);
    assertThat(user("AUDITOR", rootId).get("/answer-templates").status()).isEqualTo(403);

    Res updated =
        county.put(
            "/answer-templates/" + countyTemplate,
            Map.of("title", "受理告知" + token, "content", "{编号} 已受理"));
    assertThat(updated.status()).as(updated.raw()).isEqualTo(200);
    assertThat(county.get("/cases/" + id + "/answer-templates").raw()).contains(number + " 已受理");
    assertThat(county.send("DELETE", "/answer-templates/" + countyTemplate, null).status())
        .isEqualTo(204);
    assertThat(county.get("/cases/" + id + "/answer-templates").raw())
        .doesNotContain("\"id\":" + countyTemplate + ",");
    assertThat(
            jdbc.queryForObject(
                "SELECT COUNT(*) FROM audit_log WHERE action LIKE 'template.%' AND target_id = ?",
                Integer.class, String.valueOf(countyTemplate)))
        .isEqualTo(3);
  }
}
