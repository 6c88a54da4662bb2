package cn.union.helpdesk;

import cn.union.platform.Copy;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The helpdesk's copy, loaded once at start so a missing file fails the start, not a worker's
 * message.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(HelpdeskProperties.class)
class HelpdeskConfig {

  @Bean
  Copy helpdeskCopy() {
    return Copy.load("helpdesk");
  }
}
