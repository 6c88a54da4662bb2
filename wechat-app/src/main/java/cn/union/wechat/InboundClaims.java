package cn.union.wechat;

import cn.union.platform.PlatformConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Who handles a logged message late (the orphan sweep, {@link InboundOrphans}, or this node's spool
 * replay, {@link InboundReplayer}): a row in {@code wx_inbound_claim} written before the try, its
 * primary key (message, attempt) taken by one node only. A claim younger than the grace period
 * ({@code union.wx.orphan-grace}) is a try that may still be running and is left to it; an older
 * one without an outcome was cut short (its node stopped too) and the message may be claimed again
 * under the next attempt, at most {@link #MAX_ATTEMPTS} times in all.
 */
@Component
class InboundClaims {

  private static final Logger log = LoggerFactory.getLogger(InboundClaims.class);

  /** Tries of one message in all: a message whose handling stops its node each time ends here. */
  static final int MAX_ATTEMPTS = 3;

  private final JdbcTemplate jdbc;
  private final Clock clock;
  private final Duration grace;

  InboundClaims(
      JdbcTemplate jdbc, Clock clock, @Value("${union.wx.orphan-grace:PT2M}") Duration grace) {
    this.jdbc = jdbc;
    this.clock = clock;
    this.grace = grace;
  }

  /** How long a handler can possibly still be on a message (or a claimed try of it). */
  Duration grace() {
    return grace;
  }

  /**
   * Claims the next try of a message; false when another try is under way (claimed within the grace
   * period), when the tries are used up, or when another node claimed it first. Throws when the
   * database fails.
   */
  boolean claim(long id) {
    Map<String, Object> last =
        jdbc.queryForMap(
            "SELECT COUNT(*) AS tries, MAX(claimed_at) AS at FROM wx_inbound_claim"
                + " WHERE inbound_id = ?",
            id);
    int tries = ((Number) last.get("tries")).intValue();
    LocalDateTime now = LocalDateTime.ofInstant(clock.instant(), PlatformConfig.ZONE);
    if (tries > 0) {
      LocalDateTime at = toLocal(last.get("at"));
      if (at.isAfter(now.minus(grace))) {
        return false;
      }
      if (tries >= MAX_ATTEMPTS) {
        log.error(
            "Inbound {} was claimed {} times and never got an outcome; it is left unhandled",
            id,
            tries);
        return false;
      }
    }
    try {
      jdbc.update(
          "INSERT INTO wx_inbound_claim (inbound_id, attempt, claimed_at) VALUES (?, ?, ?)",
          id,
          tries + 1,
          now);
      return true;
    } catch (DuplicateKeyException another) {
      return false;
    }
  }

  static LocalDateTime toLocal(Object value) {
    if (value instanceof LocalDateTime t) {
      return t;
    }
    if (value instanceof java.sql.Timestamp t) {
      return t.toLocalDateTime();
    }
    throw new IllegalStateException("unexpected time type " + value.getClass().getName());
  }
}
