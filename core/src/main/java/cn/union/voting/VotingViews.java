package cn.union.voting;

import cn.union.platform.PlatformConfig;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

/** The shapes the voting feature shows to the console, the H5 page and other features. */
public final class VotingViews {

  private VotingViews() {}

  /**
   * What an admin gives to create or edit a campaign; {@code null} fields keep their value on edit.
   */
  public record CampaignData(
      String title,
      String description,
      OffsetDateTime startAt,
      OffsetDateTime endAt,
      Integer votesPerVoterPerDay,
      Integer votesPerCandidatePerDay,
      Boolean membersOnly,
      Integer burstPerMinute,
      Long orgId) {}

  public record CandidateData(
      String name, String unit, Integer number, String photoUrl, String story) {}

  public record CampaignView(
      long id,
      long orgId,
      String title,
      String description,
      OffsetDateTime startAt,
      OffsetDateTime endAt,
      int votesPerVoterPerDay,
      int votesPerCandidatePerDay,
      boolean membersOnly,
      int burstPerMinute,
      String status,
      boolean openNow,
      OffsetDateTime closedAt) {}

  public record CandidateView(
      long id, int number, String name, String unit, String photoUrl, String story) {}

  /**
   * A line of the results: {@code votes} are the votes answered 投票成功; {@code flagged} were held
   * back.
   */
  public record ResultRow(
      long candidateId, int number, String name, String unit, long votes, long flagged) {}

  /** A line of the live ranking on the H5 page (from Redis, counted votes only). */
  public record LiveRow(
      long candidateId, int number, String name, String unit, String photoUrl, long votes) {}

  /** A vote held back for review; the voter is shown only as the start of its keyed hash. */
  public record FlaggedVote(
      long id,
      long candidateId,
      int number,
      String name,
      String voter,
      String channel,
      String reason,
      String review,
      OffsetDateTime castAt) {}

  /** Live counts against the ledger: equal when nothing was lost or doubled. */
  public record Recount(
      long campaignId,
      long ledgerVotes,
      long ledgerFlagged,
      long liveVotes,
      long liveFlagged,
      boolean matches,
      List<ResultRow> rows) {}

  static CampaignView of(Campaign c, Instant now) {
    return new CampaignView(
        c.id(),
        c.orgId(),
        c.title(),
        c.description(),
        offset(c.startAt()),
        offset(c.endAt()),
        c.votesPerDay(),
        c.votesPerCandidate(),
        c.membersOnly(),
        c.burstPerMinute(),
        c.status().name(),
        c.openAt(now),
        offset(c.closedAt()));
  }

  static CandidateView of(Candidate c) {
    return new CandidateView(c.id(), c.number(), c.name(), c.unit(), c.photoUrl(), c.story());
  }

  static OffsetDateTime offset(Instant i) {
    return i == null ? null : i.atZone(PlatformConfig.ZONE).toOffsetDateTime();
  }
}
