package cn.union.helpdesk;

import static cn.union.platform.PlatformConfig.ZONE;

import cn.union.calendar.CalendarChanged;
import cn.union.calendar.WorkingCalendar;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The due-time rules of a case, kept true when the calendar changes.
 *
 * <ul>
 *   <li>At submission: {@code due_at} = 17:30 (end of office hours) of the 2nd working day after
 *       the Shanghai date of submission; {@code due_date} is that day ({@link
 *       WorkingCalendar#dueInstant}).
 *   <li>A transfer (改派) or a return (退回) does not restart the clock: the worker was promised an
 *       answer by that time, whoever ends up giving it.
 *   <li>When a calendar day changes, every open, unanswered case whose window (the day after
 *       submission up to its due date) contains that day gets its due time computed again. The
 *       cases are found on the due_at index: the changed day ≤ due_date < the changed day + {@link
 *       #MAX_WINDOW_DAYS}, since no 2-working-day window is longer. Each move is announced as
 *       {@link CaseDueChanged} in the same transaction.
 *   <li>Overdue is never stored: a case is overdue when it has no reply that left ({@code
 *       replied_at} is null) and the clock is past {@code due_at}.
 * </ul>
 */
@Component
class CaseDueDates {

  /**
   * More calendar days than any window of 2 working days spans (the longest official break is 8
   * days).
   */
  static final int MAX_WINDOW_DAYS = 31;

  private static final Logger log = LoggerFactory.getLogger(CaseDueDates.class);

  private record OpenCase(long id, LocalDateTime submittedAt, LocalDateTime dueAt) {}

  private final JdbcTemplate jdbc;
  private final WorkingCalendar calendar;
  private final ApplicationEventPublisher publisher;

  CaseDueDates(JdbcTemplate jdbc, WorkingCalendar calendar, ApplicationEventPublisher publisher) {
    this.jdbc = jdbc;
    this.calendar = calendar;
    this.publisher = publisher;
  }

  /** The due time of a case submitted at {@code submittedAt} (Shanghai), by today's calendar. */
  LocalDateTime dueAt(LocalDateTime submittedAt) {
    return LocalDateTime.ofInstant(
        calendar.dueInstant(
            submittedAt.atZone(ZONE).toInstant(), WorkerCases.WORKING_DAYS_TO_ANSWER),
        ZONE);
  }

  /** Runs in the transaction of the calendar edit, so the day and the due times change together. */
  @EventListener
  void calendarChanged(CalendarChanged event) {
    LocalDate day = event.day();
    List<OpenCase> touched =
        jdbc.query(
            "SELECT id, submitted_at, due_at FROM help_case"
                + " WHERE due_at >= ? AND due_at < ? AND replied_at IS NULL AND submitted_at < ?",
            (rs, i) ->
                new OpenCase(
                    rs.getLong(1),
                    rs.getObject(2, LocalDateTime.class),
                    rs.getObject(3, LocalDateTime.class)),
            day.atStartOfDay(),
            day.plusDays(MAX_WINDOW_DAYS).atStartOfDay(),
            day.atStartOfDay());
    int moved = 0;
    for (OpenCase c : touched) {
      LocalDateTime due = dueAt(c.submittedAt());
      if (due.equals(c.dueAt())) {
        continue;
      }
      jdbc.update(
          "UPDATE help_case SET due_at = ?, due_date = ? WHERE id = ? AND replied_at IS NULL",
          due,
          due.toLocalDate(),
          c.id());
      publisher.publishEvent(
          new CaseDueChanged(c.id(), c.submittedAt().toLocalDate(), c.dueAt(), due));
      moved++;
    }
    if (moved > 0) {
      log.info("Calendar day {} changed: due time of {} open case(s) computed again", day, moved);
    }
  }
}
