package cn.union.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The outbox state machine on H2, with two outboxes on one table standing for two nodes: an attempt
 * is claimed by one of them only, a claim whose lease ran out without an outcome is abandoned to
 * UNCERTAIN, a recorded outcome is never abandoned, and a retry waits and counts.
 */
class OutboxTest {

  enum State {
    PENDING,
    SENT,
    FAILED
  }

  static final class TestClock extends Clock {
    Instant now = Instant.parse("2026-03-02T01:00:00Z");

    @Override
    public ZoneId getZone() {
      return PlatformConfig.ZONE;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  static final class TestOutbox extends Outbox {
    TestOutbox(JdbcTemplate jdbc, Clock clock) {
      super(jdbc, clock, "test_outbox", "due_at", "sent_by", () -> 10);
    }

    long enqueue(String key) {
      insert(List.of("item_key"), key);
      return jdbc.queryForObject("SELECT id FROM test_outbox WHERE item_key = ?", Long.class, key);
    }
  }

  JdbcDataSource h2;
  JdbcTemplate jdbc;
  final TestClock clock = new TestClock();
  TestOutbox nodeA;
  TestOutbox nodeB;

  @BeforeEach
  void setUp() throws SQLException {
    h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:outbox" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    jdbc = new JdbcTemplate(h2);
    jdbc.execute(
        "CREATE TABLE test_outbox (id BIGINT AUTO_INCREMENT PRIMARY KEY,"
            + " item_key VARCHAR(16) NOT NULL UNIQUE, status VARCHAR(16) NOT NULL,"
            + " attempts INT NOT NULL, due_at TIMESTAMP(3) NOT NULL, sending_since TIMESTAMP(3),"
            + " sent_by VARCHAR(16), last_error VARCHAR(500), created_at TIMESTAMP(3) NOT NULL,"
            + " updated_at TIMESTAMP(3) NOT NULL)");
    nodeA = new TestOutbox(jdbc, clock);
    nodeB = new TestOutbox(jdbc, clock);
  }

  @AfterEach
  void tearDown() throws SQLException {
    try (Connection c = h2.getConnection();
        Statement s = c.createStatement()) {
      s.execute("SHUTDOWN");
    }
  }

  Map<String, Object> row(long id) {
    return jdbc.queryForMap(
        "SELECT status, attempts, sending_since, sent_by, last_error FROM test_outbox WHERE id = ?",
        id);
  }

  @Test
  void aQueuedRowIsDueAndClaimedByOneNodeOnly() {
    long id = nodeA.enqueue("k1");
    assertThat(nodeB.due()).containsExactly(id);

    assertThat(nodeA.claim(id)).isTrue();
    assertThat(nodeB.claim(id)).isFalse();
    assertThat(nodeA.claim(id)).isFalse();

    assertThat(row(id)).containsEntry("STATUS", "PENDING").containsEntry("ATTEMPTS", 1);
    assertThat(row(id).get("SENDING_SINCE")).isNotNull();
    assertThat(nodeA.due()).isEmpty();
    assertThat(nodeA.abandoned()).as("held within its lease").isEmpty();
  }

  @Test
  void racingNodesClaimEveryRowExactlyOnce() throws Exception {
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      ids.add(nodeA.enqueue("k" + i));
    }
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<List<Long>>> won = new ArrayList<>();
      for (TestOutbox node : List.of(nodeA, nodeB)) {
        Callable<List<Long>> claimAll =
            () -> {
              List<Long> mine = new ArrayList<>();
              for (long id : ids) {
                if (node.claim(id)) {
                  mine.add(id);
                }
              }
              return mine;
            };
        won.add(pool.submit(claimAll));
      }
      List<Long> all = new ArrayList<>(won.get(0).get());
      all.addAll(won.get(1).get());
      assertThat(all).containsExactlyInAnyOrderElementsOf(ids);
    } finally {
      pool.shutdownNow();
    }
    assertThat(jdbc.queryForObject("SELECT SUM(attempts) FROM test_outbox", Long.class))
        .isEqualTo(40L);
  }

