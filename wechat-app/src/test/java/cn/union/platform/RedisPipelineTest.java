package cn.union.platform;

import static cn.union.support.Concurrently.together;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.union.support.TestServices;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.RedisException;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;
import redis.embedded.RedisServer;

/** The conversation-state commands batched on one thread, against a real Redis. */
class RedisPipelineTest {

  static RedisServer embedded;
  static RedissonClient redis;

  RedisPipeline pipeline;
  ExecutorService pool;
  String prefix;

  @BeforeAll
  static void connect() throws IOException {
    String url = TestServices.REDIS_URL;
    if (url.isEmpty()) {
      int port;
      try (ServerSocket s = new ServerSocket(0)) {
        port = s.getLocalPort();
      }
      embedded =
          RedisServer.newRedisServer().port(port).bind("127.0.0.1").setting("save \"\"").build();
      embedded.start();
      url = "redis://127.0.0.1:" + port;
    }
    Config config = new Config();
    config.setCodec(StringCodec.INSTANCE);
    String address = url.replaceFirst("/\\d+$", "");
    int db =
        url.matches(".*/\\d+$") ? Integer.parseInt(url.substring(url.lastIndexOf('/') + 1)) : 0;
    config.useSingleServer().setAddress(address).setDatabase(db);
    redis = Redisson.create(config);
  }

  @AfterAll
  static void disconnect() throws IOException {
    redis.shutdown();
    if (embedded != null) {
      embedded.stop();
    }
  }

  @BeforeEach
  void setUp() {
    pipeline = new RedisPipeline(redis);
    pool = Executors.newFixedThreadPool(32);
    prefix = "pipeline-test:" + UUID.randomUUID() + ":";
  }

  @AfterEach
  void tearDown() throws Exception {
    pool.shutdownNow();
    pipeline.destroy();
    redis.getKeys().deleteByPattern(prefix + "*");
  }

  @Test
  void everyCallerGetsItsOwnAnswerAndABurstSharesRoundTrips() throws Exception {
    int callers = 200;
    List<Callable<String>> tasks = new ArrayList<>();
    for (int i = 0; i < callers; i++) {
      String key = prefix + i;
      String value = "step=" + i;
      tasks.add(
          () -> {
            pipeline.set(key, value, Duration.ofMinutes(30));
            assertThat(pipeline.exists(key)).isTrue();
            return pipeline.get(key);
          });
    }
    List<Future<String>> results = together(pool, tasks);
    for (int i = 0; i < callers; i++) {
      assertThat(results.get(i).get()).isEqualTo("step=" + i);
    }
    // 600 commands; sent one by one they would take 600 round trips.
    assertThat(pipeline.batches()).isLessThan(3L * callers);
    assertThat(redis.getBucket(prefix + 7).remainTimeToLive())
        .isBetween(1L, Duration.ofMinutes(30).toMillis());
  }

  @Test
  void commandsOfOneCallerTakeEffectInItsOrder() {
    String key = prefix + "order";
    assertThat(pipeline.get(key)).isNull();
    assertThat(pipeline.exists(key)).isFalse();
    pipeline.set(key, "a", Duration.ofMinutes(1));
    pipeline.set(key, "b", Duration.ofMinutes(1));
    assertThat(pipeline.get(key)).isEqualTo("b");
    assertThat(pipeline.delete(key)).isTrue();
    assertThat(pipeline.delete(key)).isFalse();
    assertThat(pipeline.get(key)).isNull();
  }

  @Test
  void aCommandRedisRefusesFailsOnlyItsOwnCaller() throws Exception {
    String hash = prefix + "hash";
    redis.getMap(hash).put("field", "value");
    List<Callable<String>> tasks = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      String key = i % 10 == 0 ? hash : prefix + "ok" + i;
      tasks.add(
          () -> {
            if (!key.equals(hash)) {
              pipeline.set(key, "v", Duration.ofMinutes(1));
            }
            return pipeline.get(key);
          });
    }
    List<Future<String>> results = together(pool, tasks);
    for (int i = 0; i < 40; i++) {
      Future<String> f = results.get(i);
      if (i % 10 == 0) {
        // Redis's error code, but not Redisson's message, which quotes the key (an openid) and the
        // value
        assertThatThrownBy(f::get)
            .hasCauseInstanceOf(RedisException.class)
            .cause()
            .hasMessageContaining("WRONGTYPE")
            .hasMessageNotContaining(prefix);
      } else {
        assertThat(f.get()).isEqualTo("v");
      }
    }
  }

  @Test
  void refusesCommandsOnceStopped() throws Exception {
    pipeline.destroy();
    assertThatThrownBy(() -> pipeline.get(prefix + "late")).isInstanceOf(RedisException.class);
  }
}
