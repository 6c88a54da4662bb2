package cn.union.voting;

import cn.union.platform.Copy;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Voting's settings and copy, loaded at start so a missing copy file fails the start. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(VotingProperties.class)
class VotingConfig {

  @Bean
  Copy votingCopy() {
    return Copy.load("voting");
  }
}
