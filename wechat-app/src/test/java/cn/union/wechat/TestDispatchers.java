package cn.union.wechat;

import cn.union.notify.WorkerChannel;
import cn.union.platform.Copy;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A dispatcher built by hand for the tests that run the inbound path without the application: a
 * 2-second reply window, the sandbox's account, and claims on the test's database.
 */
final class TestDispatchers {

  private TestDispatchers() {}

  static InboundDispatcher of(
      InboundLog log,
      WxRouter router,
      Executor pool,
      WorkerChannel channel,
      InboundSpool spool,
      JdbcTemplate jdbc,
      Clock clock) {
    WxProperties props =
        new WxProperties("wxappid", "secret", "token", null, null, false, Duration.ofSeconds(2));
    return new InboundDispatcher(
        log,
        router,
        pool,
        channel,
        props,
        Copy.load("wechat"),
        spool,
        new InboundClaims(jdbc, clock, Duration.ofMinutes(2)),
        clock);
  }
}
