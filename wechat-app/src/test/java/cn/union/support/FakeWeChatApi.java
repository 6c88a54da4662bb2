package cn.union.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * WeChat's API as the application under test sees it through {@code WX_API_BASE}: an HTTP server in
 * the test JVM that answers like WeChat and keeps what it was asked: access-token fetches,
 * customer-service and template messages, QR-code tickets. Every other call is answered {@code
 * errcode 0}.
 *
 * <p>A test can make it misbehave the ways the network and WeChat do: answer a path late (after the
 * client's read timeout: WeChat acted on the request, the client never heard), drop the connection
 * after reading the request (acted on or not, the client cannot tell), answer with an HTTP error
 * status, or stop listening altogether (connections refused).
 */
public final class FakeWeChatApi implements AutoCloseable {

  /** How the fake treated one request. */
  public enum Treatment {
    /** Answered like WeChat at once. */
    ANSWERED,
    /** Acted on and answered like WeChat, but only after a delay. */
    DELAYED,
    /** Read, then the connection closed without an answer; not acted on. */
    DROPPED,
    /** Answered with an HTTP error status and no JSON; not acted on. */
    HTTP_ERROR
  }

  /** One request the fake received. */
  public record Request(String path, String body, Treatment treatment) {

    /** Whether WeChat would have acted on it (a message: delivered to the worker). */
    public boolean actedOn() {
      return treatment == Treatment.ANSWERED || treatment == Treatment.DELAYED;
    }
  }

  private record Fault(Treatment treatment, Duration delay, int status) {}

  public final AtomicInteger tokenFetches = new AtomicInteger();
  public final ConcurrentLinkedQueue<String> customSends = new ConcurrentLinkedQueue<>();
  public final ConcurrentLinkedQueue<String> templateSends = new ConcurrentLinkedQueue<>();
  public final AtomicInteger qrTickets = new AtomicInteger();
  private final ConcurrentLinkedQueue<Request> requests = new ConcurrentLinkedQueue<>();
  private final Map<String, Deque<Fault>> faults = new ConcurrentHashMap<>();
  private final String tokenPrefix;
  private final ExecutorService workers =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "fake-wechat");
            t.setDaemon(true);
            return t;
          });
  private final int port;
  private HttpServer server;

  public FakeWeChatApi(String tokenPrefix) throws IOException {
    this.tokenPrefix = tokenPrefix;
    this.server = listen(0);
    this.port = server.getAddress().getPort();
  }

  private HttpServer listen(int onPort) throws IOException {
    HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", onPort), 0);
    s.createContext("/", this::handle);
    // Requests are answered side by side: one held back does not hold the others.
    s.setExecutor(workers);
    s.start();
    return s;
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    Fault fault = nextFault(path);
    Treatment treatment = fault == null ? Treatment.ANSWERED : fault.treatment();
    requests.add(new Request(path, body, treatment));
    switch (treatment) {
      case DROPPED -> throw new IOException("connection dropped on purpose");
      case HTTP_ERROR -> {
        exchange.sendResponseHeaders(fault.status(), -1);
        exchange.close();
        return;
      }
      case DELAYED -> {
        try {
          Thread.sleep(fault.delay().toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("closed while holding an answer back", e);
        }
      }
      case ANSWERED -> {
        // answered below
      }
    }
    byte[] bytes = answer(path, body).getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    try {
      exchange.sendResponseHeaders(200, bytes.length);
      exchange.getResponseBody().write(bytes);
    } finally {
      exchange.close();
    }
  }

  /** What WeChat answers a request it acts on (and records what it acted on). */
  private String answer(String path, String body) {
    if (path.contains("token")) {
      return "{\"access_token\":\""
          + tokenPrefix
          + tokenFetches.incrementAndGet()
          + "\",\"expires_in\":7200}";
    }
    if (path.endsWith("/message/custom/send")) {
      customSends.add(body);
    } else if (path.endsWith("/message/template/send")) {
      templateSends.add(body);
      return "{\"errcode\":0,\"errmsg\":\"ok\",\"msgid\":"
          + (1_000_000 + templateSends.size())
          + "}";
    } else if (path.endsWith("/qrcode/create")) {
      String ticket = tokenPrefix + "ticket-" + qrTickets.incrementAndGet();
      return "{\"ticket\":\"" + ticket + "\",\"url\":\"http://weixin.qq.com/q/" + ticket + "\"}";
    }
    return "{\"errcode\":0,\"errmsg\":\"ok\"}";
  }

  private Fault nextFault(String path) {
    Deque<Fault> queue = faults.get(path);
    if (queue == null) {
      return null;
    }
    synchronized (queue) {
      return queue.poll();
    }
  }

  private void script(String path, int times, Fault fault) {
    Deque<Fault> queue = faults.computeIfAbsent(path, p -> new ArrayDeque<>());
    synchronized (queue) {
      for (int i = 0; i < times; i++) {
        queue.add(fault);
      }
    }
  }

  /**
   * The next {@code times} requests to {@code path} (e.g. {@code /cgi-bin/token}) are acted on but
   * answered only after {@code delay}.
   */
  public void delayNext(String path, int times, Duration delay) {
    script(path, times, new Fault(Treatment.DELAYED, delay, 0));
  }

  /** The next {@code times} requests to {@code path} are read and their connection closed. */
  public void dropNext(String path, int times) {
    script(path, times, new Fault(Treatment.DROPPED, null, 0));
  }

  /** The next {@code times} requests to {@code path} are answered with this HTTP status. */
  public void failNext(String path, int times, int httpStatus) {
    script(path, times, new Fault(Treatment.HTTP_ERROR, null, httpStatus));
  }

  /** Stops listening: connections are refused until {@link #acceptConnections}. */
  public synchronized void refuseConnections() {
    if (server != null) {
      server.stop(0);
      server = null;
    }
  }

  /** Listens again, on the same port. */
  public synchronized void acceptConnections() throws IOException {
    if (server == null) {
      server = listen(port);
    }
  }

  /** Every request to {@code path} received so far, in order. */
  public List<Request> received(String path) {
    return requests.stream().filter(r -> r.path().equals(path)).toList();
  }

  /** Forgets the requests received and the faults not yet used. */
  public void reset() {
    requests.clear();
    faults.clear();
  }

  /** The value for {@code WX_API_BASE}. */
  public String base() {
    return "http://127.0.0.1:" + port;
  }

  @Override
  public synchronized void close() {
    refuseConnections();
    workers.shutdownNow();
  }
}
