package cn.union.enrollment;

import cn.union.platform.Outbox;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The worker's notices of review decisions ({@code enroll_notice}): one row per application and
 * decision, under a unique key, so a decision is notified once however often its sending is tried.
 * Claiming, leases, due and abandoned rows and the end states are {@link Outbox}'s; this adds what
 * a notice carries, how often and how soon it is tried again ({@link NoticeProperties}) and the
 * notice states shown with the applications.
 *
 * <p>Every method runs in its caller's transaction: {@link #enqueue} in the deciding one, the
 * others in the short ones {@link EnrollmentNotices} opens around them.
 */
@Component
class NoticeOutbox extends Outbox {

  /** What the notice tells the worker. */
  enum Kind {
    APPROVED,
    REJECTED
  }

  enum State {
    PENDING,
    SENT,
    FAILED,
    /** Reached WeChat without an answer in time (it may have been delivered); not sent again. */
    UNCERTAIN
  }

  /** One queued notice. */
  record Row(long id, long enrollmentId, Kind kind, State status, int attempts) {}

  private final NoticeProperties props;

  NoticeOutbox(JdbcTemplate jdbc, NoticeProperties props, Clock clock) {
    super(jdbc, clock, "enroll_notice", "next_at", "via", props::batch);
    this.props = props;
  }

  /** Queues the notice of a decision, due now; its id. */
  long enqueue(long enrollmentId, Kind kind) {
    insert(List.of("enrollment_id", "kind"), enrollmentId, kind.name());
    return idOf(enrollmentId, kind);
  }

  long idOf(long enrollmentId, Kind kind) {
    return jdbc.queryForObject(
        "SELECT id FROM enroll_notice WHERE enrollment_id = ? AND kind = ?",
        Long.class,
        enrollmentId,
        kind.name());
  }

  Row get(long id) {
    return jdbc.queryForObject(
        "SELECT id, enrollment_id, kind, status, attempts FROM enroll_notice WHERE id = ?",
        (rs, n) ->
            new Row(
                rs.getLong(1),
                rs.getLong(2),
                Kind.valueOf(rs.getString(3)),
                State.valueOf(rs.getString(4)),
                rs.getInt(5)),
        id);
  }

  /**
   * Puts a failed attempt's row back in the queue for a later one, unless it has had all its
   * attempts.
   *
   * @return when it is tried next, or {@code null} when it is not
   */
  Instant retryLater(Row row, String via, String error) {
    return retryLater(
        row.id(), row.attempts(), props.attempts(), props.retryAfter(row.attempts()), via, error);
  }

  /** The notice states of these applications; those without a notice are left out. */
  Map<Long, String> statesOf(Collection<Long> enrollmentIds) {
    Map<Long, String> states = new HashMap<>();
    if (enrollmentIds.isEmpty()) {
      return states;
    }
    String marks = String.join(",", Collections.nCopies(enrollmentIds.size(), "?"));
    // One decision per application: the newest row is the one that counts.
    jdbc.query(
        "SELECT enrollment_id, status FROM enroll_notice WHERE enrollment_id IN ("
            + marks
            + ") ORDER BY id",
        rs -> {
          states.put(rs.getLong(1), rs.getString(2));
        },
        enrollmentIds.toArray());
    return states;
  }
}
