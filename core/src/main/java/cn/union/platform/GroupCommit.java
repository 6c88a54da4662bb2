package cn.union.platform;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.support.SQLErrorCodeSQLExceptionTranslator;
import org.springframework.jdbc.support.SQLExceptionTranslator;

/**
 * Group commit for writes that must be on disk before their caller is answered. Callers queue
 * items; one thread takes whatever is waiting (up to a batch), runs the user's statements for it on
 * one connection in one transaction, commits once, and only then completes each item's future. A
 * burst of callers shares one commit, and nobody is told "written" ahead of its commit.
 *
 * <p>A failed batch is rolled back and its items are tried again one transaction each, so one bad
 * item fails only its own caller: with a {@link DataIntegrityViolationException} when the database
 * refused the item itself, else with a {@link DataAccessResourceFailureException}. A statement that
 * fails on a duplicate key rolls back only itself (H2, MySQL and MariaDB), so the statements may
 * catch that and report it as the item's result without spoiling the batch. Errors and log lines
 * name the SQL codes only, never the driver's message: it quotes the values written.
 *
 * @param <T> what a caller queues
 * @param <R> what its future completes with
 */
public final class GroupCommit<T, R> {

  /** What a user of the writer supplies: the statements of one batch. */
  @FunctionalInterface
  public interface Statements<T, R> {
    /**
     * Writes the batch on {@code c}, inside the transaction the writer commits (auto-commit is
     * off), and returns one result per item, in the batch's order. Throwing rolls the whole batch
     * back.
     */
    List<R> write(Connection c, List<T> batch) throws SQLException;
  }

  /**
   * What runs on the writer's thread after a batch is committed, before its callers are told: e.g.
   * one call that tells another store about the whole batch. It must not throw; what it throws is
   * logged and the batch's callers are still told it was written (it was).
   */
  @FunctionalInterface
  public interface AfterCommit<T, R> {
    /** The committed items and their results, in the batch's order. */
    void committed(List<T> items, List<R> results);
  }

  /**
   * How a writer is set up.
   *
   * @param thread the writer thread's name
   * @param name what it writes, as its log lines and errors call it ("vote ledger")
   * @param maxBatch the most items one transaction takes
   * @param capacity the most items that may wait
   * @param queueWait how long a caller waits for room in a full queue before it is refused
   */
  public record Settings(
      String thread, String name, int maxBatch, int capacity, Duration queueWait) {}

  private record Pending<T, R>(T item, CompletableFuture<R> done) {}

  private final DataSource dataSource;
  private final SQLExceptionTranslator translator;
  private final Settings settings;
  private final Logger log;
  private final Statements<T, R> statements;
  private final AfterCommit<T, R> afterCommit;
  private final LinkedBlockingQueue<Pending<T, R>> queue;
  private final Thread thread;
  private volatile boolean stopping;

  /** Set when a write failed for want of the database, cleared by the next commit. */
  private volatile boolean unavailable;

  /** Starts the writer's thread (a daemon); its log lines go to {@code log}. */
  public GroupCommit(
      DataSource dataSource, Settings settings, Logger log, Statements<T, R> statements) {
    this(dataSource, settings, log, statements, (items, results) -> {});
  }

