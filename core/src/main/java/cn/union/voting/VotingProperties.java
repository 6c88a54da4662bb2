package cn.union.voting;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of voting.
 *
 * @param ledgerWait how long a vote waits for its ledger commit before it is answered 系统繁忙
 * @param orphanAfter a vote counted in Redis whose ledger write is unconfirmed this long is checked
 *     against the ledger (kept when written, undone when not)
 * @param sweepEvery how often the orphan check runs
 * @param defaultBurstPerMinute votes a minute for one candidate beyond which votes are flagged
 * @param h5VotesPerMinutePerVoter H5 vote requests a minute one voter may make
 * @param h5VotesPerMinutePerIp H5 vote requests a minute one address may make
 */
@ConfigurationProperties("union.voting")
public record VotingProperties(
    Duration ledgerWait,
    Duration orphanAfter,
    Duration sweepEvery,
    Integer defaultBurstPerMinute,
    Integer h5VotesPerMinutePerVoter,
    Integer h5VotesPerMinutePerIp) {

  public VotingProperties {
    ledgerWait = ledgerWait == null ? Duration.ofSeconds(3) : ledgerWait;
    orphanAfter = orphanAfter == null ? Duration.ofSeconds(30) : orphanAfter;
    sweepEvery = sweepEvery == null ? Duration.ofSeconds(15) : sweepEvery;
    defaultBurstPerMinute = defaultBurstPerMinute == null ? 600 : defaultBurstPerMinute;
    h5VotesPerMinutePerVoter = h5VotesPerMinutePerVoter == null ? 30 : h5VotesPerMinutePerVoter;
    h5VotesPerMinutePerIp = h5VotesPerMinutePerIp == null ? 600 : h5VotesPerMinutePerIp;
  }
}
