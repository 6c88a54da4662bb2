package cn.union.voting;

import java.time.Instant;

/** What the voting feature tells the rest of the application, in the past tense. */
public final class VotingEvents {

  private VotingEvents() {}

  public record CampaignCreated(long campaignId, long orgId, String title, Instant at) {}

  public record CampaignStatusChanged(
      long campaignId, CampaignStatus from, CampaignStatus to, Instant at) {}

  /** Published once, when the results were frozen. */
  public record CampaignClosed(long campaignId, long votes, long flagged, Instant at) {}

  /**
   * A vote was held back by the anti-fraud rules (raised once per candidate and minute of burst).
   */
  public record VotesFlagged(long campaignId, long candidateId, String reason, Instant at) {}
}
