package cn.union.helpdesk;

import static org.assertj.core.api.Assertions.assertThat;

import cn.union.platform.PlatformConfig;
import cn.union.support.ApiClient;
import cn.union.support.ApiClient.Res;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * What the console's 求助件 screen asks of the API, over HTTP: search by number, phone and text, the
 * filters (category, period, org subtree), newest first, the export of the filtered list, the
 * actions a case allows, revealing the worker's phone (audited, owning unit only), the day-by-day
 * series of the statistics screen, and errors in Chinese.
 */
class CaseConsoleApiIT extends HelpdeskFixture {

  @Test
  void searchFindsByNumberPhoneAndTextWithinTheSubtreeNewestFirst() {
    long first = submit("13700137001");
    clock.advance(Duration.ofMinutes(5));
    String otherWorker = openid;
    openid = "oHelpSecond" + token.substring(1);
    long second = submit("13700137002");
    ApiClient informant = user("INFORMANT", countyId);

    // Newest first by default; the earliest due first on request; anything else is refused in
    // Chinese.
    assertThat(ids(informant.get("/cases"))).containsExactly(second, first);
    assertThat(ids(informant.get("/cases?sort=due"))).containsExactly(first, second);
    Res badSort = informant.get("/cases?sort=openid");
    assertThat(badSort.status()).isEqualTo(400);
    assertThat(badSort.get("detail").asString()).contains("排序方式");

    String number = numberOf(first);
    assertThat(ids(informant.get("/cases?q=" + number))).containsExactly(first);
    assertThat(ids(informant.get("/cases?q=" + number.substring(number.length() - 6))))
        .containsExactly(first);
    // A full mobile number is found by its keyed hash; the stored one is encrypted.
    assertThat(ids(informant.get("/cases?q=13700137002"))).containsExactly(second);
    assertThat(ids(informant.get("/cases?q=13700137009"))).isEmpty();
    assertThat(ids(informant.get("/cases?q=" + enc("老板联系不上")))).containsExactly(second, first);
    // LIKE wildcards typed by a person are searched for as themselves.
    assertThat(ids(informant.get("/cases?q=" + enc("%")))).isEmpty();
    assertThat(ids(informant.get("/cases?q=" + enc("没有这句话")))).isEmpty();

    JsonNode item = informant.get("/cases?q=" + number).get("items").get(0);
    assertThat(item.get("excerpt").asString()).contains("老板联系不上");
    assertThat(item.get("category").asString()).isEqualTo("工资拖欠");

    long wages = categoryId(informant, "工资拖欠");
    long legal = categoryId(informant, "法律援助");
    assertThat(ids(informant.get("/cases?categoryId=" + wages))).containsExactly(second, first);
    assertThat(ids(informant.get("/cases?categoryId=" + legal))).isEmpty();

    LocalDate today = LocalDate.ofInstant(clock.instant(), PlatformConfig.ZONE);
    assertThat(ids(informant.get("/cases?from=" + today + "&to=" + today)))
        .containsExactly(second, first);
    assertThat(ids(informant.get("/cases?from=" + today.plusDays(1)))).isEmpty();
    assertThat(ids(informant.get("/cases?to=" + today.minusDays(1)))).isEmpty();
    Res backwards = informant.get("/cases?from=" + today + "&to=" + today.minusDays(1));
    assertThat(backwards.status()).isEqualTo(400);
    assertThat(backwards.get("detail").asString()).contains("结束日期");

    // An org filter narrows to that unit's subtree; a unit outside the caller's subtree does not
    // exist.
    assertThat(ids(admin.get("/cases?orgId=" + countyId))).containsExactly(second, first);
    assertThat(ids(admin.get("/cases?orgId=" + townId))).isEmpty();
    assertThat(informant.get("/cases?orgId=" + cityId).status()).isEqualTo(404);
    openid = otherWorker;
  }

