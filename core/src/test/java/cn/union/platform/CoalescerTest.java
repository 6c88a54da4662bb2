package cn.union.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Items that meet go as one batch, in their order; a sender that throws fails only its batch. */
class CoalescerTest {

  /** An item: a number, and the future its caller waits on. */
  record Item(int n, CompletableFuture<Integer> done) {
    Item(int n) {
      this(n, new CompletableFuture<>());
    }
  }

  final ExecutorService server = Executors.newSingleThreadExecutor();
  final List<List<Integer>> sent = Collections.synchronizedList(new ArrayList<>());

  @AfterEach
  void stop() {
    server.shutdownNow();
  }

  /** A server that answers each batch later, on a thread of its own, with each number doubled. */
  CompletableFuture<?> answerLater(List<Item> batch, CountDownLatch hold) {
    sent.add(batch.stream().map(Item::n).toList());
    return CompletableFuture.runAsync(
        () -> {
          try {
            hold.await(5, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          batch.forEach(i -> i.done().complete(i.n() * 2));
        },
        server);
  }

  static void refuse(List<Item> batch, RuntimeException e) {
    batch.forEach(i -> i.done().completeExceptionally(e));
  }

  @Test
  void itemsArrivingWhileABatchIsOutGoTogetherInTheirOrder() throws Exception {
    CountDownLatch hold = new CountDownLatch(1);
    Coalescer<Item> c =
        new Coalescer<>(
            "test",
            4,
            100,
            b -> answerLater(b, hold),
            CoalescerTest::refuse,
            IllegalStateException::new);
    List<Item> items = new ArrayList<>();
    for (int n = 0; n < 10; n++) {
      Item i = new Item(n);
      items.add(i);
      c.submit(i);
    }
    // the first went alone; the rest wait for its answer
    assertThat(sent).containsExactly(List.of(0));
    hold.countDown();
    for (Item i : items) {
      assertThat(i.done().get(5, TimeUnit.SECONDS)).isEqualTo(i.n() * 2);
    }
    assertThat(sent)
        .containsExactly(List.of(0), List.of(1, 2, 3, 4), List.of(5, 6, 7, 8), List.of(9));
    assertThat(c.batches()).isEqualTo(4);
  }

  @Test
  void aSenderThatThrowsFailsItsBatchAndTheNextOneStillGoes() throws Exception {
    CountDownLatch open = new CountDownLatch(0);
    int[] calls = {0};
    Coalescer<Item> c =
        new Coalescer<>(
            "test",
            8,
            100,
            b -> {
              if (calls[0]++ == 0) {
                throw new IllegalStateException("client closed");
              }
              return answerLater(b, open);
            },
            CoalescerTest::refuse,
            IllegalStateException::new);
    Item first = new Item(1);
    c.submit(first);
    assertThatThrownBy(() -> first.done().get(5, TimeUnit.SECONDS))
        .hasCauseInstanceOf(IllegalStateException.class)
        .hasMessageContaining("client closed");
    Item second = new Item(2);
    c.submit(second);
    assertThat(second.done().get(5, TimeUnit.SECONDS)).isEqualTo(4);
  }

  @Test
  void tooManyWaitingAndStoppingAreRefusedAtOnce() throws Exception {
    CountDownLatch hold = new CountDownLatch(1);
    Coalescer<Item> c =
        new Coalescer<>(
            "the test pipeline",
            2,
            3,
            b -> answerLater(b, hold),
            CoalescerTest::refuse,
            IllegalStateException::new);
    c.submit(new Item(1)); // sent
    c.submit(new Item(2));
    c.submit(new Item(3));
    c.submit(new Item(4)); // three waiting
    assertThatThrownBy(() -> c.submit(new Item(5)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the test pipeline is not keeping up (3 waiting)");
    ExecutorService stopper = Executors.newSingleThreadExecutor();
    try {
      Future<Boolean> stopped = stopper.submit(() -> c.stop(Duration.ofSeconds(5)));
      Thread.sleep(50);
      assertThatThrownBy(() -> c.submit(new Item(6)))
          .hasMessage("the test pipeline is shutting down");
      hold.countDown();
      assertThat(stopped.get(5, TimeUnit.SECONDS))
          .as("what was taken is sent and answered")
          .isTrue();
      assertThat(c.waiting()).isZero();
    } finally {
      stopper.shutdownNow();
    }
  }

  @Test
  void batchesThatAreAnsweredAtOnceDoNotPileUpOnOneStack() throws Exception {
    // a client failing fast answers each batch before send returns; twenty thousand such batches
    // queued behind one that is out must go one after the other, not one inside the other
    CountDownLatch hold = new CountDownLatch(1);
    boolean[] first = {true};
    Coalescer<Item> c =
        new Coalescer<>(
            "test",
            1,
            30_000,
            b -> {
              if (first[0]) {
                first[0] = false;
                return answerLater(b, hold);
              }
              b.forEach(i -> i.done().complete(-1));
              return CompletableFuture.completedFuture(null);
            },
            CoalescerTest::refuse,
            IllegalStateException::new);
    List<Item> items = new ArrayList<>();
    for (int n = 0; n < 20_000; n++) {
      Item i = new Item(n);
      items.add(i);
      c.submit(i);
    }
    hold.countDown();
    assertThat(items.get(0).done().get(5, TimeUnit.SECONDS)).isZero();
    for (Item i : items.subList(1, items.size())) {
      assertThat(i.done().get(5, TimeUnit.SECONDS)).isEqualTo(-1);
    }
    assertThat(c.batches()).isEqualTo(20_000);
    assertThat(c.waiting()).isZero();
  }

  @Test
  void aSenderThatFailsHardDoesNotLeaveTheQueueStuck() throws Exception {
    int[] calls = {0};
    Coalescer<Item> c =
        new Coalescer<>(
            "test",
            8,
            100,
            b -> {
              if (calls[0]++ == 0) {
                throw new AssertionError("broken sender");
              }
              b.forEach(i -> i.done().complete(i.n()));
              return CompletableFuture.completedFuture(null);
            },
            CoalescerTest::refuse,
            IllegalStateException::new);
    assertThatThrownBy(() -> c.submit(new Item(1))).isInstanceOf(AssertionError.class);
    Item next = new Item(2);
    c.submit(next);
    assertThat(next.done().get(5, TimeUnit.SECONDS)).isEqualTo(2);
  }
}
