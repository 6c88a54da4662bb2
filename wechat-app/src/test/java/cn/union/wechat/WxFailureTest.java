package cn.union.wechat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.union.platform.Copy;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.concurrent.atomic.AtomicInteger;
import me.chanjar.weixin.common.error.WxError;
import me.chanjar.weixin.common.error.WxErrorException;
import me.chanjar.weixin.common.error.WxRuntimeException;
import org.apache.http.HttpHost;
import org.apache.http.NoHttpResponseException;
import org.apache.http.client.HttpResponseException;
import org.apache.http.conn.ConnectTimeoutException;
import org.apache.http.conn.ConnectionPoolTimeoutException;
import org.apache.http.conn.HttpHostConnectException;
import org.junit.jupiter.api.Test;

/**
 * How each way a WeChat call fails is classed: sent again only when it surely did not reach WeChat
 * or WeChat said it did not take it for a passing reason; uncertain once the request has left.
 */
class WxFailureTest {

  private final Copy copy = Copy.load("wechat");

  /** A failure of the call's own request, as WxJava reports an I/O error. */
  WxFailure io(IOException e) {
    return WxFailure.of(new WxErrorException(e), copy);
  }

  @Test
  void whatNeverLeftIsNotSentAndMayGoAgain() throws Exception {
    HttpHost host = new HttpHost("api.weixin.qq.com", 443, "https");
    InetAddress[] addresses = {InetAddress.getLoopbackAddress()};
    for (IOException e :
        new IOException[] {
          new HttpHostConnectException(new ConnectException("Connection refused"), host, addresses),
          new ConnectTimeoutException(
              new SocketTimeoutException("connect timed out"), host, addresses),
          new ConnectionPoolTimeoutException("Timeout waiting for connection from pool"),
          new UnknownHostException("api.weixin.qq.com"),
          new HttpResponseException(503, "Service Unavailable"),
          new HttpResponseException(502, "Bad Gateway")
        }) {
      WxFailure f = io(e);
      assertThat(f.kind()).as(e.toString()).isEqualTo(WxFailure.Kind.NOT_SENT);
      assertThat(f.retryable()).isTrue();
      assertThat(f.uncertain()).isFalse();
    }
    assertThat(io(new HttpResponseException(503, "x")).cause()).contains("HTTP 503");
    assertThat(io(new ConnectException("refused")).cause()).contains("无法连接微信服务器");
  }

  @Test
  void whatLeftWithoutAnAnswerIsUncertainAndNeverGoesAgainByItself() {
    for (IOException e :
        new IOException[] {
          new SocketTimeoutException("Read timed out"),
          new NoHttpResponseException("api.weixin.qq.com failed to respond"),
          new SocketException("Connection reset"),
          new HttpResponseException(504, "Gateway Timeout")
        }) {
      WxFailure f = io(e);
      assertThat(f.kind()).as(e.toString()).isEqualTo(WxFailure.Kind.UNCERTAIN);
      assertThat(f.retryable()).isFalse();
    }
    assertThat(io(new SocketTimeoutException("Read timed out")).cause()).contains("微信未在时限内答复");
    // WeChat answered, but with nothing WxJava could read: it may have acted on it.
    assertThat(WxFailure.of(new WxErrorException("无响应内容"), copy).uncertain()).isTrue();
    // Anything else WxJava throws while handling the answer.
    assertThat(WxFailure.of(new IllegalStateException("bad json"), copy).uncertain()).isTrue();
  }

  @Test
  void anErrcodeIsARefusalWorthRetryingOnlyWhenItMayPass() {
    for (int code : new int[] {-1, 40001, 45009, 45011}) {
      WxFailure f = refusal(code);
      assertThat(f.kind()).isEqualTo(WxFailure.Kind.REFUSED);
      assertThat(f.retryable()).as("errcode " + code).isTrue();
    }
    for (int code : new int[] {43004, 40003, 40037, 45015, 45047}) {
      assertThat(refusal(code).retryable()).as("errcode " + code).isFalse();
    }
    assertThat(refusal(45015).refused(WxWorkerChannel.WINDOW_CLOSED)).isTrue();
    assertThat(refusal(45009).cause()).contains("45009");
    assertThat(io(new HttpResponseException(404, "Not Found")).retryable()).isFalse();
  }

  @Test
  void aFailureBeforeTheRequestLeftIsNotSent() {
    // The access token could not be had: the message itself never left.
    WxFailure token =
        WxFailure.of(new WxRuntimeException(new SocketTimeoutException("Read timed out")), copy);
    assertThat(token.kind()).isEqualTo(WxFailure.Kind.NOT_SENT);
    assertThat(token.cause()).contains("access_token");
    assertThat(WxFailure.of(new WxRuntimeException(new InterruptedException()), copy).retryable())
        .isTrue();
    // WxJava's own retries of "system busy" ran out.
    assertThat(WxFailure.of(new WxRuntimeException("微信服务端异常，超出重试次数"), copy).retryable()).isTrue();
  }

  @Test
  void theTokenFetchIsTriedAgainUpToItsAttemptsAndThenFails() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    TokenRetryingWxMpService service = new TokenRetryingWxMpService(2);
    assertThat(
            service.withRetries(
                () -> {
                  if (calls.incrementAndGet() == 1) {
                    throw new SocketTimeoutException("Read timed out");
                  }
                  return "{\"access_token\":\"t\",\"expires_in\":7200}";
                }))
        .contains("access_token");
    assertThat(calls).hasValue(2);

    calls.set(0);
    assertThatThrownBy(
            () ->
                service.withRetries(
                    () -> {
                      calls.incrementAndGet();
                      throw new ConnectException("refused");
                    }))
        .isInstanceOf(ConnectException.class);
    assertThat(calls).hasValue(2);
  }

  private WxFailure refusal(int code) {
    return WxFailure.of(
        new WxErrorException(WxError.builder().errorCode(code).errorMsg("x").build()), copy);
  }
}
