package cn.union.wechat;

import cn.union.platform.DataProtection;
import cn.union.platform.Masking;
import cn.union.platform.PlatformConfig;
import com.baomidou.mybatisplus.core.conditions.query.LambdaQueryWrapper;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Service;

/**
 * The durable log of inbound messages. A message is written here before it is handled, and the
 * table's unique keys decide, across every node, whether a delivery is new or a repeat.
 */
@Service
class InboundLog {

  private static final int MAX_CONTENT = 2048;
  private static final int MAX_ERROR = 500;

  // Both writes every message makes go through InboundWriter (group commit on one connection);
  // reads stay on the mapper.
  private final WxInboundMapper mapper;
  private final InboundWriter writer;
  private final JdbcTemplate jdbc;
  private final Clock clock;
  private final InboundSpool spool;
  private final DataProtection data;

  /**
   * Set when this node recorded a failure marked for another try, so the retry looks at once rather
   * than at its next periodic sweep; cleared by a sweep that completed.
   */
  private final AtomicBoolean retryNoted = new AtomicBoolean();

  InboundLog(
      WxInboundMapper mapper,
      InboundWriter writer,
      JdbcTemplate jdbc,
      Clock clock,
      InboundSpool spool,
      DataProtection data) {
    this.spool = spool;
    this.data = data;
    this.mapper = mapper;
    this.writer = writer;
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /** The log row of a message as received; nothing is written yet ({@link #append}). */
  WxInbound row(WxMessage msg, String requestKey, String payload) {
    WxInbound row = new WxInbound();
    row.setDedupeKey(dedupeKey(msg));
    row.setRequestKey(requestKey);
    row.setOpenid(msg.openid());
    row.setMsgType(msg.type() == null ? "unknown" : msg.type());
    row.setEvent(msg.event());
    row.setEventKey(truncate(msg.eventKey(), 191));
    // What a worker types may hold a phone or ID number (the intake asks for the phone): the log
    // keeps it masked. One pass over the text; the payload is touched only when the text had one.
    String content = msg.content();
    String masked = Masking.digitRuns(content);
    row.setContent(truncate(masked, MAX_CONTENT));
    row.setMediaId(msg.mediaId());
    row.setPayload(masked == content ? payload : maskedPayload(payload, content, masked));
    row.setSentAt(
        msg.created() == null ? null : LocalDateTime.ofInstant(msg.created(), PlatformConfig.ZONE));
    row.setReceivedAt(now());
    row.setStatus(WxInbound.RECEIVED);
    return row;
  }

  /**
   * Writes the row. The future completes once it is committed, {@code true} with its id set, or
   * {@code false} when the table's unique keys say it is a repeat (nothing written); it completes
   * on the log writer's thread, so what depends on it should run elsewhere.
   */
  CompletableFuture<Boolean> append(WxInbound row) {
    return writer.insertLater(row);
  }

  /** The earlier row of a repeat {@link #append} refused, with what became of it. */
  WxInbound earlier(WxInbound repeat) {
    WxInbound earlier =
        mapper.selectOne(
            new LambdaQueryWrapper<WxInbound>()
                .eq(WxInbound::getDedupeKey, repeat.getDedupeKey())
                .or()
                .eq(WxInbound::getRequestKey, repeat.getRequestKey())
                .last("LIMIT 1"));
    if (earlier == null) {
      throw new DuplicateKeyException(
          "wx_inbound reported a repeat but holds no earlier row for it");
    }
    withOutcome(earlier);
    return earlier;
  }

  /**
   * Fills status, reply, error and handled time from {@code wx_inbound_outcome} (RECEIVED when
   * there is none).
   */
  private void withOutcome(WxInbound row) {
    row.setStatus(WxInbound.RECEIVED);
    // inbound_id is the primary key: at most one row, filled straight into the message's row
    jdbc.query(
        "SELECT status, reply, error, handled_at FROM wx_inbound_outcome WHERE inbound_id = ?",
        (RowCallbackHandler)
            rs -> {
              row.setStatus(rs.getString("status"));
              row.setReply(rs.getString("reply"));
              row.setError(rs.getString("error"));
              row.setHandledAt(rs.getObject("handled_at", LocalDateTime.class));
            },
        row.getId());
  }

  /**
   * Whether the database was found not answering by the last write (new messages then go to the
   * spool).
   */
  boolean unavailable() {
    return writer.unavailable();
  }

  /**
   * Stores the passive reply of a handled message; the future completes once it is committed, or
   * once it is in the spool when the database did not answer.
   */
  CompletableFuture<Void> markHandled(long id, String reply) {
    return mark(id, WxInbound.HANDLED, reply, null, null);
  }

  /**
   * Marks the error text of a failure that another try may get past (the database or Redis did not
   * answer).
   */
  static final String RETRY_MARK = "[retry] ";

  /**
   * Stores why a message's handling failed; the future completes once it is committed (or spooled).
   * A failure for want of Redis or the database is marked for one more try ({@link InboundRetry});
   * when the log keeps the text masked, the message as received ({@code received}, the XML {@code
   * msg} was read from) is kept with the outcome, encrypted with the data key, for that try alone.
   */
  CompletableFuture<Void> markFailed(long id, Throwable error, WxMessage msg, String received) {
    boolean again = InboundRetry.transientFailure(error);
    String text =
        (again ? RETRY_MARK : "") + error.getClass().getSimpleName() + ": " + error.getMessage();
    String content = msg.content();
    String payloadEnc =
        again && received != null && Masking.digitRuns(content) != content
            ? data.encrypt(received)
            : null;
    CompletableFuture<Void> stored =
        mark(id, WxInbound.FAILED, null, truncate(text, MAX_ERROR), payloadEnc);
    if (again) {
      // Noted once the outcome is stored (or spooled), so the sweep it starts finds it.
      return stored.whenComplete((ok, failure) -> retryNoted.set(true));
    }
    return stored;
  }

  /**
   * Whether this node recorded a failure marked for another try since the last call; the caller
   * calls {@link #noteRetry} when it could not sweep after all.
   */
  boolean takeRetryNote() {
    return retryNoted.getAndSet(false);
  }

  /** Notes that a failure marked for another try waits. */
  void noteRetry() {
    retryNoted.set(true);
  }

  private CompletableFuture<Void> mark(
      long id, String status, String reply, String error, String payloadEnc) {
    LocalDateTime at = now();
    return writer
        .markLater(id, status, reply, error, at, payloadEnc)
        .exceptionally(
            failure -> {
              RuntimeException cause = InboundWriter.unwrap(failure);
              if (cause instanceof org.springframework.dao.DataIntegrityViolationException) {
                throw cause;
              }
              spool.outcome(id, status, reply, error, at, payloadEnc);
              return null;
            });
  }

  /** Stores an outcome from the spool; false when the message already has one. */
  boolean storeSpooled(InboundSpool.SpooledOutcome o) {
    try {
      writer.mark(o.inboundId(), o.status(), o.reply(), o.error(), o.at(), o.payloadEnc());
    } catch (org.springframework.dao.DataIntegrityViolationException already) {
      return false;
    }
    if (o.error() != null && o.error().startsWith(RETRY_MARK)) {
      // The node that spooled it may have stopped since: this one tries it.
      retryNoted.set(true);
    }
    return true;
  }

  /** {@code m:<MsgId>} for messages; for events the sender, time, event and key together. */
  static String dedupeKey(WxMessage msg) {
    String msgId = msg.msgId();
    if (msgId != null && !msgId.isBlank()) {
      return "m:" + msgId;
    }
    String key =
        "e:"
            + msg.openid()
            + ":"
            + (msg.created() == null ? "" : msg.created().getEpochSecond())
            + ":"
            + orEmpty(msg.event() != null ? msg.event() : msg.type())
            + ":"
            + orEmpty(msg.eventKey());
    return truncate(key, 191);
  }

  /**
   * The raw message with the text replaced by its masked form; every long digit run masked when the
   * text is not found verbatim (escaped).
   */
  static String maskedPayload(String payload, String content, String masked) {
    String replaced = payload.replace(content, masked);
    return replaced.equals(payload) ? Masking.digitRuns(payload) : replaced;
  }

  private LocalDateTime now() {
    return LocalDateTime.ofInstant(clock.instant(), PlatformConfig.ZONE);
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  private static String truncate(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }
}
