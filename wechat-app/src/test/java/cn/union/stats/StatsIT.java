package cn.union.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import cn.union.sla.SlaTestSupport;
import cn.union.support.ApiClient;
import cn.union.support.ApiClient.Res;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * KPIs checked against figures worked out by hand: five cases in two counties of one city, answered
 * on time, late, or not at all, rated or not, read at two moments of the same day.
 */
class StatsIT extends SlaTestSupport {

  @Autowired KpiSummary kpi;

  @Test
  void theOverviewRankingAndCsvGiveTheHandComputedFigures() {
    // County A (the branch's county, cases at its town) and county B (cases at its own town).
    String token = UUID.randomUUID().toString().substring(0, 6);
    long countyB = createOrg(admin(), cityId, "乙" + token + "区总工会", "COUNTY");
    String townBToken = "乙镇" + token;
    long townB = createOrg(admin(), countyB, townBToken + "街道工会", "TOWN");
    String informantA = staff("INFORMANT", townId);
    String informantB = staff("INFORMANT", townB);
    String cityAdmin = staff("ORG_ADMIN", cityId);

    travelTo("2026-09-07T10:00:00"); // Monday: three cases for town A, due Wednesday 17:30
    String w1 = worker();
    String w2 = worker();
    String w3 = worker();
    long c1 = submitToTown(w1);
    long c2 = submitToTown(w2);
    submitToTown(w3);
    travelTo("2026-09-07T11:00:00");
    answer(informantA, c1);
    assertThat(say(w1, "满意")).contains("办结");

    travelTo("2026-09-08T10:00:00"); // Tuesday: two cases for town B, due Thursday 17:30
    submit(worker(), townBToken, townBToken + "街道工会");
    String w5 = worker();
    long c5 = submit(w5, townBToken, townBToken + "街道工会");
    travelTo("2026-09-08T11:00:00");
    answer(informantB, c5);
    assertThat(say(w5, "不满意")).contains("重新");

    travelTo("2026-09-10T10:00:00"); // Thursday: c2 answered a day late
    answer(informantA, c2);

    travelTo("2026-09-10T12:00:00");
    ApiClient city = as(cityAdmin);
    Res res = city.get("/stats/overview?orgId=" + cityId + "&from=2026-09-01&to=2026-09-30");
    assertThat(res.status()).as(res.raw()).isEqualTo(200);
    JsonNode o = res.json();
    assertThat(o.get("orgId").asLong()).isEqualTo(cityId);
    assertThat(o.get("received").asLong()).isEqualTo(5);
    assertThat(o.get("closed").asLong()).as("c1, c2, c5 answered").isEqualTo(3);
    assertThat(o.get("overdue").asLong()).as("c2 late, c3 unanswered past due").isEqualTo(2);
    assertThat(o.get("onTimeRate").asDouble())
        .as("c1, c5 on time of 3 answered + 1 overdue open")
        .isEqualTo(0.5);
    assertThat(o.get("satisfactionRate").asDouble()).as("满意 of c1, 不满意 of c5").isEqualTo(0.5);
    assertThat(o.get("byCategory").get("工资拖欠").asLong()).isEqualTo(5);
    // Office hours to the first reply: ~1 h (c1), ~21 h (c2: Mon 6 + Tue 7 + Wed 7 + Thu 1), ~1 h
    // (c5).
    assertThat(o.get("avgReplyWorkingHours").asDouble()).isCloseTo(23.0 / 3, within(0.1));
    JsonNode a = child(o, countyId);
    JsonNode b = child(o, countyB);
    assertThat(o.get("children")).hasSize(2);
    assertThat(a.get("received").asLong()).isEqualTo(3);
    assertThat(a.get("closed").asLong()).isEqualTo(2);
    assertThat(a.get("overdue").asLong()).isEqualTo(2);
    assertThat(a.get("onTimeRate").asDouble()).isEqualTo(0.3333);
    assertThat(a.get("satisfactionRate").asDouble()).isEqualTo(1.0);
    assertThat(a.get("avgReplyWorkingHours").asDouble()).isCloseTo(11.0, within(0.1));
    assertThat(b.get("received").asLong()).isEqualTo(2);
    assertThat(b.get("closed").asLong()).isEqualTo(1);
    assertThat(b.get("overdue").asLong()).as("c4 is not due before 17:30").isZero();
    assertThat(b.get("onTimeRate").asDouble()).isEqualTo(1.0);
    assertThat(b.get("satisfactionRate").asDouble()).isEqualTo(0.0);

    assertThat(ranking(city, "onTimeRate")).containsExactly(countyB, countyId);
    assertThat(ranking(city, "satisfactionRate")).containsExactly(countyId, countyB);
    Res badKey = city.get("/stats/ranking?orgId=" + cityId + "&by=received");
    assertThat(badKey.status()).isEqualTo(400);
    assertThat(badKey.contentType()).contains("problem+json");

    // After 17:30 c4 is overdue too: the figure moves with the clock, with nothing stored.
    travelTo("2026-09-10T18:00:00");
    JsonNode later =
        as(cityAdmin)
            .get("/stats/overview?orgId=" + cityId + "&from=2026-09-01&to=2026-09-30")
            .json();
    assertThat(later.get("overdue").asLong()).isEqualTo(3);
    assertThat(child(later, countyB).get("onTimeRate").asDouble()).isEqualTo(0.5);

    // Scope: an informant of town A sees town A only; another branch's admin not even that it
    // exists.
    ApiClient townA = as(informantA);
    assertThat(townA.get("/stats/overview?orgId=" + cityId).status()).isEqualTo(404);
    JsonNode own = townA.get("/stats/overview?from=2026-09-01&to=2026-09-30").json();
    assertThat(own.get("orgId").asLong()).isEqualTo(townId);
    assertThat(own.get("received").asLong()).isEqualTo(3);
    long otherCity =
        createOrg(
            admin(),
            admin().get("/orgs/tree").json().get(0).get("id").asLong(),
            "丙" + token + "市总工会",
            "CITY");
    assertThat(as(staff("ORG_ADMIN", otherCity)).get("/stats/overview?orgId=" + cityId).status())
        .isEqualTo(404);
    assertThat(townA.get("/stats/overview?from=2026-09-30&to=2026-09-01").status()).isEqualTo(400);

    // CSV: BOM, Chinese headers, masked phones.
    ApiClient csvClient = as(cityAdmin);
    Res kpiCsv =
        csvClient.get("/stats/overview.csv?orgId=" + cityId + "&from=2026-09-01&to=2026-09-30");
    assertThat(kpiCsv.status()).isEqualTo(200);
    assertThat(kpiCsv.contentType()).startsWith("text/csv");
    assertThat(kpiCsv.raw()).startsWith("\uFEFF单位,受理量,已办结,按期办结,超期件,按期办结率");
    assertThat(kpiCsv.raw().split("\r\n")).hasSize(4);
    assertThat(kpiCsv.raw().split("\r\n")[1]).endsWith(",5,3,2,3,40.0%,2,50.0%,7.7");
    Res cases =
        csvClient.get("/cases/export.csv?orgId=" + cityId + "&from=2026-09-01&to=2026-09-30");
    assertThat(cases.status()).as(cases.raw()).isEqualTo(200);
    assertThat(cases.raw()).startsWith("\uFEFF编号,类别,承办单位,状态,提交时间,答复期限");
    String[] lines = cases.raw().split("\r\n");
    assertThat(lines).hasSize(6);
    assertThat(cases.raw())
        .contains("138****8000")
        .doesNotContain("13800138000")
        .doesNotContain(w1);
    assertThat(cases.raw()).contains(numberOf(c1));
    assertThat(
            jdbc.queryForObject(
                "SELECT COUNT(*) FROM audit_log WHERE action = 'case.exported' AND target_id = ?",
                Integer.class,
                String.valueOf(cityId)))
        .isEqualTo(1);
  }

