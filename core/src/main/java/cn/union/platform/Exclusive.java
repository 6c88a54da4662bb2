package cn.union.platform;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.redisson.api.RLock;
import org.redisson.api.RedissonClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Work that one node at a time may do: it runs while this node holds a Redis lock of the given
 * name. The lock lives as long as its holder does: Redisson renews it every 10 s while the work
 * runs and lets it lapse 30 s after a holder that died ({@code lockWatchdogTimeout}). So a node
 * killed in the middle of the work keeps the others out for half a minute, not for a fixed lease,
 * and work longer than any lease (a rebuild of a large campaign) is not joined by a second node
 * while its holder lives and reaches Redis. Should Redis lose the lock meanwhile (restarted, or
 * unreachable for longer than the 30 s), another node may start the same work. Work that hangs
 * holds the lock as long as it hangs.
 */
public final class Exclusive {

  private static final Logger log = LoggerFactory.getLogger(Exclusive.class);

  private Exclusive() {}

  /**
   * Runs {@code work} under the lock {@code name}.
   *
   * @param wait how long to wait for the lock; zero gives up at once
   * @return the work's result, or empty when another node held the lock for all of {@code wait} (or
   *     this thread was interrupted while waiting)
   */
  public static <T> Optional<T> run(
      RedissonClient redisson, String name, Duration wait, Supplier<T> work) {
    RLock lock = redisson.getLock(name);
    try {
      if (!lock.tryLock(wait.toMillis(), TimeUnit.MILLISECONDS)) {
        return Optional.empty();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
    try {
      return Optional.of(work.get());
    } finally {
      // Redis may have lost the lock meanwhile (restarted): then it is no longer ours to release.
      // It can also lapse between the check and the release; the work's result stands either way.
      if (lock.isHeldByCurrentThread()) {
        try {
          lock.unlock();
        } catch (IllegalMonitorStateException e) {
          log.warn("The lock {} lapsed before its work released it", name);
        }
      }
    }
  }
}
