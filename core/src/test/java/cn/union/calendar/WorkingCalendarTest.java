package cn.union.calendar;

import static cn.union.platform.PlatformConfig.ZONE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The calendar's rules over the real 2024–2026 schedule (the project's copy of the official CSV).
 */
class WorkingCalendarTest {

  static final Clock CLOCK = Clock.fixed(Instant.parse("2025-09-01T02:00:00Z"), ZONE);

  InMemoryCalendarStore store;
  List<Object> events;
  WorkingCalendar calendar;

  @BeforeEach
  void officialSchedule() {
    store = InMemoryCalendarStore.official();
    events = new ArrayList<>();
    calendar = new WorkingCalendar(store, CLOCK, events::add);
  }

  @ParameterizedTest(name = "{0} + {1} working days = {2}")
  @CsvSource({
    // The product's examples: a make-up Sunday, the 2026 Spring Festival, a make-up Sunday again.
    "2025-01-24, 2, 2025-01-27",
    "2026-02-13, 2, 2026-02-24",
    "2026-09-18, 2, 2026-09-21",
    // National Day 2025: 10-01..10-08 off, Sunday 09-28 and Saturday 10-11 worked.
    "2025-09-26, 1, 2025-09-28",
    "2025-09-28, 3, 2025-10-09",
    "2025-09-30, 1, 2025-10-09",
    "2025-10-01, 1, 2025-10-09",
    "2025-10-09, 2, 2025-10-11",
    "2025-10-10, 2, 2025-10-13",
    // National Day 2024, Spring Festival 2026 starting on its make-up Saturday.
    "2024-09-30, 1, 2024-10-08",
    "2026-02-13, 1, 2026-02-14",
    "2026-02-14, 1, 2026-02-24",
    // Year boundaries: into the 2026 New Year holiday and its make-up Sunday, into unknown 2027.
    "2025-12-31, 1, 2026-01-04",
    "2025-12-31, 2, 2026-01-05",
    "2026-12-31, 1, 2027-01-01",
    // 2027 has no data: the bare Mon–Fri week.
    "2027-01-01, 1, 2027-01-04",
    "2027-12-31, 1, 2028-01-03",
    // Zero days is the day itself, even a holiday.
    "2025-10-01, 0, 2025-10-01",
  })
  void addWorkingDays(LocalDate from, int n, LocalDate expected) {
    assertThat(calendar.addWorkingDays(from, n)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} working: {1}")
  @CsvSource({
    "2025-01-01, false", // 元旦 on a Wednesday
    "2025-01-26, true", // make-up Sunday
    "2025-09-27, false",
    "2025-09-28, true",
    "2025-09-30, true",
    "2025-10-09, true",
    "2025-10-11, true",
    "2025-10-12, false",
    "2026-01-02, false", // a Friday in the New Year holiday
    "2026-01-04, true",
    "2024-02-09, true", // 除夕 2024 is not in the schedule: an ordinary Friday
    "2027-01-01, true", // no 2027 data: an ordinary Friday
    "2027-01-02, false",
    "2027-01-03, false",
  })
  void isWorkingDay(LocalDate day, boolean working) {
    assertThat(calendar.isWorkingDay(day)).isEqualTo(working);
  }

  @Test
  void nationalDay2025() {
    for (LocalDate day = LocalDate.parse("2025-10-01");
        !day.isAfter(LocalDate.parse("2025-10-08"));
        day = day.plusDays(1)) {
      assertThat(calendar.isWorkingDay(day)).as(day.toString()).isFalse();
    }
    assertThat(calendar.isWorkingDay(LocalDate.parse("2025-09-28"))).isTrue();
    assertThat(calendar.isWorkingDay(LocalDate.parse("2025-10-11"))).isTrue();
    long working =
        LocalDate.parse("2025-09-27")
            .datesUntil(LocalDate.parse("2025-10-13"))
            .filter(calendar::isWorkingDay)
            .count();
    assertThat(working).isEqualTo(6); // 09-28, 09-29, 09-30, 10-09, 10-10, 10-11
  }

  @Test
  void officialDataAndMissingYears() {
    assertThat(calendar.hasOfficialData(2024)).isTrue();
    assertThat(calendar.hasOfficialData(2026)).isTrue();
    assertThat(calendar.hasOfficialData(2027)).isFalse();
    assertThat(calendar.missingYears(2024, 2027)).containsExactly(2027);
    assertThat(calendar.missingYears(2023, 2028)).containsExactly(2023, 2027, 2028);
    assertThat(calendar.missingYears(2025, 2025)).isEmpty();
    assertThatThrownBy(() -> calendar.missingYears(2027, 2024))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void adminRowsDoNotCountAsOfficialData() {
    calendar.setDay(LocalDate.parse("2027-01-01"), DayType.HOLIDAY, "元旦", "admin");

    assertThat(calendar.isWorkingDay(LocalDate.parse("2027-01-01"))).isFalse();
    assertThat(calendar.missingYears(2026, 2027)).containsExactly(2027);
  }

  @ParameterizedTest(name = "{0} → {1}: {2}")
  @CsvSource({
    // Friday afternoon to Monday morning: the weekend does not count.
    "2025-03-07T16:00, 2025-03-10T10:00, PT2H30M",
    // The lunch break does not count, nor does time before 09:00 or after 17:30.
    "2025-03-10T11:00, 2025-03-10T14:00, PT1H30M",
    "2025-03-10T12:10, 2025-03-10T13:20, PT0S",
    "2025-03-10T00:00, 2025-03-11T00:00, PT7H",
    "2025-03-10T07:00, 2025-03-10T09:15, PT15M",
    "2025-03-10T17:00, 2025-03-10T23:00, PT30M",
    "2025-03-10T09:00, 2025-03-17T09:00, PT35H",
    "2025-03-08T00:00, 2025-03-10T00:00, PT0S",
    // A make-up Sunday counts; a holiday week does not.
    "2025-09-27T00:00, 2025-09-29T00:00, PT7H",
    "2025-09-30T17:00, 2025-10-09T09:30, PT1H",
    // Across the year boundary: 2026-01-01..03 off, Sunday 01-04 worked.
    "2025-12-31T17:00, 2026-01-05T09:00, PT7H30M",
    // Backwards or empty: nothing.
    "2025-03-10T14:00, 2025-03-10T11:00, PT0S",
    "2025-03-10T10:00, 2025-03-10T10:00, PT0S",
  })
  void workingHoursBetween(LocalDateTime a, LocalDateTime b, Duration expected) {
    assertThat(calendar.workingHoursBetween(shanghai(a), shanghai(b))).isEqualTo(expected);
  }

  @Test
  void dueInstantIsEndOfOfficeHoursOfTheShanghaiDay() {
    assertThat(calendar.dueInstant(shanghai(LocalDateTime.parse("2025-01-24T20:00")), 2))
        .isEqualTo(Instant.parse("2025-01-27T09:30:00Z"));
    assertThat(calendar.dueInstant(shanghai(LocalDateTime.parse("2026-09-18T10:00")), 2))
        .isEqualTo(shanghai(LocalDateTime.parse("2026-09-21T17:30")));
    // 17:00 UTC on the 13th is already Saturday the 14th (a make-up workday) in Shanghai.
    assertThat(calendar.dueInstant(Instant.parse("2026-02-13T17:00:00Z"), 1))
        .isEqualTo(shanghai(LocalDateTime.parse("2026-02-24T17:30")));
    assertThat(calendar.dueInstant(Instant.parse("2026-02-13T15:00:00Z"), 1))
        .isEqualTo(shanghai(LocalDateTime.parse("2026-02-14T17:30")));
  }

  @Test
  void setDayOverridesTheScheduleAndIsPublished() {
    calendar.setDay(LocalDate.parse("2025-10-10"), DayType.HOLIDAY, "  调休调整 ", " alice ");

    assertThat(calendar.isWorkingDay(LocalDate.parse("2025-10-10"))).isFalse();
    assertThat(calendar.addWorkingDays(LocalDate.parse("2025-10-09"), 1))
        .isEqualTo(LocalDate.parse("2025-10-11"));
    CalendarDay row = store.rows.get(LocalDate.parse("2025-10-10"));
    assertThat(row.getSource()).isEqualTo(CalendarDay.Source.ADMIN);
    assertThat(row.getName()).isEqualTo("调休调整");
    assertThat(row.getUpdatedBy()).isEqualTo("alice");
    assertThat(row.getUpdatedAt()).isEqualTo(LocalDateTime.parse("2025-09-01T10:00"));
    assertThat(events).containsExactly(new CalendarChanged(LocalDate.parse("2025-10-10")));
  }

  @Test
  void editingAnOfficialDayMakesItAnAdminDay() {
    calendar.setDay(LocalDate.parse("2025-10-08"), DayType.WORKDAY, "", null);

    assertThat(calendar.isWorkingDay(LocalDate.parse("2025-10-08"))).isTrue();
    assertThat(calendar.addWorkingDays(LocalDate.parse("2025-09-30"), 1))
        .isEqualTo(LocalDate.parse("2025-10-08"));
    CalendarDay row = store.rows.get(LocalDate.parse("2025-10-08"));
    assertThat(row.getSource()).isEqualTo(CalendarDay.Source.ADMIN);
    assertThat(row.getName()).isNull();
    assertThat(row.getUpdatedBy()).isNull();
  }

  @Test
  void clearDayFallsBackToTheWeek() {
    calendar.clearDay(LocalDate.parse("2025-10-01")); // an official holiday on a Wednesday
    calendar.clearDay(LocalDate.parse("2025-10-11")); // an official make-up Saturday

    assertThat(calendar.isWorkingDay(LocalDate.parse("2025-10-01"))).isTrue();
    assertThat(calendar.isWorkingDay(LocalDate.parse("2025-10-11"))).isFalse();
    assertThat(events)
        .containsExactly(
            new CalendarChanged(LocalDate.parse("2025-10-01")),
            new CalendarChanged(LocalDate.parse("2025-10-11")));
  }

  @Test
  void clearingADayWithoutARowChangesNothing() {
    calendar.clearDay(LocalDate.parse("2025-03-10"));

    assertThat(events).isEmpty();
  }

  @Test
  void aYearIsReadOnceAndAgainOnlyAfterAnEditOfThatYear() {
    calendar.addWorkingDays(LocalDate.parse("2025-09-01"), 60);
    calendar.isWorkingDay(LocalDate.parse("2026-01-04"));
    assertThat(store.reads(2025)).isEqualTo(1);
    assertThat(store.reads(2026)).isEqualTo(1);

    calendar.setDay(LocalDate.parse("2025-12-31"), DayType.HOLIDAY, "test", "admin");

    assertThat(calendar.addWorkingDays(LocalDate.parse("2025-12-30"), 1))
        .isEqualTo(LocalDate.parse("2026-01-04"));
    assertThat(store.reads(2025)).isEqualTo(2);
    assertThat(store.reads(2026)).isEqualTo(1);
  }

  @Test
  void anEditInsideATransactionIsDroppedFromTheCacheAgainWhenItEnds() {
    LocalDate day = LocalDate.parse("2025-03-10");
    TransactionSynchronizationManager.initSynchronization();
    try {
      calendar.setDay(day, DayType.HOLIDAY, "test", "admin");
      calendar.isWorkingDay(day); // another reader caching the year before the commit
      assertThat(store.reads(2025)).isEqualTo(1);
      for (TransactionSynchronization sync :
          TransactionSynchronizationManager.getSynchronizations()) {
        sync.afterCompletion(TransactionSynchronization.STATUS_COMMITTED);
      }
    } finally {
      TransactionSynchronizationManager.clearSynchronization();
    }

    calendar.isWorkingDay(day);
    assertThat(store.reads(2025)).isEqualTo(2);
  }

  @Test
  void rejectsWhatCannotBeRight() {
    assertThatThrownBy(() -> calendar.addWorkingDays(LocalDate.parse("2025-01-01"), -1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                calendar.setDay(
                    LocalDate.parse("2025-01-02"), DayType.HOLIDAY, "节".repeat(65), "admin"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> calendar.setDay(LocalDate.parse("2025-01-02"), null, "节", "admin"))
        .isInstanceOf(NullPointerException.class);
    assertThat(store.rows).doesNotContainKey(LocalDate.parse("2025-01-02"));
    assertThat(events).isEmpty();
  }

  @Test
  void aCalendarWithNoWorkingDayForAYearFailsLoudly() {
    for (LocalDate day = LocalDate.parse("2030-01-01");
        day.getYear() < 2032;
        day = day.plusDays(1)) {
      store.rows.put(
          day,
          new CalendarDay(day, DayType.HOLIDAY, "wrong", CalendarDay.Source.ADMIN, null, null));
    }

    assertThatThrownBy(() -> calendar.addWorkingDays(LocalDate.parse("2029-12-31"), 1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("2030-01-01");
  }

  static Instant shanghai(LocalDateTime local) {
    return local.atZone(ZONE).toInstant();
  }
}
