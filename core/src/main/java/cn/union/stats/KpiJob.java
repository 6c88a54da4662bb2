package cn.union.stats;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Brings the KPI summary up to date on a schedule, so figures stay fresh even when nobody reads
 * them; every node schedules it and {@link KpiSummary}'s lock lets one at a time count.
 */
@Component
@EnableConfigurationProperties(StatsProperties.class)
class KpiJob {

  private static final Logger log = LoggerFactory.getLogger(KpiJob.class);

  private final KpiSummary summary;
  private final StatsProperties props;

  KpiJob(KpiSummary summary, StatsProperties props) {
    this.summary = summary;
    this.props = props;
  }

  @Scheduled(initialDelayString = "PT1M", fixedDelayString = "${union.stats.refresh-every:PT1M}")
  void scheduled() {
    if (!props.refreshEnabled()) {
      return;
    }
    int days = summary.refresh();
    if (days > 0) {
      log.info("KPI summary: {} day(s) counted again", days);
    }
  }
}
