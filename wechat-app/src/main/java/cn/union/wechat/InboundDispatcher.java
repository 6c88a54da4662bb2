package cn.union.wechat;

import cn.union.notify.Inbound;
import cn.union.notify.InboundHandler;
import cn.union.notify.Reply;
import cn.union.notify.WorkerChannel;
import cn.union.platform.Copy;
import cn.union.platform.Masking;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Service;

/**
 * Takes a verified, decrypted message through the pipeline: inbound log (dedupe) → router → handler
 * → stored reply. A handler slower than the reply window keeps running; its answer then reaches the
 * worker through {@link WorkerChannel} instead of the passive reply.
 *
 * <p>The request thread waits once: for the passive reply. The log writer hands a committed new
 * message straight to the handler pool, and the handler queues the outcome's write; the reply is
 * released when that write is committed. So a message is logged before anything is done with it,
 * and a retry that arrives after the reply finds the reply stored.
 *
 * <p>A retry that finds the message logged without an outcome is answered {@code success}: the
 * first delivery is taken to be still handled. When it is not (its node was killed between the log
 * and the outcome), the spool's note of a slow handler ({@link InboundReplayer}) or else the orphan
 * sweep ({@link InboundOrphans}, once the grace period has passed) handles it late, as a message
 * that may have been handled in part, and sends its reply by API; a later retry gets that reply.
 */
@Service
class InboundDispatcher {

  private static final Logger log = LoggerFactory.getLogger(InboundDispatcher.class);

  /** How long the request waits for the inbound log before it spools the message instead. */
  static final long LOG_WAIT_MS = 2_500;

  private final InboundLog inboundLog;
  private final WxRouter router;
  private final Executor executor;
  private final WorkerChannel channel;
  private final WxProperties props;
  private final Copy copy;
  private final InboundSpool spool;
  private final java.time.Clock clock;
  private final InboundClaims claims;

  InboundDispatcher(
      InboundLog inboundLog,
      WxRouter router,
      @Qualifier("wxHandlerExecutor") Executor executor,
      WorkerChannel channel,
      WxProperties props,
      @Qualifier("wechatCopy") Copy copy,
      InboundSpool spool,
      InboundClaims claims,
      java.time.Clock clock) {
    this.spool = spool;
    this.claims = claims;
    this.clock = clock;
    this.copy = copy;
    this.inboundLog = inboundLog;
    this.router = router;
    this.executor = executor;
    this.channel = channel;
    this.props = props;
  }

