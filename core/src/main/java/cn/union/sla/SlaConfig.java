package cn.union.sla;

import cn.union.platform.Copy;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Reply tracking's settings and copy, loaded once at start so a missing file fails the start. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SlaProperties.class)
class SlaConfig {

  @Bean
  Copy slaCopy() {
    return Copy.load("sla");
  }
}
