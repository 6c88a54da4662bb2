package cn.union.sla;

import static org.assertj.core.api.Assertions.assertThat;

import cn.union.support.ApiClient;
import cn.union.support.ApiClient.Res;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Reply tracking as time passes: the clock travels across a weekend, the 2026 National Day break
 * and its make-up Saturday, and a calendar edit; the sweep reminds the unit's informants at the
 * start of the last working day and escalates to the parent org's admins at the due instant, each
 * once.
 */
class SlaIT extends SlaTestSupport {

  @Test
  void overAWeekendTheUnitIsRemindedOnItsLastWorkingDayAndTheParentEscalatedAtTheDeadline() {
    travelTo("2026-11-20T10:00:00"); // Friday
    freshMarks();
    String informant = staff("INFORMANT", townId);
    String informantWx = bind(informant);
    String countyAdmin = staff("ORG_ADMIN", countyId);
    String countyAdminWx = bind(countyAdmin);
    String unbound = staff("INFORMANT", townId);

    long id = submitToTown(worker());
    String number = numberOf(id);
    Map<String, Object> row =
        jdbc.queryForMap("SELECT due_date, due_at FROM help_case WHERE id = ?", id);
    // Monday is the first working day, Tuesday the second; due at the end of office hours.
    assertThat(row.get("due_date").toString()).isEqualTo("2026-11-24");
    assertThat(row.get("due_at").toString()).startsWith("2026-11-24").contains("17:30");

    travelTo("2026-11-21T12:00:00"); // Saturday
    sweepNow();
    travelTo("2026-11-23T23:59:00"); // Monday night: not yet the last day
    sweepNow();
    assertThat(alertStatus(id, "REMINDER")).isNull();
    assertThat(templatesTo(informantWx)).isZero();

    travelTo("2026-11-24T00:00:30"); // Tuesday, the last working day, has begun
    sweepNow();
    assertThat(alertStatus(id, "REMINDER")).isEqualTo("SENT");
    assertThat(templatesAbout(informantWx, number)).isEqualTo(1);
    assertThat(alertStatus(id, "ESCALATION")).isNull();
    sweepNow();
    assertThat(templatesAbout(informantWx, number)).as("a reminder is sent once").isEqualTo(1);

    travelTo("2026-11-24T17:29:00");
    sweepNow();
    assertThat(alertStatus(id, "ESCALATION")).isNull();
    travelTo("2026-11-24T17:31:00");
    sweepNow();
    sweepNow();
    assertThat(alertStatus(id, "ESCALATION")).isEqualTo("SENT");
    assertThat(templatesAbout(countyAdminWx, number))
        .as("escalated once to the parent org's admin")
        .isEqualTo(1);
    assertThat(templatesTo(informantWx)).as("the informant got only the reminder").isEqualTo(1);
    Map<String, Object> reminder =
        jdbc.queryForMap(
            "SELECT recipients, delivered FROM help_case_alert WHERE case_id = ? AND kind = 'REMINDER'",
            id);
    assertThat(((Number) reminder.get("recipients")).intValue())
        .as("both informants, one without WeChat")
        .isEqualTo(2);
    assertThat(((Number) reminder.get("delivered")).intValue()).isEqualTo(1);

    // The console: the county admin sees both alerts and the overdue count of the subtree.
    ApiClient admin = as(countyAdmin);
    List<String> kinds = new ArrayList<>();
    for (JsonNode a : admin.get("/alerts?size=100").get("items")) {
      if (a.get("caseId").asLong() == id) {
        kinds.add(a.get("kind").asString());
        assertThat(a.get("caseNumber").asString()).isEqualTo(number);
      }
    }
    assertThat(kinds).containsExactlyInAnyOrder("REMINDER", "ESCALATION");
    assertThat(admin.get("/alerts/summary").get("overdue").asLong()).isEqualTo(1);
    JsonNode listed = admin.get("/cases?overdue=true").get("items");
    assertThat(listed).hasSize(1);
    assertThat(as(unbound).get("/alerts?kind=REMINDER").get("total").asLong()).isEqualTo(1);
    // Another branch sees nothing of it.
    long otherCity =
        createOrg(
            admin(),
            admin().get("/orgs/tree").json().get(0).get("id").asLong(),
            "别" + townToken + "市总工会",
            "CITY");
    assertThat(as(staff("ORG_ADMIN", otherCity)).get("/alerts").get("total").asLong()).isZero();
  }

