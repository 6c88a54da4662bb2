package cn.union.voting;

import cn.union.member.MemberService;
import cn.union.platform.Copy;
import cn.union.platform.DataProtection;
import cn.union.platform.RecentReads;
import cn.union.shared.DomainException;
import cn.union.voting.VoteOutcome.Result;
import cn.union.voting.VotingViews.CampaignView;
import cn.union.voting.VotingViews.LiveRow;
import cn.union.voting.VotingViews.ResultRow;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;

/**
 * 最美职工 voting for workers: the vote itself (by message or the H5 page, with the page's limits per
 * voter and address), the open campaigns and the live ranking. Campaign administration is {@link
 * CampaignAdmin}'s, results and review {@link VoteResults}'.
 */
@Service
public class VotingService {

  /** What an idempotency key of the H5 page may look like. */
  public static final Pattern REQUEST_KEY = Pattern.compile("[A-Za-z0-9_-]{8,64}");

  private static final Copy COPY = Copy.load("voting");

  /** How long live counts read on this node serve the H5 page's later polls. */
  static final Duration LIVE_FOR = Duration.ofSeconds(1);

  /** Campaigns (and states) whose counts are remembered at most; beyond it the memory restarts. */
  private static final int MAX_LIVE_COUNTS = 1_000;

  /** Counts read a moment ago, by campaign key and state. */
  private final RecentReads<String, Map<Long, Long>> liveCounts;

  private final Campaigns campaigns;
  private final Ballots ballots;
  private final VoteCounter counter;
  private final VoteResults results;
  private final MemberService members;
  private final DataProtection protection;
  private final VotingProperties props;
  private final Clock clock;

  VotingService(
      Campaigns campaigns,
      Ballots ballots,
      VoteCounter counter,
      VoteResults results,
      MemberService members,
      DataProtection protection,
      VotingProperties props,
      Clock clock) {
    this.campaigns = campaigns;
    this.ballots = ballots;
    this.counter = counter;
    this.results = results;
    this.members = members;
    this.protection = protection;
    this.props = props;
    this.clock = clock;
    this.liveCounts = new RecentReads<>(clock, LIVE_FOR, MAX_LIVE_COUNTS);
  }

  // ---------------------------------------------------------------- workers

  /**
   * One vote by a worker.
   *
   * @param campaignId the campaign, or {@code null} for "the open campaign" (by message)
   * @param source what makes the request unique, e.g. {@code wx:<inbound id>} or {@code h5:<key>}
   * @param channel {@code WX} or {@code H5}
   */
  record VoteRequest(
      String openid,
      Long campaignId,
      int number,
      String source,
      String channel,
      String clientIp,
      VoteCounter.Limits limits) {}

  VoteOutcome vote(VoteRequest req) {
    Campaign c;
    if (req.campaignId() != null) {
      c = campaigns.cached(req.campaignId());
      if (c == null) {
        return VoteOutcome.of(Result.NO_CAMPAIGN, null, null, -1);
      }
    } else {
      List<Campaign> open = campaigns.activeNow();
      if (open.isEmpty()) {
        return VoteOutcome.of(Result.NO_CAMPAIGN, null, null, -1);
      }
      if (open.size() > 1) {
        List<Campaign> having =
            open.stream().filter(x -> campaigns.candidate(x.id(), req.number()) != null).toList();
        if (having.size() != 1) {
          return VoteOutcome.of(
              having.isEmpty() ? Result.NO_SUCH_CANDIDATE : Result.AMBIGUOUS, null, null, -1);
        }
        open = having;
      }
      c = open.get(0);
    }
    if (c.status() == CampaignStatus.CLOSED) {
      return VoteOutcome.of(Result.CLOSED, c, null, -1);
    }
    Candidate cand = campaigns.candidate(c.id(), req.number());
    if (cand == null) {
      return VoteOutcome.of(Result.NO_SUCH_CANDIDATE, c, null, -1);
    }
    if (c.membersOnly() && members.findByOpenid(req.openid()) == null) {
      return VoteOutcome.of(Result.MEMBERS_ONLY, c, cand, -1);
    }
    return ballots.cast(
        c, cand, voterOf(req.openid()), req.source(), req.channel(), req.clientIp(), req.limits());
  }

