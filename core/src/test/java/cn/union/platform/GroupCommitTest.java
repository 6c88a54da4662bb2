package cn.union.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The group-commit writer on H2: items queued while the writer is busy go together in one
 * transaction, nobody is answered before the commit, a bad item fails only its own caller, and a
 * stop writes what is queued and then refuses.
 */
class GroupCommitTest {

  static final int MAX_BATCH = 16;

  JdbcDataSource h2;
  final AtomicBoolean down = new AtomicBoolean();

  /**
   * The item whose statement, once executed, waits at {@link #gate}: the writer is busy (and its
   * transaction open) until the gate opens.
   */
  static final String GATED = "gated";

  final CountDownLatch gate = new CountDownLatch(1);
  final CountDownLatch atGate = new CountDownLatch(1);
  final List<Integer> batchSizes = Collections.synchronizedList(new ArrayList<>());
  GroupCommit<String, String> writer;

  @BeforeEach
  void setUp() throws SQLException {
    h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:gc" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    try (Connection c = h2.getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE item (k VARCHAR(8) PRIMARY KEY)");
    }
    writer = writer(1_000, Duration.ofSeconds(2));
  }

  @AfterEach
  void tearDown() throws Exception {
    gate.countDown();
    writer.stop(Duration.ofSeconds(5));
    try (Connection c = h2.getConnection();
        Statement s = c.createStatement()) {
      s.execute("SHUTDOWN");
    }
  }

  GroupCommit<String, String> writer(int capacity, Duration queueWait) {
    DelegatingDataSource flaky =
        new DelegatingDataSource(h2) {
          @Override
          public Connection getConnection() throws SQLException {
            if (down.get()) {
              throw new SQLTransientConnectionException("connection refused (test)");
            }
            return super.getConnection();
          }
        };
    return new GroupCommit<>(
        flaky,
        new GroupCommit.Settings("test-writer", "test log", MAX_BATCH, capacity, queueWait),
        LoggerFactory.getLogger(GroupCommitTest.class),
        this::insert);
  }

  /** One INSERT an item; a repeat is reported as the item's result, as the writer's users do. */
  List<String> insert(Connection c, List<String> batch) throws SQLException {
    batchSizes.add(batch.size());
    List<String> results = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO item (k) VALUES (?)")) {
      for (String k : batch) {
        ps.setString(1, k);
        try {
          ps.executeUpdate();
          if (k.equals(GATED)) {
            atGate.countDown();
            awaitGate();
          }
          results.add("inserted " + k);
        } catch (SQLException e) {
          if (!"23505".equals(e.getSQLState())) {
            throw e;
          }
          results.add("repeat " + k);
        }
      }
    }
    return results;
  }

  void awaitGate() {
    try {
      if (!gate.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the test never opened the gate");
      }
    } catch (InterruptedException e) {
      throw new IllegalStateException("interrupted at the gate", e);
    }
  }

  /** Keeps the writer busy on its first batch until {@link #gate} opens. */
  CompletableFuture<String> occupyWriter() throws InterruptedException {
    CompletableFuture<String> gated = writer.submit(GATED);
    assertThat(atGate.await(10, TimeUnit.SECONDS)).isTrue();
    return gated;
  }

  boolean stored(String k) throws SQLException {
    try (Connection c = h2.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM item WHERE k = ?")) {
      ps.setString(1, k);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1) == 1;
      }
    }
  }

  int count() throws SQLException {
    try (Connection c = h2.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM item")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  static String get(CompletableFuture<String> f) throws Exception {
    return f.get(10, TimeUnit.SECONDS);
  }

  @Test
  void whatWaitsWhileTheWriterIsBusyGoesInOneTransactionAndIsAnsweredAfterItsCommit()
      throws Exception {
    CompletableFuture<String> gated = occupyWriter();
    List<CompletableFuture<String>> burst = new ArrayList<>();
    List<Boolean> storedWhenAnswered = Collections.synchronizedList(new ArrayList<>());
    for (int k = 0; k < 40; k++) {
      String item = "b" + k;
      burst.add(
          writer
              .submit(item)
              .whenComplete((result, failure) -> storedWhenAnswered.add(storedQuietly(item))));
    }
    // The gated batch is not committed while its statement waits: neither answered nor visible.
    assertThat(gated).isNotDone();
    assertThat(stored(GATED)).isFalse();
    gate.countDown();

    assertThat(get(gated)).isEqualTo("inserted " + GATED);
    for (int k = 0; k < burst.size(); k++) {
      assertThat(get(burst.get(k))).isEqualTo("inserted b" + k);
    }
    assertThat(storedWhenAnswered).hasSize(40).containsOnly(true);
    assertThat(count()).isEqualTo(41);
    // One batch for the gated item, then the 40 that waited in batches of at most MAX_BATCH.
    assertThat(batchSizes).containsExactly(1, MAX_BATCH, MAX_BATCH, 40 - 2 * MAX_BATCH);
  }

  boolean storedQuietly(String k) {
    try {
      return stored(k);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aRepeatFailsOnlyItsOwnStatementAndABadItemOnlyItsOwnCaller() throws Exception {
    occupyWriter();
    CompletableFuture<String> first = writer.submit("same");
    CompletableFuture<String> repeat = writer.submit("same");
    CompletableFuture<String> tooLong = writer.submit("x".repeat(20)); // the column holds 8
    List<CompletableFuture<String>> others = new ArrayList<>();
    for (int k = 0; k < 5; k++) {
      others.add(writer.submit("o" + k));
    }
    gate.countDown();

    assertThat(get(first)).isEqualTo("inserted same");
    assertThat(get(repeat)).isEqualTo("repeat same");
    assertThatThrownBy(() -> get(tooLong))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(DataIntegrityViolationException.class)
        .message()
        .startsWith("test log: ")
        .contains("SQLState")
        .doesNotContain("xxxxxxxx");
    for (int k = 0; k < others.size(); k++) {
      assertThat(get(others.get(k))).isEqualTo("inserted o" + k);
    }
    assertThat(count()).isEqualTo(1 + 1 + 5);
    // The batch of eight failed as a whole, then each item went in a transaction of its own.
    assertThat(batchSizes).containsExactly(1, 8, 1, 1, 1, 1, 1, 1, 1, 1);
    assertThat(writer.unavailable()).as("the database answered").isFalse();
  }

  @Test
  void aDatabaseThatDoesNotAnswerFailsTheCallersAndIsReportedUntilTheNextCommit() throws Exception {
    down.set(true);
    assertThatThrownBy(() -> get(writer.submit("lost")))
        .cause()
        .isInstanceOf(DataAccessResourceFailureException.class)
        .hasMessageContaining("SQLTransientConnectionException");
    assertThat(writer.unavailable()).isTrue();
    down.set(false);
    assertThat(get(writer.submit("back"))).isEqualTo("inserted back");
    assertThat(writer.unavailable()).isFalse();
    assertThat(stored("lost")).isFalse();
  }

  @Test
  void aStopWritesWhatIsQueuedThenRefuses() throws Exception {
    CompletableFuture<String> gated = occupyWriter();
    List<CompletableFuture<String>> queued = new ArrayList<>();
    for (int k = 0; k < 5; k++) {
      queued.add(writer.submit("q" + k));
    }
    assertThat(writer.stop(Duration.ofMillis(50))).as("still busy").isFalse();
    assertThatThrownBy(() -> get(writer.submit("late")))
        .cause()
        .isInstanceOf(DataAccessResourceFailureException.class)
        .hasMessage("the test log is shutting down");
    gate.countDown();
    assertThat(writer.stop(Duration.ofSeconds(10))).isTrue();
    assertThat(get(gated)).isEqualTo("inserted " + GATED);
    for (int k = 0; k < queued.size(); k++) {
      assertThat(get(queued.get(k))).isEqualTo("inserted q" + k);
    }
    assertThat(stored("late")).isFalse();
  }

  @Test
  void aStopThatDoesNotFinishInTimeSaysSoAndWhatIsLeft() throws Exception {
    CompletableFuture<String> gated = occupyWriter();
    writer.submit("left1");
    writer.submit("left2");
    assertThat(writer.stop(Duration.ofMillis(300))).isFalse();
    assertThat(writer.abandon()).isEqualTo(2);
    // The interrupt reaches the statement waiting at the gate: that batch fails, nothing is
    // reported written that was not.
    assertThatThrownBy(() -> get(gated))
        .cause()
        .isInstanceOf(DataAccessResourceFailureException.class);
    assertThat(stored(GATED)).isFalse();
  }

  @Test
  void aFullQueueRefusesAfterItsWait() throws Exception {
    writer.stop(Duration.ofSeconds(5));
    writer = writer(1, Duration.ofMillis(50));
    occupyWriter();
    CompletableFuture<String> waiting = writer.submit("w");
    CompletableFuture<String> refused = writer.submit("r");
    assertThatThrownBy(refused::get)
        .cause()
        .isInstanceOf(DataAccessResourceFailureException.class)
        .hasMessage("the test log is not keeping up (queue full)");
    gate.countDown();
    assertThat(get(waiting)).isEqualTo("inserted w");
  }
}
