package cn.union.stats;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the statistics ({@code union.stats.*}); every one has a default.
 *
 * @param refreshEnabled whether the scheduled KPI refresh runs on this node (it still takes the
 *     lock)
 * @param refreshEvery how long between two scheduled refreshes
 */
@ConfigurationProperties("union.stats")
record StatsProperties(
    @DefaultValue("true") boolean refreshEnabled, @DefaultValue("PT1M") Duration refreshEvery) {}
