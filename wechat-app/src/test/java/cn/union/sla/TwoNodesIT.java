package cn.union.sla;

import static org.assertj.core.api.Assertions.assertThat;

import cn.union.UnionApplication;
import cn.union.platform.RedisConfig;
import cn.union.support.TestServices;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

/**
 * Two nodes of the application, sharing the database, Redis and the WeChat API, sweep at the same
 * moments: every reminder and every escalation reaches its recipient once.
 */
class TwoNodesIT extends SlaTestSupport {

  @Autowired RedisConfig.RedisEndpoint redis;

  ConfigurableApplicationContext second;

  ConfigurableApplicationContext startSecondNode() {
    String redisUrl =
        TestServices.REDIS_URL.isEmpty()
            ? redis.address().replace("redis://", "redis://:" + redis.password() + "@")
                + "/"
                + redis.database()
            : TestServices.REDIS_URL;
    ConfigurableApplicationContext ctx =
        new SpringApplicationBuilder(UnionApplication.class)
            // The same movable clock as the first node: both live at the moment the test chooses.
            .initializers(
                c ->
                    ((GenericApplicationContext) c)
                        .registerBean(
                            "mutableClock", Clock.class, () -> clock, bd -> bd.setPrimary(true)))
            .run(
                "--server.port=0",
                "--spring.datasource.url=" + TestServices.DB_URL,
                "--spring.datasource.username=" + TestServices.DB_USER,
                "--spring.datasource.password=" + TestServices.DB_PASSWORD,
                "--union.redis-url=" + redisUrl,
                "--union.data-dir=target/it-data",
                "--union.wx.push-menu-on-start=false",
                // Both nodes talk to the same stand-in for WeChat, so its record counts every
                // message once.
                "--union.wx.api-base=" + baseUrl() + "/sandbox",
                "--union.admin.username=" + ADMIN,
                "--union.admin.password=" + ADMIN_PASSWORD,
                "--union.sla.sweep-enabled=false",
                "--union.stats.refresh-enabled=false");
    assertThat(ctx.getBean(Clock.class)).isSameAs(clock);
    return ctx;
  }

  @Test
  void twoNodesSweepingAtOnceSendEachReminderAndEscalationOnce() throws Exception {
    travelTo("2026-09-07T10:00:00"); // Monday, due Wednesday
    freshMarks();
    String informantWx = bind(staff("INFORMANT", townId));
    String adminWx = bind(staff("ORG_ADMIN", countyId));
    List<Long> cases = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      cases.add(submitToTown(worker()));
    }
    second = startSecondNode();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      SlaSweep otherSweep = second.getBean(SlaSweep.class);
      AtomicInteger secondRan = new AtomicInteger();
      for (String moment : List.of("2026-09-09T00:00:30", "2026-09-09T17:31:00")) {
        travelTo(moment);
        // The second node first, alone, so it certainly does part of the work…
        if (otherSweep.run(Duration.ofSeconds(30)).ran()) {
          secondRan.incrementAndGet();
        }
        // …then both at once, a few times over.
        for (int round = 0; round < 3; round++) {
          CountDownLatch go = new CountDownLatch(1);
          List<Future<SlaSweep.Outcome>> runs = new ArrayList<>();
          for (SlaSweep s : List.of(sweep, otherSweep, sweep, otherSweep)) {
            runs.add(
                pool.submit(
                    () -> {
                      go.await();
                      return s.run(Duration.ZERO);
                    }));
          }
          go.countDown();
          for (Future<SlaSweep.Outcome> f : runs) {
            f.get();
          }
        }
        sweepNow();
      }
      assertThat(secondRan.get()).isEqualTo(2);
      for (long id : cases) {
        assertThat(templatesAbout(informantWx, numberOf(id)))
            .as("reminder of case %d", id)
            .isEqualTo(1);
        assertThat(templatesAbout(adminWx, numberOf(id)))
            .as("escalation of case %d", id)
            .isEqualTo(1);
      }

      // Even without the sweep's lock, two nodes delivering the same alerts at once send each one
      // once.
      long retried = submitToTown(worker());
      travelTo("2026-09-11T00:00:30");
      sandbox.failNext(TEMPLATE, 43004);
      sweepNow();
      clock.advance(Duration.ofMinutes(6));
      List<Long> pending =
          jdbc.queryForList(
              "SELECT id FROM help_case_alert WHERE case_id = ? AND status = 'PENDING'",
              Long.class,
              retried);
      assertThat(pending).isNotEmpty();
      AlertDelivery here = second.getBean(AlertDelivery.class);
      AlertDelivery there = this.delivery;
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Boolean>> claims = new ArrayList<>();
      for (long alertId : pending) {
        for (AlertDelivery d : List.of(here, there, here, there)) {
          Callable<Boolean> task =
              () -> {
                go.await();
                return d.deliver(alertId);
              };
          claims.add(pool.submit(task));
        }
      }
      go.countDown();
      int claimed = 0;
      for (Future<Boolean> f : claims) {
        claimed += f.get() ? 1 : 0;
      }
      assertThat(claimed).isEqualTo(pending.size());
      assertThat(templatesAbout(informantWx, numberOf(retried))).isEqualTo(1);
    } finally {
      pool.shutdownNow();
      second.close();
    }
  }

  @Autowired AlertDelivery delivery;
}
