package cn.union.helpdesk;

import cn.union.platform.Outbox;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The replies that must still reach their worker ({@code help_reply_outbox}): one row per reply
 * event, so a reply is queued once however often its sending is tried. Claiming, leases, due and
 * abandoned rows and the end states are {@link Outbox}'s; this adds what a reply carries, its
 * {@code CANCELLED} end, and how often and how soon a failed reply is tried again ({@code
 * union.helpdesk.delivery-attempts}, backing off from {@code first-retry-after}).
 *
 * <p>Only {@code PENDING} rows are ever sent. A send WeChat may or may not have delivered ends in
 * {@code UNCERTAIN}, which no job picks up: the informant sees it on the case and decides. So does
 * a row whose lease ran out with the mark still set: its node stopped mid-send (killed, cut off),
 * and the message may have left.
 */
@Component
class ReplyOutbox extends Outbox {

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

  private final HelpdeskProperties props;

  ReplyOutbox(JdbcTemplate jdbc, HelpdeskProperties props, Clock clock) {
    super(jdbc, clock, "help_reply_outbox", "next_attempt_at", "delivered_via", props::jobBatch);
    this.props = props;
  }

  /** Queues the reply of {@code eventId}, due now; in the caller's transaction. */
  long enqueue(long caseId, long eventId) {
    insert(List.of("case_id", "event_id"), caseId, eventId);
    return jdbc.queryForObject(
        "SELECT id FROM help_reply_outbox WHERE event_id = ?", Long.class, eventId);
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
    return retryLater(
        row.id(),
        row.attempts(),
        props.deliveryAttempts(),
        props.retryAfter(row.attempts()),
        null,
        error);
  }
}
