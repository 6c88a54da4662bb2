package cn.union.helpdesk;

import cn.union.platform.Exclusive;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.IntSupplier;
import org.redisson.api.RedissonClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The helpdesk's background work: retrying replies that did not leave, and rating silent cases as
 * 满意. Every node schedules them; a Redis lock {@code job:<name>} lets one node at a time run each,
 * and each run handles one bounded batch.
 */
@Component
class HelpdeskJobs {

  static final String REPLY_RETRY = "helpdesk-reply-retry";
  static final String AUTO_RATE = "helpdesk-auto-rate";

  /** Longer than a batch can take; a node that dies holding the lock frees it after this. */
  private static final Logger log = LoggerFactory.getLogger(HelpdeskJobs.class);

  private final ReplyDelivery replies;
  private final CaseRatings ratings;
  private final RedissonClient redisson;
  private final HelpdeskProperties props;

  HelpdeskJobs(
      ReplyDelivery replies,
      CaseRatings ratings,
      RedissonClient redisson,
      HelpdeskProperties props) {
    this.replies = replies;
    this.ratings = ratings;
    this.redisson = redisson;
    this.props = props;
  }

  @Scheduled(initialDelayString = "PT30S", fixedDelayString = "${union.helpdesk.retry-every:PT15S}")
  void scheduledRetry() {
    if (props.jobsEnabled()) {
      retryReplies();
    }
  }

  @Scheduled(
      initialDelayString = "PT1M",
      fixedDelayString = "${union.helpdesk.auto-rate-every:PT10M}")
  void scheduledAutoRate() {
    if (props.jobsEnabled()) {
      autoRate();
    }
  }

  /** One run of the reply retry; empty when another node is running it. */
  public OptionalInt retryReplies() {
    return exclusive(REPLY_RETRY, replies::retryDue);
  }

  /** One run of the auto-rating sweep; empty when another node is running it. */
  public OptionalInt autoRate() {
    return exclusive(AUTO_RATE, ratings::autoRateOverdue);
  }

  private OptionalInt exclusive(String name, IntSupplier work) {
    Optional<Integer> done = Exclusive.run(redisson, "job:" + name, Duration.ZERO, work::getAsInt);
    if (done.isEmpty()) {
      log.debug("Job {} is running on another node", name);
      return OptionalInt.empty();
    }
    return OptionalInt.of(done.get());
  }
}
