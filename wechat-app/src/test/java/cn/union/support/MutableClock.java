package cn.union.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicReference;

/** A clock tests can move; follows real time until it is set. */
public final class MutableClock extends Clock {

  private final ZoneId zone;
  private final AtomicReference<Instant> fixed = new AtomicReference<>();

  public MutableClock(ZoneId zone) {
    this.zone = zone;
  }

  public void set(Instant instant) {
    fixed.set(instant);
  }

  public void advance(Duration by) {
    fixed.updateAndGet(i -> (i == null ? Instant.now() : i).plus(by));
  }

  /** Back to real time. */
  public void reset() {
    fixed.set(null);
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("the product runs in one zone");
  }

  @Override
  public Instant instant() {
    Instant i = fixed.get();
    return i == null ? Instant.now() : i;
  }
}
