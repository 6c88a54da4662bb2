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

  void forget(String openid) {
    redis.delete(key(openid));
    redis.delete(CONFIRMING_PREFIX + openid);
  }

  private static String key(String openid) {
    return KEY_PREFIX + openid;
  }
}
