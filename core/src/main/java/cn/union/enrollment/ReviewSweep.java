package cn.union.enrollment;

import cn.union.org.Org;
import cn.union.org.OrgService;
import cn.union.platform.Exclusive;
import cn.union.platform.PlatformConfig;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import org.redisson.api.RedissonClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The review sweep of 扫码入会, on one node at a time (a Redisson lock with a lease): an application
 * still under review on its due day (the 3rd working day) reminds the target org's admins; one past
 * its due date is marked overdue and escalated to the parent org's admins. Each is claimed by a
 * conditional UPDATE and its alert raised in the same transaction, so it happens once whatever
 * nodes or retries do; then the alerts waiting to be sent are sent.
 */
@Service
public class ReviewSweep {

  private static final Logger log = LoggerFactory.getLogger(ReviewSweep.class);
  static final String LOCK = "union:enrollment:review-sweep";
  static final int BATCH = 200;

  /** What one run did. */
  public record Outcome(boolean ran, int reminders, int escalations, int sent) {}

  private record Due(long id, long targetOrgId, String targetOrgPath, LocalDate dueDate) {}

  private final org.springframework.jdbc.core.JdbcTemplate jdbc;
  private final TransactionTemplate tx;
  private final ReviewAlerts alerts;
  private final OrgService orgs;
  private final RedissonClient redisson;
  private final boolean enabled;
  private final Clock clock;

  ReviewSweep(
      org.springframework.jdbc.core.JdbcTemplate jdbc,
      TransactionTemplate tx,
      ReviewAlerts alerts,
      OrgService orgs,
      RedissonClient redisson,
      @Value("${union.enrollment.sweep-enabled:true}") boolean enabled,
      Clock clock) {
    this.jdbc = jdbc;
    this.tx = tx;
    this.alerts = alerts;
    this.orgs = orgs;
    this.redisson = redisson;
    this.enabled = enabled;
    this.clock = clock;
  }

  @Scheduled(
      fixedDelayString = "${union.enrollment.sweep-interval:PT5M}",
      initialDelayString = "${union.enrollment.sweep-initial-delay:PT1M}")
  void scheduled() {
    if (!enabled) {
      return;
    }
    Outcome o = run(Duration.ZERO);
    if (o.reminders() + o.escalations() + o.sent() > 0) {
      log.info(
          "Enrollment review sweep: {} reminders, {} escalations, {} alerts sent",
          o.reminders(),
          o.escalations(),
          o.sent());
    }
  }

  /**
   * Runs the sweep unless another node is running it.
   *
   * @param wait how long to wait for the lock; zero gives up at once
   */
  public Outcome run(Duration wait) {
    return Exclusive.run(redisson, LOCK, wait, this::sweep).orElse(new Outcome(false, 0, 0, 0));
  }

  private Outcome sweep() {
    LocalDateTime now = LocalDateTime.ofInstant(clock.instant(), PlatformConfig.ZONE);
    LocalDate today = now.toLocalDate();
    // Reminder from the start of the last working day; escalation once that day is over.
    int reminders = pass("reminded_at", "e.due_date <= ?", today, now, ReviewAlerts.Kind.REMINDER);
    int escalations = pass("escalated_at", "e.due_date < ?", today, now, ReviewAlerts.Kind.OVERDUE);
    int sent = 0;
    for (int i = 0; i < 10; i++) {
      int n = alerts.deliverPending(BATCH);
      sent += n;
      if (n < BATCH) {
        break;
      }
    }
    return new Outcome(true, reminders, escalations, sent);
  }

  private int pass(
      String column,
      String dueCondition,
      LocalDate today,
      LocalDateTime now,
      ReviewAlerts.Kind kind) {
    int raised = 0;
    while (true) {
      List<Due> rows =
          jdbc.query(
              "SELECT e.id, e.target_org_id, e.target_org_path, e.due_date FROM enrollment e"
                  + " WHERE e.status = 'SUBMITTED' AND "
                  + dueCondition
                  + " AND e."
                  + column
                  + " IS NULL ORDER BY e.due_date, e.id"
                  + " LIMIT "
                  + BATCH,
              (rs, n) ->
                  new Due(
                      rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getDate(4).toLocalDate()),
              java.sql.Date.valueOf(today));
      for (Due d : rows) {
        Boolean done =
            tx.execute(
                s -> {
                  if (jdbc.update(
                          "UPDATE enrollment SET "
                              + column
                              + " = ? WHERE id = ? AND status = 'SUBMITTED' AND "
                              + column
                              + " IS NULL",
                          Timestamp.valueOf(now),
                          d.id())
                      != 1) {
                    return false;
                  }
                  long target = kind == ReviewAlerts.Kind.OVERDUE ? parentOf(d) : d.targetOrgId();
                  alerts.raise(d.id(), kind, 0, target, d.dueDate(), null, null);
                  return true;
                });
        if (Boolean.TRUE.equals(done)) {
          raised++;
        }
      }
      if (rows.size() < BATCH) {
        return raised;
      }
    }
  }

  /** The org above the application's target org; the top org escalates to itself. */
  private long parentOf(Due d) {
    Org org = orgs.find(d.targetOrgId());
    return org == null || org.getParentId() == null ? d.targetOrgId() : org.getParentId();
  }
}
