package cn.union.sandbox;

import cn.union.wechat.WxProperties;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The sandbox exists only in the embedded default ({@code union.sandbox.enabled}); never in prod. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "union.sandbox.enabled", havingValue = "true")
class SandboxConfig {

  @Bean
  SandboxWeChat sandboxWeChat(WxProperties props, Clock clock) {
    return new SandboxWeChat(props.appId(), props.secret(), clock);
  }
}
