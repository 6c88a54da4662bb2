package cn.union.wechat;

import cn.union.platform.DataProtection;
import cn.union.platform.Exclusive;
import cn.union.platform.PlatformConfig;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.redisson.api.RedissonClient;
import org.redisson.api.redisnode.RedisNodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Messages whose handling failed because Redis or the database did not answer (their error is
 * marked {@link InboundLog#RETRY_MARK}) are handled once more when both answer again: a row in
 * {@code wx_inbound_retry} claims the try across every node, the outcome is replaced by the try's
 * and its reply goes to the worker by API.
 *
 * <p>What waits is found in the database, not in a node's memory, so a failure outlives the node
 * that saw it: a sweep reads the marked outcomes of the last {@code union.wx.retry-window} (one
 * day) that no node has claimed, through the outcomes' index on status and time. A node sweeps soon
 * after it starts, every {@code union.wx.retry-sweep-every} (ten minutes) after that, and at once
 * (every {@code union.wx.retry-every}, five seconds, while Redis does not answer) when it recorded
 * such a failure itself. One node sweeps at a time (Redis lock), so a worker's messages are tried
 * in the order they failed.
 *
 * <p>A message whose text the log keeps masked (a phone or an ID number) is tried from the copy
 * kept with its outcome, encrypted with the data key; the try erases that copy.
 */
@Service
class InboundRetry {

  private static final Logger log = LoggerFactory.getLogger(InboundRetry.class);
  private static final int BATCH = 100;
  private static final Duration PING = Duration.ofSeconds(2);
  static final String LOCK = "job:inbound-retry";

  private final JdbcTemplate jdbc;
  private final RedissonClient redisson;
  private final InboundDispatcher dispatcher;
  private final InboundLog inboundLog;
  private final DataProtection data;
  private final Clock clock;
  private final Duration window;
  private final long sweepEveryNanos;

  /** {@link System#nanoTime} of this node's last completed sweep; none before the first. */
  private volatile long lastSweep;

  private volatile boolean swept;

  InboundRetry(
      JdbcTemplate jdbc,
      RedissonClient redisson,
      InboundDispatcher dispatcher,
      InboundLog inboundLog,
      DataProtection data,
      Clock clock,
      @Value("${union.wx.retry-window:P1D}") Duration window,
      @Value("${union.wx.retry-sweep-every:PT10M}") Duration sweepEvery) {
    this.jdbc = jdbc;
    this.redisson = redisson;
    this.dispatcher = dispatcher;
    this.inboundLog = inboundLog;
    this.data = data;
    this.clock = clock;
    this.window = window;
    this.sweepEveryNanos = sweepEvery.toNanos();
  }

  /**
   * Whether a failure is one another try may get past: Redis or the database did not answer, or the
   * handler pool was full.
   */
  static boolean transientFailure(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t.getClass().getName().startsWith("org.redisson.client.")
          || t instanceof TransientDataAccessException
          || t instanceof DataAccessResourceFailureException
          || t instanceof RecoverableDataAccessException
          || t instanceof SQLTransientException
          || t instanceof SQLRecoverableException
          || t instanceof java.util.concurrent.RejectedExecutionException) {
        return true;
      }
    }
    return false;
  }

  @Scheduled(initialDelayString = "PT10S", fixedDelayString = "${union.wx.retry-every:PT5S}")
  void scheduled() {
    boolean noted = inboundLog.takeRetryNote();
    if (!noted && swept && System.nanoTime() - lastSweep < sweepEveryNanos) {
      return;
    }
    boolean done = false;
    try {
      done =
          redisson.getRedisNodes(RedisNodes.SINGLE).pingAll(PING.toMillis(), TimeUnit.MILLISECONDS)
              && Exclusive.run(redisson, LOCK, Duration.ZERO, this::sweep).isPresent();
    } catch (RuntimeException e) {
      // Redis or the database stopped answering again: the next run tries again.
      log.warn("Retrying failed inbound messages stopped: {}", InboundWriter.describe(e));
    } finally {
      if (!done && noted) {
        inboundLog.noteRetry();
      }
    }
  }

  /**
   * Tries once more, oldest first, each marked failure of the window that no node has claimed;
   * returns how many this call tried. Throws when the database fails (what is left waits for the
   * next sweep).
   */
  int sweep() {
    LocalDateTime since =
        LocalDateTime.ofInstant(clock.instant().minus(window), PlatformConfig.ZONE);
    int tried = 0;
    List<Map<String, Object>> due;
    do {
      // A claimed row drops out of the next read, so each read starts from the window's start.
      due =
          jdbc.queryForList(
              "SELECT o.inbound_id, o.payload_enc, i.payload FROM wx_inbound_outcome o"
                  + " JOIN wx_inbound i ON i.id = o.inbound_id"
                  + " LEFT JOIN wx_inbound_retry r ON r.inbound_id = o.inbound_id"
                  + " WHERE o.status = 'FAILED' AND o.handled_at >= ? AND o.error LIKE '[retry]%'"
                  + " AND r.inbound_id IS NULL"
                  + " ORDER BY o.handled_at, o.inbound_id LIMIT "
                  + BATCH,
              since);
      for (Map<String, Object> row : due) {
        long id = ((Number) row.get("inbound_id")).longValue();
        if (claim(id)) {
          retry(id, received(id, (String) row.get("payload_enc"), (String) row.get("payload")));
          tried++;
        }
      }
    } while (due.size() == BATCH);
    lastSweep = System.nanoTime();
    swept = true;
    if (tried > 0) {
      log.info(
          "Handled {} inbound messages again that had failed for want of Redis or the database",
          tried);
    }
    return tried;
  }

  private boolean claim(long id) {
    try {
      jdbc.update(
          "INSERT INTO wx_inbound_retry (inbound_id, retried_at) VALUES (?, ?)",
          id,
          LocalDateTime.ofInstant(clock.instant(), PlatformConfig.ZONE));
      return true;
    } catch (DuplicateKeyException tried) {
      return false;
    }
  }

  /** The message as received: the copy kept with the outcome, else the log's (masked) payload. */
  private String received(long id, String payloadEnc, String payload) {
    if (payloadEnc == null) {
      return payload;
    }
    try {
      return data.decrypt(payloadEnc);
    } catch (RuntimeException e) {
      // DATA_KEY changed since: the masked text is what is left to try with.
      log.error(
          "The kept copy of inbound {} cannot be decrypted ({}); it is tried with the masked text",
          id,
          e.getClass().getSimpleName());
      return payload;
    }
  }

  private void retry(long id, String received) {
    WxMessage msg = WxXml.message(received);
    // Its handling failed part-way: what it did then is not done twice.
    InboundDispatcher.Outcome outcome = dispatcher.run(id, msg, true);
    String error = null;
    if (outcome.failure() != null) {
      error = outcome.failure().getClass().getSimpleName() + ": " + outcome.failure().getMessage();
      error = error.length() > 500 ? error.substring(0, 500) : error;
    }
    jdbc.update(
        "UPDATE wx_inbound_outcome SET status = ?, reply = ?, error = ?, handled_at = ?,"
            + " payload_enc = NULL WHERE inbound_id = ?",
        outcome.failure() == null ? WxInbound.HANDLED : WxInbound.FAILED,
        outcome.text(),
        error,
        LocalDateTime.ofInstant(clock.instant(), PlatformConfig.ZONE),
        id);
    if (outcome.text() != null) {
      dispatcher.channel().sendText(msg.openid(), outcome.text());
    }
  }
}
