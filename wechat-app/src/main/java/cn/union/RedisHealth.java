package cn.union;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.redisson.api.RedissonClient;
import org.redisson.api.redisnode.RedisNodes;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The {@code redis} part of {@code /actuator/health}: a PING through the application's own Redisson
 * client, so health reports the very connection the product uses (and the Spring Data Redis stack,
 * which nothing here uses, need not be started).
 */
@Component("redisHealthIndicator")
class RedisHealth implements HealthIndicator {

  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  private final RedissonClient redisson;

  RedisHealth(RedissonClient redisson) {
    this.redisson = redisson;
  }

  @Override
  public Health health() {
    boolean answered =
        redisson
            .getRedisNodes(RedisNodes.SINGLE)
            .pingAll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    return answered
        ? Health.up().build()
        : Health.down().withDetail("ping", "no answer within " + TIMEOUT).build();
  }
}