  @Test
  void everyChangeOfACaseMarksItsSubmissionDayForTheSummaryInItsOwnTransaction() {
    String informant = staff("INFORMANT", townId);
    LocalDate monday = LocalDate.of(2026, 6, 15);
    travelTo("2026-06-15T10:00:00");
    kpi.refresh();
    long c = submitToTown(worker());
    assertThat(dirtyDays()).contains(monday);
    kpi.refresh();
    assertThat(dirtyDays()).doesNotContain(monday);

    travelTo(
        "2026-06-16T10:00:00"); // answered the next day: the day to count again is the submission
    // day
    answer(informant, c);
    assertThat(dirtyDays()).contains(monday).doesNotContain(LocalDate.of(2026, 6, 16));
    kpi.refresh();
    assertThat(dirtyDays()).doesNotContain(monday);
    JsonNode own = as(informant).get("/stats/overview?from=2026-06-15&to=2026-06-15").json();
    assertThat(own.get("received").asLong()).isEqualTo(1);
    assertThat(own.get("closed").asLong()).isEqualTo(1);
  }

  List<LocalDate> dirtyDays() {
    return jdbc.queryForList("SELECT submitted_day FROM help_kpi_dirty", LocalDate.class);
  }

  void answer(String informant, long caseId) {
    ApiClient c = as(informant);
    assertThat(c.post("/cases/" + caseId + "/accept", null).status()).isEqualTo(204);
    Res r = c.post("/cases/" + caseId + "/replies", Map.of("content", "已协调用人单位，请留意"));
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    assertThat(r.get("status").asString()).isEqualTo("SENT");
  }

  static JsonNode child(JsonNode overview, long orgId) {
    for (JsonNode c : overview.get("children")) {
      if (c.get("orgId").asLong() == orgId) {
        return c;
      }
    }
    throw new AssertionError("no child " + orgId + " in " + overview);
  }

  List<Long> ranking(ApiClient as, String by) {
    Res r = as.get("/stats/ranking?orgId=" + cityId + "&from=2026-09-01&to=2026-09-30&by=" + by);
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    List<Long> ids = new ArrayList<>();
    for (JsonNode i : r.get("items")) {
      ids.add(i.get("orgId").asLong());
    }
    return ids;
  }
}
