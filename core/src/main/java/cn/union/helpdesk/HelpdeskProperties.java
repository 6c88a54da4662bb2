package cn.union.helpdesk;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of 我要求助 ({@code union.helpdesk.*}); every one has a default.
 *
 * @param autoRateAfter a case waiting this long for the worker's rating counts as 满意 and is sealed
 * @param deliveryAttempts how often a reply is tried before it is marked failed
 * @param firstRetryAfter the wait after the first failed attempt; it doubles after each further one
 * @param maxRetryAfter the longest wait between two attempts
 * @param jobBatch how many cases or replies one run of a scheduled job handles at most
 * @param jobsEnabled whether the scheduled jobs run on this node (tests run them by hand)
 */
@ConfigurationProperties("union.helpdesk")
record HelpdeskProperties(
    @DefaultValue("P7D") Duration autoRateAfter,
    @DefaultValue("6") int deliveryAttempts,
    @DefaultValue("PT1M") Duration firstRetryAfter,
    @DefaultValue("PT1H") Duration maxRetryAfter,
    @DefaultValue("100") int jobBatch,
    @DefaultValue("true") boolean jobsEnabled) {

  /** The wait after the n-th failed attempt (n ≥ 1): first, 2×first, 4×first, … capped. */
  public Duration retryAfter(int failedAttempts) {
    Duration d = firstRetryAfter;
    for (int i = 1; i < failedAttempts && d.compareTo(maxRetryAfter) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : d;
  }
}
