package cn.union.voting;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.stereotype.Component;

/**
 * Writes {@code vote_ledger} with group commit: one thread takes every vote waiting, inserts them
 * on one connection in one transaction and commits once, and only then completes each vote's
 * future. The vote path answers 投票成功 only from a completed future, so an answered vote is on disk
 * before its answer leaves, while a burst of votes shares one commit (write-behind in batches with
 * nothing answered ahead of its batch). A batch goes as one multi-row INSERT, one round trip.
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

  private final DataSource dataSource;
  private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>(50_000);
  private final Thread thread;
  private volatile boolean stopping;

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

  private record Pending(Row row, CompletableFuture<Written> done) {}

  VoteLedger(DataSource dataSource) {
    this.dataSource = dataSource;
    this.thread = new Thread(this::run, "vote-ledger-writer");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /** Queues the row; the future completes once it is committed (or found written before). */
  CompletableFuture<Written> write(Row row) {
    CompletableFuture<Written> done = new CompletableFuture<>();
    if (stopping) {
      done.completeExceptionally(
          new DataAccessResourceFailureException("the vote ledger is shutting down"));
      return done;
    }
    try {
      if (!queue.offer(new Pending(row, done), 2, TimeUnit.SECONDS)) {
        done.completeExceptionally(
            new DataAccessResourceFailureException("the vote ledger is not keeping up"));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      done.completeExceptionally(
          new DataAccessResourceFailureException("interrupted while queueing a vote", e));
    }
    return done;
  }

  private void run() {
    List<Pending> batch = new ArrayList<>(MAX_BATCH);
    while (true) {
      try {
        Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          if (stopping) {
            return;
          }
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, MAX_BATCH - 1);
        writeOrIsolate(batch);
      } catch (InterruptedException e) {
        if (stopping && queue.isEmpty()) {
          return;
        }
      } catch (RuntimeException | Error e) {
        log.error(
            "The vote ledger writer failed on a batch of {}: {}",
            batch.size(),
            e.getClass().getSimpleName());
        RuntimeException error =
            new DataAccessResourceFailureException("vote ledger: " + e.getClass().getSimpleName());
        batch.forEach(p -> p.done().completeExceptionally(error));
      } finally {
        batch.clear();
      }
    }
  }

  private void writeOrIsolate(List<Pending> batch) {
    try {
      commit(batch);
    } catch (SQLException | RuntimeException e) {
      if (batch.size() == 1) {
        log.warn("A vote could not be written to the ledger: {}", describe(e));
        batch
            .get(0)
            .done()
            .completeExceptionally(
                new DataAccessResourceFailureException("vote ledger: " + describe(e)));
        return;
      }
      log.warn(
          "A batch of {} votes failed ({}); writing them one by one", batch.size(), describe(e));
      for (Pending p : batch) {
        writeOrIsolate(List.of(p));
      }
    }
  }

  /** One transaction for the batch; the futures complete only after the commit. */
  private void commit(List<Pending> batch) throws SQLException {
    if (batch.size() > 1 && commitInOneStatement(batch)) {
      return;
    }
    commitRowByRow(batch);
  }

  /**
   * The batch as one multi-row INSERT: one round trip to the database instead of one per vote.
   * False, with nothing written, when one of the rows is a repeat (a retried request): then the
   * batch goes row by row, where a repeat fails only its own statement.
   */
  private boolean commitInOneStatement(List<Pending> batch) throws SQLException {
    StringBuilder sql = new StringBuilder(INSERT);
    for (int k = 1; k < batch.size(); k++) {
      sql.append(", ").append(ROW_PLACEHOLDERS);
    }
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
        int at = 0;
        for (Pending p : batch) {
          at = bind(ps, at, p.row());
        }
        ps.executeUpdate();
        c.commit();
      } catch (SQLException e) {
        rollback(c, e);
        if (isDuplicate(e)) {
          return false;
        }
        throw e;
      } catch (RuntimeException e) {
        rollback(c, e);
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    }
    batch.forEach(p -> p.done().complete(Written.INSERTED));
    return true;
  }

  private static void rollback(Connection c, Exception cause) {
    try {
      c.rollback();
    } catch (SQLException rollback) {
      cause.addSuppressed(rollback);
    }
  }

  private void commitRowByRow(List<Pending> batch) throws SQLException {
    List<Written> results = new ArrayList<>(batch.size());
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement(INSERT)) {
        for (Pending p : batch) {
          results.add(insert(ps, p.row()));
        }
        c.commit();
      } catch (SQLException | RuntimeException e) {
        rollback(c, e);
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    }
    for (int k = 0; k < batch.size(); k++) {
      batch.get(k).done().complete(results.get(k));
    }
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

  /**
   * Errors as their class and SQL codes only: a driver's message quotes the values (a voter's
   * hash).
   */
  private static String describe(Throwable e) {
    return e instanceof SQLException sql
        ? e.getClass().getSimpleName()
            + " (SQLState "
            + sql.getSQLState()
            + ", code "
            + sql.getErrorCode()
            + ")"
        : e.getClass().getSimpleName();
  }

  /** Waits until every vote queued so far is committed, at most {@code wait}. */
  void drain(Duration wait) {
    long until = System.nanoTime() + wait.toNanos();
    while (!queue.isEmpty() && System.nanoTime() < until) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @Override
  public void destroy() throws InterruptedException {
    stopping = true;
    thread.join(10_000);
  }
}
