package cn.union.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Reads a Server-Sent Events stream the way a browser's EventSource does: event name and data per
 * message.
 */
public final class SseClient implements AutoCloseable {

  public record Event(String name, String data) {}

  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final HttpResponse<Stream<String>> response;
  private final Thread reader;

  private SseClient(HttpResponse<Stream<String>> response) {
    this.response = response;
    this.reader = new Thread(this::read, "sse-client");
    reader.setDaemon(true);
    reader.start();
  }

  /** Opens the stream; the answer's status tells whether the server took it. */
  public static SseClient open(String url) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream").GET().build();
    try {
      return new SseClient(
          HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofLines()));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public int status() {
    return response.statusCode();
  }

  private void read() {
    String name = "message";
    StringBuilder data = new StringBuilder();
    try (Stream<String> lines = response.body()) {
      for (String line : (Iterable<String>) lines::iterator) {
        if (line.isEmpty()) {
          if (!data.isEmpty()) {
            events.add(new Event(name, data.toString()));
          }
          name = "message";
          data.setLength(0);
        } else if (line.startsWith("event:")) {
          name = line.substring(6).strip();
        } else if (line.startsWith("data:")) {
          data.append(data.isEmpty() ? "" : "\n").append(line.substring(5).strip());
        }
      }
      events.add(new Event("closed", "the server ended the stream"));
    } catch (RuntimeException e) {
      // The stream was closed by close() or by the server; the queue keeps what arrived before.
      events.add(new Event("closed", String.valueOf(e.getMessage())));
    }
  }

  /** The next event, or {@code null} when none arrives within the wait. */
  public Event next(Duration wait) throws InterruptedException {
    return events.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Waits for an event whose data contains {@code text}, failing with what came instead. */
  public Event await(String name, String text, Duration wait) throws InterruptedException {
    long end = System.nanoTime() + wait.toNanos();
    StringBuilder seen = new StringBuilder();
    while (System.nanoTime() < end) {
      Event e =
          events.poll(Math.max(1, (end - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
      if (e == null) {
        break;
      }
      if (e.name().equals(name) && e.data().contains(text)) {
        return e;
      }
      seen.append(e).append('\n');
    }
    throw new AssertionError(
        "no " + name + " event with " + text + " within " + wait + "; got:\n" + seen);
  }

  @Override
  public void close() {
    reader.interrupt();
    response.body().close();
  }
}