  @Test
  void theExportIsTheFilteredList() throws Exception {
    long first = submit("13700137011");
    long second = submit(null);
    ApiClient informant = user("INFORMANT", countyId);
    String all = csv(informant, "/cases/export.csv?orgId=" + countyId);
    assertThat(all).startsWith("\uFEFF编号,类别,承办单位,状态");
    assertThat(all).contains(numberOf(first)).contains(numberOf(second)).contains("137****7011");
    assertThat(all.indexOf(numberOf(second)))
        .as("newest first")
        .isLessThan(all.indexOf(numberOf(first)));

    assertThat(informant.post("/cases/" + first + "/accept", null).status()).isEqualTo(204);
    String accepted = csv(informant, "/cases/export.csv?status=ACCEPTED");
    assertThat(accepted).contains(numberOf(first)).doesNotContain(numberOf(second));
    String searched = csv(informant, "/cases/export.csv?q=" + numberOf(second));
    assertThat(searched).contains(numberOf(second)).doesNotContain(numberOf(first));
    assertThat(
            jdbc.queryForObject(
                "SELECT COUNT(*) FROM audit_log WHERE action = 'case.exported' AND detail LIKE ?",
                Integer.class,
                "%status=ACCEPTED%"))
        .isPositive();
  }

  @Test
  void theDetailListsOnlyWhatTheCaseAllowsNow() {
    long id = submit("13700137021");
    ApiClient informant = user("INFORMANT", countyId);
    assertThat(actions(informant, id))
        .containsExactlyInAnyOrder("ACCEPT", "TRANSFER", "RETURN", "REVEAL_MOBILE");
    assertThat(informant.post("/cases/" + id + "/accept", null).status()).isEqualTo(204);
    assertThat(actions(informant, id))
        .containsExactlyInAnyOrder("REPLY", "PHONE_ANSWER", "TRANSFER", "RETURN", "REVEAL_MOBILE");
    // The city admin above the unit may also press it (督办); the root org cannot return a case.
    ApiClient cityAdmin = user("ORG_ADMIN", cityId);
    assertThat(actions(cityAdmin, id))
        .containsExactlyInAnyOrder("REPLY", "PHONE_ANSWER", "TRANSFER", "RETURN", "SUPERVISE");
    assertThat(informant.post("/cases/" + id + "/replies", Map.of("content", "已协调，本周补发。")).status())
        .isEqualTo(200);
    // Answered: no more 签收, 改派 or 退回, but a further answer (written or by phone) until the case is
    // sealed.
    assertThat(actions(informant, id))
        .containsExactlyInAnyOrder("REPLY", "PHONE_ANSWER", "REVEAL_MOBILE");
    assertThat(actions(cityAdmin, id))
        .containsExactlyInAnyOrder("REPLY", "PHONE_ANSWER", "SUPERVISE");
  }

  @Test
  void onlyAnInformantOfTheOwningUnitSeesTheWholePhoneAndItIsAudited() {
    long id = submit("13700137031");
    ApiClient informant = user("INFORMANT", countyId);
    assertThat(caseOf(informant, id).get("mobile").asString()).isEqualTo("137****7031");
    int before = reveals(id);
    Res revealed = informant.get("/cases/" + id + "/mobile");
    assertThat(revealed.status()).as(revealed.raw()).isEqualTo(200);
    assertThat(revealed.get("mobile").asString()).isEqualTo("13700137031");
    assertThat(reveals(id)).isEqualTo(before + 1);

    // The city's informant sees the case (subtree) but does not own it; admins are not informants.
    Res above = user("INFORMANT", cityId).get("/cases/" + id + "/mobile");
    assertThat(above.status()).isEqualTo(403);
    assertThat(above.get("detail").asString()).contains("承办单位的信息员");
    assertThat(user("ORG_ADMIN", countyId).get("/cases/" + id + "/mobile").status()).isEqualTo(403);
    // Another subtree: the case does not exist.
    long elsewhere = createOrg(admin, rootId, "别处" + token + "市总工会", "CITY");
    assertThat(user("INFORMANT", elsewhere).get("/cases/" + id + "/mobile").status())
        .isEqualTo(404);
    assertThat(reveals(id)).isEqualTo(before + 1);

    // After a transfer the new unit owns the case and its phone.
    assertThat(
            informant
                .post("/cases/" + id + "/transfer", Map.of("orgId", townId, "reason", "属地办理"))
                .status())
        .isEqualTo(204);
    assertThat(informant.get("/cases/" + id + "/mobile").status()).isEqualTo(403);
    assertThat(user("INFORMANT", townId).get("/cases/" + id + "/mobile").status()).isEqualTo(200);
  }

