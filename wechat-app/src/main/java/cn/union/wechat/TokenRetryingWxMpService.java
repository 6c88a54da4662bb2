package cn.union.wechat;

import java.io.IOException;
import java.io.InterruptedIOException;
import me.chanjar.weixin.mp.api.impl.WxMpServiceImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WxJava's client, with the access-token fetch tried again when the network or WeChat's front end
 * fails it (timeout, refused connection, HTTP 5xx). Fetching a token sends the worker nothing and
 * may be repeated: WeChat keeps the previous token valid for five minutes after issuing a new one.
 * It runs under WxJava's token lock (in Redis, shared by the nodes), so one node fetches at a time.
 *
 * <p>A token that cannot be had fails the call before its own request leaves: WxJava raises it as a
 * {@code WxRuntimeException}, which {@link WxFailure} counts as not sent.
 */
class TokenRetryingWxMpService extends WxMpServiceImpl {

  private static final Logger log = LoggerFactory.getLogger(TokenRetryingWxMpService.class);

  /** The wait before the second attempt; doubled before each further one. */
  static final long FIRST_BACKOFF_MILLIS = 200;

  private final int attempts;

  TokenRetryingWxMpService(int attempts) {
    this.attempts = Math.max(1, attempts);
  }

  /** One fetch of the token; its response text. */
  @FunctionalInterface
  interface Fetch {
    String run() throws IOException;
  }

  @Override
  protected String doGetAccessTokenRequest() throws IOException {
    return withRetries(super::doGetAccessTokenRequest);
  }

  @Override
  protected String doGetStableAccessTokenRequest(boolean forceRefresh) throws IOException {
    return withRetries(() -> super.doGetStableAccessTokenRequest(forceRefresh));
  }

  String withRetries(Fetch fetch) throws IOException {
    long backoff = FIRST_BACKOFF_MILLIS;
    for (int attempt = 1; ; attempt++) {
      try {
        return fetch.run();
      } catch (IOException e) {
        // The URL carries the secret: only the kind of failure is logged.
        log.warn(
            "Access token fetch failed ({}), attempt {} of {}",
            e.getClass().getSimpleName(),
            attempt,
            attempts);
        if (attempt >= attempts) {
          throw e;
        }
      }
      try {
        Thread.sleep(backoff);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted between access token attempts");
      }
      backoff *= 2;
    }
  }
}
