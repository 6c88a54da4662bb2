package cn.union.helpdesk;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * The facts of the cases that the statistics count, read in bulk: which submission days the
 * timeline touched since a position, and a submission day's cases tallied per owning org and
 * category. Only reads; the figures built from them belong to whoever counts.
 */
@Service
public class CaseFacts {

  /**
   * The cases submitted on one day by one org (its path) in one category: how many came in, were
   * answered (on time or late), are still open, were rated (and rated satisfied), and the office
   * minutes to the first reply summed over the {@code repliesTimed} answered cases that know it.
   */
  public record DayTally(
      String orgPath,
      long categoryId,
      long received,
      long answered,
      long onTime,
      long late,
      long open,
      long rated,
      long satisfied,
      long replyMinutes,
      long repliesTimed) {

    /** The org ids on the path from the root down to the owning org, the owning org last. */
    public List<Long> orgIds() {
      return Arrays.stream(orgPath.split("/"))
          .filter(s -> !s.isEmpty())
          .map(Long::valueOf)
          .toList();
    }
  }

  private final JdbcTemplate jdbc;
  private final ReplyTimes replyTimes;

  CaseFacts(JdbcTemplate jdbc, ReplyTimes replyTimes) {
    this.jdbc = jdbc;
    this.replyTimes = replyTimes;
  }

  /** The id of the latest event of any case's timeline; 0 when there is none. */
  public long lastEventId() {
    Long max = jdbc.queryForObject("SELECT MAX(id) FROM help_case_event", Long.class);
    return max == null ? 0 : max;
  }

  /**
   * The submission days of the cases behind the timeline events with ids in {@code (afterId,
   * toId]}.
   */
  public Set<LocalDate> submissionDaysOfEvents(long afterId, long toId) {
    return new TreeSet<>(
        jdbc.query(
            "SELECT DISTINCT c.submitted_at FROM help_case_event e JOIN help_case c"
                + " ON c.id = e.case_id WHERE e.id > ? AND e.id <= ?",
            (rs, i) -> rs.getObject(1, LocalDateTime.class).toLocalDate(),
            afterId,
            toId));
  }

  /**
   * The cases submitted on {@code day}, tallied per owning org path and category. The reply times
   * of its answered cases that lack one are worked out first, so the tally counts every one.
   */
  public List<DayTally> tally(LocalDate day) {
    replyTimes.fill(day);
    return jdbc.query(
        "SELECT org_path, category_id, COUNT(*),"
            + " SUM(CASE WHEN replied_at IS NOT NULL THEN 1 ELSE 0 END),"
            + " SUM(CASE WHEN replied_at IS NOT NULL AND replied_at <= due_at THEN 1 ELSE 0 END),"
            + " SUM(CASE WHEN replied_at > due_at THEN 1 ELSE 0 END),"
            + " SUM(CASE WHEN replied_at IS NULL THEN 1 ELSE 0 END),"
            + " SUM(CASE WHEN rating IS NOT NULL THEN 1 ELSE 0 END),"
            + " SUM(CASE WHEN rating IN (?, ?) THEN 1 ELSE 0 END),"
            + " COALESCE(SUM(reply_work_minutes), 0), COUNT(reply_work_minutes)"
            + " FROM help_case WHERE submitted_at >= ? AND submitted_at < ? GROUP BY org_path, category_id",
        (rs, i) ->
            new DayTally(
                rs.getString(1),
                rs.getLong(2),
                rs.getLong(3),
                rs.getLong(4),
                rs.getLong(5),
                rs.getLong(6),
                rs.getLong(7),
                rs.getLong(8),
                rs.getLong(9),
                rs.getLong(10),
                rs.getLong(11)),
        Rating.SATISFIED.name(),
        Rating.FAIRLY_SATISFIED.name(),
        day.atStartOfDay(),
        day.plusDays(1).atStartOfDay());
  }
}