  @Test
  void aClaimWhoseLeaseRanOutWithoutAnOutcomeIsAbandonedAsUncertain() {
    long id = nodeA.enqueue("k1");
    assertThat(nodeA.claim(id)).isTrue();

    clock.now = clock.now.plus(Outbox.LEASE).minusSeconds(1);
    assertThat(nodeB.abandoned()).isEmpty();
    clock.now = clock.now.plusSeconds(2);
    assertThat(nodeB.abandoned()).containsExactly(id);
    assertThat(nodeB.due()).as("never sent again by itself").isEmpty();
    assertThat(nodeB.claim(id)).isFalse();

    assertThat(nodeB.abandon(id, "node stopped")).isTrue();
    assertThat(nodeA.abandon(id, "node stopped")).isFalse();
    assertThat(row(id))
        .containsEntry("STATUS", "UNCERTAIN")
        .containsEntry("LAST_ERROR", "node stopped")
        .containsEntry("SENDING_SINCE", null);
    assertThat(nodeB.abandoned()).isEmpty();
  }

  @Test
  void aRecordedOutcomeIsNeverAbandoned() {
    long id = nodeA.enqueue("k1");
    assertThat(nodeA.claim(id)).isTrue();
    nodeA.finish(id, State.SENT, "CUSTOMER", null);

    clock.now = clock.now.plus(Outbox.LEASE).plusSeconds(1);
    assertThat(nodeB.abandoned()).isEmpty();
    assertThat(nodeB.abandon(id, "late")).isFalse();
    assertThat(row(id))
        .containsEntry("STATUS", "SENT")
        .containsEntry("SENT_BY", "CUSTOMER")
        .containsEntry("SENDING_SINCE", null);
  }

  @Test
  void aRetryIsDueAfterItsWaitUntilTheAttemptsAreSpent() {
    long id = nodeA.enqueue("k1");
    assertThat(nodeA.claim(id)).isTrue();
    nodeA.finish(id, State.PENDING, "TEMPLATE", null);
    Instant next = nodeA.retryLater(id, 1, 2, Duration.ofMinutes(5), null, "busy");
    assertThat(next).isEqualTo(clock.now.plus(Duration.ofMinutes(5)));
    assertThat(row(id))
        .as("no channel given: the recorded one stays")
        .containsEntry("SENT_BY", "TEMPLATE")
        .containsEntry("LAST_ERROR", "busy")
        .containsEntry("SENDING_SINCE", null);
    assertThat(nodeB.due()).isEmpty();

    clock.now = next;
    assertThat(nodeB.due()).containsExactly(id);
    assertThat(nodeB.claim(id)).isTrue();
    assertThat(nodeB.retryLater(id, 2, 2, Duration.ofMinutes(5), "CUSTOMER", "busy")).isNull();
    assertThat(row(id)).containsEntry("ATTEMPTS", 2).containsEntry("SENT_BY", "TEMPLATE");
    nodeB.finish(id, State.FAILED, "CUSTOMER", "x".repeat(600));
    assertThat(row(id)).containsEntry("STATUS", "FAILED");
    assertThat((String) row(id).get("LAST_ERROR")).hasSize(500);
  }

  @Test
  void aRetryRecordsTheChannelWhenGiven() {
    long id = nodeA.enqueue("k1");
    assertThat(nodeA.claim(id)).isTrue();
    assertThat(nodeA.retryLater(id, 1, 3, Duration.ofMinutes(1), "CUSTOMER", "busy")).isNotNull();
    assertThat(row(id)).containsEntry("SENT_BY", "CUSTOMER").containsEntry("STATUS", "PENDING");
  }

  @Test
  void namesThatAreNotPlainIdentifiersAreRefused() {
    assertThatThrownBy(
            () -> new Outbox(jdbc, clock, "t; DROP TABLE x", "due_at", "sent_by", () -> 1) {})
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new TestOutbox(jdbc, clock).insert(List.of("item_key", "a b"), "k", "v"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
