package cn.union.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay between the application and a service (MariaDB, Redis) that a test can "stop": every
 * connection is cut and new ones are refused (the port is closed), as when the service goes down;
 * "start" listens on the same port again.
 */
public final class FaultProxy implements AutoCloseable {

  private final int port;
  private final String targetHost;
  private final int targetPort;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile ServerSocket server;

  /** While set, what either side sends is held: the service looks hung, not down. */
  private volatile boolean stalled;

  public FaultProxy(String targetHost, int targetPort) throws IOException {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    this.port = JarProcess.freePort();
    start();
  }

  public int port() {
    return port;
  }

  /** Listens again on the same port. */
  public synchronized void start() throws IOException {
    if (server != null) {
      return;
    }
    ServerSocket s = new ServerSocket();
    s.setReuseAddress(true);
    s.bind(new InetSocketAddress("127.0.0.1", port));
    server = s;
    Thread acceptor = new Thread(() -> accept(s), "fault-proxy-" + port);
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Cuts every connection and refuses new ones. */
  public synchronized void stop() throws IOException {
    ServerSocket s = server;
    server = null;
    if (s != null) {
      s.close();
    }
    for (Socket socket : open) {
      closeQuietly(socket);
    }
    open.clear();
  }

  /**
   * Holds everything either side sends from now on, connections kept open: the service hangs (a
   * command waits for its timeout) instead of refusing.
   */
  public void stall() {
    stalled = true;
  }

  /** Passes what was held and what comes next again. */
  public void flow() {
    stalled = false;
  }

  private void accept(ServerSocket s) {
    while (!s.isClosed()) {
      Socket client;
      try {
        client = s.accept();
      } catch (IOException closed) {
        return;
      }
      try {
        Socket upstream = new Socket(targetHost, targetPort);
        open.add(client);
        open.add(upstream);
        if (server != s) {
          closeQuietly(client);
          closeQuietly(upstream);
          continue;
        }
        pump(client, upstream);
        pump(upstream, client);
      } catch (IOException e) {
        closeQuietly(client);
      }
    }
  }

  private void pump(Socket from, Socket to) {
    Thread t =
        new Thread(
            () -> {
              byte[] buffer = new byte[16 * 1024];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                  while (stalled) {
                    Thread.sleep(20);
                  }
                  out.write(buffer, 0, n);
                  out.flush();
                }
              } catch (IOException cut) {
                // the other side or stop() closed the connection
              } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
              } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
              }
            },
            "fault-proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException alreadyClosed) {
      // nothing left to close
    }
  }

  @Override
  public void close() throws IOException {
    stop();
  }
}
