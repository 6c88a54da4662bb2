package cn.union.staff;

import java.time.Duration;
import org.redisson.api.RAtomicLong;
import org.redisson.api.RedissonClient;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Caps the logins one network address may try in a window, on every node at once (Redis). An
 * attempt takes a slot before the password is checked, so parallel requests cannot all slip under
 * the cap; a successful login gives its slot back, so only failures add up.
 */
@Component
class LoginThrottle {

  private static final String PREFIX = "auth:throttle:";

  private final RedissonClient redis;
  private final int attempts;
  private final Duration window;

  LoginThrottle(
      RedissonClient redis,
      @Value("${union.auth.throttle-attempts:20}") int attempts,
      @Value("${union.auth.throttle-window:PT15M}") Duration window) {
    this.redis = redis;
    this.attempts = attempts;
    this.window = window;
  }

  Duration window() {
    return window;
  }

  /**
   * Takes a slot for an attempt from {@code address}; false when the address has used up its
   * window.
   */
  boolean claim(String address) {
    RAtomicLong counter = redis.getAtomicLong(key(address));
    long used = counter.incrementAndGet();
    if (used == 1 || counter.remainTimeToLive() == -1) {
      counter.expire(window);
    }
    return used <= attempts;
  }

  /** Gives back the slot of an attempt that succeeded. */
  void release(String address) {
    RAtomicLong counter = redis.getAtomicLong(key(address));
    if (counter.decrementAndGet() <= 0) {
      counter.delete();
    }
  }

  private static String key(String address) {
    return PREFIX + (address == null || address.isBlank() ? "unknown" : address);
  }
}
