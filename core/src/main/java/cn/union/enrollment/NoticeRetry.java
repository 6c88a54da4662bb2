package cn.union.enrollment;

import cn.union.platform.Exclusive;
import java.time.Duration;
import java.util.OptionalInt;
import org.redisson.api.RedissonClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * The retry of decision notices that did not leave (every 15 seconds, {@code
 * union.enrollment.notice-retry-every}), on one node at a time under a Redis lock with a lease;
 * each notice's attempt is moreover claimed by a conditional UPDATE ({@link NoticeOutbox}), so a
 * notice is never sent by two nodes. Off with {@code union.enrollment.sweep-enabled}, as the review
 * sweep.
 */
@Service
public class NoticeRetry {

  private static final Logger log = LoggerFactory.getLogger(NoticeRetry.class);
  static final String LOCK = "union:enrollment:notice-retry";

  /** Longer than a batch can take; a node that dies holding the lock frees it after this. */
  private final EnrollmentNotices notices;

  private final RedissonClient redisson;
  private final boolean enabled;

  NoticeRetry(
      EnrollmentNotices notices,
      RedissonClient redisson,
      @Value("${union.enrollment.sweep-enabled:true}") boolean enabled) {
    this.notices = notices;
    this.redisson = redisson;
    this.enabled = enabled;
  }

  @Scheduled(
      fixedDelayString = "${union.enrollment.notice-retry-every:PT15S}",
      initialDelayString = "PT30S")
  void scheduled() {
    if (!enabled) {
      return;
    }
    OptionalInt tried = run(Duration.ZERO);
    if (tried.isPresent() && tried.getAsInt() > 0) {
      log.info("Enrollment notice retry: {} notices tried", tried.getAsInt());
    }
  }

  /**
   * One run unless another node is running it.
   *
   * @param wait how long to wait for the lock; zero gives up at once
   * @return how many notices were tried, or empty when another node held the lock
   */
  public OptionalInt run(Duration wait) {
    return Exclusive.run(redisson, LOCK, wait, notices::retryDue)
        .map(OptionalInt::of)
        .orElseGet(OptionalInt::empty);
  }
}