  @Test
  void theNationalDayBreakPushesTheDeadlineAndTheMakeUpSaturdayCounts() {
    travelTo("2026-09-30T10:00:00"); // Wednesday before 国庆 (Oct 1–7 off, Sat Oct 10 worked)
    freshMarks();
    String informantWx = bind(staff("INFORMANT", townId));
    String adminWx = bind(staff("ORG_ADMIN", countyId));
    long beforeBreak = submitToTown(worker());
    assertThat(
            jdbc.queryForObject(
                "SELECT due_date FROM help_case WHERE id = ?", String.class, beforeBreak))
        .as("Oct 8 and Oct 9 are the two working days")
        .isEqualTo("2026-10-09");

    travelTo("2026-10-05T12:00:00");
    sweepNow();
    assertThat(templatesTo(informantWx)).isZero();

    travelTo("2026-10-08T10:00:00");
    long afterBreak = submitToTown(worker());
    assertThat(
            jdbc.queryForObject(
                "SELECT due_date FROM help_case WHERE id = ?", String.class, afterBreak))
        .as("Friday Oct 9, then the make-up Saturday Oct 10")
        .isEqualTo("2026-10-10");
    travelTo("2026-10-08T23:59:00");
    sweepNow();
    assertThat(templatesTo(informantWx)).isZero();

    travelTo("2026-10-09T00:00:30");
    sweepNow();
    assertThat(templatesAbout(informantWx, numberOf(beforeBreak))).isEqualTo(1);
    assertThat(alertStatus(afterBreak, "REMINDER")).isNull();
    travelTo("2026-10-09T17:31:00");
    sweepNow();
    assertThat(templatesAbout(adminWx, numberOf(beforeBreak))).isEqualTo(1);
    assertThat(alertStatus(afterBreak, "ESCALATION")).isNull();

    travelTo("2026-10-10T00:00:30"); // the make-up Saturday is a working day: its reminder goes out
    sweepNow();
    assertThat(templatesAbout(informantWx, numberOf(afterBreak))).isEqualTo(1);
    travelTo("2026-10-10T17:31:00");
    sweepNow();
    assertThat(templatesAbout(adminWx, numberOf(afterBreak))).isEqualTo(1);
    assertThat(templatesTo(informantWx)).isEqualTo(2);
    assertThat(templatesTo(adminWx)).isEqualTo(2);
  }

  @Test
  void aCalendarEditMovesTheDueTimeOfOpenCasesAndTheSweepFollows() {
    travelTo("2027-03-01T10:00:00"); // Monday; 2027 has no official schedule: Mon–Fri
    freshMarks();
    String informantWx = bind(staff("INFORMANT", townId));
    long id = submitToTown(worker());
    long answered = submitToTown(worker());
    String informant = staff("INFORMANT", townId);
    ApiClient town = as(informant);
    assertThat(town.post("/cases/" + answered + "/accept", null).status()).isEqualTo(204);
    assertThat(town.post("/cases/" + answered + "/replies", Map.of("content", "已答复")).status())
        .isEqualTo(200);
    assertThat(dueDate(id)).isEqualTo("2027-03-03");
    try {
      Res holiday =
          admin().put("/calendar/days/2027-03-02", Map.of("type", "HOLIDAY", "name", "测试休息日"));
      assertThat(holiday.status()).as(holiday.raw()).isIn(200, 204);
      assertThat(dueDate(id)).as("an open case's window touched the day").isEqualTo("2027-03-04");
      assertThat(dueDate(answered))
          .as("an answered case keeps its due time")
          .isEqualTo("2027-03-03");

      travelTo("2027-03-03T00:00:30");
      sweepNow();
      assertThat(alertStatus(id, "REMINDER")).isNull();

      // The day is worked after all: the due time moves back behind the sweep's mark, and the sweep
      // looks again.
      Res workday =
          admin().put("/calendar/days/2027-03-02", Map.of("type", "WORKDAY", "name", "测试"));
      assertThat(workday.status()).as(workday.raw()).isIn(200, 204);
      assertThat(dueDate(id)).isEqualTo("2027-03-03");
      sweepNow();
      assertThat(alertStatus(id, "REMINDER")).isEqualTo("SENT");
      assertThat(templatesAbout(informantWx, numberOf(id))).isEqualTo(1);
    } finally {
      assertThat(admin().send("DELETE", "/calendar/days/2027-03-02", null).status())
          .isIn(200, 204, 404);
    }
  }

