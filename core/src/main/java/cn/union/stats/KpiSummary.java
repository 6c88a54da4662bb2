package cn.union.stats;

import static cn.union.platform.PlatformConfig.ZONE;

import cn.union.helpdesk.Rating;
import cn.union.helpdesk.ReplyTimes;
import cn.union.platform.Exclusive;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.redisson.api.RedissonClient;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps {@code help_kpi_daily} (counters per submission day, org and category, rolled up to every
 * ancestor) in step with the cases. Every change of a case is announced by the helpdesk in the
 * transaction of the change, and {@link KpiMarks} marks the case's submission day in
 * {@code help_kpi_dirty} in that transaction; moved due times mark days too. A refresh counts the
 * marked days again, whole, from {@code help_case} (counting twice is harmless). A day's mark is
 * removed before the day is counted, so a change that commits meanwhile marks it again. As a second
 * net, the days of the cases behind the events added since the last refresh are counted as well.
 */
@Service
public class KpiSummary {

  static final String MARK = "KPI_EVENTS";
  static final String LOCK = "union:kpi:refresh";

  // Events are re-read this far behind the mark: an event whose id was taken before the mark but
  // whose transaction committed after the last refresh is still seen. Counting a day again is free.
  static final long EVENT_OVERLAP = 500;

  private static final int EVENT_BATCH = 20_000;

  private final JdbcTemplate jdbc;
  private final ReplyTimes replyTimes;
  private final RedissonClient redisson;
  private final TransactionTemplate tx;
  private final Clock clock;

  KpiSummary(JdbcTemplate jdbc, ReplyTimes replyTimes, RedissonClient redisson, TransactionTemplate tx, Clock clock) {
    this.clock = clock;
    this.jdbc = jdbc;
    this.replyTimes = replyTimes;
    this.redisson = redisson;
    this.tx = tx;
  }

  /**
   * Counts again the days touched since the last refresh, on one node at a time.
   *
   * @return how many days were counted; -1 when another node was refreshing and did not finish in time
   */
  public int refresh() {
    return Exclusive.run(redisson, LOCK, Duration.ofSeconds(5), Duration.ofSeconds(300), this::refreshLocked)
        .orElse(-1);
  }

  private int refreshLocked() {
    Long maxEvent = jdbc.queryForObject("SELECT MAX(id) FROM help_case_event", Long.class);
    List<Long> marked = jdbc.queryForList("SELECT mark_id FROM kpi_refresh_mark WHERE name = ?", Long.class, MARK);
    long mark = marked.isEmpty() ? 0 : marked.get(0);
    TreeSet<LocalDate> days = new TreeSet<>(jdbc.queryForList("SELECT submitted_day FROM help_kpi_dirty", LocalDate.class));
    long top = maxEvent == null ? 0 : maxEvent;
    for (long from = Math.max(0, mark - EVENT_OVERLAP); from < top; from += EVENT_BATCH) {
      days.addAll(jdbc.query("SELECT DISTINCT c.submitted_at FROM help_case_event e JOIN help_case c ON c.id = e.case_id"
              + " WHERE e.id > ? AND e.id <= ?",
          (rs, i) -> rs.getObject(1, LocalDateTime.class).toLocalDate(), from, Math.min(top, from + EVENT_BATCH)));
    }
    for (LocalDate day : days) {
      jdbc.update("DELETE FROM help_kpi_dirty WHERE submitted_day = ?", day);
      try {
        recount(day);
      } catch (RuntimeException e) {
        markDirty(day, day);
        throw e;
      }
    }
    if (top != mark) {
      if (marked.isEmpty()) {
        jdbc.update("INSERT INTO kpi_refresh_mark (name, mark_at, mark_id) VALUES (?, ?, ?)", MARK,
            LocalDateTime.ofInstant(clock.instant(), ZONE), top);
      } else {
        jdbc.update("UPDATE kpi_refresh_mark SET mark_id = ? WHERE name = ?", top, MARK);
      }
    }
    return days.size();
  }

