package cn.union.helpdesk;

import cn.union.platform.RedisPipeline;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Where intakes wait between messages: Redis ({@code helpdesk:intake:<openid>}), 30 minutes after
 * the last message, so any node can take the next step and an abandoned intake disappears on its
 * own.
 */
@Component
class IntakeStore {

  static final String KEY_PREFIX = "helpdesk:intake:";

  /** Marks an intake that reached its confirmation; removed when it is submitted or cancelled. */
  static final String CONFIRMING_PREFIX = "helpdesk:intake-confirming:";

  static final Duration CONFIRMING_KEPT = Duration.ofDays(1);

  /**
   * The message that ended the last intake (submitted or cancelled) and its answer: a message
   * handled again is recognised for as long as a late handling can come (half an hour) and more.
   */
  static final String CLOSED_PREFIX = "helpdesk:intake-closed:";

  static final Duration CLOSED_KEPT = Duration.ofHours(1);

  /** The message that ended the last intake, and its answer. */
  record Closed(long inboundId, String reply) {}

  static final Duration IDLE = Duration.ofMinutes(30);

  private final RedisPipeline redis;

  IntakeStore(RedisPipeline redis) {
    this.redis = redis;
  }

  boolean exists(String openid) {
    return redis.exists(key(openid));
  }

  /** Whether this worker left an intake at its confirmation within the last day. */
  boolean leftUnconfirmed(String openid) {
    return redis.exists(CONFIRMING_PREFIX + openid);
  }

  IntakeState load(String openid) {
    String form = redis.get(key(openid));
    return form == null ? null : IntakeState.decode(form);
  }

  void save(String openid, IntakeState s) {
    redis.set(key(openid), s.encode(), IDLE);
    if (s.step == IntakeState.Step.CONFIRM) {
      redis.set(CONFIRMING_PREFIX + openid, "1", CONFIRMING_KEPT);
    }
  }

  /**
   * Ends an intake with the message that ended it: that message and its answer are kept first, then
   * the intake goes.
   */
  void close(String openid, long inboundId, String reply) {
    redis.set(CLOSED_PREFIX + openid, inboundId + "\n" + (reply == null ? "" : reply), CLOSED_KEPT);
    forget(openid);
  }

  /** The message that ended this worker's last intake within the hour, or {@code null}. */
  Closed closed(String openid) {
    String kept = redis.get(CLOSED_PREFIX + openid);
    if (kept == null) {
      return null;
    }
    int nl = kept.indexOf('\n');
    return new Closed(Long.parseLong(kept.substring(0, nl)), kept.substring(nl + 1));
  }

  void forget(String openid) {
    redis.delete(key(openid));
    redis.delete(CONFIRMING_PREFIX + openid);
  }

  private static String key(String openid) {
    return KEY_PREFIX + openid;
  }
}
