package cn.union.enrollment;

import static cn.union.platform.PlatformConfig.ZONE;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
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
 * An attempt is claimed by one conditional UPDATE that counts it, pushes the next attempt past a
 * lease and marks {@code sending_since}; only the node whose UPDATE hit the row sends, and
 * recording the outcome clears the mark. A row whose lease ran out with the mark still set was
 * being sent by a node that stopped mid-send: it is {@code UNCERTAIN}, as is a send that reached
 * WeChat without an answer in time, and neither is ever sent again by itself.
 *
 * <p>Every method runs in its caller's transaction: {@link #enqueue} in the deciding one, the
 * others in the short ones {@link EnrollmentNotices} opens around them.
 */
@Component
class NoticeOutbox {

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

  /** How long a claimed attempt may take before the row counts as abandoned. */
  static final Duration LEASE = Duration.ofMinutes(2);

  private static final int MAX_ERROR = 500;

  private final JdbcTemplate jdbc;
  private final NoticeProperties props;
  private final Clock clock;

  NoticeOutbox(JdbcTemplate jdbc, NoticeProperties props, Clock clock) {
    this.jdbc = jdbc;
    this.props = props;
    this.clock = clock;
  }

  /** Queues the notice of a decision, due now; its id. */
  long enqueue(long enrollmentId, Kind kind) {
    LocalDateTime now = now();
    jdbc.update(
        "INSERT INTO enroll_notice (enrollment_id, kind, status, attempts, next_at, created_at,"
            + " updated_at) VALUES (?, ?, 'PENDING', 0, ?, ?, ?)",
        enrollmentId,
        kind.name(),
        now,
        now,
        now);
    return idOf(enrollmentId, kind);
  }

  long idOf(long enrollmentId, Kind kind) {
    return jdbc.queryForObject(
        "SELECT id FROM enroll_notice WHERE enrollment_id = ? AND kind = ?",
        Long.class,
        enrollmentId,
        kind.name());
  }

  /** Takes the row for one attempt if it is due and nobody holds it; counts the attempt. */
  boolean claim(long id) {
    LocalDateTime now = now();
    return jdbc.update(
            "UPDATE enroll_notice SET attempts = attempts + 1, next_at = ?, sending_since = ?,"
                + " updated_at = ? WHERE id = ? AND status = 'PENDING' AND next_at <= ?"
                + " AND sending_since IS NULL",
            now.plus(LEASE),
            now,
            now,
            id,
            now)
        == 1;
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

  /** Rows due for an attempt, oldest first, at most one batch. */
  List<Long> due() {
    return pending("sending_since IS NULL");
  }

  /** Rows whose node stopped while sending them (lease over, outcome never recorded). */
  List<Long> abandoned() {
    return pending("sending_since IS NOT NULL");
  }

  private List<Long> pending(String condition) {
    return jdbc.queryForList(
        "SELECT id FROM enroll_notice WHERE status = 'PENDING' AND next_at <= ? AND "
            + condition
            + " ORDER BY next_at, id LIMIT "
            + Math.max(1, props.batch()),
        Long.class,
        now());
  }

  /** Marks an abandoned row UNCERTAIN unless its outcome was recorded meanwhile. */
  boolean abandon(long id, String why) {
    LocalDateTime now = now();
    return jdbc.update(
            "UPDATE enroll_notice SET status = 'UNCERTAIN', sending_since = NULL, last_error = ?,"
                + " updated_at = ? WHERE id = ? AND status = 'PENDING' AND next_at <= ?"
                + " AND sending_since IS NOT NULL",
            cut(why),
            now,
            id,
            now)
        == 1;
  }

  void finish(long id, State state, String via, String error) {
    jdbc.update(
        "UPDATE enroll_notice SET status = ?, via = ?, last_error = ?, sending_since = NULL,"
            + " updated_at = ? WHERE id = ?",
        state.name(),
        via,
        cut(error),
        now(),
        id);
  }

  /**
   * Puts a failed attempt's row back in the queue for a later one, unless it has had all its
   * attempts.
   *
   * @return when it is tried next, or {@code null} when it is not
   */
  Instant retryLater(Row row, String via, String error) {
    if (row.attempts() >= props.attempts()) {
      return null;
    }
    Instant next = clock.instant().plus(props.retryAfter(row.attempts()));
    jdbc.update(
        "UPDATE enroll_notice SET next_at = ?, via = ?, last_error = ?, sending_since = NULL,"
            + " updated_at = ? WHERE id = ?",
        at(next),
        via,
        cut(error),
        now(),
        row.id());
    return next;
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

  private static String cut(String s) {
    return s != null && s.length() > MAX_ERROR ? s.substring(0, MAX_ERROR) : s;
  }

  /**
   * Millisecond precision, as the columns keep: a database that rounds finer fractions up (H2 does)
   * would otherwise store a due time a moment after the "now" that claims it.
   */
  private LocalDateTime now() {
    return at(clock.instant());
  }

  private static LocalDateTime at(Instant instant) {
    return LocalDateTime.ofInstant(instant, ZONE).truncatedTo(ChronoUnit.MILLIS);
  }
}