  /** As above, with {@code afterCommit} run after each commit. */
  public GroupCommit(
      DataSource dataSource,
      Settings settings,
      Logger log,
      Statements<T, R> statements,
      AfterCommit<T, R> afterCommit) {
    this.afterCommit = afterCommit;
    this.dataSource = dataSource;
    this.translator = new SQLErrorCodeSQLExceptionTranslator(dataSource);
    this.settings = settings;
    this.log = log;
    this.statements = statements;
    this.queue = new LinkedBlockingQueue<>(settings.capacity());
    this.thread = new Thread(this::run, settings.thread());
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /**
   * Queues the item. The future completes, on the writer's thread, with the item's result once its
   * transaction is committed; exceptionally when it could not be written, or not queued (stopping,
   * queue full, interrupted).
   */
  public CompletableFuture<R> submit(T item) {
    if (stopping) {
      return CompletableFuture.failedFuture(
          new DataAccessResourceFailureException("the " + settings.name() + " is shutting down"));
    }
    Pending<T, R> pending = new Pending<>(item, new CompletableFuture<>());
    try {
      if (!queue.offer(pending, settings.queueWait().toMillis(), TimeUnit.MILLISECONDS)) {
        return CompletableFuture.failedFuture(
            new DataAccessResourceFailureException(
                "the " + settings.name() + " is not keeping up (queue full)"));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return CompletableFuture.failedFuture(
          new DataAccessResourceFailureException(
              "interrupted while queueing for the " + settings.name(), e));
    }
    return pending.done();
  }

  /**
   * Whether the last write failed because the database did not answer (and none has been committed
   * since).
   */
  public boolean unavailable() {
    return unavailable;
  }

  /**
   * A multi-row INSERT for a batch: the one-row statement {@code insert} (ending in its VALUES
   * list) followed by {@code row} (the same placeholders) for each further row.
   */
  public static String multiRow(String insert, String row, int rows) {
    StringBuilder sql = new StringBuilder(insert.length() + (row.length() + 2) * (rows - 1));
    sql.append(insert);
    for (int k = 1; k < rows; k++) {
      sql.append(", ").append(row);
    }
    return sql.toString();
  }

  /** Waits, at most {@code wait}, until the writer has taken every item queued so far. */
  public void drain(Duration wait) {
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

  /**
   * Refuses new items and waits, at most {@code wait}, while the thread writes what is queued and
   * stops; true when it has stopped.
   */
  public boolean stop(Duration wait) throws InterruptedException {
    stopping = true;
    thread.join(wait.toMillis());
    return !thread.isAlive();
  }

  /** Interrupts the thread after a {@link #stop} that did not finish; returns the items left. */
  public int abandon() {
    int left = queue.size();
    thread.interrupt();
    return left;
  }

  private void run() {
    List<Pending<T, R>> batch = new ArrayList<>(settings.maxBatch());
    while (true) {
      try {
        Pending<T, R> first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          if (stopping) {
            return;
          }
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, settings.maxBatch() - 1);
        writeOrIsolate(batch);
      } catch (InterruptedException e) {
        if (stopping && queue.isEmpty()) {
          return;
        }
      } catch (RuntimeException | Error e) {
        if (sqlCause(e) == null) {
          log.error("The {} writer failed on a batch of {}", settings.name(), batch.size(), e);
        } else {
          log.error(
              "The {} writer failed on a batch of {}: {}",
              settings.name(),
              batch.size(),
              describe(e));
        }
        unavailable = true;
        RuntimeException error =
            new DataAccessResourceFailureException(settings.name() + ": " + describe(e));
        batch.forEach(p -> p.done().completeExceptionally(error));
      } finally {
        batch.clear();
      }
    }
  }

  private void writeOrIsolate(List<Pending<T, R>> batch) {
    try {
      commit(batch);
    } catch (SQLException | RuntimeException e) {
      if (batch.size() == 1) {
        log.warn("A write to the {} failed: {}", settings.name(), describe(e));
        batch.get(0).done().completeExceptionally(failure(e));
        return;
      }
      log.warn(
          "A batch of {} writes to the {} failed ({}); writing them one by one",
          batch.size(),
          settings.name(),
          describe(e));
      for (Pending<T, R> p : batch) {
        writeOrIsolate(List.of(p));
      }
    }
  }

  /** One transaction for the batch; the futures complete only after the commit. */
  private void commit(List<Pending<T, R>> batch) throws SQLException {
    List<T> items = new ArrayList<>(batch.size());
    for (Pending<T, R> p : batch) {
      items.add(p.item());
    }
    List<R> results;
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        results = statements.write(c, items);
        if (results.size() != items.size()) {
          throw new IllegalStateException(
              results.size() + " results for a batch of " + items.size());
        }
        c.commit();
        unavailable = false;
      } catch (SQLException | RuntimeException e) {
        rollback(c, e);
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    }
    try {
      afterCommit.committed(items, results);
    } catch (RuntimeException e) {
      log.error("After a commit of the {}: {}", settings.name(), describe(e), e);
    }
    for (int k = 0; k < batch.size(); k++) {
      batch.get(k).done().complete(results.get(k));
    }
  }

  /** What the caller of an item that failed on its own is told. */
  private RuntimeException failure(Exception e) {
    DataAccessException translated =
        e instanceof SQLException sql ? translator.translate(settings.name(), null, sql) : null;
    if (translated instanceof DataIntegrityViolationException) {
      return new DataIntegrityViolationException(settings.name() + ": " + describe(e));
    }
    unavailable = true;
    return new DataAccessResourceFailureException(settings.name() + ": " + describe(e));
  }

  private static void rollback(Connection c, Exception cause) {
    try {
      c.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  /**
   * What went wrong, without the database's message: H2 and MySQL quote the offending values there
   * (a phone, an ID number, a voter's hash).
   */
  public static String describe(Throwable e) {
    SQLException sql = sqlCause(e);
    return sql == null
        ? e.getClass().getSimpleName()
        : sql.getClass().getSimpleName()
            + " (SQLState "
            + sql.getSQLState()
            + ", error "
            + sql.getErrorCode()
            + ")";
  }

  private static SQLException sqlCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        return sql;
      }
    }
    return null;
  }
}
