package cn.union.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * WeChat's API as a jar under test sees it through {@code WX_API_BASE}: an HTTP server in the test
 * JVM that answers like WeChat and keeps what it was asked: access-token fetches, customer-service
 * and template messages, QR-code tickets. Every other call is answered {@code errcode 0}.
 */
public final class FakeWeChatApi implements AutoCloseable {

  public final AtomicInteger tokenFetches = new AtomicInteger();
  public final ConcurrentLinkedQueue<String> customSends = new ConcurrentLinkedQueue<>();
  public final ConcurrentLinkedQueue<String> templateSends = new ConcurrentLinkedQueue<>();
  public final AtomicInteger qrTickets = new AtomicInteger();
  private final HttpServer server;

  public FakeWeChatApi(String tokenPrefix) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          String answer = "{\"errcode\":0,\"errmsg\":\"ok\"}";
          if (path.contains("token")) {
            answer =
                "{\"access_token\":\""
                    + tokenPrefix
                    + tokenFetches.incrementAndGet()
                    + "\",\"expires_in\":7200}";
          } else if (path.endsWith("/message/custom/send")) {
            customSends.add(body);
          } else if (path.endsWith("/message/template/send")) {
            templateSends.add(body);
            answer =
                "{\"errcode\":0,\"errmsg\":\"ok\",\"msgid\":"
                    + (1_000_000 + templateSends.size())
                    + "}";
          } else if (path.endsWith("/qrcode/create")) {
            String ticket = tokenPrefix + "ticket-" + qrTickets.incrementAndGet();
            answer =
                "{\"ticket\":\"" + ticket + "\",\"url\":\"http://weixin.qq.com/q/" + ticket + "\"}";
          }
          byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    server.start();
  }

  /** The value for {@code WX_API_BASE}. */
  public String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
