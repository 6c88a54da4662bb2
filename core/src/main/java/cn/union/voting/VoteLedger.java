package cn.union.voting;

import cn.union.platform.GroupCommit;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Writes {@code vote_ledger} with group commit ({@link GroupCommit}): one thread takes every vote
 * waiting, inserts them on one connection in one transaction and commits once, and only then
 * completes each vote's future. The vote path answers 投票成功 only from a completed future, so an
 * answered vote is on disk before its answer leaves, while a burst of votes shares one commit
 * (write-behind in batches with nothing answered ahead of its batch). A batch goes as one multi-row
 * INSERT, one round trip.
 *
 * <p>Once a batch is committed, the votes of it that Redis holds as pending are settled there in
 * one command per campaign ({@link VoteCounter#settleAll}), before any of their callers is
 * answered: one round trip to Redis per batch instead of one per vote.
 *
 * <p>A duplicate key fails only its own statement (H2, MySQL and MariaDB roll back the statement,
 * not the transaction) and is reported to that vote as {@link Written#DUPLICATE}: the same request
 * was recorded before. Any other error rolls the batch back and its votes are tried one transaction
 * each, so one bad row fails only its own vote.
 */
@Component
class VoteLedger implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(VoteLedger.class);
  static final int MAX_BATCH = 256;

  private static final String INSERT =
      "INSERT INTO vote_ledger (campaign_id, voter, candidate_id, vote_day, seq,"
          + " source, channel, client_ip, flagged, flag_reason, cast_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String ROW_PLACEHOLDERS = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  private final GroupCommit<Entry, Written> writer;
  private final VoteCounter counter;

  enum Written {
    INSERTED,
    DUPLICATE
  }

  /** One vote as the ledger keeps it. */
  record Row(
      long campaignId,
      String voter,
      long candidateId,
      LocalDate day,
      int seq,
      String source,
      String channel,
      String clientIp,
      boolean flagged,
      String flagReason,
      Instant castAt) {}

  /**
   * The vote's entry among the pending votes in Redis ({@link VoteCounter#pendingMember}), to be
   * settled once its row is committed: always when the row was inserted; when the row was there
   * already, only for a {@code repeat} (a request Redis knew). A vote Redis counted anew whose row
   * was there already is undone by its caller instead, which needs the entry still pending.
   */
  record Pending(String key, String member, boolean repeat) {}

  /** What the writer queues: the row, and its pending entry in Redis or {@code null}. */
  record Entry(Row row, Pending pending) {}

  VoteLedger(DataSource dataSource, VoteCounter counter) {
    this.counter = counter;
    this.writer =
        new GroupCommit<>(
            dataSource,
            new GroupCommit.Settings(
                "vote-ledger-writer", "vote ledger", MAX_BATCH, 50_000, Duration.ofSeconds(2)),
            log,
            VoteLedger::insertAll,
            this::settle);
  }

  /**
   * Queues the row; the future completes once it is committed (or found written before). Its
   * pending entry in Redis ({@code null} for none) is settled once the row is committed (see {@link
   * Pending}).
   */
  CompletableFuture<Written> write(Row row, Pending pending) {
    return writer.submit(new Entry(row, pending));
  }

  /** After a commit: the batch's pending entries, settled in one command per campaign. */
  private void settle(List<Entry> entries, List<Written> results) {
    Map<String, List<String>> byKey = new HashMap<>();
    for (int k = 0; k < entries.size(); k++) {
      Pending p = entries.get(k).pending();
      if (p != null && (results.get(k) == Written.INSERTED || p.repeat())) {
        byKey.computeIfAbsent(p.key(), x -> new ArrayList<>()).add(p.member());
      }
    }
    byKey.forEach(counter::settleAll);
  }

  /** The batch's statements, in the writer's transaction. */
  private static List<Written> insertAll(Connection c, List<Entry> entries) throws SQLException {
    List<Row> rows = new ArrayList<>(entries.size());
    for (Entry e : entries) {
      rows.add(e.row());
    }
    if (rows.size() > 1 && insertInOneStatement(c, rows)) {
      return Collections.nCopies(rows.size(), Written.INSERTED);
    }
    return insertRowByRow(c, rows);
  }

  /**
   * The batch as one multi-row INSERT: one round trip to the database instead of one per vote.
   * False, with nothing written (the statement alone is rolled back), when one of the rows is a
   * repeat (a retried request): then the batch goes row by row, where a repeat fails only its own
   * statement.
   */
  private static boolean insertInOneStatement(Connection c, List<Row> rows) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(GroupCommit.multiRow(INSERT, ROW_PLACEHOLDERS, rows.size()))) {
      int at = 0;
      for (Row r : rows) {
        at = bind(ps, at, r);
      }
      ps.executeUpdate();
      return true;
    } catch (SQLException e) {
      if (isDuplicate(e)) {
        return false;
      }
      throw e;
    }
  }

  private static List<Written> insertRowByRow(Connection c, List<Row> rows) throws SQLException {
    List<Written> results = new ArrayList<>(rows.size());
    try (PreparedStatement ps = c.prepareStatement(INSERT)) {
      for (Row r : rows) {
        results.add(insert(ps, r));
      }
    }
    return results;
  }

  /** Binds one row's 11 values after parameter {@code at}; returns the last parameter bound. */
  private static int bind(PreparedStatement ps, int at, Row r) throws SQLException {
    ps.setLong(at + 1, r.campaignId());
    ps.setString(at + 2, r.voter());
    ps.setLong(at + 3, r.candidateId());
    ps.setObject(at + 4, r.day());
    ps.setInt(at + 5, r.seq());
    ps.setString(at + 6, r.source());
    ps.setString(at + 7, r.channel());
    ps.setString(at + 8, r.clientIp());
    ps.setBoolean(at + 9, r.flagged());
    ps.setString(at + 10, r.flagReason());
    ps.setObject(at + 11, Campaigns.local(r.castAt()));
    return at + 11;
  }

  private static Written insert(PreparedStatement ps, Row r) throws SQLException {
    bind(ps, 0, r);
    try {
      ps.executeUpdate();
      return Written.INSERTED;
    } catch (SQLException e) {
      if (isDuplicate(e)) {
        return Written.DUPLICATE;
      }
      throw e;
    }
  }

  static boolean isDuplicate(SQLException e) {
    // 23505: H2 and the SQL standard; 23000 with 1062: MySQL and MariaDB.
    return e instanceof SQLIntegrityConstraintViolationException && e.getErrorCode() == 1062
        || "23505".equals(e.getSQLState())
        || e.getErrorCode() == 1062;
  }

  /** Waits until every vote queued so far is committed, at most {@code wait}. */
  void drain(Duration wait) {
    writer.drain(wait);
  }

  @Override
  public void destroy() throws InterruptedException {
    writer.stop(Duration.ofSeconds(10));
  }
}
