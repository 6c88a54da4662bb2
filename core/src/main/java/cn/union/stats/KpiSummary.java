package cn.union.stats;

import static cn.union.platform.PlatformConfig.ZONE;

import cn.union.helpdesk.CaseFacts;
import cn.union.helpdesk.CaseFacts.DayTally;
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
 * transaction of the change, and {@link KpiMarks} marks the case's submission day in {@code
 * help_kpi_dirty} in that transaction; moved due times mark days too. A refresh counts the marked
 * days again, whole, from the helpdesk's tally of the day ({@link CaseFacts}; counting twice is
 * harmless). A day's mark is removed before the day is counted, so a change that commits meanwhile
 * marks it again. As a second net, the days of the cases behind the events added since the last
 * refresh are counted as well.
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
  private final CaseFacts facts;
  private final RedissonClient redisson;
  private final TransactionTemplate tx;
  private final Clock clock;

  KpiSummary(
      JdbcTemplate jdbc,
      CaseFacts facts,
      RedissonClient redisson,
      TransactionTemplate tx,
      Clock clock) {
    this.clock = clock;
    this.jdbc = jdbc;
    this.facts = facts;
    this.redisson = redisson;
    this.tx = tx;
  }

  /**
   * Counts again the days touched since the last refresh, on one node at a time.
   *
   * @return how many days were counted; -1 when another node was refreshing and did not finish in
   *     time
   */
  public int refresh() {
    return Exclusive.run(redisson, LOCK, Duration.ofSeconds(5), this::refreshLocked).orElse(-1);
  }

  private int refreshLocked() {
    long top = facts.lastEventId();
    List<Long> marked =
        jdbc.queryForList("SELECT mark_id FROM kpi_refresh_mark WHERE name = ?", Long.class, MARK);
    long mark = marked.isEmpty() ? 0 : marked.get(0);
    TreeSet<LocalDate> days =
        new TreeSet<>(
            jdbc.queryForList("SELECT submitted_day FROM help_kpi_dirty", LocalDate.class));
    for (long from = Math.max(0, mark - EVENT_OVERLAP); from < top; from += EVENT_BATCH) {
      days.addAll(facts.submissionDaysOfEvents(from, Math.min(top, from + EVENT_BATCH)));
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
        jdbc.update(
            "INSERT INTO kpi_refresh_mark (name, mark_at, mark_id) VALUES (?, ?, ?)",
            MARK,
            LocalDateTime.ofInstant(clock.instant(), ZONE),
            top);
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

    void add(DayTally t) {
      received += t.received();
      answered += t.answered();
      onTime += t.onTime();
      late += t.late();
      open += t.open();
      rated += t.rated();
      satisfied += t.satisfied();
      replyMinutes += t.replyMinutes();
      repliesTimed += t.repliesTimed();
    }
  }

  private record Key(long orgId, Long parentId, long categoryId) {}

  /** Counts one submission day again, from the helpdesk's tally, and replaces its rows. */
  void recount(LocalDate day) {
    Map<Key, Counters> rows = new HashMap<>();
    for (DayTally t : facts.tally(day)) {
      Long parent = null;
      for (long org : t.orgIds()) {
        rows.computeIfAbsent(new Key(org, parent, t.categoryId()), k -> new Counters()).add(t);
        parent = org;
      }
    }
    List<Object[]> args = new ArrayList<>(rows.size());
    rows.forEach(
        (k, c) ->
            args.add(
                new Object[] {
                  day,
                  k.orgId(),
                  k.parentId(),
                  k.categoryId(),
                  c.received,
                  c.answered,
                  c.onTime,
                  c.late,
                  c.open,
                  c.rated,
                  c.satisfied,
                  c.replyMinutes,
                  c.repliesTimed
                }));
    tx.executeWithoutResult(
        status -> {
          jdbc.update("DELETE FROM help_kpi_daily WHERE submitted_day = ?", day);
          if (!args.isEmpty()) {
            jdbc.batchUpdate(
                "INSERT INTO help_kpi_daily (submitted_day, org_id, parent_id, category_id, received, answered, on_time,"
                    + " late, open_cases, rated, satisfied, reply_minutes, replies_timed)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                args);
          }
        });
  }
}
