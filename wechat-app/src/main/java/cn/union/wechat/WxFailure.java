package cn.union.wechat;

import cn.union.platform.Copy;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLHandshakeException;
import me.chanjar.weixin.common.error.WxErrorException;
import me.chanjar.weixin.common.error.WxRuntimeException;
import org.apache.http.NoHttpResponseException;
import org.apache.http.client.HttpResponseException;
import org.apache.http.conn.ConnectTimeoutException;

/**
 * What a failed WeChat API call means for sending it again. WeChat's message APIs
 * (customer-service, template) take no idempotency key: a message sent twice reaches the worker
 * twice. So a call is classed by whether WeChat may have acted on it:
 *
 * <ul>
 *   <li>{@link Kind#NOT_SENT}: it surely did not reach WeChat's message service: no connection
 *       (refused, timed out, no free connection, unknown host, TLS handshake failed), no access
 *       token (its fetch is retried first, see {@link TokenRetryingWxMpService}), WeChat still busy
 *       ({@code -1}) after WxJava's own retries, or an HTTP 5xx from WeChat's front end other than
 *       504. Sending it again cannot duplicate it.
 *   <li>{@link Kind#REFUSED}: WeChat answered with an errcode: it did not act on it. Worth another
 *       try only for the codes in {@link #TRANSIENT}.
 *   <li>{@link Kind#UNCERTAIN}: the request left and no usable answer came back: read timeout, the
 *       connection dropped, HTTP 504 (a gateway gave up waiting for WeChat), an empty or unreadable
 *       answer. WeChat may have delivered it; it is never sent again by itself.
 * </ul>
 *
 * <p>The client opens a fresh connection per call ({@link WxHttpClient}), so a failure before the
 * request leaves is a failure to connect. A read timeout during the TLS handshake lands in
 * UNCERTAIN although nothing was sent: the safe side.
 */
record WxFailure(Kind kind, int errcode, String cause) {

  enum Kind {
    NOT_SENT,
    REFUSED,
    UNCERTAIN
  }

  /**
   * Refusals that may pass: system busy, API call limits, a token refused right after WxJava
   * refreshed it once (another party refreshed it meanwhile). Anything else (unfollowed 43004,
   * invalid openid 40003, bad template 40037, …) will fail the same way again.
   */
  static final Set<Integer> TRANSIENT = Set.of(-1, 40001, 40014, 42001, 45009, 45011, 45033);

  /** WxJava's errcode for a call that produced no errcode of WeChat's (an I/O failure). */
  static final int NO_ERRCODE = -99;

  /** Whether sending it again later cannot duplicate it and may succeed. */
  boolean retryable() {
    return kind == Kind.NOT_SENT || kind == Kind.REFUSED && TRANSIENT.contains(errcode);
  }

  boolean uncertain() {
    return kind == Kind.UNCERTAIN;
  }

  boolean refused(Set<Integer> codes) {
    return kind == Kind.REFUSED && codes.contains(errcode);
  }

  /** Classes a failure thrown by a WxJava call; {@code cause} is in words an informant reads. */
  static WxFailure of(Exception e, Copy wechatCopy) {
    if (e instanceof WxErrorException wx) {
      int code = wx.getError() == null ? NO_ERRCODE : wx.getError().getErrorCode();
      if (wx.getCause() instanceof IOException io) {
        return ofIo(io, wechatCopy);
      }
      if (code == NO_ERRCODE) {
        // WxJava's own complaint about WeChat's answer (empty, no file name): it did answer.
        return new WxFailure(
            Kind.UNCERTAIN,
            code,
            wechatCopy.render(
                "wx-cause.unreadable", Map.of("error", String.valueOf(wx.getMessage()))));
      }
      return new WxFailure(
          Kind.REFUSED, code, wechatCopy.render("wx-cause.errcode", Map.of("code", code)));
    }
    if (e instanceof WxRuntimeException) {
      // WxJava raises it before the call's own request leaves: the token could not be had, the
      // token lock was not free in time, or WeChat stayed busy (-1) through WxJava's retries.
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        return new WxFailure(
            Kind.NOT_SENT,
            NO_ERRCODE,
            wechatCopy.render("wx-cause.token", Map.of("error", ofIo(io, wechatCopy).cause())));
      }
      if (cause instanceof InterruptedException) {
        return new WxFailure(Kind.NOT_SENT, NO_ERRCODE, wechatCopy.text("wx-cause.token-wait"));
      }
      return new WxFailure(
          Kind.NOT_SENT,
          NO_ERRCODE,
          wechatCopy.render("wx-cause.not-sent", Map.of("error", String.valueOf(e.getMessage()))));
    }
    return new WxFailure(
        Kind.UNCERTAIN,
        NO_ERRCODE,
        wechatCopy.render("wx-cause.io", Map.of("error", e.getClass().getSimpleName())));
  }

  private static WxFailure ofIo(IOException io, Copy wechatCopy) {
    if (io instanceof ConnectTimeoutException) {
      return notSent(wechatCopy.text("wx-cause.connect-timeout"));
    }
    if (io instanceof ConnectException || io instanceof NoRouteToHostException) {
      return notSent(wechatCopy.text("wx-cause.connect-refused"));
    }
    if (io instanceof UnknownHostException) {
      return notSent(wechatCopy.text("wx-cause.unknown-host"));
    }
    if (io instanceof SSLHandshakeException) {
      return notSent(wechatCopy.text("wx-cause.tls"));
    }
    if (io instanceof HttpResponseException http) {
      int status = http.getStatusCode();
      String cause = wechatCopy.render("wx-cause.http", Map.of("status", status));
      if (status == 504) {
        return new WxFailure(Kind.UNCERTAIN, NO_ERRCODE, cause);
      }
      // WeChat's message service answers every outcome with 200 and an errcode; another status
      // comes from in front of it. A 5xx may pass; a 4xx (wrong path, bad request) will not.
      return new WxFailure(status >= 500 ? Kind.NOT_SENT : Kind.REFUSED, NO_ERRCODE, cause);
    }
    if (io instanceof SocketTimeoutException) {
      return uncertain(wechatCopy.text("wx-cause.read-timeout"));
    }
    if (io instanceof NoHttpResponseException) {
      return uncertain(wechatCopy.text("wx-cause.dropped"));
    }
    return uncertain(
        wechatCopy.render("wx-cause.io", Map.of("error", io.getClass().getSimpleName())));
  }

  private static WxFailure notSent(String cause) {
    return new WxFailure(Kind.NOT_SENT, NO_ERRCODE, cause);
  }

  private static WxFailure uncertain(String cause) {
    return new WxFailure(Kind.UNCERTAIN, NO_ERRCODE, cause);
  }
}
