package cn.union.support;

import cn.union.UnionApplication;
import cn.union.platform.PlatformConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.redisson.api.RedissonClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of tests that boot the whole application on a random port against real services (see {@link
 * TestServices}). All share one application context.
 */
@SpringBootTest(
    classes = UnionApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import({IntegrationTest.Clocks.class, SlowRoute.class})
public abstract class IntegrationTest {

  public static final String ADMIN = "admin";
  public static final String ADMIN_PASSWORD = "Chief#Test2026";

  @LocalServerPort protected int port;

  @Autowired protected MutableClock clock;

  @DynamicPropertySource
  static void services(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", () -> TestServices.DB_URL);
    registry.add("spring.datasource.username", () -> TestServices.DB_USER);
    registry.add("spring.datasource.password", () -> TestServices.DB_PASSWORD);
    registry.add("union.redis-url", () -> TestServices.REDIS_URL);
    registry.add("union.data-dir", () -> "target/it-data");
    registry.add("union.wx.push-menu-on-start", () -> "false");
    // Tests run the helpdesk's jobs by hand, at the moment (and clock) they choose.
    registry.add("union.helpdesk.jobs-enabled", () -> "false");
    // The same for the reply-tracking sweep: a scheduled run at a moment of its own, under a clock
    // another test moved, would send alerts in the middle of unrelated tests.
    registry.add("union.sla.sweep-enabled", () -> "false");
    // And for the enrollment review sweep (EnrollmentReviewIT runs it by hand).
    registry.add("union.enrollment.sweep-enabled", () -> "false");
    // And for the statistics' KPI refresh, which would recount days under another test's clock.
    registry.add("union.stats.refresh-enabled", () -> "false");
    // And for the inbound log's purge, which InboundPrivacyIT runs by hand.
    registry.add("union.wx.inbound-purge-enabled", () -> "false");
    // And for the sweep of messages logged but never handled (InboundOrphansIT runs it by hand): a
    // test's message left without an outcome on purpose must not be handled behind its back.
    registry.add("union.wx.orphan-sweep-enabled", () -> "false");
    // The contract's variables, so every test also proves they reach the first-start super-admin.
    registry.add("ADMIN_USERNAME", () -> ADMIN);
    registry.add("ADMIN_PASSWORD", () -> ADMIN_PASSWORD);
  }

  @Autowired private RedissonClient redissonForLogins;

  /**
   * Many tests fail a login on purpose, all from this machine's address; the per-address throttle
   * (LoginSecurityIT tests it) must not carry those failures from one test into the next.
   */
  @BeforeEach
  void loginsFromThisMachineStartAfresh() {
    redissonForLogins
        .getKeys()
        .delete(
            "auth:throttle:127.0.0.1", "auth:throttle:0:0:0:0:0:0:0:1", "auth:throttle:unknown");
  }

  @AfterEach
  void realTimeAgain() {
    clock.reset();
  }

  protected ApiClient admin() {
    return ApiClient.loggedIn(baseUrl(), ADMIN, ADMIN_PASSWORD);
  }

  protected ApiClient anonymous() {
    return new ApiClient(baseUrl());
  }

  protected String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  @TestConfiguration(proxyBeanMethods = false)
  static class Clocks {
    @Bean
    @Primary
    MutableClock mutableClock() {
      return new MutableClock(PlatformConfig.ZONE);
    }
  }
}
