package cn.union.platform;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
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
 * with expiry, delete), sent to Redis together: one thread takes every command waiting, sends them
 * as one pipelined batch on one connection, and answers each caller once Redis has answered all of
 * them. A caller still returns only with Redis's answer to its own command, so nothing changes for
 * it but the cost: a command sent on its own costs Redisson about 70 µs of CPU on two cores, one
 * in a batch of four about 20 (bench/README.md).
 *
 * <p>Commands are sent in the order they were queued, and a batch is sent only after the one before
 * it was answered, so one thread's commands on a key take effect in its order. A command Redis
 * refuses fails only its own caller.
 */
public class RedisPipeline implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(RedisPipeline.class);

  static final int MAX_BATCH = 256;
  private static final Duration WAIT = Duration.ofSeconds(10);

  private record Op(Function<RBatch, RFuture<?>> command, CompletableFuture<Object> done) {}

  private final RedissonClient redis;
  private final LinkedBlockingQueue<Op> queue = new LinkedBlockingQueue<>(10_000);
  private final Thread thread;
  private final AtomicLong batches = new AtomicLong();
  private volatile boolean stopping;

  public RedisPipeline(RedissonClient redis) {
    this.redis = redis;
    this.thread = new Thread(this::run, "redis-pipeline");
    this.thread.setDaemon(true);
    this.thread.start();
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
    return batches.get();
  }

  private Object call(Function<RBatch, RFuture<?>> command) {
    if (stopping) {
      throw new RedisException("the Redis pipeline is shutting down");
    }
    Op op = new Op(command, new CompletableFuture<>());
    try {
      if (!queue.offer(op, WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new RedisException("the Redis pipeline is not keeping up (queue full)");
      }
      return op.done().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RedisException("interrupted while waiting for Redis", e);
    } catch (TimeoutException e) {
      throw new RedisException("Redis did not answer within " + WAIT, e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException re ? re : new RedisException("Redis command failed", e.getCause());
    }
  }

  private void run() {
    List<Op> batch = new ArrayList<>(MAX_BATCH);
    while (true) {
      try {
        Op first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          if (stopping) {
            return;
          }
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, MAX_BATCH - 1);
        send(batch);
      } catch (InterruptedException e) {
        if (stopping && queue.isEmpty()) {
          return;
        }
      } catch (RuntimeException | Error e) {
        // Not Redis refusing a command (send answers those to their callers): a fault of the batch itself.
        log.error("The Redis pipeline failed on a batch of {}", batch.size(), e);
        for (Op op : batch) {
          op.done().completeExceptionally(e);
        }
      } finally {
        batch.clear();
      }
    }
  }

  /** Sends the batch and answers every caller with its own command's result or error. */
  private void send(List<Op> ops) {
    RBatch batch = redis.createBatch(BatchOptions.defaults());
    List<CompletableFuture<?>> results = new ArrayList<>(ops.size());
    for (Op op : ops) {
      results.add(op.command().apply(batch).toCompletableFuture());
    }
    RuntimeException failure = null;
    try {
      batch.execute();
    } catch (RuntimeException e) {
      failure = e;
    }
    batches.incrementAndGet();
    for (int k = 0; k < ops.size(); k++) {
      CompletableFuture<Object> done = ops.get(k).done();
      CompletableFuture<?> result = results.get(k);
      if (result.isDone()) {
        result.whenComplete((value, error) -> {
          if (error == null) {
            done.complete(value);
          } else {
            done.completeExceptionally(error);
          }
        });
      } else {
        done.completeExceptionally(failure != null ? failure : new RedisException("Redis gave no answer to the command"));
      }
    }
  }

  /** Sends what is queued, then stops. */
  @Override
  public void destroy() throws InterruptedException {
    stopping = true;
    thread.join(WAIT.toMillis());
    if (thread.isAlive()) {
      log.warn("The Redis pipeline did not finish within {}; {} commands are abandoned", WAIT, queue.size());
      thread.interrupt();
    }
  }
}
