package cn.union.calendar;

import static cn.union.platform.PlatformConfig.ZONE;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Month;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The working-day calendar every deadline is computed with: Monday to Friday work, Saturday and
 * Sunday rest, except the days stored in {@code calendar_day} (法定节假日, 调休上班), which override the
 * week. All dates and hours are in Asia/Shanghai.
 */
@Service
public class WorkingCalendar {

  // Office hours (作息时间) of the federation's staff, Asia/Shanghai: the only time a case's clock
  // runs, so a request sent on Friday night has not been waiting all weekend.

  /** Office hours begin. */
  public static final LocalTime MORNING_START = LocalTime.of(9, 0);

  /** Lunch break begins. */
  public static final LocalTime MORNING_END = LocalTime.of(12, 0);

  /** Lunch break ends. */
  public static final LocalTime AFTERNOON_START = LocalTime.of(13, 30);

  /** Office hours end; a deadline given in working days falls due at this time of its last day. */
  public static final LocalTime AFTERNOON_END = LocalTime.of(17, 30);

  /** The most characters {@code calendar_day} keeps in {@code name} and {@code updated_by}. */
  static final int MAX_TEXT = 64;

  // No real schedule rests for a year on end; a longer run means the stored days are wrong, and a
  // loud error beats a loop that never ends or a deadline years away.
  static final int MAX_REST_RUN = 366;

  // The State Council publishes next year's schedule around November; from then on its absence is
  // worth a warning.
  private static final Month NEXT_YEAR_EXPECTED_FROM = Month.NOVEMBER;

  private static final Logger log = LoggerFactory.getLogger(WorkingCalendar.class);

  private record Window(LocalTime start, LocalTime end) {}

  private static final List<Window> OFFICE_HOURS =
      List.of(new Window(MORNING_START, MORNING_END), new Window(AFTERNOON_START, AFTERNOON_END));

  private final CalendarStore store;
  private final Clock clock;
  private final ApplicationEventPublisher events;

  // Each year is read once and kept: deadlines ask about the same few years over and over, and
  // edits are rare and go through this class, which drops the year it changed. The cache is per
  // process: with several instances, an edit made on one reaches the others when they restart.
  private final ConcurrentHashMap<Integer, Map<LocalDate, DayType>> overridesByYear =
      new ConcurrentHashMap<>();

  WorkingCalendar(CalendarStore store, Clock clock, ApplicationEventPublisher events) {
    this.store = store;
    this.clock = clock;
    this.events = events;
  }

  public boolean isWorkingDay(LocalDate day) {
    Objects.requireNonNull(day, "day");
    DayType override = overridesOf(day.getYear()).get(day);
    if (override != null) {
      return override == DayType.WORKDAY;
    }
    return day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY;
  }

  /**
   * The {@code n}-th working day after {@code from}; {@code from} itself never counts, whatever it
   * is, so a request made on a holiday or in the evening gets the same {@code n} full days. {@code
   * n = 0} returns {@code from}.
   */
  public LocalDate addWorkingDays(LocalDate from, int n) {
    Objects.requireNonNull(from, "from");
    if (n < 0) {
      throw new IllegalArgumentException("working days must not be negative, got " + n);
    }
    LocalDate day = from;
    int found = 0;
    int restRun = 0;
    while (found < n) {
      day = day.plusDays(1);
      if (isWorkingDay(day)) {
        found++;
        restRun = 0;
      } else if (++restRun > MAX_REST_RUN) {
        throw new IllegalStateException(
            "no working day between "
                + day.minusDays(restRun - 1)
                + " and "
                + day
                + ": check calendar_day");
      }
    }
    return day;
  }

  /**
   * Office time between two instants: only working days, only {@link #MORNING_START}–{@link
   * #MORNING_END} and {@link #AFTERNOON_START}–{@link #AFTERNOON_END}. Zero when {@code b} is not
   * after {@code a}.
   */
  public Duration workingHoursBetween(Instant a, Instant b) {
    Objects.requireNonNull(a, "a");
    Objects.requireNonNull(b, "b");
    if (!b.isAfter(a)) {
      return Duration.ZERO;
    }
    Duration total = Duration.ZERO;
    LocalDate last = LocalDate.ofInstant(b, ZONE);
    for (LocalDate day = LocalDate.ofInstant(a, ZONE); !day.isAfter(last); day = day.plusDays(1)) {
      if (!isWorkingDay(day)) {
        continue;
      }
      for (Window window : OFFICE_HOURS) {
        Instant start = latest(a, day.atTime(window.start()).atZone(ZONE).toInstant());
        Instant end = earliest(b, day.atTime(window.end()).atZone(ZONE).toInstant());
        if (end.isAfter(start)) {
          total = total.plus(Duration.between(start, end));
        }
      }
    }
    return total;
  }

