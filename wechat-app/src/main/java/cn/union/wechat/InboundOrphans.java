package cn.union.wechat;

import cn.union.platform.Exclusive;
import cn.union.platform.PlatformConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.redisson.api.RedissonClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Messages logged but never handled: the node that logged a message stopped (killed, power cut)
 * while its handler ran, before the outcome was stored. WeChat's retries of it find it logged
 * without an outcome and are answered {@code success}, as while the first delivery is handled; this
 * sweep is what handles it.
 *
 * <p>A message counts as such an orphan when it has no outcome and arrived more than the grace
 * period ago ({@code union.wx.orphan-grace}, two minutes: far beyond the reply window and anything
 * a live handler waits for, so no handler can still be on it; a message that waited for a free
 * handler longer than a quarter of it claims its try first, as this sweep does, so the two never
 * both take it), but not more than {@code union.wx.orphan-window} ago (thirty minutes: an older
 * message is too stale to act on now and is left alone). Each is claimed first ({@link
 * InboundClaims}: one node takes it), then handled as a message that may have been handled in part
 * ({@link cn.union.notify.Inbound#again}: the handlers repeat no effect and a conversation does not
 * take the same text twice), its outcome stored and its reply sent to the worker by the
 * customer-service API. A retry of the message by WeChat after that gets the stored reply. A
 * claimed try whose node stopped as well is claimed again once it is older than the grace period, a
 * bounded number of times.
 *
 * <p>The sweep reads the inbound log's index on the time of arrival over the window (from where
 * this node's last sweep got to, less a minute for rows committed late), each row's outcome by its
 * primary key; orphans are rare, so nothing else is read. It runs on every node, one at a time
 * (Redis lock), {@code union.wx.orphan-sweep-first} (thirty seconds) after start-up and every
 * {@code union.wx.orphan-sweep-every} (a minute) after that.
 *
 * <p>The log keeps a text with a phone or ID number masked, so such a message is handled from the
 * masked text: a step that asked for the number, not yet taken, asks again.
 */
@Service
class InboundOrphans {

  private static final Logger log = LoggerFactory.getLogger(InboundOrphans.class);

  /** Rows committed after a later-arriving row was already visible to a sweep are read again. */
  static final Duration OVERLAP = Duration.ofMinutes(1);

  /** Orphans handled by one sweep at most; the rest wait for the next. */
  static final int MAX_PER_SWEEP = 200;

  static final String LOCK = "job:inbound-orphans";

  private final JdbcTemplate jdbc;
  private final RedissonClient redisson;
  private final InboundDispatcher dispatcher;
  private final InboundClaims claims;
  private final Clock clock;
  private final Duration window;
  private final boolean enabled;

  /** The end of the range this node's last complete sweep read; null before the first. */
  private volatile LocalDateTime sweptTo;

  InboundOrphans(
      JdbcTemplate jdbc,
      RedissonClient redisson,
      InboundDispatcher dispatcher,
      InboundClaims claims,
      Clock clock,
      WxProperties props,
      @Value("${union.wx.orphan-window:PT30M}") Duration window,
      @Value("${union.wx.orphan-sweep-enabled:true}") boolean enabled) {
    Duration grace = claims.grace();
    if (grace.compareTo(props.replyTimeout().multipliedBy(10)) < 0
        || grace.compareTo(Duration.ofSeconds(30)) < 0) {
      throw new IllegalArgumentException(
          "union.wx.orphan-grace ("
              + grace
              + ") must be well beyond the reply window and a handler's own limits: at least 30"
              + " seconds and ten times union.wx.reply-timeout");
    }
    if (window.compareTo(grace) <= 0) {
      throw new IllegalArgumentException(
          "union.wx.orphan-window (" + window + ") must be longer than union.wx.orphan-grace");
    }
    this.jdbc = jdbc;
    this.redisson = redisson;
    this.dispatcher = dispatcher;
    this.claims = claims;
    this.clock = clock;
    this.window = window;
    this.enabled = enabled;
  }

  @Scheduled(
      initialDelayString = "${union.wx.orphan-sweep-first:PT30S}",
      fixedDelayString = "${union.wx.orphan-sweep-every:PT1M}")
  void scheduled() {
    if (!enabled) {
      return;
    }
    try {
      Exclusive.run(redisson, LOCK, Duration.ZERO, this::sweep);
    } catch (RuntimeException e) {
      // Redis or the database does not answer: the next run looks again.
      log.warn("Handling unhandled inbound messages stopped: {}", InboundWriter.describe(e));
    }
  }

  /**
   * Handles, oldest first, each orphan this call can claim; returns how many it handled. Throws
   * when the database fails (what is left waits for the next sweep).
   */
  int sweep() {
    Instant now = clock.instant();
    LocalDateTime cutoff = local(now.minus(claims.grace()));
    LocalDateTime start = local(now.minus(window));
    LocalDateTime from = sweptTo == null ? start : sweptTo.minus(OVERLAP);
    if (from.isBefore(start) || !from.isBefore(cutoff)) {
      // Before the window, or after its end (the clock was set back): the whole window.
      from = start;
    }
    Set<Long> due = new LinkedHashSet<>();
    due.addAll(
        jdbc.queryForList(
            "SELECT i.id FROM wx_inbound i"
                + " LEFT JOIN wx_inbound_outcome o ON o.inbound_id = i.id"
                + " WHERE i.received_at >= ? AND i.received_at < ? AND o.inbound_id IS NULL"
                + " ORDER BY i.received_at, i.id LIMIT "
                + (MAX_PER_SWEEP + 1),
            Long.class,
            from,
            cutoff));
    boolean complete = due.size() <= MAX_PER_SWEEP;
    // Tries claimed earlier (by any node) that never got an outcome: their node stopped too.
    due.addAll(
        jdbc.queryForList(
            "SELECT c.inbound_id FROM wx_inbound_claim c"
                + " LEFT JOIN wx_inbound_outcome o ON o.inbound_id = c.inbound_id"
                + " WHERE c.claimed_at >= ? AND c.claimed_at < ? AND o.inbound_id IS NULL"
                + " GROUP BY c.inbound_id HAVING COUNT(*) < "
                + InboundClaims.MAX_ATTEMPTS
                + " ORDER BY c.inbound_id",
            Long.class,
            start,
            cutoff));
    int handled = 0;
    for (long id : due) {
      if (handled >= MAX_PER_SWEEP) {
        break;
      }
      if (handle(id, start)) {
        handled++;
      }
    }
    if (complete) {
      sweptTo = cutoff;
    }
    if (handled > 0) {
      log.warn("Handled {} inbound messages that were logged and never handled", handled);
    }
    return handled;
  }

  /** Claims and handles one orphan; false when it is not this call's to handle. */
  private boolean handle(long id, LocalDateTime start) {
    List<Map<String, Object>> rows =
        jdbc.queryForList("SELECT payload, received_at FROM wx_inbound WHERE id = ?", id);
    if (rows.isEmpty()
        || InboundClaims.toLocal(rows.get(0).get("received_at")).isBefore(start)
        || !claims.claim(id)) {
      return false;
    }
    String payload = (String) rows.get(0).get("payload");
    WxMessage msg;
    try {
      msg = WxXml.message(payload);
    } catch (RuntimeException unreadable) {
      log.error(
          "Inbound {} has no outcome and its logged payload cannot be read ({})",
          id,
          unreadable.getClass().getSimpleName());
      return false;
    }
    return dispatcher.handleLate(id, msg, payload, true);
  }

  private static LocalDateTime local(Instant at) {
    return LocalDateTime.ofInstant(at, PlatformConfig.ZONE);
  }
}
