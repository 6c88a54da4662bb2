package cn.union.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A read is taken as current for the time kept, counted from when it started, on the clock. */
class RecentReadsTest {

  final OutboxTest.TestClock clock = new OutboxTest.TestClock();
  final RecentReads<String, String> reads = new RecentReads<>(clock, Duration.ofSeconds(2), 3);

  @Test
  void aReadServesForTheTimeKeptFromItsStartAndNotWhenTheClockGoesBack() {
    long started = reads.now();
    clock.now = clock.now.plusMillis(500); // the read took half a second
    reads.put("a", "one", started);
    assertThat(reads.get("a")).isEqualTo("one");
    clock.now = clock.now.plusMillis(1499);
    assertThat(reads.get("a")).as("1.999 s after the read started").isEqualTo("one");
    clock.now = clock.now.plusMillis(1);
    assertThat(reads.get("a")).as("2 s after").isNull();
    reads.put("b", "two", reads.now());
    clock.now = clock.now.minusMillis(1);
    assertThat(reads.get("b")).as("the clock set back").isNull();
  }

  @Test
  void pastThreeQuartersOneCallerReadsAgainWhileTheOthersKeepTheValue() {
    reads.put("a", "one", reads.now());
    clock.now = clock.now.plusMillis(1499);
    assertThat(reads.getOrRefresh("a")).as("1.499 s: no one reads yet").isEqualTo("one");
    assertThat(reads.getOrRefresh("a")).isEqualTo("one");
    clock.now = clock.now.plusMillis(1);
    assertThat(reads.getOrRefresh("a")).as("1.5 s: the first caller reads again").isNull();
    assertThat(reads.getOrRefresh("a")).as("the others meanwhile").isEqualTo("one");
    assertThat(reads.getOrRefresh("a")).isEqualTo("one");
    assertThat(reads.get("a")).isEqualTo("one");
    reads.put("a", "two", reads.now());
    clock.now = clock.now.plusMillis(1499);
    assertThat(reads.getOrRefresh("a")).as("the new read serves its own time").isEqualTo("two");
    clock.now = clock.now.plusMillis(1);
    assertThat(reads.getOrRefresh("a")).as("and is read again once").isNull();
    // that read failed (nothing put): at 2 s everyone reads
    clock.now = clock.now.plusMillis(499);
    assertThat(reads.getOrRefresh("a")).isEqualTo("two");
    clock.now = clock.now.plusMillis(1);
    assertThat(reads.getOrRefresh("a")).isNull();
    assertThat(reads.getOrRefresh("a")).isNull();
    reads.put("b", "three", reads.now());
    clock.now = clock.now.minusMillis(1);
    assertThat(reads.getOrRefresh("b")).as("the clock set back").isNull();
  }

  @Test
  void aSlowEarlierReadDoesNotReplaceALaterOne() {
    long earlier = reads.now();
    clock.now = clock.now.plusMillis(100);
    reads.put("a", "later", reads.now());
    reads.put("a", "earlier", earlier);
    assertThat(reads.get("a")).isEqualTo("later");
  }

  @Test
  void forgettingByKeyByValueAndByMatch() {
    long now = reads.now();
    reads.put("a", "one", now);
    reads.put("b", "two", now);
    reads.remove("a", "other");
    assertThat(reads.get("a")).as("another value is remembered: kept").isEqualTo("one");
    reads.remove("a", "one");
    assertThat(reads.get("a")).isNull();
    reads.removeIf(v -> v.startsWith("t"));
    assertThat(reads.get("b")).isNull();
    reads.put("c", "three", now);
    reads.remove("c");
    assertThat(reads.get("c")).isNull();
  }

  @Test
  void pastItsSizeTheMemoryStartsOver() {
    long now = reads.now();
    reads.put("a", "1", now);
    reads.put("b", "2", now);
    reads.put("c", "3", now);
    reads.put("d", "4", now);
    assertThat(reads.get("a")).isNull();
    assertThat(reads.get("d")).isEqualTo("4");
  }
}
