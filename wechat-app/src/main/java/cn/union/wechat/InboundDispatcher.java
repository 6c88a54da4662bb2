package cn.union.wechat;

import cn.union.notify.Inbound;
import cn.union.notify.InboundHandler;
import cn.union.notify.Reply;
import cn.union.notify.WorkerChannel;
import cn.union.platform.Copy;
import cn.union.platform.Masking;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Service;

/**
 * Takes a verified, decrypted message through the pipeline: inbound log (dedupe) → router →
 * handler → stored reply. A handler slower than the reply window keeps running; its answer then
 * reaches the worker through {@link WorkerChannel} instead of the passive reply.
 */
@Service
class InboundDispatcher {

  private static final Logger log = LoggerFactory.getLogger(InboundDispatcher.class);

  private final InboundLog inboundLog;
  private final WxRouter router;
  private final Executor executor;
  private final WorkerChannel channel;
  private final WxProperties props;
  private final Copy copy;

  InboundDispatcher(
      InboundLog inboundLog,
      WxRouter router,
      @Qualifier("wxHandlerExecutor") Executor executor,
      WorkerChannel channel,
      WxProperties props,
      @Qualifier("wechatCopy") Copy copy) {
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
   */
  String dispatch(Map<String, String> msg, String requestKey, String payload) {
    InboundLog.Recorded recorded = inboundLog.record(msg, requestKey, payload);
    WxInbound row = recorded.row();
    if (recorded.duplicate()) {
      // WeChat's retry or a replay: the effect already happened (or is under way); repeat its answer.
      return WxInbound.HANDLED.equals(row.getStatus()) ? emptyToNull(row.getReply()) : null;
    }
    Inbound inbound = toInbound(row.getId(), msg);
    InboundHandler handler = router.route(inbound);
    AtomicBoolean answeredLater = new AtomicBoolean(false);
    CompletableFuture<String> work =
        CompletableFuture.supplyAsync(() -> handle(row.getId(), inbound, handler, answeredLater), executor);
    try {
      return work.get(props.replyTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      answeredLater.set(true);
      log.warn("Handler for inbound {} is slow; its reply will be sent by API", row.getId());
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } catch (ExecutionException e) {
      throw new IllegalStateException("handler failed", e.getCause());
    }
  }

  private String handle(long id, Inbound inbound, InboundHandler handler, AtomicBoolean answeredLater) {
    String text;
    try {
      Reply reply = handler.handle(inbound);
      text = reply == null || reply.isEmpty() ? null : reply.text();
      inboundLog.markHandled(id, text);
    } catch (RuntimeException e) {
      log.error("Inbound {} from {} failed in {}", id, Masking.openid(inbound.openid()),
          handler.getClass().getSimpleName(), e);
      inboundLog.markFailed(id, e);
      text = copy.text("error");
    }
    if (text != null && answeredLater.get()) {
      channel.sendText(inbound.openid(), text);
    }
    return text;
  }

  static Inbound toInbound(long id, Map<String, String> msg) {
    Instant sentAt = null;
    String createTime = msg.get("CreateTime");
    if (createTime != null && isEpochSeconds(createTime)) {
      sentAt = Instant.ofEpochSecond(Long.parseLong(createTime));
    }
    return new Inbound(
        id,
        msg.getOrDefault("FromUserName", ""),
        msg.getOrDefault("MsgType", "unknown"),
        msg.get("Content"),
        msg.get("Event"),
        msg.get("EventKey"),
        msg.get("MediaId"),
        sentAt);
  }

  private static boolean isEpochSeconds(String s) {
    if (s.isEmpty() || s.length() > 12) {
      return false;
    }
    for (int k = 0; k < s.length(); k++) {
      if (s.charAt(k) < '0' || s.charAt(k) > '9') {
        return false;
      }
    }
    return true;
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
