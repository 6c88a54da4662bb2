package cn.union.sla;

import static cn.union.platform.PlatformConfig.ZONE;

import cn.union.helpdesk.CaseDeadlines;
import cn.union.helpdesk.CaseDeadlines.DueCase;
import cn.union.platform.Exclusive;
import cn.union.sla.SweepMarks.Mark;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.redisson.api.RedissonClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * The reply-tracking sweep. On one node at a time (a Redisson lock with a lease) it:
 *
 * <ol>
 *   <li>raises a REMINDER for every unanswered case whose last working day ({@code due_date}) has
 *       begun, and an ESCALATION for every unanswered case past its due instant. Both passes walk
 *       {@code help_case} by {@code (due_at, id)} from where the previous run stopped (a mark in
 *       {@code sla_sweep_mark}), so a run reads only the cases that crossed a threshold since;
 *   <li>sends the pending alerts ({@link AlertDelivery}).
 * </ol>
 *
 * The KPI summary is the statistics feature's own job; this sweep does not drive it.
 *
 * <p>A crash anywhere is harmless: alerts are inserted under a unique key before the mark moves
 * past them, and a claimed alert that was not finished is tried again when its lease ends.
 */
@Service
public class SlaSweep {

  private static final Logger log = LoggerFactory.getLogger(SlaSweep.class);

  static final String LOCK = "union:sla:sweep";

  /** What one run did. */
  public record Outcome(boolean ran, int reminders, int escalations, int delivered, long millis) {
    static Outcome skipped() {
      return new Outcome(false, 0, 0, 0, 0);
    }
  }

  private final JdbcTemplate jdbc;
  private final CaseDeadlines cases;
  private final SweepMarks marks;
  private final AlertDelivery delivery;
  private final RedissonClient redisson;
  private final SlaProperties props;
  private final Clock clock;

  SlaSweep(
      JdbcTemplate jdbc,
      CaseDeadlines cases,
      SweepMarks marks,
      AlertDelivery delivery,
      RedissonClient redisson,
      SlaProperties props,
      Clock clock) {
    this.jdbc = jdbc;
    this.cases = cases;
    this.marks = marks;
    this.delivery = delivery;
    this.redisson = redisson;
    this.props = props;
    this.clock = clock;
  }

  @Scheduled(
      fixedDelayString = "${union.sla.sweep-interval:PT1M}",
      initialDelayString = "${union.sla.sweep-initial-delay:PT1M}")
  void scheduled() {
    if (!props.sweepEnabled()) {
      return;
    }
    Outcome o = run(Duration.ZERO);
    if (o.ran() && (o.reminders() + o.escalations() + o.delivered() > 0)) {
      log.info(
          "SLA sweep: {} reminders, {} escalations raised, {} alerts sent, {} ms",
          o.reminders(),
          o.escalations(),
          o.delivered(),
          o.millis());
    }
  }

  /**
   * Runs the sweep if no other node is running it.
   *
   * @param wait how long to wait for the lock; zero gives up at once
   */
  public Outcome run(Duration wait) {
    return Exclusive.run(redisson, LOCK, wait, this::sweep).orElseGet(Outcome::skipped);
  }

  /** One sweep; the caller holds the lock. */
  private Outcome sweep() {
    long started = System.nanoTime();
    LocalDateTime now = LocalDateTime.ofInstant(clock.instant(), ZONE);
    // A reminder is due from 00:00 of the last working day, i.e. for every case due today or
    // earlier.
    LocalDateTime endOfToday =
        now.toLocalDate().atTime(LocalTime.MAX).truncatedTo(ChronoUnit.MILLIS);
    int reminders = raise(AlertKind.REMINDER, endOfToday, now);
    int escalations = raise(AlertKind.ESCALATION, now, now);
    int sent = 0;
    for (int batch = 0; batch < props.maxBatches(); batch++) {
      int looked = delivery.deliverDue(props.batchSize());
      sent += looked;
      if (looked < props.batchSize()) {
        break;
      }
    }
    return new Outcome(
        true, reminders, escalations, sent, (System.nanoTime() - started) / 1_000_000);
  }

  /**
   * Raises {@code kind} for the unanswered cases whose due instant lies between the kind's mark and
   * {@code bound}.
   */
  private int raise(AlertKind kind, LocalDateTime bound, LocalDateTime now) {
    Mark mark = marks.get(kind.name());
    if (mark == null) {
      mark = new Mark(now.minus(props.initialLookback()), 0);
    }
    int raised = 0;
    for (int batch = 0; batch < props.maxBatches(); batch++) {
      List<DueCase> rows = cases.unansweredDue(mark.at(), mark.id(), bound, props.batchSize());
      if (!rows.isEmpty()) {
        raised += insertAlerts(kind, rows, now);
        DueCase last = rows.get(rows.size() - 1);
        mark = new Mark(last.dueAt(), last.id());
      }
      if (rows.size() < props.batchSize()) {
        mark = new Mark(bound, Long.MAX_VALUE);
        marks.set(kind.name(), mark);
        return raised;
      }
      marks.set(kind.name(), mark);
    }
    return raised;
  }

  private int insertAlerts(AlertKind kind, List<DueCase> rows, LocalDateTime now) {
    List<Object[]> args = new ArrayList<>(rows.size());
    for (DueCase c : rows) {
      args.add(
          new Object[] {
            c.id(),
            kind.name(),
            c.number(),
            c.orgId(),
            c.orgPath(),
            targetOrg(kind, c.orgPath()),
            c.dueAt(),
            AlertStatus.PENDING.name(),
            now,
            now
          });
    }
    int[][] counts =
        jdbc.batchUpdate(
            "INSERT IGNORE INTO help_case_alert (case_id, kind, ref_id, case_number, org_id,"
                + " org_path, target_org_id, due_at, status, next_try_at, created_at) VALUES (?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?)",
            args,
            args.size(),
            (ps, a) -> {
              for (int i = 0; i < a.length; i++) {
                ps.setObject(i + 1, a[i]);
              }
            });
    int inserted = 0;
    for (int[] chunk : counts) {
      for (int n : chunk) {
        // Batched statements may report SUCCESS_NO_INFO (-2) instead of a count.
        inserted += n == -2 ? 1 : Math.max(n, 0);
      }
    }
    return inserted;
  }

  /**
   * REMINDER and SUPERVISION go to the unit itself; ESCALATION to its parent (the top org escalates
   * to itself).
   */
  static long targetOrg(AlertKind kind, String orgPath) {
    String[] ids = orgPath.substring(1, orgPath.length() - 1).split("/");
    int index = kind == AlertKind.ESCALATION && ids.length > 1 ? ids.length - 2 : ids.length - 1;
    return Long.parseLong(ids[index]);
  }

  /** The marks must look at {@code dueAt} again: a case's due instant moved back behind them. */
  void rewind(LocalDateTime dueAt) {
    marks.rewindTo(AlertKind.ESCALATION.name(), dueAt);
    marks.rewindTo(AlertKind.REMINDER.name(), dueAt);
  }
}
