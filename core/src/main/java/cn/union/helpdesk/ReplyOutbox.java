package cn.union.helpdesk;

import static cn.union.platform.PlatformConfig.ZONE;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The replies that must still reach their worker ({@code help_reply_outbox}): one row per reply
 * event, so a reply is queued once however often its sending is tried. A row is claimed by pushing
 * its next attempt past a lease in one conditional UPDATE and marking it {@code sending_since};
 * only the node whose UPDATE hit the row sends, and recording the outcome clears the mark. How
 * often and how soon a failed reply is tried again ({@code union.helpdesk.delivery-attempts},
 * backing off from {@code first-retry-after}) is decided here too.
 *
 * <p>Only {@code PENDING} rows are ever sent. A send WeChat may or may not have delivered ends in
 * {@code UNCERTAIN}, which no job picks up: the informant sees it on the case and decides. So does
 * a row whose lease ran out with the mark still set: its node stopped mid-send (killed, cut off),
 * and the message may have left.
 */
@Component
class ReplyOutbox {

  enum State {
    PENDING,
    SENT,
    FAILED,
    CANCELLED,
    /** Reached WeChat without an answer in time (it may have been delivered); not sent again. */
    UNCERTAIN
  }

  /** One queued reply. */
  record Row(
      long id,
      long caseId,
      long eventId,
      State status,
      int attempts,
      LocalDateTime nextAttemptAt,
      String lastError) {}

  /** How long a claimed attempt may take before another node may try the row again. */
  static final Duration LEASE = Duration.ofMinutes(2);

  private final JdbcTemplate jdbc;
  private final HelpdeskProperties props;
  private final Clock clock;

  ReplyOutbox(JdbcTemplate jdbc, HelpdeskProperties props, Clock clock) {
    this.jdbc = jdbc;
    this.props = props;
    this.clock = clock;
  }

  /** Queues the reply of {@code eventId}, due now; in the caller's transaction. */
  long enqueue(long caseId, long eventId) {
    LocalDateTime now = now();
    jdbc.update(
        "INSERT INTO help_reply_outbox (case_id, event_id, status, attempts, next_attempt_at, created_at,"
            + " updated_at) VALUES (?, ?, 'PENDING', 0, ?, ?, ?)",
        caseId,
        eventId,
        now,
        now,
        now);
    return jdbc.queryForObject(
        "SELECT id FROM help_reply_outbox WHERE event_id = ?", Long.class, eventId);
  }

  /** Takes the row for one attempt if it is due and nobody else holds it; counts the attempt. */
  boolean claim(long id) {
    LocalDateTime now = now();
    return jdbc.update(
            "UPDATE help_reply_outbox SET attempts = attempts + 1, next_attempt_at = ?,"
                + " sending_since = ?, updated_at = ? WHERE id = ? AND status = 'PENDING'"
                + " AND next_attempt_at <= ? AND sending_since IS NULL",
            now.plus(LEASE),
            now,
            now,
            id,
            now)
        == 1;
  }

  /**
   * Rows whose node stopped while sending them (lease over, outcome never recorded), oldest first,
   * at most one job batch.
   */
  List<Long> abandoned() {
    return jdbc.queryForList(
        "SELECT id FROM help_reply_outbox WHERE status = 'PENDING' AND next_attempt_at <= ?"
            + " AND sending_since IS NOT NULL ORDER BY next_attempt_at, id LIMIT "
            + Math.max(1, props.jobBatch()),
        Long.class,
        now());
  }

  /** Marks an abandoned row UNCERTAIN unless its outcome was recorded meanwhile. */
  boolean abandon(long id, String why) {
    LocalDateTime now = now();
    return jdbc.update(
            "UPDATE help_reply_outbox SET status = ?, sending_since = NULL, last_error = ?,"
                + " updated_at = ? WHERE id = ? AND status = 'PENDING' AND next_attempt_at <= ?"
                + " AND sending_since IS NOT NULL",
            State.UNCERTAIN.name(),
            cut(why),
            now,
            id,
            now)
        == 1;
  }

  Row get(long id) {
    return jdbc.queryForObject(
        "SELECT id, case_id, event_id, status, attempts, next_attempt_at, last_error"
            + " FROM help_reply_outbox WHERE id = ?",
        (rs, n) ->
            new Row(
                rs.getLong(1),
                rs.getLong(2),
                rs.getLong(3),
                State.valueOf(rs.getString(4)),
                rs.getInt(5),
                rs.getObject(6, LocalDateTime.class),
                rs.getString(7)),
        id);
  }

  /** Rows due for an attempt, oldest first, at most one job batch. */
  List<Long> due() {
    return jdbc.queryForList(
        "SELECT id FROM help_reply_outbox WHERE status = 'PENDING' AND next_attempt_at <= ?"
            + " AND sending_since IS NULL ORDER BY next_attempt_at, id LIMIT "
            + Math.max(1, props.jobBatch()),
        Long.class,
        now());
  }

  void sent(long id, String via) {
    finish(id, State.SENT, via, null);
  }

  void failed(long id, String via, String error) {
    finish(id, State.FAILED, via, error);
  }

  void uncertain(long id, String via, String error) {
    finish(id, State.UNCERTAIN, via, error);
  }

  void cancelled(long id, String why) {
    finish(id, State.CANCELLED, null, why);
  }

  /**
   * Puts a failed attempt's row back in the queue for a later one, unless it has had all its
   * attempts.
   *
   * @return when it is tried next, or {@code null} when it is not
   */
  Instant retryLater(Row row, String error) {
    if (row.attempts() >= props.deliveryAttempts()) {
      return null;
    }
    Instant next = clock.instant().plus(props.retryAfter(row.attempts()));
    jdbc.update(
        "UPDATE help_reply_outbox SET next_attempt_at = ?, last_error = ?, sending_since = NULL,"
            + " updated_at = ? WHERE id = ?",
        at(next),
        cut(error),
        now(),
        row.id());
    return next;
  }

  private void finish(long id, State state, String via, String error) {
    jdbc.update(
        "UPDATE help_reply_outbox SET status = ?, delivered_via = ?, last_error = ?,"
            + " sending_since = NULL, updated_at = ? WHERE id = ?",
        state.name(),
        via,
        cut(error),
        now(),
        id);
  }

  private static String cut(String s) {
    return s != null && s.length() > 500 ? s.substring(0, 500) : s;
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
