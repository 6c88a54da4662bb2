package cn.union.platform;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.redisson.api.RLock;
import org.redisson.api.RedissonClient;

/**
 * Work that one node at a time may do: it runs while this node holds a Redis lock of the given
 * name. The lease bounds how long a crashed node can keep the others out.
 */
public final class Exclusive {

  private Exclusive() {}

  /**
   * Runs {@code work} under the lock {@code name}.
   *
   * @param wait how long to wait for the lock; zero gives up at once
   * @return the work's result, or empty when another node held the lock for all of {@code wait} (or
   *     this thread was interrupted while waiting)
   */
  public static <T> Optional<T> run(
      RedissonClient redisson, String name, Duration wait, Duration lease, Supplier<T> work) {
    RLock lock = redisson.getLock(name);
    try {
      if (!lock.tryLock(wait.toMillis(), lease.toMillis(), TimeUnit.MILLISECONDS)) {
        return Optional.empty();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
    try {
      return Optional.of(work.get());
    } finally {
      // The lease may have run out under very long work; then the lock is no longer ours to
      // release.
      if (lock.isHeldByCurrentThread()) {
        lock.unlock();
      }
    }
  }
}