  @Test
  void theDailySeriesCountsEachDayOfThePeriod() {
    long id = submit("13700137041");
    ApiClient informant = user("INFORMANT", countyId);
    assertThat(informant.post("/cases/" + id + "/accept", null).status()).isEqualTo(204);
    assertThat(informant.post("/cases/" + id + "/replies", Map.of("content", "已答复。")).status())
        .isEqualTo(200);
    LocalDate today = LocalDate.ofInstant(clock.instant(), PlatformConfig.ZONE);
    Res daily =
        admin.get(
            "/stats/daily?orgId=" + countyId + "&from=" + today.minusDays(2) + "&to=" + today);
    assertThat(daily.status()).as(daily.raw()).isEqualTo(200);
    JsonNode days = daily.get("days");
    assertThat(days).hasSize(3);
    assertThat(days.get(0).get("day").asString()).isEqualTo(today.minusDays(2).toString());
    assertThat(days.get(0).get("received").asLong()).isZero();
    assertThat(days.get(2).get("received").asLong()).isEqualTo(1);
    assertThat(days.get(2).get("closed").asLong()).isEqualTo(1);
    long elsewhere = createOrg(admin, rootId, "别处" + token + "市总工会", "CITY");
    assertThat(informant.get("/stats/daily?orgId=" + elsewhere).status()).isEqualTo(404);
  }

  @Test
  void bodyErrorsAreExplainedInChinese() {
    long id = submit("13700137051");
    ApiClient informant = user("INFORMANT", countyId);
    assertThat(informant.post("/cases/" + id + "/accept", null).status()).isEqualTo(204);
    Res empty = informant.post("/cases/" + id + "/replies", "");
    assertThat(empty.status()).isEqualTo(400);
    assertThat(empty.contentType()).contains("application/problem+json");
    assertThat(empty.get("detail").asString())
        .doesNotContain("Invalid")
        .matches(".*[\\u4e00-\\u9fa5].*");
    Res blank = informant.post("/cases/" + id + "/replies", Map.of("content", ""));
    assertThat(blank.status()).isEqualTo(400);
    assertThat(blank.get("detail").asString()).isEqualTo("请检查：答复内容不能为空");
    Res badParam = informant.get("/cases?status=NONSENSE");
    assertThat(badParam.status()).isEqualTo(400);
    assertThat(badParam.get("detail").asString()).contains("参数 status");
    Res unknown = informant.get("/no-such-thing");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.get("detail").asString()).isEqualTo("请求的地址不存在");
    Res method = informant.send("DELETE", "/cases/" + id, null);
    assertThat(method.status()).isEqualTo(405);
    assertThat(method.get("detail").asString()).isEqualTo("不支持此请求方法");
  }

  @Test
  void theDemoAuditorReadsTheLogAndChecksBothChains() {
    ApiClient auditor = ApiClient.loggedIn(baseUrl(), "demo_auditor", "Demo#2026union");
    assertThat(auditor.get("/me").get("role").asString()).isEqualTo("AUDITOR");
    assertThat(auditor.get("/audit?size=5").status()).isEqualTo(200);
    assertThat(auditor.get("/audit/verify").get("intact").asBoolean()).isTrue();
    assertThat(auditor.get("/cases/seal/verify").status()).isEqualTo(200);
    assertThat(auditor.get("/cases").status()).isEqualTo(403);
  }

  private static List<Long> ids(Res page) {
    assertThat(page.status()).as(page.raw()).isEqualTo(200);
    List<Long> ids = new ArrayList<>();
    page.get("items").forEach(i -> ids.add(i.get("id").asLong()));
    return ids;
  }

  private List<String> actions(ApiClient as, long id) {
    List<String> out = new ArrayList<>();
    caseOf(as, id).get("actions").forEach(a -> out.add(a.asString()));
    return out;
  }

  private long categoryId(ApiClient as, String name) {
    for (JsonNode c : as.get("/cases/categories").json()) {
      if (c.get("name").asString().equals(name)) {
        return c.get("id").asLong();
      }
    }
    throw new AssertionError("no category " + name);
  }

  private int reveals(long id) {
    return jdbc.queryForObject(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'case.mobile-revealed' AND target_id = ?",
        Integer.class,
        String.valueOf(id));
  }

  private String csv(ApiClient as, String path) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(baseUrl() + ApiClient.API + path))
                    .header("Authorization", "Bearer " + as.token())
                    .build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return r.body();
  }

  private static String enc(String s) {
    return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