  String dueDate(long id) {
    return jdbc.queryForObject("SELECT due_date FROM help_case WHERE id = ?", String.class, id);
  }

  @Test
  void aFailedSendStaysOnTheAlertAndAnInterruptedOneIsRetried() {
    travelTo("2026-09-14T10:00:00"); // Monday, due Wednesday
    freshMarks();
    String informantWx = bind(staff("INFORMANT", townId));
    long failing = submitToTown(worker());
    long interrupted = submitToTown(worker());

    travelTo("2026-09-16T00:00:30");
    sandbox.failNext(TEMPLATE, 43004);
    // Only the reminder pass and the delivery of the first alert: the second one looks claimed by a
    // node that died.
    sweepNow();
    Map<String, Object> failed =
        jdbc.queryForMap(
            "SELECT status, error, attempts FROM help_case_alert WHERE case_id = ? AND kind = 'REMINDER'",
            failing);
    Map<String, Object> other =
        jdbc.queryForMap(
            "SELECT status, error, attempts FROM help_case_alert WHERE case_id = ? AND kind = 'REMINDER'",
            interrupted);
    // Which of the two met the scripted error depends on the order; one failed, one was sent.
    Map<String, Object> bad = "PENDING".equals(failed.get("status")) ? failed : other;
    long badCase = bad == failed ? failing : interrupted;
    assertThat(bad.get("status")).isEqualTo("PENDING");
    assertThat((String) bad.get("error")).contains("43004");
    assertThat(templatesAbout(informantWx, numberOf(badCase))).isZero();

    // Retried after the retry delay; the failure stays on the row.
    clock.advance(Duration.ofMinutes(6));
    sweepNow();
    Map<String, Object> retried =
        jdbc.queryForMap(
            "SELECT status, error, attempts FROM help_case_alert WHERE case_id = ? AND kind = 'REMINDER'",
            badCase);
    assertThat(retried.get("status")).isEqualTo("SENT");
    assertThat((String) retried.get("error")).contains("43004");
    assertThat(((Number) retried.get("attempts")).intValue()).isEqualTo(2);
    assertThat(templatesAbout(informantWx, numberOf(badCase))).isEqualTo(1);

    // A node claimed an escalation and died before sending: nobody sends it until the claim runs
    // out.
    String adminWx = bind(staff("ORG_ADMIN", countyId));
    travelTo("2026-09-16T17:31:00");
    sandbox.failNext(TEMPLATE, 43004);
    sandbox.failNext(TEMPLATE, 43004);
    sweepNow();
    jdbc.update(
        "UPDATE help_case_alert SET next_try_at = ? WHERE case_id IN (?, ?) AND kind = 'ESCALATION'",
        java.time.LocalDateTime.parse("2026-09-16T17:33:00"),
        failing,
        interrupted);
    jdbc.update(
        "UPDATE help_case_alert_delivery SET status = 'SENDING' WHERE alert_id IN"
            + " (SELECT id FROM help_case_alert WHERE case_id IN (?, ?) AND kind = 'ESCALATION')",
        failing,
        interrupted);
    sweepNow();
    assertThat(templatesTo(adminWx)).isZero();
    travelTo("2026-09-16T17:34:00");
    sweepNow();
    sweepNow();
    assertThat(templatesAbout(adminWx, numberOf(failing))).isEqualTo(1);
    assertThat(templatesAbout(adminWx, numberOf(interrupted))).isEqualTo(1);
  }