  /**
   * When something submitted at {@code submittedAt} with {@code workingDays} to answer is due: the
   * end of office hours ({@link #AFTERNOON_END}) on {@link #addWorkingDays} of the Shanghai date of
   * submission.
   */
  public Instant dueInstant(Instant submittedAt, int workingDays) {
    Objects.requireNonNull(submittedAt, "submittedAt");
    LocalDate dueDay = addWorkingDays(LocalDate.ofInstant(submittedAt, ZONE), workingDays);
    return dueDay.atTime(AFTERNOON_END).atZone(ZONE).toInstant();
  }

  /**
   * Whether the official schedule of {@code year} is loaded. Without it the year falls back to the
   * bare Mon–Fri week, and its deadlines ignore holidays.
   */
  public boolean hasOfficialData(int year) {
    return store.hasOfficialData(year);
  }

  /** The stored days of a year (holidays and make-up workdays), for the editor. */
  public List<CalendarDay> daysOf(int year) {
    return store.daysOf(year);
  }

  /**
   * The years from {@code fromYear} to {@code toYear} (both included) with no official schedule.
   */
  public List<Integer> missingYears(int fromYear, int toYear) {
    if (toYear < fromYear) {
      throw new IllegalArgumentException("toYear " + toYear + " is before fromYear " + fromYear);
    }
    return IntStream.rangeClosed(fromYear, toYear)
        .filter(year -> !hasOfficialData(year))
        .boxed()
        .toList();
  }

  /**
   * Makes {@code day} a working day or a rest day, replacing any official or earlier admin entry.
   *
   * @param name what the day is, e.g. 国庆节; blank for none
   * @param by who made the change, kept with the row
   */
  public void setDay(LocalDate day, DayType type, String name, String by) {
    Objects.requireNonNull(day, "day");
    Objects.requireNonNull(type, "type");
    CalendarDay row =
        new CalendarDay(
            day,
            type,
            text(name, "name"),
            CalendarDay.Source.ADMIN,
            LocalDateTime.ofInstant(clock.instant(), ZONE),
            text(by, "by"));
    store.save(row);
    changed(day);
  }

  /**
   * Removes whatever is stored for {@code day}, official or not, so it follows the Mon–Fri week
   * again. Nothing is published when there was nothing to remove.
   */
  public void clearDay(LocalDate day) {
    Objects.requireNonNull(day, "day");
    if (store.delete(day)) {
      changed(day);
    }
  }

  @EventListener(ApplicationReadyEvent.class)
  void warnAboutMissingYears() {
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZONE);
    int lastExpected =
        today.getMonthValue() >= NEXT_YEAR_EXPECTED_FROM.getValue()
            ? today.getYear() + 1
            : today.getYear();
    List<Integer> missing = missingYears(today.getYear(), lastExpected);
    if (!missing.isEmpty()) {
      log.warn(
          "No official holiday schedule in calendar_day for {}: deadlines there count Mon-Fri only. "
              + "Add the State Council's schedule (templates/calendar) or enter the days in the console.",
          missing);
    }
  }

  private Map<LocalDate, DayType> overridesOf(int year) {
    return overridesByYear.computeIfAbsent(year, y -> Map.copyOf(store.overridesOf(y)));
  }

  private void changed(LocalDate day) {
    int year = day.getYear();
    overridesByYear.remove(year);
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      // Inside a caller's transaction another thread may reload the year before the commit and
      // cache the old rows; dropping it again when the transaction ends makes the edit stick.
      TransactionSynchronizationManager.registerSynchronization(
          new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
              overridesByYear.remove(year);
            }
          });
    }
    events.publishEvent(new CalendarChanged(day));
  }

  private static String text(String value, String what) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String trimmed = value.strip();
    if (trimmed.codePointCount(0, trimmed.length()) > MAX_TEXT) {
      throw new IllegalArgumentException(what + " must be at most " + MAX_TEXT + " characters");
    }
    return trimmed;
  }

  private static Instant latest(Instant x, Instant y) {
    return x.isAfter(y) ? x : y;
  }

  private static Instant earliest(Instant x, Instant y) {
    return x.isBefore(y) ? x : y;
  }
}
