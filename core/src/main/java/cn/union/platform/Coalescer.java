package cn.union.platform;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Requests to a server that arrive while one batch of them is on its way go together as the next
 * batch: one round trip, and one command's fixed cost in the client, for however many callers met.
 * Each item carries its own way of answering its caller (a future); the batch's sender answers
 * every item of the batch.
 *
 * <p>There is no thread of its own: a caller that finds no batch under way sends one, and when a
 * batch is done (its stage completes, usually on the client's event loop) the items that arrived
 * meanwhile are sent. Items go in the order they were queued and one batch at a time, so one
 * caller's items take effect in its order.
 */
public final class Coalescer<T> {

  private final String what;
  private final int maxBatch;
  private final int maxQueued;
  private final Function<List<T>, CompletionStage<?>> send;
  private final BiConsumer<List<T>, RuntimeException> refuse;
  private final Function<String, RuntimeException> error;

  private final ConcurrentLinkedQueue<T> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();

  /** True while a batch is on its way; whoever sets it sends the next one. */
  private final AtomicBoolean sending = new AtomicBoolean();

  private final AtomicLong batches = new AtomicLong();
  private volatile boolean stopping;

  /**
   * @param what what is coalesced, for error messages (e.g. "the Redis pipeline")
   * @param send sends a batch; its stage completes once every item of the batch is answered, and is
   *     never failed (an item's failure is its own answer)
   * @param refuse answers every item of a batch that {@code send} threw on (nothing was sent)
   * @param error the exception a caller gets when its item is not taken (stopping, too many
   *     waiting)
   */
  public Coalescer(
      String what,
      int maxBatch,
      int maxQueued,
      Function<List<T>, CompletionStage<?>> send,
      BiConsumer<List<T>, RuntimeException> refuse,
      Function<String, RuntimeException> error) {
    this.what = what;
    this.maxBatch = maxBatch;
    this.maxQueued = maxQueued;
    this.send = send;
    this.refuse = refuse;
    this.error = error;
  }

  /** Queues the item and sends it, or leaves it to the batch under way to send after it. */
  public void submit(T item) {
    if (stopping) {
      throw error.apply(what + " is shutting down");
    }
    if (queued.incrementAndGet() > maxQueued) {
      queued.decrementAndGet();
      throw error.apply(what + " is not keeping up (" + maxQueued + " waiting)");
    }
    queue.add(item);
    sendIfIdle();
  }

  /** Batches sent so far (each one round trip). */
  public long batches() {
    return batches.get();
  }

  /** Refuses new items and waits, at most {@code wait}, until the ones taken are sent and done. */
  public boolean stop(Duration wait) throws InterruptedException {
    stopping = true;
    long deadline = System.nanoTime() + wait.toNanos();
    while ((sending.get() || !queue.isEmpty()) && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    return !sending.get() && queue.isEmpty();
  }

  /** Items waiting to be sent. */
  public int waiting() {
    return queue.size();
  }

  private void sendIfIdle() {
    while (!queue.isEmpty() && sending.compareAndSet(false, true)) {
      List<T> batch = new ArrayList<>(Math.min(maxBatch, Math.max(1, queued.get())));
      for (T item; batch.size() < maxBatch && (item = queue.poll()) != null; ) {
        batch.add(item);
      }
      queued.addAndGet(-batch.size());
      if (batch.isEmpty()) {
        // Another thread took them between the check and the flag; look again.
        sending.set(false);
        continue;
      }
      CompletionStage<?> done;
      // Counted before it goes: its answers may reach its callers before send returns here.
      batches.incrementAndGet();
      try {
        done = send.apply(batch);
      } catch (RuntimeException e) {
        // Nothing was sent (e.g. the client is shutting down): the batch's callers hear it now.
        batches.decrementAndGet();
        try {
          refuse.accept(batch, e);
        } finally {
          sending.set(false);
        }
        continue;
      } catch (Error e) {
        // Not left flagged as sending: later items would wait for a batch that never ends.
        sending.set(false);
        throw e;
      }
      // Whichever comes second, this thread or the stage's completion, goes on with the queue: a
      // stage already complete (a client failing at once) is followed here, in this loop, rather
      // than by a call from its completion, so such batches do not nest calls on one stack.
      AtomicBoolean second = new AtomicBoolean();
      done.whenComplete(
          (ignored, failure) -> {
            if (!second.compareAndSet(false, true)) {
              sending.set(false);
              sendIfIdle();
            }
          });
      if (second.compareAndSet(false, true)) {
        return;
      }
      sending.set(false);
    }
  }
}
