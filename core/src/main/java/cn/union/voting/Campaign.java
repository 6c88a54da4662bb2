package cn.union.voting;

import java.time.Instant;

/** One row of {@code vote_campaign}. */
record Campaign(
    long id,
    long orgId,
    String orgPath,
    String title,
    String description,
    Instant startAt,
    Instant endAt,
    int votesPerDay,
    int votesPerCandidate,
    boolean membersOnly,
    int burstPerMinute,
    CampaignStatus status,
    Instant createdAt,
    Instant closedAt) {

  /** Not closed and inside its window (open or paused). */
  boolean activeAt(Instant now) {
    return status != CampaignStatus.CLOSED && !now.isBefore(startAt) && now.isBefore(endAt);
  }

  boolean openAt(Instant now) {
    return status == CampaignStatus.OPEN && !now.isBefore(startAt) && now.isBefore(endAt);
  }
}
