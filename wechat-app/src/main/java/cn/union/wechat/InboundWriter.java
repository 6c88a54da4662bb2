package cn.union.wechat;

import cn.union.platform.GroupCommit;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.support.SQLErrorCodeSQLExceptionTranslator;
import org.springframework.jdbc.support.SQLExceptionTranslator;
import org.springframework.stereotype.Component;

/**
 * Writes {@code wx_inbound} and {@code wx_inbound_outcome} for every request thread of this node
 * with group commit ({@link GroupCommit}): one thread takes whatever inserts and updates are
 * waiting, runs them on one connection in one transaction and commits once, then tells each caller
 * its outcome. A caller returns only after its row is committed, so "logged before handled" holds
 * exactly as with one transaction per message; what changes is that a burst of messages shares
 * commits and no two request threads fight over the table's locks and id sequence.
 *
 * <p>A duplicate key fails only its own statement (H2, MySQL and MariaDB roll back the statement,
 * not the transaction) and is reported to that caller; the unique keys still decide, across every
 * node, which delivery is new. Any other error rolls the whole transaction back and its writes are
 * tried again one transaction each, so one bad row fails only its own caller and nothing is
 * reported written that was not committed.
 */
@Component
class InboundWriter implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(InboundWriter.class);

  static final int MAX_BATCH = 128;
  private static final Duration WAIT = Duration.ofSeconds(10);

  private static final String INSERT =
      "INSERT INTO wx_inbound (dedupe_key, request_key, openid, msg_type, event, event_key, content, media_id,"
          + " payload, sent_at, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String MARK =
      "INSERT INTO wx_inbound_outcome (status, reply, error, handled_at, payload_enc, inbound_id)"
          + " VALUES (?, ?, ?, ?, ?, ?)";
  private static final String INSERT_ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String MARK_ROW = "(?, ?, ?, ?, ?, ?)";

  private final SQLExceptionTranslator translator;
  private final GroupCommit<Op, Long> writer;

  private sealed interface Op permits Insert, Mark {}

  /** Results in the new id, or {@code null} when a unique key says the message is a repeat. */
  private record Insert(WxInbound row) implements Op {}

  /** Results in {@code null}. */
  private record Mark(
      long id, String status, String reply, String error, LocalDateTime at, String payloadEnc)
      implements Op {}

  InboundWriter(DataSource dataSource) {
    this.translator = new SQLErrorCodeSQLExceptionTranslator(dataSource);
    this.writer =
        new GroupCommit<>(
            dataSource,
            new GroupCommit.Settings("wx-inbound-writer", "inbound log", MAX_BATCH, 10_000, WAIT),
            log,
            this::write);
  }

  /**
   * Whether the last write failed because the database did not answer (and none has been committed
   * since): new messages then go to the spool at once instead of waiting on the pool.
   */
  boolean unavailable() {
    return writer.unavailable();
  }

  /**
   * Inserts the row and sets its id; returns false, inserting nothing, when the row is a repeat.
   */
  boolean insert(WxInbound row) {
    return await(insertLater(row));
  }

  /**
   * Queues the row's insert. The future completes, on this writer's thread, once the row is
   * committed: {@code true} with the row's id set, or {@code false}, inserting nothing, when a
   * unique key says the row is a repeat; exceptionally when it could not be written (or queued).
   */
  CompletableFuture<Boolean> insertLater(WxInbound row) {
    return writer
        .submit(new Insert(row))
        .thenApply(
            id -> {
              if (id == null) {
                return false;
              }
              row.setId(id);
              return true;
            });
  }

  void mark(
      long id, String status, String reply, String error, LocalDateTime at, String payloadEnc) {
    await(markLater(id, status, reply, error, at, payloadEnc));
  }

  /**
   * Queues the outcome's insert; the future completes once it is committed (or could not be).
   * {@code payloadEnc}: the message as received, encrypted, when a retry needs it (else null).
   */
  @SuppressWarnings("unchecked") // a mark's result is always null
  CompletableFuture<Void> markLater(
      long id, String status, String reply, String error, LocalDateTime at, String payloadEnc) {
    return (CompletableFuture<Void>)
        (CompletableFuture<?>) writer.submit(new Mark(id, status, reply, error, at, payloadEnc));
  }

  private static <T> T await(CompletableFuture<T> done) {
    try {
      return done.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DataAccessResourceFailureException("interrupted while writing the inbound log", e);
    } catch (TimeoutException e) {
      throw new DataAccessResourceFailureException(
          "the inbound log did not answer within " + WAIT, e);
    } catch (ExecutionException e) {
      throw unwrap(e.getCause());
    }
  }

  /** What a failed future of this writer failed with, as the exception to throw on. */
  static RuntimeException unwrap(Throwable failure) {
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    return cause instanceof RuntimeException re
        ? re
        : new DataAccessResourceFailureException(
            "writing the inbound log failed: " + describe(cause));
  }

  /**
   * The batch's statements, in the writer's transaction: an insert's new id ({@code null} for a
   * repeat), {@code null} for a mark. The batch's inserts go as one multi-row statement and so do
   * its marks: one round trip to the database each, where a statement a row took one round trip per
   * message and per outcome. A repeat among the inserts fails that statement alone (nothing of it
   * is written), and the inserts then go one by one, where a repeat fails only its own.
   */
  private List<Long> write(Connection c, List<Op> batch) throws SQLException {
    List<Long> results = new ArrayList<>(Collections.nCopies(batch.size(), null));
    List<Integer> inserts = new ArrayList<>();
    List<Mark> marks = new ArrayList<>();
    for (int k = 0; k < batch.size(); k++) {
      if (batch.get(k) instanceof Insert) {
        inserts.add(k);
      } else {
        marks.add((Mark) batch.get(k));
      }
    }
    if (inserts.size() > 1 && insertInOneStatement(c, batch, inserts, results)) {
      inserts.clear();
    }
    if (!inserts.isEmpty()) {
      try (PreparedStatement insert = c.prepareStatement(INSERT, Statement.RETURN_GENERATED_KEYS)) {
        for (int k : inserts) {
          results.set(k, insert(insert, ((Insert) batch.get(k)).row()));
        }
      }
    }
    if (!marks.isEmpty()) {
      try (PreparedStatement mark =
          c.prepareStatement(GroupCommit.multiRow(MARK, MARK_ROW, marks.size()))) {
        int at = 0;
        for (Mark m : marks) {
          at = bind(mark, at, m);
        }
        mark.executeUpdate();
      }
    }
    return results;
  }

  /**
   * The inserts at {@code inserts} as one statement, their ids into {@code results}; false, with
   * nothing written, when one of them is a repeat.
   */
  private boolean insertInOneStatement(
      Connection c, List<Op> batch, List<Integer> inserts, List<Long> results) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            GroupCommit.multiRow(INSERT, INSERT_ROW, inserts.size()),
            Statement.RETURN_GENERATED_KEYS)) {
      int at = 0;
      for (int k : inserts) {
        at = bind(ps, at, ((Insert) batch.get(k)).row());
      }
      List<Long> ids = execute(ps, inserts.size());
      if (ids == null) {
        return false;
      }
      for (int i = 0; i < inserts.size(); i++) {
        results.set(inserts.get(i), ids.get(i));
      }
    }
    return true;
  }

  /**
   * Runs an insert whose rows are bound; their new ids in the rows' order (H2, MySQL and MariaDB
   * give a statement's rows consecutive ids and report them in order), or {@code null} when a
   * unique key says one of them is a repeat: then nothing of the statement is written.
   */
  private List<Long> execute(PreparedStatement ps, int rows) throws SQLException {
    try {
      ps.executeUpdate();
    } catch (SQLException e) {
      if (translator.translate("insert wx_inbound", INSERT, e) instanceof DuplicateKeyException) {
        return null;
      }
      throw e;
    }
    List<Long> ids = new ArrayList<>(rows);
    try (ResultSet keys = ps.getGeneratedKeys()) {
      while (ids.size() < rows) {
        if (!keys.next()) {
          throw new SQLException("fewer ids generated than rows inserted into wx_inbound");
        }
        ids.add(keys.getLong(1));
      }
    }
    return ids;
  }

  /** The new id, or {@code null} for a duplicate key (that statement alone is rolled back). */
  private Long insert(PreparedStatement ps, WxInbound row) throws SQLException {
    bind(ps, 0, row);
    List<Long> ids = execute(ps, 1);
    return ids == null ? null : ids.get(0);
  }

  /** Binds a message's 11 values after parameter {@code at}; returns the last parameter bound. */
  private static int bind(PreparedStatement ps, int at, WxInbound row) throws SQLException {
    ps.setString(at + 1, row.getDedupeKey());
    ps.setString(at + 2, row.getRequestKey());
    ps.setString(at + 3, row.getOpenid());
    ps.setString(at + 4, row.getMsgType());
    ps.setString(at + 5, row.getEvent());
    ps.setString(at + 6, row.getEventKey());
    ps.setString(at + 7, row.getContent());
    ps.setString(at + 8, row.getMediaId());
    ps.setString(at + 9, row.getPayload());
    ps.setObject(at + 10, row.getSentAt());
    ps.setObject(at + 11, row.getReceivedAt());
    return at + 11;
  }

  /** Binds an outcome's 6 values after parameter {@code at}; returns the last parameter bound. */
  private static int bind(PreparedStatement ps, int at, Mark m) throws SQLException {
    ps.setString(at + 1, m.status());
    ps.setString(at + 2, m.reply());
    ps.setString(at + 3, m.error());
    ps.setObject(at + 4, m.at());
    ps.setString(at + 5, m.payloadEnc());
    ps.setLong(at + 6, m.id());
    return at + 6;
  }

  /**
   * What went wrong, without the database's message: H2 and MySQL quote the offending values there,
   * and a worker's message text can hold a phone or an ID number. Neither goes to the log nor,
   * through the caller's exception, to the servlet container's.
   */
  static String describe(Throwable e) {
    return GroupCommit.describe(e);
  }

  /** Finishes what is queued (the web server has stopped taking requests by now), then stops. */
  @Override
  public void destroy() throws InterruptedException {
    if (!writer.stop(WAIT)) {
      log.warn(
          "The inbound log writer did not finish within {}; {} writes are abandoned",
          WAIT,
          writer.abandon());
    }
  }
}
