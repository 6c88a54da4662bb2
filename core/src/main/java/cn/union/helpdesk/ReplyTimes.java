package cn.union.helpdesk;

import static cn.union.platform.PlatformConfig.ZONE;

import cn.union.calendar.WorkingCalendar;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Office time from a case's submission to its first reply ({@code help_case.reply_work_minutes}),
 * worked out once the reply has left and kept on the case, so the figures need not recompute it.
 */
@Service
class ReplyTimes {

  private final JdbcTemplate jdbc;
  private final WorkingCalendar calendar;

  ReplyTimes(JdbcTemplate jdbc, WorkingCalendar calendar) {
    this.jdbc = jdbc;
    this.calendar = calendar;
  }

  /** Fills the reply time of the answered cases submitted on {@code day} that lack it. */
  void fill(LocalDate day) {
    List<Object[]> todo =
        jdbc.query(
            "SELECT id, submitted_at, replied_at FROM help_case"
                + " WHERE submitted_at >= ? AND submitted_at < ? AND replied_at IS NOT NULL AND reply_work_minutes IS NULL",
            (rs, i) ->
                new Object[] {
                  rs.getLong(1),
                  rs.getObject(2, LocalDateTime.class),
                  rs.getObject(3, LocalDateTime.class)
                },
            day.atStartOfDay(),
            day.plusDays(1).atStartOfDay());
    if (todo.isEmpty()) {
      return;
    }
    List<Object[]> args = new ArrayList<>(todo.size());
    for (Object[] t : todo) {
      long minutes =
          calendar
              .workingHoursBetween(
                  ((LocalDateTime) t[1]).atZone(ZONE).toInstant(),
                  ((LocalDateTime) t[2]).atZone(ZONE).toInstant())
              .toMinutes();
      args.add(new Object[] {minutes, t[0]});
    }
    jdbc.batchUpdate("UPDATE help_case SET reply_work_minutes = ? WHERE id = ?", args);
  }
}
