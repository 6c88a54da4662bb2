package cn.union.sla;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of reply tracking ({@code union.sla.*}); every one has a default.
 *
 * @param sweepEnabled whether the scheduled sweep runs on this node (it still takes the lock)
 * @param sweepInterval pause between two sweeps of this node
 * @param batchSize cases or alerts read per query
 * @param maxBatches batches per pass and run, so one run stays short; the rest waits for the next
 * @param deliveryLease how long a claimed alert waits before another run may try it again
 * @param maxAttempts sends of an alert before it is left FAILED
 * @param retryDelay pause before a failed alert is tried again (times the attempts made)
 * @param initialLookback on the very first run, how far back due instants are looked at
 */
@ConfigurationProperties("union.sla")
record SlaProperties(
    Boolean sweepEnabled,
    Duration sweepInterval,
    Integer batchSize,
    Integer maxBatches,
    Duration deliveryLease,
    Integer maxAttempts,
    Duration retryDelay,
    Duration initialLookback) {

  public SlaProperties {
    sweepEnabled = sweepEnabled == null || sweepEnabled;
    sweepInterval = sweepInterval == null ? Duration.ofMinutes(1) : sweepInterval;
    batchSize = batchSize == null ? 500 : batchSize;
    maxBatches = maxBatches == null ? 200 : maxBatches;
    deliveryLease = deliveryLease == null ? Duration.ofMinutes(2) : deliveryLease;
    maxAttempts = maxAttempts == null ? 3 : maxAttempts;
    retryDelay = retryDelay == null ? Duration.ofMinutes(5) : retryDelay;
    initialLookback = initialLookback == null ? Duration.ofDays(7) : initialLookback;
  }
}
