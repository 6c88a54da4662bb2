package cn.union.wechat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** WeChat's customer-service window as WECHAT_FACTS.md states it. */
class ReplyWindowTest {

  static final Instant NOW = Instant.parse("2026-11-23T02:00:00Z");

  static ReplyWindow.Decision decide(
      Duration sinceMessage, int sentSinceMessage, Duration sinceClick, int sentSinceClick) {
    return ReplyWindow.decide(
        new ReplyWindow.State(
            sinceMessage == null ? null : NOW.minus(sinceMessage),
            sentSinceMessage,
            sinceClick == null ? null : NOW.minus(sinceClick),
            sentSinceClick),
        NOW);
  }

  @Test
  void fiveMessagesWithin48HoursOfTheWorkersMessage() {
    assertThat(decide(Duration.ofHours(47), 0, null, 0).custom()).isTrue();
    assertThat(decide(Duration.ofHours(47), 4, null, 0).custom()).isTrue();
    assertThat(decide(Duration.ofHours(47), 5, null, 0).custom()).isFalse();
    assertThat(decide(Duration.ofHours(47), 5, null, 0).reason()).contains("5条");
    assertThat(decide(Duration.ofHours(48), 0, null, 0).custom()).isFalse();
    assertThat(decide(Duration.ofHours(49), 0, null, 0).reason()).contains("48小时");
  }

  @Test
  void threeMessagesWithinAMinuteOfAClickFollowOrScan() {
    assertThat(decide(null, 0, Duration.ofSeconds(59), 2).custom()).isTrue();
    assertThat(decide(null, 0, Duration.ofSeconds(59), 3).custom()).isFalse();
    assertThat(decide(null, 0, Duration.ofSeconds(59), 3).reason()).contains("3条");
    assertThat(decide(null, 0, Duration.ofSeconds(61), 0).custom()).isFalse();
    // Either window open is enough.
    assertThat(decide(Duration.ofHours(1), 5, Duration.ofSeconds(10), 0).custom()).isTrue();
  }

  @Test
  void aWorkerWhoNeverWroteHasNoWindow() {
    assertThat(decide(null, 0, null, 0).custom()).isFalse();
  }
}
