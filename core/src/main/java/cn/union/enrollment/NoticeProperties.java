package cn.union.enrollment;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the worker's notice of a review decision is retried ({@code union.enrollment.notice.*});
 * every setting has a default.
 *
 * @param attempts how often a notice is tried before it is marked failed
 * @param firstRetryAfter the wait after the first failed attempt; it doubles after each further one
 * @param maxRetryAfter the longest wait between two attempts
 * @param batch how many notices one run of the retry handles at most
 */
@ConfigurationProperties("union.enrollment.notice")
record NoticeProperties(
    @DefaultValue("5") int attempts,
    @DefaultValue("PT1M") Duration firstRetryAfter,
    @DefaultValue("PT30M") Duration maxRetryAfter,
    @DefaultValue("100") int batch) {

  /** The wait after the n-th failed attempt (n ≥ 1): first, 2×first, 4×first, … capped. */
  Duration retryAfter(int failedAttempts) {
    Duration d = firstRetryAfter;
    for (int i = 1; i < failedAttempts && d.compareTo(maxRetryAfter) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : d;
  }
}