  /**
   * A vote from the H5 page: limited per voter and per address (a minute each), then counted like
   * any other. The page's idempotency key makes a retried request count once and answer the same.
   */
  public VoteOutcome voteOnPage(
      String openid, long campaignId, int number, String requestKey, String clientIp) {
    if (requestKey == null || !REQUEST_KEY.matcher(requestKey).matches()) {
      throw DomainException.invalid("vote.request-key", COPY.text("error_request_key"));
    }
    // checked by the vote's own script, in the same round trip to Redis
    VoteCounter.Limits limits =
        new VoteCounter.Limits(
            voterOf(openid),
            props.h5VotesPerMinutePerVoter(),
            protection.lookupHash("ip:" + clientIp),
            props.h5VotesPerMinutePerIp(),
            Duration.ofMinutes(1));
    return vote(
        new VoteRequest(openid, campaignId, number, "h5:" + requestKey, "H5", clientIp, limits));
  }

  /** A voter as the ledger and Redis know them: a keyed hash of the openid, never the openid. */
  public String voterOf(String openid) {
    return protection.lookupHash("vote:" + openid);
  }

  /** Campaigns open for votes now. */
  public List<CampaignView> openCampaigns() {
    return campaigns.openNow().stream().map(this::view).toList();
  }

  /** A campaign as the H5 page shows it, or {@code null} when there is none. */
  public CampaignView publicCampaign(long id) {
    Campaign c = campaigns.cached(id);
    return c == null ? null : view(c);
  }

  /**
   * Candidates with their live counted votes (Redis), most votes first; {@code query} filters by
   * name, unit or number. Counts read less than {@link #LIVE_FOR} ago on this node serve again (an
   * open page polls them every few seconds, and a campaign draws many pages at once); {@code fresh}
   * reads them anew, as the page does right after its voter's own vote.
   */
  public List<LiveRow> live(long campaignId, String query, boolean fresh) {
    Campaign c = campaigns.cached(campaignId);
    if (c == null) {
      throw DomainException.notFound(COPY.text("what_campaign"));
    }
    Map<Long, Long> votes = counts(c, fresh);
    String q = query == null ? "" : query.strip();
    List<LiveRow> rows = new ArrayList<>();
    for (Candidate cand : campaigns.candidatesByNumber(campaignId).values()) {
      if (!q.isEmpty()
          && !cand.name().contains(q)
          && !(cand.unit() != null && cand.unit().contains(q))
          && !Integer.toString(cand.number()).equals(q)) {
        continue;
      }
      rows.add(
          new LiveRow(
              cand.id(),
              cand.number(),
              cand.name(),
              cand.unit(),
              cand.photoUrl(),
              votes.getOrDefault(cand.id(), 0L)));
    }
    rows.sort(
        Comparator.comparingLong(LiveRow::votes).reversed().thenComparingInt(LiveRow::number));
    return rows;
  }

  /** Counted votes per candidate: the frozen results of a closed campaign, else Redis's. */
  private Map<Long, Long> counts(Campaign c, boolean fresh) {
    String key = VoteCounter.key(c) + c.status().name();
    Map<Long, Long> known = fresh ? null : liveCounts.getOrRefresh(key);
    if (known != null) {
      return known;
    }
    long now = liveCounts.now();
    Map<Long, Long> votes;
    if (c.status() == CampaignStatus.CLOSED) {
      votes = new HashMap<>();
      for (ResultRow r : results.results(c)) {
        votes.put(r.candidateId(), r.votes());
      }
    } else {
      if (!counter.built(VoteCounter.key(c))) {
        ballots.rebuild(c.id(), false);
      }
      votes = counter.live(VoteCounter.key(c), false);
    }
    liveCounts.put(key, Map.copyOf(votes), now);
    return votes;
  }

  private CampaignView view(Campaign c) {
    return VotingViews.of(c, clock.instant());
  }
}
