package cn.union.platform;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import redis.embedded.RedisServer;

/**
 * Redis for the product: the one named by {@code REDIS_URL}, or, in the embedded default, a private
 * Redis started on a free port (never 6379) that keeps nothing on disk.
 */
@Configuration(proxyBeanMethods = false)
public class RedisConfig {

  private static final Logger log = LoggerFactory.getLogger(RedisConfig.class);

  /** Where Redis is; owns the embedded server when there is one. */
  public static final class RedisEndpoint implements AutoCloseable {
    private final String address;
    private final int database;
    private final RedisServer embedded;
    private final String password;

    RedisEndpoint(String address, int database, RedisServer embedded, String password) {
      this.address = address;
      this.database = database;
      this.embedded = embedded;
      this.password = password;
    }

    /**
     * The password: the embedded Redis's generated one, or the one in {@code REDIS_URL}; may be
     * null.
     */
    public String password() {
      return password;
    }

    public String address() {
      return address;
    }

    public int database() {
      return database;
    }

    public boolean isEmbedded() {
      return embedded != null;
    }

    @Override
    public void close() throws IOException {
      if (embedded != null) {
        embedded.stop();
      }
    }
  }

  @Bean(destroyMethod = "close")
  RedisEndpoint redisEndpoint(PlatformProperties props, Environment env) throws IOException {
    String url = props.redisUrl();
    if (url != null && !url.isBlank()) {
      URI uri = URI.create(url.trim());
      if (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme())) {
        throw new IllegalStateException("REDIS_URL must look like redis://host:port[/db]");
      }
      int port = uri.getPort() > 0 ? uri.getPort() : 6379;
      int db = 0;
      String path = uri.getPath();
      if (path != null && path.length() > 1) {
        db = Integer.parseInt(path.substring(1));
      }
      // redis://:password@host:port/db (or user:password@): handed to the client as its password.
      String userInfo = uri.getUserInfo();
      String password =
          userInfo == null || userInfo.indexOf(':') < 0
              ? null
              : userInfo.substring(userInfo.indexOf(':') + 1);
      return new RedisEndpoint(
          uri.getScheme() + "://" + uri.getHost() + ":" + port,
          db,
          null,
          password == null || password.isEmpty() ? null : password);
    }
    if (!props.embedded()) {
      throw new IllegalStateException("REDIS_URL is required outside the embedded default");
    }
    // The web server binds its port after this; a free port picked now must not be the one it is
    // told to take.
    int port = freePort(env.getProperty("server.port", Integer.class, -1));
    // A password of its own, drawn at each start: any local process could otherwise connect to the
    // port and, say, write a session key. The library writes it to a config file only its owner can
    // read (a temp file, mode 600), not to the command line.
    byte[] secret = new byte[24];
    new SecureRandom().nextBytes(secret);
    String password = HexFormat.of().formatHex(secret);
    RedisServer server =
        RedisServer.newRedisServer()
            .port(port)
            .bind("127.0.0.1")
            .setting("save \"\"")
            .setting("appendonly no")
            .setting("requirepass " + password)
            .build();
    server.start();
    EmbeddedRedisWatchdog.watch(port, password);
    log.warn(
        "Started an embedded Redis on 127.0.0.1:{} with a generated password (embedded default; set REDIS_URL"
            + " for a real one)",
        port);
    return new RedisEndpoint("redis://127.0.0.1:" + port, 0, server, password);
  }

  @Bean(destroyMethod = "shutdown")
  RedissonClient redissonClient(RedisEndpoint endpoint) {
    Config config = new Config();
    // Plain strings only: the default Kryo codec must never see data that came from outside.
    config.setCodec(StringCodec.INSTANCE);
    config.setPassword(endpoint.password());
    // Redisson's default is 32 event-loop threads whatever the machine, so nearly every command
    // wakes a sleeping thread. One loop per two cores stays busy under load and takes replies in
    // batches: on 2 cores, Redis cost 92 µs of event-loop CPU per callback with 4 loops, 52 with
    // 2 and 41 with 1 (bench/README.md). -Dunion.redis.netty-threads overrides it.
    config.setNettyThreads(
        Integer.getInteger(
            "union.redis.netty-threads",
            Math.max(1, Runtime.getRuntime().availableProcessors() / 2)));
    config
        .useSingleServer()
        .setAddress(endpoint.address())
        .setDatabase(endpoint.database())
        .setConnectionMinimumIdleSize(4)
        .setConnectionPoolSize(32)
        .setRetryAttempts(2);
    return Redisson.create(config);
  }

  @Bean
  RedisPipeline redisPipeline(RedissonClient redissonClient) {
    return new RedisPipeline(redissonClient);
  }

  private static int freePort(int taken) throws IOException {
    while (true) {
      try (ServerSocket socket = new ServerSocket(0)) {
        socket.setReuseAddress(true);
        if (socket.getLocalPort() != taken) {
          return socket.getLocalPort();
        }
      }
    }
  }
}
