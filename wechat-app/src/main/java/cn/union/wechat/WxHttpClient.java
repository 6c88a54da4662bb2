package cn.union.wechat;

import java.io.IOException;
import me.chanjar.weixin.common.util.http.apache.ApacheHttpClientBuilder;
import org.apache.http.client.HttpRequestRetryHandler;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.config.RegistryBuilder;
import org.apache.http.config.SocketConfig;
import org.apache.http.conn.ConnectionKeepAliveStrategy;
import org.apache.http.conn.socket.ConnectionSocketFactory;
import org.apache.http.conn.socket.PlainConnectionSocketFactory;
import org.apache.http.conn.ssl.SSLConnectionSocketFactory;
import org.apache.http.impl.NoConnectionReuseStrategy;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;

/**
 * The HTTP client of every WeChat API call (WxJava asks its config for it), one per application
 * context. WxJava's own default is a JVM-wide singleton that trusts any certificate; this one
 * checks certificates and bounds each step of a call ({@link WxHttpProperties}).
 *
 * <p>It never sends a request again by itself (automatic retries are off), and it opens a fresh
 * connection for every call: a pooled connection that WeChat closed while it sat idle fails only
 * after the request was written, which would make a call that never reached WeChat look like one
 * that may have. With a fresh connection, a failure before the request leaves is a failure to
 * connect, and {@link WxFailure} can tell the two apart. The pool only bounds how many calls are in
 * flight; waiting for a free place counts as connecting.
 */
final class WxHttpClient implements ApacheHttpClientBuilder, AutoCloseable {

  /** Calls to WeChat in flight at once; more wait up to the connect timeout. */
  static final int MAX_IN_FLIGHT = 32;

  private final WxHttpProperties limits;
  private SSLConnectionSocketFactory tls = SSLConnectionSocketFactory.getSocketFactory();
  private String proxyHost;
  private CloseableHttpClient client;

  WxHttpClient(WxHttpProperties limits) {
    this.limits = limits;
  }

  @Override
  public synchronized CloseableHttpClient build() {
    if (client == null) {
      if (proxyHost != null && !proxyHost.isBlank()) {
        // WxJava gives a proxied request a request config of its own, without these timeouts.
        throw new IllegalStateException("WeChat API calls through a proxy are not supported");
      }
      client = create();
    }
    return client;
  }

  private CloseableHttpClient create() {
    int connect = Math.toIntExact(limits.connectTimeout().toMillis());
    int read = Math.toIntExact(limits.readTimeout().toMillis());
    PoolingHttpClientConnectionManager pool =
        new PoolingHttpClientConnectionManager(
            RegistryBuilder.<ConnectionSocketFactory>create()
                .register("http", PlainConnectionSocketFactory.getSocketFactory())
                .register("https", tls)
                .build());
    pool.setMaxTotal(MAX_IN_FLIGHT);
    pool.setDefaultMaxPerRoute(MAX_IN_FLIGHT);
    pool.setDefaultSocketConfig(SocketConfig.custom().setSoTimeout(read).build());
    return HttpClients.custom()
        .setConnectionManager(pool)
        .setDefaultRequestConfig(
            RequestConfig.custom()
                .setConnectTimeout(connect)
                .setConnectionRequestTimeout(connect)
                .setSocketTimeout(read)
                .build())
        .setConnectionReuseStrategy(NoConnectionReuseStrategy.INSTANCE)
        .disableAutomaticRetries()
        .build();
  }

  @Override
  public ApacheHttpClientBuilder httpProxyHost(String httpProxyHost) {
    this.proxyHost = httpProxyHost;
    return this;
  }

  @Override
  public ApacheHttpClientBuilder httpProxyPort(int httpProxyPort) {
    return this;
  }

  @Override
  public ApacheHttpClientBuilder httpProxyUsername(String httpProxyUsername) {
    return this;
  }

  @Override
  public ApacheHttpClientBuilder httpProxyPassword(String httpProxyPassword) {
    return this;
  }

  /**
   * Refused: whether a call may go again is decided from {@link WxFailure}, never by the client.
   */
  @Override
  public ApacheHttpClientBuilder httpRequestRetryHandler(HttpRequestRetryHandler handler) {
    throw new UnsupportedOperationException("WeChat API calls are never resent by the HTTP client");
  }

  /** Refused: connections are not kept alive (see the class comment). */
  @Override
  public ApacheHttpClientBuilder keepAliveStrategy(ConnectionKeepAliveStrategy keepAliveStrategy) {
    throw new UnsupportedOperationException("WeChat API connections are not reused");
  }

  @Override
  public synchronized ApacheHttpClientBuilder sslConnectionSocketFactory(
      SSLConnectionSocketFactory factory) {
    if (client != null) {
      throw new IllegalStateException("the client is built already");
    }
    this.tls = factory;
    return this;
  }

  @Override
  public synchronized void close() throws IOException {
    if (client != null) {
      client.close();
    }
  }
}
