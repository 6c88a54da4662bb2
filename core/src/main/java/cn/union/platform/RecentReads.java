package cn.union.platform;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * What this node read from a shared store a moment ago, taken as current for a short while without
 * reading it again: a checked console token, an H5 session, a campaign's live counts. A read counts
 * from the instant it started ({@link #now()} before reading), on the injected clock; a clock set
 * back makes every read stale. Beyond {@code max} keys the memory starts over.
 *
 * <p>With {@link #getOrRefresh}, a key read by many requests at once is read again by one of them
 * before its read goes stale, not by all of them in the same instant once it has.
 */
public final class RecentReads<K, V> {

  /** A value, when its read started, and whether a caller has taken on reading it again. */
  private record Read<V>(V value, long atMillis, AtomicBoolean refreshing) {
    Read(V value, long atMillis) {
      this(value, atMillis, new AtomicBoolean());
    }
  }

  private final Clock clock;
  private final long keptForMillis;
  private final int max;
  private final Map<K, Read<V>> reads = new ConcurrentHashMap<>();

  public RecentReads(Clock clock, Duration keptFor, int max) {
    this.clock = clock;
    this.keptForMillis = keptFor.toMillis();
    this.max = max;
  }

  /** The clock's instant in milliseconds: take it before a read, and give it to {@link #put}. */
  public long now() {
    return clock.millis();
  }

  /** The value read for {@code key} less than the time kept ago, or {@code null}. */
  public V get(K key) {
    Read<V> read = reads.get(key);
    if (read == null) {
      return null;
    }
    long now = clock.millis();
    return now >= read.atMillis() && now - read.atMillis() < keptForMillis ? read.value() : null;
  }

  /**
   * As {@link #get}, except that past three quarters of the time kept, the first caller to ask gets
   * {@code null}: it is to read again and {@link #put} what it read, while the others still get the
   * remembered value until it is stale. (Should that read fail, the value goes stale as with {@link
   * #get}, and then every caller reads.) So a key many requests use at once is not read by all of
   * them in the instant it goes stale.
   */
  public V getOrRefresh(K key) {
    Read<V> read = reads.get(key);
    if (read == null) {
      return null;
    }
    long now = clock.millis();
    if (now < read.atMillis() || now - read.atMillis() >= keptForMillis) {
      return null;
    }
    if (now - read.atMillis() >= keptForMillis * 3 / 4
        && read.refreshing().compareAndSet(false, true)) {
      return null;
    }
    return read.value();
  }

  /**
   * Remembers {@code value}, read from {@code atMillis} on, unless a read that started later is
   * remembered already (a slow earlier read does not replace a newer one).
   */
  public void put(K key, V value, long atMillis) {
    if (reads.size() >= max) {
      reads.clear();
    }
    reads.merge(
        key,
        new Read<>(value, atMillis),
        (old, read) -> read.atMillis() >= old.atMillis() ? read : old);
  }

  public void remove(K key) {
    reads.remove(key);
  }

  /** Forgets {@code key} if what is remembered for it is {@code value}. */
  public void remove(K key, V value) {
    reads.computeIfPresent(key, (k, read) -> read.value().equals(value) ? null : read);
  }

  /** Forgets every key whose value matches. */
  public void removeIf(Predicate<V> matches) {
    reads.values().removeIf(read -> matches.test(read.value()));
  }
}
