package cn.union.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import cn.union.support.ApiClient;
import cn.union.support.IntegrationTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/** The calendar endpoints of the contract, over HTTP. */
class CalendarApiIT extends IntegrationTest {

  @ParameterizedTest
  @CsvSource({
    "2025-01-24T10:00:00, 2, 2025-01-27",
    "2026-02-13T16:00:00, 2, 2026-02-24",
    "2026-09-18T09:00:00, 2, 2026-09-21",
    "2025-09-30T23:59:00, 2, 2025-10-10",
    "2025-12-31T08:00:00, 2, 2026-01-05",
  })
  void deadlinesFollowTheOfficialCalendar(String from, int days, String due) {
    ApiClient.Res r = admin().get("/calendar/deadline?from=" + from + "&workingDays=" + days);
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    assertThat(r.get("dueDate").asString()).isEqualTo(due);
  }

  @Test
  void badDeadlineInputIsAProblem() {
    ApiClient admin = admin();
    assertThat(admin.get("/calendar/deadline?from=yesterday&workingDays=2").status())
        .isEqualTo(400);
    assertThat(admin.get("/calendar/deadline?from=2025-01-24T10:00:00&workingDays=-1").status())
        .isEqualTo(400);
    assertThat(admin.get("/calendar/deadline?from=2025-01-24T10:00:00").status()).isEqualTo(400);
    assertThat(
            anonymous().get("/calendar/deadline?from=2025-01-24T10:00:00&workingDays=2").status())
        .isEqualTo(401);
  }

  @Test
  void anEditedDayChangesDeadlinesAndIsAudited() {
    ApiClient admin = admin();
    // 2026-03-16 is a Monday; make it a holiday, so two working days from Friday 03-13 end on
    // 03-18.
    assertThat(
            admin
                .get("/calendar/deadline?from=2026-03-13T10:00:00&workingDays=2")
                .get("dueDate")
                .asString())
        .isEqualTo("2026-03-17");
    ApiClient.Res set =
        admin.put("/calendar/days/2026-03-16", Map.of("type", "HOLIDAY", "name", "测试休息日"));
    assertThat(set.status()).as(set.raw()).isEqualTo(200);
    assertThat(set.get("source").asString()).isEqualTo("ADMIN");
    try {
      assertThat(
              admin
                  .get("/calendar/deadline?from=2026-03-13T10:00:00&workingDays=2")
                  .get("dueDate")
                  .asString())
          .isEqualTo("2026-03-18");
      JsonNode year = admin.get("/calendar/years/2026").json();
      assertThat(year.get("officialDataMissing").asBoolean()).isFalse();
      assertThat(year.get("days").findValuesAsString("date")).contains("2026-03-16", "2026-10-01");
      assertThat(admin.get("/audit?action=calendar.day-set").get("total").asLong()).isPositive();
    } finally {
      assertThat(admin.send("DELETE", "/calendar/days/2026-03-16", null).status()).isEqualTo(204);
    }
    assertThat(
            admin
                .get("/calendar/deadline?from=2026-03-13T10:00:00&workingDays=2")
                .get("dueDate")
                .asString())
        .isEqualTo("2026-03-17");
    assertThat(admin.put("/calendar/days/2026-03-16", Map.of("type", "SOMETIMES")).status())
        .isEqualTo(400);
  }

  @Test
  void aYearWithoutOfficialDataIsFlagged() {
    ApiClient admin = admin();
    JsonNode y2027 = admin.get("/calendar/years/2027").json();
    assertThat(y2027.get("officialDataMissing").asBoolean()).isTrue();
    clock.set(java.time.Instant.parse("2026-12-01T02:00:00Z"));
    admin = admin();
    assertThat(admin.get("/calendar/status").get("missingYears").toString()).isEqualTo("[2027]");
  }
}
