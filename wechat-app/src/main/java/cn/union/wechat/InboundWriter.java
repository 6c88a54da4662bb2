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
   * repeat), {@code null} for a mark.
   */
  private List<Long> write(Connection c, List<Op> batch) throws SQLException {
    List<Long> results = new ArrayList<>(batch.size());
    try (PreparedStatement insert = c.prepareStatement(INSERT, Statement.RETURN_GENERATED_KEYS);
        PreparedStatement mark = c.prepareStatement(MARK)) {
      for (Op op : batch) {
        results.add(op instanceof Insert i ? insert(insert, i.row()) : mark(mark, (Mark) op));
      }
    }
    return results;
  }

  /** The new id, or {@code null} for a duplicate key (that statement alone is rolled back). */
  private Long insert(PreparedStatement ps, WxInbound row) throws SQLException {
    ps.setString(1, row.getDedupeKey());
    ps.setString(2, row.getRequestKey());
    ps.setString(3, row.getOpenid());
    ps.setString(4, row.getMsgType());
    ps.setString(5, row.getEvent());
    ps.setString(6, row.getEventKey());
    ps.setString(7, row.getContent());
    ps.setString(8, row.getMediaId());
    ps.setString(9, row.getPayload());
    ps.setObject(10, row.getSentAt());
    ps.setObject(11, row.getReceivedAt());
    try {
      ps.executeUpdate();
    } catch (SQLException e) {
      if (translator.translate("insert wx_inbound", INSERT, e) instanceof DuplicateKeyException) {
        return null;
      }
      throw e;
    }
    try (ResultSet keys = ps.getGeneratedKeys()) {
      if (!keys.next()) {
        throw new SQLException("no id generated for wx_inbound");
      }
      return keys.getLong(1);
    }
  }

  private static Long mark(PreparedStatement ps, Mark m) throws SQLException {
    ps.setString(1, m.status());
    ps.setString(2, m.reply());
    ps.setString(3, m.error());
    ps.setObject(4, m.at());
    ps.setString(5, m.payloadEnc());
    ps.setLong(6, m.id());
    ps.executeUpdate();
    return null;
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
