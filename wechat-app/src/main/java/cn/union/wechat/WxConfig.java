package cn.union.wechat;

import cn.union.platform.Copy;
import java.time.Clock;
import me.chanjar.weixin.mp.api.WxMpService;
import me.chanjar.weixin.mp.api.impl.WxMpServiceImpl;
import me.chanjar.weixin.mp.config.WxMpHostConfig;
import me.chanjar.weixin.mp.config.impl.WxMpRedissonConfigImpl;
import org.redisson.api.RedissonClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * Wires the WeChat client: token shared across nodes in Redis ({@code wx:access_token:<appid>}),
 * API host from {@code WX_API_BASE} or, when blank, this app's own sandbox.
 */
@Configuration(proxyBeanMethods = false)
class WxConfig {

  private static final Logger log = LoggerFactory.getLogger(WxConfig.class);

  @Bean
  ServletRegistrationBean<PortalServlet> wxPortalServlet(
      WxProperties props, InboundDispatcher dispatcher, Clock clock) {
    ServletRegistrationBean<PortalServlet> registration =
        new ServletRegistrationBean<>(new PortalServlet(props, dispatcher, clock), "/wx/portal");
    registration.setName("wxPortal");
    registration.setLoadOnStartup(1);
    return registration;
  }

  @Bean
  WxMpHostConfig wxMpHostConfig(WxProperties props) {
    WxMpHostConfig host = new WxMpHostConfig();
    if (props.apiBase() != null && !props.apiBase().isBlank()) {
      useHost(host, props.apiBase());
    }
    return host;
  }

  /**
   * With no {@code WX_API_BASE}, the client talks to the sandbox of this very app once the port is
   * known.
   */
  @Bean
  ApplicationListener<WebServerInitializedEvent> sandboxHostBinder(
      WxMpHostConfig host, WxProperties props) {
    return event -> {
      if (host.getApiHost() == null) {
        String base = "http://127.0.0.1:" + event.getWebServer().getPort() + "/sandbox";
        useHost(host, base);
        log.info("WeChat API calls go to the built-in sandbox at {}", base);
      }
    };
  }

  private static void useHost(WxMpHostConfig host, String base) {
    String trimmed = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    host.setApiHost(trimmed);
    if (!trimmed.startsWith("https://api.weixin.qq.com")) {
      // A stand-in API (sandbox, test double) serves the mp and open hosts' paths too.
      host.setMpHost(trimmed);
      host.setOpenHost(trimmed);
    }
  }

  /** Closed with the context: it holds the connections of calls still in flight. */
  @Bean
  WxHttpClient wxHttpClient(WxHttpProperties limits) {
    return new WxHttpClient(limits);
  }

  /**
   * Every WeChat API call goes through {@link WxHttpClient} (connect and read timeouts, no resend
   * by the client). WxJava itself sends a call again only after WeChat answered {@code -1} (busy:
   * it did not take the call), twice, 200 and 400 ms apart, and after a stale token ({@code
   * 40001}), once, with a fresh one; an I/O failure it reports (see {@link WxFailure}) and never
   * repeats.
   */
  @Bean
  WxMpService wxMpService(
      WxProperties props,
      WxHttpProperties limits,
      WxHttpClient http,
      RedissonClient redisson,
      WxMpHostConfig host) {
    WxMpRedissonConfigImpl config = new WxMpRedissonConfigImpl(redisson, "wx");
    config.setAppId(props.appId());
    config.setSecret(props.secret());
    config.setToken(props.token());
    config.setAesKey(props.aesKey());
    config.setHostConfig(host);
    config.setApacheHttpClientBuilder(http);
    WxMpServiceImpl service = new TokenRetryingWxMpService(limits.tokenAttempts());
    service.setWxMpConfigStorage(config);
    service.setMaxRetryTimes(2);
    service.setRetrySleepMillis(200);
    return service;
  }

  @Bean
  ThreadPoolTaskExecutor wxHandlerExecutor() {
    ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
    executor.setThreadNamePrefix("wx-handler-");
    executor.setCorePoolSize(16);
    executor.setMaxPoolSize(64);
    executor.setQueueCapacity(2000);
    executor.setWaitForTasksToCompleteOnShutdown(true);
    executor.setAwaitTerminationSeconds(10);
    return executor;
  }

  @Bean
  WxRouter wxRouter(
      GatewayReplies gateway,
      java.util.List<WxRouteContributor> contributors,
      @Qualifier("wechatCopy") Copy copy) {
    WxRouter router = new WxRouter();
    for (WxRouteContributor contributor : contributors) {
      contributor.contribute(router);
    }
    router
        .click("ABOUT", gateway::about)
        .event("subscribe", gateway::welcome)
        .event("unsubscribe", gateway::silent)
        .event("SCAN", gateway::scanUnknown)
        .event("VIEW", gateway::silent)
        .event("LOCATION", gateway::silent)
        .event("TEMPLATESENDJOBFINISH", gateway::silent)
        .keyword(gateway::help, copy.text("words.help").split(","))
        .messageType("image", gateway::mediaReceived)
        .messageType("voice", gateway::mediaReceived)
        .messageType("video", gateway::mediaReceived)
        .otherwise(gateway::help);
    return router;
  }

  @Bean
  Copy wechatCopy() {
    return Copy.load("wechat");
  }
}
