package cn.union.platform;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.redisson.api.BatchOptions;
import org.redisson.api.RBatch;
import org.redisson.api.RFuture;
import org.redisson.api.RedissonClient;
import org.redisson.client.RedisException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

/**
 * The short string commands of the WeChat path (a worker's conversation state: get, exists, set
 * with expiry, delete), sent to Redis together ({@link Coalescer}): whatever commands are waiting
 * go as one pipelined batch, and each caller is answered once Redis has answered the batch. A
 * caller still returns only with Redis's answer to its own command, so nothing changes for it but
 * the cost: a command sent on its own costs Redisson about 70 µs of CPU on two cores, one in a
 * batch of four about 20 (bench/README.md).
 *
 * <p>Commands go in the order they were queued and one batch at a time, so one thread's commands on
 * a key take effect in its order. A command Redis refuses fails only its own caller.
 */
public class RedisPipeline implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(RedisPipeline.class);

  static final int MAX_BATCH = 256;
  static final int MAX_QUEUED = 10_000;
  private static final Duration WAIT = Duration.ofSeconds(10);

  private record Op(Function<RBatch, RFuture<?>> command, CompletableFuture<Object> done) {}

  private final RedissonClient redis;
  private final Coalescer<Op> ops;

  public RedisPipeline(RedissonClient redis) {
    this.redis = redis;
    this.ops =
        new Coalescer<>(
            "the Redis pipeline",
            MAX_BATCH,
            MAX_QUEUED,
            this::send,
            this::refuse,
            RedisException::new);
  }

  /** The string at {@code key}, or {@code null}. */
  public String get(String key) {
    return (String) call(b -> b.<String>getBucket(key).getAsync());
  }

  public boolean exists(String key) {
    return (Boolean) call(b -> b.getBucket(key).isExistsAsync());
  }

  /** Sets {@code key} to {@code value}, expiring after {@code ttl}. */
  public void set(String key, String value, Duration ttl) {
    call(b -> b.<String>getBucket(key).setAsync(value, ttl));
  }

  /** Deletes {@code key}; true when it was there. */
  public boolean delete(String key) {
    return (Boolean) call(b -> b.getBucket(key).deleteAsync());
  }

  /** Batches sent so far (each one round trip to Redis). */
  public long batches() {
    return ops.batches();
  }

  private Object call(Function<RBatch, RFuture<?>> command) {
    Op op = new Op(command, new CompletableFuture<>());
    ops.submit(op);
    return await(op.done(), WAIT);
  }

  /**
   * The answer Redis gave to a command sent for the caller: its value, or its error as a {@link
   * RedisException}; a {@link RedisException} too when there is none within {@code wait}.
   */
  public static <T> T await(CompletableFuture<T> answer, Duration wait) {
    try {
      return answer.get(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RedisException("interrupted while waiting for Redis", e);
    } catch (TimeoutException e) {
      // Given up: a command not sent yet is then not sent at all (the senders skip answered
      // ones), so the caller's failure is the truth. An answer that came meanwhile is taken.
      RedisException late = new RedisException("Redis did not answer within " + wait, e);
      if (!answer.completeExceptionally(late)) {
        return await(answer, wait);
      }
      throw late;
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException re
          ? re
          : new RedisException("Redis command failed", e.getCause());
    }
  }

  /** Sends one batch; the stage completes when Redis has answered it and every caller is. */
  private CompletionStage<?> send(List<Op> taken) {
    List<Op> batchOps = taken.stream().filter(op -> !op.done().isDone()).toList();
    if (batchOps.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    List<CompletableFuture<?>> results = new ArrayList<>(batchOps.size());
    RBatch batch = redis.createBatch(BatchOptions.defaults());
    for (Op op : batchOps) {
      results.add(op.command().apply(batch).toCompletableFuture());
    }
    return batch
        .executeAsync()
        .handle(
            (ignored, failure) -> {
              for (int k = 0; k < batchOps.size(); k++) {
                answer(batchOps.get(k).done(), results.get(k), failure);
              }
              return null;
            });
  }

  /** Redisson could not even take the batch (e.g. it is shutting down): nothing was sent. */
  private void refuse(List<Op> batchOps, RuntimeException e) {
    RedisException error = described(e);
    log.warn(
        "A batch of {} Redis commands could not be sent: {}", batchOps.size(), error.getMessage());
    for (Op op : batchOps) {
      op.done().completeExceptionally(error);
    }
  }

  /** The caller's own command's result or error; the batch's error if its command has none. */
  private static void answer(
      CompletableFuture<Object> done, CompletableFuture<?> result, Throwable batchFailure) {
    if (!result.isDone()) {
      done.completeExceptionally(
          batchFailure != null
              ? described(batchFailure)
              : new RedisException("Redis gave no answer to the command"));
      return;
    }
    result.whenComplete(
        (value, error) -> {
          if (error == null) {
            done.complete(value);
          } else {
            done.completeExceptionally(described(error));
          }
        });
  }

  /**
   * The error as callers and logs may see it: its kind and Redis's error code (e.g. WRONGTYPE),
   * without Redisson's message, which quotes the command's key and value: a worker's openid and
   * what they typed in the intake.
   */
  public static RedisException described(Throwable error) {
    Throwable e =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    String message = e.getMessage() == null ? "" : e.getMessage().strip();
    int space = message.indexOf(' ');
    String code = space > 0 ? message.substring(0, space) : message;
    boolean redisCode =
        !code.isEmpty() && code.length() <= 20 && code.chars().allMatch(c -> c >= 'A' && c <= 'Z');
    return new RedisException(e.getClass().getSimpleName() + (redisCode ? " " + code : ""));
  }

  /** Refuses new commands and waits, within limits, for those under way to be answered. */
  @Override
  public void destroy() throws InterruptedException {
    if (!ops.stop(WAIT)) {
      log.warn("Redis did not answer the last {} commands within {}", ops.waiting(), WAIT);
    }
  }
}