  @Test
  void anAdminAboveTheUnitSupervisesACaseAndTheUnitIsTold() throws InterruptedException {
    String informant = staff("INFORMANT", townId);
    String informantWx = bind(informant);
    String countyAdmin = staff("ORG_ADMIN", countyId);
    long id = submitToTown(worker());
    String number = numberOf(id);

    Res blank = as(countyAdmin).post("/cases/" + id + "/supervise", Map.of("note", " "));
    assertThat(blank.status()).isEqualTo(400);
    assertThat(blank.contentType()).contains("problem+json");

    Res ok = as(countyAdmin).post("/cases/" + id + "/supervise", Map.of("note", "请今天内答复职工"));
    assertThat(ok.status()).as(ok.raw()).isEqualTo(200);
    JsonNode detail = as(countyAdmin).get("/cases/" + id).json();
    JsonNode last = detail.get("timeline").get(detail.get("timeline").size() - 1);
    assertThat(last.get("kind").asString()).isEqualTo("SUPERVISED");
    assertThat(last.get("content").asString()).contains("请今天内答复职工");
    assertThat(last.get("actor").asString()).isEqualTo(countyAdmin);
    // Sent right after the commit, or by a scheduled sweep that claimed the alert first: wait for
    // either.
    long deadline = System.currentTimeMillis() + 10_000;
    while (!"SENT".equals(alertStatus(id, "SUPERVISION"))
        && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
    }
    assertThat(templatesAbout(informantWx, number)).isEqualTo(1);
    assertThat(alertStatus(id, "SUPERVISION")).isEqualTo("SENT");
    assertThat(
            jdbc.queryForObject(
                "SELECT COUNT(*) FROM audit_log WHERE action = 'case.supervised' AND target_id = ?",
                Integer.class,
                String.valueOf(id)))
        .isEqualTo(1);
    assertThat(
            as(informant)
                .get("/alerts?kind=SUPERVISION")
                .get("items")
                .get(0)
                .get("note")
                .asString())
        .isEqualTo("请今天内答复职工");

    // Not from the unit itself, not by an informant, not from another branch.
    assertThat(
            as(staff("ORG_ADMIN", townId))
                .post("/cases/" + id + "/supervise", Map.of("note", "x"))
                .status())
        .isEqualTo(403);
    assertThat(as(informant).post("/cases/" + id + "/supervise", Map.of("note", "x")).status())
        .isEqualTo(403);
    long otherCity =
        createOrg(
            admin(),
            admin().get("/orgs/tree").json().get(0).get("id").asLong(),
            "另" + townToken + "市总工会",
            "CITY");
    assertThat(
            as(staff("ORG_ADMIN", otherCity))
                .post("/cases/" + id + "/supervise", Map.of("note", "x"))
                .status())
        .isEqualTo(404);
    assertThat(templatesTo(informantWx)).isEqualTo(1);
  }

  @Test
  void aBindingCodeWorksOnceAndABadOneIsRefused() {
    String informant = staff("INFORMANT", townId);
    assertThat(as(informant).get("/me/wechat-binding").get("bound").asBoolean()).isFalse();
    String code = as(informant).post("/me/wechat-binding", null).get("code").asString();
    String openid = worker();
    assertThat(say(openid, "绑定 " + code)).contains("绑定成功");
    assertThat(say(worker(), "绑定 " + code)).contains("绑定码无效");
    assertThat(say(openid, "绑定 12ab")).contains("绑定码无效");
    assertThat(as(informant).get("/me/wechat-binding").get("bound").asBoolean()).isTrue();
    assertThat(
            jdbc.queryForObject(
                "SELECT wx_openid FROM staff_user WHERE username = ?", String.class, informant))
        .isEqualTo(openid);
    assertThat(as(informant).send("DELETE", "/me/wechat-binding", null).status()).isEqualTo(204);
    assertThat(as(informant).get("/me/wechat-binding").get("bound").asBoolean()).isFalse();
  }
}
