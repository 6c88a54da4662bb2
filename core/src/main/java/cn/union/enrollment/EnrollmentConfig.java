package cn.union.enrollment;

import cn.union.platform.Copy;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * The feature's copy (loaded at start, so a missing file fails the start), the decision notices'
 * retry settings and the register-import thread.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(NoticeProperties.class)
class EnrollmentConfig {

  @Bean
  Copy enrollmentCopy() {
    return Copy.load("enrollment");
  }

  /**
   * One import at a time per node: an import is one long transaction, and two would fight over the
   * same rows.
   */
  @Bean
  ThreadPoolTaskExecutor enrollmentImportExecutor() {
    ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
    executor.setThreadNamePrefix("register-import-");
    executor.setCorePoolSize(1);
    executor.setMaxPoolSize(1);
    executor.setQueueCapacity(20);
    executor.setWaitForTasksToCompleteOnShutdown(true);
    executor.setAwaitTerminationSeconds(30);
    return executor;
  }
}
