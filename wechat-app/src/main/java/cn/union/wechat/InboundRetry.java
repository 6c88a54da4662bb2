package cn.union.wechat;

import cn.union.platform.PlatformConfig;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.redisson.api.RedissonClient;
import org.redisson.api.redisnode.RedisNodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
 * and its reply goes to the worker by API. The node that saw the failure sweeps for it: it keeps
 * the lowest id that failed so, and the sweep reads the outcomes from there on by primary key.
 */
@Service
class InboundRetry {

  private static final Logger log = LoggerFactory.getLogger(InboundRetry.class);
  private static final int BATCH = 100;
  private static final Duration PING = Duration.ofSeconds(2);

  /**
   * The lowest inbound id this node saw fail for want of Redis or the database since the last
   * sweep; MAX when none.
   */
  private static final AtomicLong lowest = new AtomicLong(Long.MAX_VALUE);

  private final JdbcTemplate jdbc;
  private final RedissonClient redisson;
  private final InboundDispatcher dispatcher;
  private final Clock clock;

  InboundRetry(
      JdbcTemplate jdbc, RedissonClient redisson, InboundDispatcher dispatcher, Clock clock) {
    this.jdbc = jdbc;
    this.redisson = redisson;
    this.dispatcher = dispatcher;
    this.clock = clock;
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

  /** Notes a message that failed for want of Redis or the database, for the next sweep. */
  static void failed(long inboundId) {
    lowest.accumulateAndGet(inboundId, Math::min);
  }

  @Scheduled(initialDelayString = "PT10S", fixedDelayString = "${union.wx.retry-every:PT5S}")
  void scheduled() {
    if (lowest.get() != Long.MAX_VALUE
        && redisson
            .getRedisNodes(RedisNodes.SINGLE)
            .pingAll(PING.toMillis(), TimeUnit.MILLISECONDS)) {
      retry();
    }
  }

  /** Tries each marked failure from the lowest noted id once; returns how many were tried. */
  int retry() {
    long from = lowest.getAndSet(Long.MAX_VALUE);
    if (from == Long.MAX_VALUE) {
      return 0;
    }
    int tried = 0;
    try {
      List<Map<String, Object>> failed;
      do {
        failed =
            jdbc.queryForList(
                "SELECT o.inbound_id, i.payload FROM wx_inbound_outcome o"
                    + " JOIN wx_inbound i ON i.id = o.inbound_id LEFT JOIN wx_inbound_retry r ON r.inbound_id = o.inbound_id"
                    + " WHERE o.inbound_id >= ? AND o.status = 'FAILED' AND o.error LIKE '[retry]%' AND r.inbound_id IS NULL"
                    + " ORDER BY o.inbound_id LIMIT "
                    + BATCH,
                from);
        for (Map<String, Object> row : failed) {
          long id = ((Number) row.get("inbound_id")).longValue();
          from = id + 1;
          if (claim(id)) {
            retry(id, (String) row.get("payload"));
            tried++;
          }
        }
      } while (failed.size() == BATCH);
    } catch (RuntimeException e) {
      // Still not answering: the next sweep starts again where this one stopped.
      failed(from);
      log.warn("Retrying failed inbound messages stopped: {}", InboundWriter.describe(e));
    }
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

  private void retry(long id, String payload) {
    WxMessage msg = WxXml.message(payload);
    InboundDispatcher.Outcome outcome = dispatcher.run(id, msg);
    String error = null;
    if (outcome.failure() != null) {
      error = outcome.failure().getClass().getSimpleName() + ": " + outcome.failure().getMessage();
      error = error.length() > 500 ? error.substring(0, 500) : error;
    }
    jdbc.update(
        "UPDATE wx_inbound_outcome SET status = ?, reply = ?, error = ?, handled_at = ? WHERE inbound_id = ?",
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
