package cn.union.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.redisson.client.RedisException;

/**
 * A caller that gives up waiting for Redis leaves its command answered, so a batch not sent yet
 * skips it: what the caller was told (not done) is what happens.
 */
class RedisAwaitTest {

  @Test
  void givingUpAnswersTheCommandSoItIsNotSentLater() {
    CompletableFuture<String> answer = new CompletableFuture<>();
    assertThatThrownBy(() -> RedisPipeline.await(answer, Duration.ofMillis(20)))
        .isInstanceOf(RedisException.class)
        .hasMessageContaining("did not answer within");
    assertThat(answer).isCompletedExceptionally();
    // an answer that comes after that changes nothing
    assertThat(answer.complete("late")).isFalse();
  }

  @Test
  void anAnswerInTimeIsReturned() {
    CompletableFuture<String> answer = CompletableFuture.completedFuture("OK");
    assertThat(RedisPipeline.await(answer, Duration.ofMillis(20))).isEqualTo("OK");
    CompletableFuture<String> failed = new CompletableFuture<>();
    failed.completeExceptionally(new RedisException("WRONGTYPE"));
    assertThatThrownBy(() -> RedisPipeline.await(failed, Duration.ofMillis(20)))
        .hasMessage("WRONGTYPE");
  }
}
