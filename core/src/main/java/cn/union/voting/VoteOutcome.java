package cn.union.voting;

/**
 * What became of one vote. Only {@link Result#COUNTED} is answered 投票成功; every other result says
 * why the vote was not counted.
 *
 * @param candidateNumber the number voted for, or {@code null} when the campaign was not found
 * @param candidateName the candidate's name, when there is such a candidate
 * @param remainingToday votes the voter has left today in this campaign, when known ({@code -1}
 *     otherwise)
 */
public record VoteOutcome(
    Result result,
    long campaignId,
    String campaignTitle,
    Integer candidateNumber,
    String candidateName,
    int remainingToday) {

  /** Why a vote was or was not counted. */
  public enum Result {
    COUNTED,
    /** Held back by the anti-fraud rules; recorded for review, not counted. */
    FLAGGED,
    NO_CAMPAIGN,
    /** Several campaigns are open and the message did not say which. */
    AMBIGUOUS,
    NO_SUCH_CANDIDATE,
    NOT_STARTED,
    ENDED,
    PAUSED,
    CLOSED,
    DAY_LIMIT,
    CANDIDATE_LIMIT,
    MEMBERS_ONLY,
    /** Too many requests from one address or one voter in a short time (H5 page). */
    RATE_LIMITED,
    /** The vote could not be recorded durably; nothing was counted. */
    BUSY
  }

  public boolean counted() {
    return result == Result.COUNTED;
  }

  static VoteOutcome of(Result result, Campaign c, Candidate cand, int remaining) {
    return new VoteOutcome(
        result,
        c == null ? 0 : c.id(),
        c == null ? null : c.title(),
        cand == null ? null : cand.number(),
        cand == null ? null : cand.name(),
        remaining);
  }
}