  /** Marks every day from {@code from} to {@code to} to be counted again at the next refresh. */
  public void markDirty(LocalDate from, LocalDate to) {
    for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
      jdbc.update("INSERT IGNORE INTO help_kpi_dirty (submitted_day) VALUES (?)", d);
    }
  }

  private static final class Counters {
    long received, answered, onTime, late, open, rated, satisfied, replyMinutes, repliesTimed;

    void add(Counters o) {
      received += o.received;
      answered += o.answered;
      onTime += o.onTime;
      late += o.late;
      open += o.open;
      rated += o.rated;
      satisfied += o.satisfied;
      replyMinutes += o.replyMinutes;
      repliesTimed += o.repliesTimed;
    }
  }

  private record Key(long orgId, Long parentId, long categoryId) {}

  /** Counts one submission day again, from the cases, and replaces its rows. */
  void recount(LocalDate day) {
    LocalDateTime start = day.atStartOfDay();
    LocalDateTime end = day.plusDays(1).atStartOfDay();
    replyTimes.fill(day);
    List<Object[]> groups = jdbc.query("SELECT org_path, category_id, COUNT(*),"
            + " SUM(CASE WHEN replied_at IS NOT NULL THEN 1 ELSE 0 END),"
            + " SUM(CASE WHEN replied_at IS NOT NULL AND replied_at <= due_at THEN 1 ELSE 0 END),"
            + " SUM(CASE WHEN replied_at > due_at THEN 1 ELSE 0 END),"
            + " SUM(CASE WHEN replied_at IS NULL THEN 1 ELSE 0 END),"
            + " SUM(CASE WHEN rating IS NOT NULL THEN 1 ELSE 0 END),"
            + " SUM(CASE WHEN rating IN (?, ?) THEN 1 ELSE 0 END),"
            + " COALESCE(SUM(reply_work_minutes), 0), COUNT(reply_work_minutes)"
            + " FROM help_case WHERE submitted_at >= ? AND submitted_at < ? GROUP BY org_path, category_id",
        (rs, i) -> {
          Counters c = new Counters();
          c.received = rs.getLong(3);
          c.answered = rs.getLong(4);
          c.onTime = rs.getLong(5);
          c.late = rs.getLong(6);
          c.open = rs.getLong(7);
          c.rated = rs.getLong(8);
          c.satisfied = rs.getLong(9);
          c.replyMinutes = rs.getLong(10);
          c.repliesTimed = rs.getLong(11);
          return new Object[] {rs.getString(1), rs.getLong(2), c};
        },
        Rating.SATISFIED.name(), Rating.FAIRLY_SATISFIED.name(), start, end);
    Map<Key, Counters> rows = new HashMap<>();
    for (Object[] g : groups) {
      String[] ids = ((String) g[0]).substring(1, ((String) g[0]).length() - 1).split("/");
      long category = (Long) g[1];
      Long parent = null;
      for (String id : ids) {
        long org = Long.parseLong(id);
        rows.computeIfAbsent(new Key(org, parent, category), k -> new Counters()).add((Counters) g[2]);
        parent = org;
      }
    }
    List<Object[]> args = new ArrayList<>(rows.size());
    rows.forEach((k, c) -> args.add(new Object[] {day, k.orgId(), k.parentId(), k.categoryId(), c.received, c.answered,
        c.onTime, c.late, c.open, c.rated, c.satisfied, c.replyMinutes, c.repliesTimed}));
    tx.executeWithoutResult(status -> {
      jdbc.update("DELETE FROM help_kpi_daily WHERE submitted_day = ?", day);
      if (!args.isEmpty()) {
        jdbc.batchUpdate("INSERT INTO help_kpi_daily (submitted_day, org_id, parent_id, category_id, received, answered, on_time,"
            + " late, open_cases, rated, satisfied, reply_minutes, replies_timed)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", args);
      }
    });
  }
}