  /**
   * Handles a message once.
   *
   * @return the text of the passive reply, or {@code null} to answer {@code success}
   * @throws RuntimeException when the message could be neither logged nor spooled (WeChat then
   *     retries it)
   */
  String dispatch(WxMessage msg, String requestKey, String payload) {
    if (inboundLog.unavailable() && !probe()) {
      // The database did not answer the last write: no waiting on it, the spool takes the message.
      return spooled(msg, requestKey, payload);
    }
    WxInbound row = inboundLog.row(msg, requestKey, payload);
    Answer answer = new Answer();
    CompletableFuture<Boolean> logged = inboundLog.append(row);
    Instant arrived = clock.instant();
    CompletableFuture<String> reply =
        logged.thenComposeAsync(
            fresh ->
                !answer.goLive()
                    ? CompletableFuture.completedFuture(null)
                    : fresh
                        ? mayHandle(row.getId(), arrived)
                            ? handle(row.getId(), msg, payload, answer)
                            : CompletableFuture.completedFuture(null)
                        : CompletableFuture.completedFuture(repeatReply(row)),
            executor);
    long began = System.nanoTime();
    long window = props.replyTimeout().toMillis();
    try {
      logged.get(Math.min(LOG_WAIT_MS, window), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      // A healthy log commits in milliseconds: the database is in trouble, the spool takes the
      // message
      // while there is time left to answer (unless the pipeline took it on meanwhile).
      if (answer.goSpool()) {
        return spooled(msg, requestKey, payload);
      }
    } catch (ExecutionException e) {
      // reported by the wait for the reply below
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return stopWaiting(row, logged, reply, answer, payload);
    }
    try {
      long left = Math.max(0, window - (System.nanoTime() - began) / 1_000_000);
      return reply.get(left, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return logged.isDone() && !logged.isCompletedExceptionally() || !answer.goSpool()
          ? stopWaiting(row, logged, reply, answer, payload)
          : spooled(msg, requestKey, payload);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return stopWaiting(row, logged, reply, answer, payload);
    } catch (ExecutionException e) {
      if (logged.isCompletedExceptionally()
          && !(InboundWriter.unwrap(e.getCause())
              instanceof org.springframework.dao.DataIntegrityViolationException)) {
        return spooled(msg, requestKey, payload);
      }
      if (e.getCause() instanceof RejectedExecutionException && row.getId() != null) {
        // Logged, but the handler pool is full: record it as failed and tell the worker now, rather
        // than leave the message unhandled and answer WeChat's retry with a bare success.
        log.error(
            "Handler pool full; inbound {} from {} is recorded as failed",
            row.getId(),
            Masking.openid(row.getOpenid()));
        inboundLog.markFailed(row.getId(), e.getCause(), msg, payload);
        return copy.text("error");
      }
      throw InboundWriter.unwrap(e.getCause());
    }
  }

  /**
   * While the database is thought down, one request a second tries the log (and spools if it still
   * does not answer).
   */
  private boolean probe() {
    long now = System.nanoTime();
    long last = lastProbe.get();
    return now - last >= PROBE_EVERY_NANOS && lastProbe.compareAndSet(last, now);
  }

  private static final long PROBE_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);
  private final java.util.concurrent.atomic.AtomicLong lastProbe =
      new java.util.concurrent.atomic.AtomicLong(System.nanoTime() - PROBE_EVERY_NANOS);

  /**
   * The message goes to this node's spool (on disk before the answer leaves) and is logged and
   * handled when the database is back; the reply then goes by API. The worker is told now that the
   * message arrived; an event (a follow, a location, …) is answered {@code success}.
   */
  private String spooled(WxMessage msg, String requestKey, String payload) {
    spool.message(requestKey, clock.instant(), payload);
    log.warn(
        "The inbound log does not answer; a message from {} is spooled",
        Masking.openid(msg.openid()));
    return msg.isEvent() ? null : copy.text("spooled");
  }

  WorkerChannel channel() {
    return channel;
  }

  /** What handling a message came to: the reply's text (null for none) or the failure. */
  record Outcome(String text, RuntimeException failure) {}

  /** Routes and handles a message; never throws. */
  Outcome run(long id, WxMessage msg) {
    return run(id, msg, false);
  }

  /**
   * Routes and handles a message; never throws. {@code again} when it may have been handled before,
   * in part or in full ({@link Inbound#again}): each handler then repeats nothing.
   */
  Outcome run(long id, WxMessage msg, boolean again) {
    Inbound inbound = msg.toInbound(id, again);
    InboundHandler handler = null;
    try {
      handler = again ? router.routeAgain(msg, inbound) : router.route(msg);
      Reply reply = handler.handle(inbound);
      return new Outcome(reply == null || reply.isEmpty() ? null : reply.text(), null);
    } catch (RuntimeException e) {
      log.error(
          "Inbound {} from {} failed in {}",
          id,
          Masking.openid(inbound.openid()),
          handler == null ? "routing" : handler.getClass().getSimpleName(),
          e);
      return new Outcome(copy.text("error"), e);
    }
  }

  /**
   * Handles a message late: logged from the spool ({@code received} is its XML), or logged by a
   * process that stopped before its outcome was stored ({@code again}: it may have been handled in
   * part, {@link Inbound#again}). The outcome is stored (or spooled) first, then the reply goes to
   * the worker by API, the passive reply window being long gone. Returns false when the message had
   * an outcome by then (another handling finished first and answered the worker): this one's reply
   * is not sent.
   */
  boolean handleLate(long id, WxMessage msg, String received, boolean again) {
    Outcome outcome = run(id, msg, again);
    try {
      (outcome.failure() == null
              ? inboundLog.markHandled(id, outcome.text())
              : inboundLog.markFailed(id, outcome.failure(), msg, received))
          .join();
    } catch (CompletionException e) {
      if (InboundWriter.unwrap(e)
          instanceof org.springframework.dao.DataIntegrityViolationException) {
        log.warn("Inbound {} had an outcome already; the late reply is not sent", id);
        return false;
      }
      throw e;
    }
    if (outcome.text() != null) {
      channel.sendText(msg.openid(), outcome.text());
    }
    return true;
  }

  /**
   * The request stops waiting for the passive reply; whatever the handler answers later goes by
   * API. A handler still running when the answer leaves is noted in the spool first ({@link
   * InboundSpool#pending}), so a process that dies before its outcome is stored does not leave the
   * message unhandled: the next start replays it.
   */
  private String stopWaiting(
      WxInbound row,
      CompletableFuture<Boolean> logged,
      CompletableFuture<String> reply,
      Answer answer,
      String payload) {
    if (logged.isDone() && !logged.isCompletedExceptionally() && logged.join()) {
      answer.pending = pending(row, payload);
    }
    boolean handlerAnswered = !answer.giveUp();
    if (!logged.isDone() || logged.isCompletedExceptionally()) {
      // Not known to be logged: no answer at all, so WeChat tries again (a repeat is then
      // recognised).
      throw new IllegalStateException(
          "the inbound log did not confirm the message within the reply window");
    }
    if (handlerAnswered) {
      // The handler answered just now; only storing the outcome is still under way (the reply
      // completes when it is stored or spooled), and the note stays until then.
      Path pending = answer.pending;
      reply.whenComplete((text, failure) -> settle(pending));
      return answer.text();
    }
    log.warn("Handler for inbound {} is slow; its reply will be sent by API", row.getId());
    return null;
  }

  private Path pending(WxInbound row, String payload) {
    try {
      return spool.pending(row.getRequestKey(), clock.instant(), payload);
    } catch (UncheckedIOException e) {
      log.error(
          "Inbound {} is answered before it is handled and could not be noted in the spool",
          row.getId(),
          e);
      return null;
    }
  }

  private void settle(Path pending) {
    if (pending == null) {
      return;
    }
    try {
      spool.settled(pending);
    } catch (IOException e) {
      log.error("Spool entry {} could not be removed", pending.getFileName(), e);
    }
  }

  /**
   * Whether this node's handler may still take a message that waited for a free handler since it
   * {@code arrived}. Past a quarter of the grace period ({@code union.wx.orphan-grace}) it takes a
   * claim first, as the orphan sweep does ({@link InboundClaims}): otherwise, once the grace period
   * is over, the sweep of any node could take the message too while it is handled here, and the
   * worker would get two replies. No claim (the sweep took it, or the database does not answer):
   * left to the sweep, which handles it once.
   */
  private boolean mayHandle(long id, Instant arrived) {
    Duration waited = Duration.between(arrived, clock.instant());
    if (waited.compareTo(claims.grace().dividedBy(4)) < 0) {
      return true;
    }
    try {
      if (claims.claim(id)) {
        return true;
      }
      log.info(
          "Inbound {} waited {} s for a handler and another try has it; not handled twice",
          id,
          waited.toSeconds());
    } catch (RuntimeException e) {
      log.warn(
          "Inbound {} waited {} s for a handler and could not be claimed ({}); the orphan sweep"
              + " will take it",
          id,
          waited.toSeconds(),
          InboundWriter.describe(e));
    }
    return false;
  }

  /** Runs on the handler pool, once the message is logged; completes when the outcome is stored. */
  private CompletableFuture<String> handle(long id, WxMessage msg, String received, Answer answer) {
    Outcome outcome = run(id, msg);
    String text = outcome.text();
    CompletableFuture<Void> stored =
        outcome.failure() == null
            ? inboundLog.markHandled(id, text)
            : inboundLog.markFailed(id, outcome.failure(), msg, received);
    if (!answer.give(text)) {
      // Before the send, which may fail (Redis or WeChat down): the note goes once the outcome is
      // in.
      Path pending = answer.pending;
      stored.whenComplete((ok, failure) -> settle(pending));
      if (text != null) {
        try {
          channel.sendText(msg.openid(), text);
        } catch (RuntimeException e) {
          // Nobody waits for this answer any more: the failure would go unseen.
          log.warn(
              "The reply to inbound {} could not be sent by API: {}",
              id,
              InboundWriter.describe(e));
        }
      }
      return CompletableFuture.completedFuture(null);
    }
    String passive = text;
    // A failed write of the outcome does not hold the worker's answer back: the effect has
    // happened.
    return stored.handle(
        (ok, failure) -> {
          if (failure != null) {
            log.warn("Outcome of inbound {} not stored: {}", id, InboundWriter.describe(failure));
          }
          return passive;
        });
  }

  /**
   * What a repeat is answered: the earlier reply once that message was handled, else {@code
   * success}.
   */
  private String repeatReply(WxInbound repeat) {
    WxInbound earlier = inboundLog.earlier(repeat);
    return WxInbound.HANDLED.equals(earlier.getStatus()) ? emptyToNull(earlier.getReply()) : null;
  }

  /**
   * Who tells the worker the handler's answer: the passive reply, unless the request stopped
   * waiting first; then the handler sends it by API. Exactly one of the two does.
   */
  static final class Answer {
    private static final int WAITING = 0;
    private static final int GIVEN = 1;
    private static final int GIVEN_UP = 2;

    private final AtomicInteger state = new AtomicInteger(WAITING);

    /**
     * Who takes the message on: the live pipeline once it is logged, or the spool when logging took
     * too long.
     */
    private final AtomicInteger owner = new AtomicInteger(WAITING);

    /** The pipeline's side, once the message is logged: false when the spool took it meanwhile. */
    boolean goLive() {
      return owner.compareAndSet(WAITING, GIVEN) || owner.get() == GIVEN;
    }

    /**
     * The request's side, when logging did not finish in time: false when the pipeline took it
     * first.
     */
    boolean goSpool() {
      return owner.compareAndSet(WAITING, GIVEN_UP) || owner.get() == GIVEN_UP;
    }

    private volatile String text;

    /**
     * The spool's note of a handler still running when the answer left; set before {@link #giveUp}.
     */
    private volatile Path pending;

    /** The handler's side: true when the passive reply will carry {@code text}. */
    boolean give(String text) {
      this.text = text;
      return state.compareAndSet(WAITING, GIVEN);
    }

    /** The request's side: true when the handler has not answered yet and will send by API. */
    boolean giveUp() {
      return state.compareAndSet(WAITING, GIVEN_UP);
    }

    /** The handler's answer, once {@link #giveUp} has returned false. */
    String text() {
      return text;
    }
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
