package cn.union.wechat;

import cn.union.platform.Exclusive;
import cn.union.platform.PlatformConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.redisson.api.RedissonClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * The inbound log is kept for a retention period ({@code union.wx.inbound-retention}, 180 days),
 * then removed with its outcomes and retry and late-handling claims. The purge walks the table from
 * its oldest id (ids grow with the time of arrival), so it needs no index beyond the primary key
 * and adds nothing to the cost of logging a message; one node at a time does it (Redis lock), a
 * bounded number of batches a run.
 *
 * <p>The encrypted copy of a message kept for its retry ({@link InboundRetry}) lives no longer than
 * the retry window ({@code union.wx.retry-window}): the copies of failures that no retry took by
 * then are erased on each run.
 */
@Service
class InboundRetention {

  private static final Logger log = LoggerFactory.getLogger(InboundRetention.class);
  private static final int BATCH = 500;
  private static final int MAX_BATCHES = 200;

  private final JdbcTemplate jdbc;
  private final RedissonClient redisson;
  private final Clock clock;
  private final Duration retention;
  private final Duration retryWindow;
  private final boolean enabled;

  InboundRetention(
      JdbcTemplate jdbc,
      RedissonClient redisson,
      Clock clock,
      @Value("${union.wx.inbound-retention:P180D}") Duration retention,
      @Value("${union.wx.retry-window:P1D}") Duration retryWindow,
      @Value("${union.wx.inbound-purge-enabled:true}") boolean enabled) {
    this.jdbc = jdbc;
    this.redisson = redisson;
    this.clock = clock;
    this.retention = retention;
    this.retryWindow = retryWindow;
    this.enabled = enabled;
  }

  @Scheduled(initialDelayString = "PT5M", fixedDelayString = "${union.wx.inbound-purge-every:PT1H}")
  void scheduled() {
    if (enabled) {
      Exclusive.run(
              redisson,
              "job:inbound-purge",
              Duration.ZERO,
              () -> {
                int erased = eraseRetryCopies();
                if (erased > 0) {
                  log.info("Erased {} kept copies of messages no retry took", erased);
                }
                return purge();
              })
          .filter(n -> n > 0)
          .ifPresent(n -> log.info("Removed {} inbound messages older than {}", n, retention));
    }
  }

  /**
   * Erases the encrypted copies kept for a retry of failures older than the retry window (no sweep
   * looks at them any more); returns how many. Only failed outcomes hold one, so the outcomes'
   * index on status and time finds them.
   */
  int eraseRetryCopies() {
    LocalDateTime cutoff =
        LocalDateTime.ofInstant(clock.instant().minus(retryWindow), PlatformConfig.ZONE);
    return jdbc.update(
        "UPDATE wx_inbound_outcome SET payload_enc = NULL"
            + " WHERE status = 'FAILED' AND handled_at < ? AND payload_enc IS NOT NULL",
        cutoff);
  }

  /**
   * Removes the messages received before the retention period; returns how many. Walks the ids
   * upwards; a batch without any expired message ends the walk, so a few rows logged out of time
   * order (a clock set back, nodes apart) neither stop the purge nor make it read the whole table.
   */
  int purge() {
    LocalDateTime cutoff =
        LocalDateTime.ofInstant(clock.instant().minus(retention), PlatformConfig.ZONE);
    int removed = 0;
    long after = 0;
    for (int b = 0; b < MAX_BATCHES; b++) {
      List<Map<String, Object>> batch =
          jdbc.queryForList(
              "SELECT id, received_at FROM wx_inbound WHERE id > ? ORDER BY id LIMIT " + BATCH,
              after);
      List<Object> ids = new ArrayList<>();
      for (Map<String, Object> row : batch) {
        if (toLocal(row.get("received_at")).isBefore(cutoff)) {
          ids.add(row.get("id"));
        }
      }
      if (!ids.isEmpty()) {
        String in = String.join(",", java.util.Collections.nCopies(ids.size(), "?"));
        jdbc.update("DELETE FROM wx_inbound_retry WHERE inbound_id IN (" + in + ")", ids.toArray());
        jdbc.update("DELETE FROM wx_inbound_claim WHERE inbound_id IN (" + in + ")", ids.toArray());
        jdbc.update(
            "DELETE FROM wx_inbound_outcome WHERE inbound_id IN (" + in + ")", ids.toArray());
        removed += jdbc.update("DELETE FROM wx_inbound WHERE id IN (" + in + ")", ids.toArray());
      }
      if (ids.isEmpty() || batch.size() < BATCH) {
        break;
      }
      after = ((Number) batch.get(batch.size() - 1).get("id")).longValue();
    }
    return removed;
  }

  private static LocalDateTime toLocal(Object value) {
    if (value instanceof LocalDateTime t) {
      return t;
    }
    if (value instanceof java.sql.Timestamp t) {
      return t.toLocalDateTime();
    }
    throw new IllegalStateException("unexpected received_at type " + value.getClass().getName());
  }
}
