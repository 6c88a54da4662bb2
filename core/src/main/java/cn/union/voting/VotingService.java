package cn.union.voting;

import cn.union.member.MemberService;
import cn.union.org.OrgService;
import cn.union.org.OrgUnit;
import cn.union.platform.DataProtection;
import cn.union.platform.PlatformConfig;
import cn.union.shared.DomainException;
import cn.union.shared.PageResult;
import cn.union.staff.Caller;
import cn.union.voting.VoteOutcome.Result;
import cn.union.voting.VotingEvents.CampaignClosed;
import cn.union.voting.VotingEvents.CampaignCreated;
import cn.union.voting.VotingEvents.CampaignStatusChanged;
import cn.union.voting.VotingViews.CampaignData;
import cn.union.voting.VotingViews.CampaignView;
import cn.union.voting.VotingViews.CandidateData;
import cn.union.voting.VotingViews.CandidateView;
import cn.union.voting.VotingViews.FlaggedVote;
import cn.union.voting.VotingViews.LiveRow;
import cn.union.voting.VotingViews.Recount;
import cn.union.voting.VotingViews.ResultRow;
import java.io.IOException;
import java.io.Writer;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * 最美职工 voting: campaigns and candidates for admins of an org subtree, the vote itself for
 * workers (by message or the H5 page), live ranking, results (frozen when a campaign is closed) and
 * the review list of flagged votes.
 */
@Service
public class VotingService {

  /** What an idempotency key of the H5 page may look like. */
  public static final Pattern REQUEST_KEY = Pattern.compile("[A-Za-z0-9_-]{8,64}");

  private final Campaigns campaigns;
  private final Ballots ballots;
  private final VoteCounter counter;
  private final JdbcTemplate jdbc;
  private final OrgService orgs;
  private final MemberService members;
  private final DataProtection protection;
  private final VotingProperties props;
  private final ApplicationEventPublisher events;
  private final Clock clock;

  VotingService(Campaigns campaigns, Ballots ballots, VoteCounter counter, JdbcTemplate jdbc, OrgService orgs,
      MemberService members, DataProtection protection, VotingProperties props, ApplicationEventPublisher events,
      Clock clock) {
    this.campaigns = campaigns;
    this.ballots = ballots;
    this.counter = counter;
    this.jdbc = jdbc;
    this.orgs = orgs;
    this.members = members;
    this.protection = protection;
    this.props = props;
    this.events = events;
    this.clock = clock;
  }

  // ---------------------------------------------------------------- campaigns (admins)

  @Transactional
  public CampaignView create(Caller caller, CampaignData data) {
    OrgUnit org = orgs.visibleIn(caller.orgPath(), data.orgId() == null ? caller.orgId() : data.orgId());
    Instant now = clock.instant();
    int perDay = require(data.votesPerVoterPerDay(), "votesPerVoterPerDay", "请填写每人每天可投票数");
    Campaign c = validated(new Campaign(0, org.getId(), org.getPath(), text(data.title()), data.description(),
        instant(data.startAt(), "startAt"), instant(data.endAt(), "endAt"), perDay,
        data.votesPerCandidatePerDay() == null ? perDay : data.votesPerCandidatePerDay(),
        Boolean.TRUE.equals(data.membersOnly()),
        data.burstPerMinute() == null ? props.defaultBurstPerMinute() : data.burstPerMinute(),
        CampaignStatus.OPEN, now, null));
    long id = campaigns.insert(c);
    events.publishEvent(new CampaignCreated(id, org.getId(), c.title(), now));
    return view(campaigns.find(id));
  }

  @Transactional
  public CampaignView update(Caller caller, long id, CampaignData data) {
    Campaign c = visible(caller, id);
    if (c.status() == CampaignStatus.CLOSED) {
      throw DomainException.conflict("campaign.closed", "投票活动已结束，不能再修改");
    }
    Campaign next = validated(new Campaign(c.id(), c.orgId(), c.orgPath(),
        data.title() == null ? c.title() : text(data.title()),
        data.description() == null ? c.description() : data.description(),
        data.startAt() == null ? c.startAt() : data.startAt().toInstant(),
        data.endAt() == null ? c.endAt() : data.endAt().toInstant(),
        data.votesPerVoterPerDay() == null ? c.votesPerDay() : data.votesPerVoterPerDay(),
        data.votesPerCandidatePerDay() == null ? c.votesPerCandidate() : data.votesPerCandidatePerDay(),
        data.membersOnly() == null ? c.membersOnly() : data.membersOnly(),
        data.burstPerMinute() == null ? c.burstPerMinute() : data.burstPerMinute(),
        c.status(), c.createdAt(), c.closedAt()));
    campaigns.update(next);
    counter.updateState(next);
    return view(next);
  }

  public CampaignView get(Caller caller, long id) {
    return view(visible(caller, id));
  }

  /** The org path a campaign belongs to (for the audit trail), when the caller sees it. */
  public String orgPathOf(Caller caller, long id) {
    return visible(caller, id).orgPath();
  }

  public PageResult<CampaignView> list(Caller caller, int page, int size) {
    List<CampaignView> items = campaigns.list(caller.orgPath(), (page - 1) * size, size).stream()
        .map(this::view).toList();
    return new PageResult<>(items, campaigns.count(caller.orgPath()), page, size);
  }

  public CampaignView pause(Caller caller, long id) {
    return move(visible(caller, id), CampaignStatus.PAUSED);
  }

  public CampaignView resume(Caller caller, long id) {
    return move(visible(caller, id), CampaignStatus.OPEN);
  }

  /**
   * Closes the campaign for good and freezes its results: votes are refused from now on, the votes
   * already counted are written first, and the results are stored as they then stand.
   */
  public CampaignView close(Caller caller, long id) {
    Campaign c = visible(caller, id);
    if (c.status() == CampaignStatus.CLOSED) {
      return view(c);
    }
    Instant now = clock.instant();
    if (!campaigns.move(id, c.status(), CampaignStatus.CLOSED, now)) {
      throw DomainException.conflict("campaign.moved", "投票活动状态已被他人修改，请刷新");
    }
    Campaign closed = campaigns.find(id);
    if (counter.built(VoteCounter.key(closed))) {
      counter.updateState(closed);
    } else {
      ballots.rebuild(id, false);
    }
    ballots.awaitInFlight(closed);
    jdbc.update("DELETE FROM vote_result WHERE campaign_id = ?", id);
    jdbc.update("INSERT INTO vote_result (campaign_id, candidate_id, votes, flagged)"
        + " SELECT c.campaign_id, c.id, COALESCE(SUM(CASE WHEN l.flagged = 0 THEN 1 ELSE 0 END), 0),"
        + " COALESCE(SUM(CASE WHEN l.flagged = 1 THEN 1 ELSE 0 END), 0)"
        + " FROM vote_candidate c LEFT JOIN vote_ledger l ON l.campaign_id = c.campaign_id AND l.candidate_id = c.id"
        + " WHERE c.campaign_id = ? GROUP BY c.campaign_id, c.id", id);
    List<ResultRow> rows = results(closed);
    events.publishEvent(new CampaignStatusChanged(id, c.status(), CampaignStatus.CLOSED, now));
    events.publishEvent(new CampaignClosed(id, rows.stream().mapToLong(ResultRow::votes).sum(),
        rows.stream().mapToLong(ResultRow::flagged).sum(), now));
    return view(closed);
  }

  private CampaignView move(Campaign c, CampaignStatus to) {
    if (c.status() == to) {
      return view(c);
    }
    if (!c.status().canMoveTo(to)) {
      throw DomainException.conflict("campaign.closed", "投票活动已结束，不能再暂停或恢复");
    }
    Instant now = clock.instant();
    if (!campaigns.move(c.id(), c.status(), to, now)) {
      throw DomainException.conflict("campaign.moved", "投票活动状态已被他人修改，请刷新");
    }
    Campaign moved = campaigns.find(c.id());
    counter.updateState(moved);
    events.publishEvent(new CampaignStatusChanged(c.id(), c.status(), to, now));
    return view(moved);
  }

  // ---------------------------------------------------------------- candidates

  public CandidateView addCandidate(Caller caller, long campaignId, CandidateData data) {
    Campaign c = visible(caller, campaignId);
    if (c.status() == CampaignStatus.CLOSED) {
      throw DomainException.conflict("campaign.closed", "投票活动已结束，不能再添加候选人");
    }
    int number;
    if (data.number() == null) {
      Integer max = campaigns.maxNumber(campaignId);
      number = max == null ? 1 : max + 1;
    } else {
      number = data.number();
    }
    if (number < 1 || number > 999_999) {
      throw DomainException.invalid("candidate.number", "候选人编号应为 1–999999 的整数");
    }
    Candidate cand = candidate(0, campaignId, number, data);
    try {
      long id = campaigns.insertCandidate(cand, clock.instant());
      return view(new Candidate(id, campaignId, number, cand.name(), cand.unit(), cand.photoUrl(), cand.story()));
    } catch (DuplicateKeyException e) {
      throw DomainException.conflict("candidate.number-taken", "编号 " + number + " 已有候选人");
    }
  }

  public CandidateView updateCandidate(Caller caller, long campaignId, long candidateId, CandidateData data) {
    visible(caller, campaignId);
    Candidate old = campaigns.candidates(campaignId).stream().filter(x -> x.id() == candidateId).findFirst()
        .orElseThrow(() -> DomainException.notFound("候选人"));
    CandidateData merged = new CandidateData(data.name() == null ? old.name() : data.name(),
        data.unit() == null ? old.unit() : data.unit(), old.number(),
        data.photoUrl() == null ? old.photoUrl() : data.photoUrl(), data.story() == null ? old.story() : data.story());
    Candidate next = candidate(candidateId, campaignId, old.number(), merged);
    campaigns.updateCandidate(next);
    return view(next);
  }

  public List<CandidateView> candidates(Caller caller, long campaignId) {
    visible(caller, campaignId);
    return campaigns.candidates(campaignId).stream().map(VotingService::view).toList();
  }

  private static Candidate candidate(long id, long campaignId, int number, CandidateData data) {
    String name = data.name() == null ? "" : data.name().strip();
    if (name.isEmpty() || name.length() > 64) {
      throw DomainException.invalid("candidate.name", "请填写候选人姓名（不超过64个字）");
    }
    if (data.unit() != null && data.unit().length() > 128) {
      throw DomainException.invalid("candidate.unit", "单位不超过128个字");
    }
    String photo = data.photoUrl() == null || data.photoUrl().isBlank() ? null : data.photoUrl().strip();
    if (photo != null && (photo.length() > 1024
        || !(photo.startsWith("https://") || photo.startsWith("http://") || photo.startsWith("/")))) {
      throw DomainException.invalid("candidate.photo", "照片地址应为 http(s) 链接或站内路径");
    }
    if (data.story() != null && data.story().length() > 4000) {
      throw DomainException.invalid("candidate.story", "事迹不超过4000字");
    }
    return new Candidate(id, campaignId, number, name, data.unit() == null ? null : data.unit().strip(), photo,
        data.story());
  }

  // ---------------------------------------------------------------- results

  /** The ranking, most votes first: from the ledger, or from the frozen results once closed. */
  public List<ResultRow> results(Caller caller, long campaignId) {
    return results(visible(caller, campaignId));
  }

  List<ResultRow> results(Campaign c) {
    Map<Long, long[]> counts = new HashMap<>();
    if (c.status() == CampaignStatus.CLOSED) {
      jdbc.query("SELECT candidate_id, votes, flagged FROM vote_result WHERE campaign_id = ?",
          rs -> {
            counts.put(rs.getLong("candidate_id"), new long[] {rs.getLong("votes"), rs.getLong("flagged")});
          }, c.id());
    } else {
      jdbc.query("SELECT candidate_id, flagged, COUNT(*) AS n FROM vote_ledger WHERE campaign_id = ?"
          + " GROUP BY candidate_id, flagged", rs -> {
            counts.computeIfAbsent(rs.getLong("candidate_id"), k -> new long[2])[rs.getBoolean("flagged") ? 1 : 0] =
                rs.getLong("n");
          }, c.id());
    }
    List<ResultRow> rows = new ArrayList<>();
    for (Candidate cand : campaigns.candidates(c.id())) {
      long[] n = counts.getOrDefault(cand.id(), new long[2]);
      rows.add(new ResultRow(cand.id(), cand.number(), cand.name(), cand.unit(), n[0], n[1]));
    }
    rows.sort(Comparator.comparingLong(ResultRow::votes).reversed().thenComparingInt(ResultRow::number));
    return rows;
  }

  /** The results as CSV (UTF-8 with a BOM, so Excel opens it). */
  public void writeResultsCsv(Caller caller, long campaignId, Writer out) throws IOException {
    Campaign c = visible(caller, campaignId);
    out.write('\uFEFF');
    out.write("名次,编号,姓名,单位,得票,待审核票\r\n");
    int place = 0;
    for (ResultRow r : results(c)) {
      place++;
      out.write(place + "," + r.number() + "," + csv(r.name()) + "," + csv(r.unit()) + "," + r.votes() + ","
          + r.flagged() + "\r\n");
    }
  }

  private static String csv(String s) {
    if (s == null) {
      return "";
    }
    // A leading =, +, - or @ would be read by Excel as a formula.
    String safe = !s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0 ? "'" + s : s;
    return "\"" + safe.replace("\"", "\"\"") + "\"";
  }

  /** Live counts against the ledger; with {@code rebuild}, the live counts are first rebuilt from it. */
  public Recount recount(Caller caller, long campaignId, boolean rebuild) {
    Campaign c = visible(caller, campaignId);
    if (rebuild || !counter.built(VoteCounter.key(c))) {
      ballots.rebuild(campaignId, rebuild);
    } else {
      ballots.awaitInFlight(c);
    }
    List<ResultRow> rows = results(c.status() == CampaignStatus.CLOSED ? withStatus(c, CampaignStatus.OPEN) : c);
    Map<Long, Long> live = counter.live(VoteCounter.key(c), false);
    Map<Long, Long> liveFlagged = counter.live(VoteCounter.key(c), true);
    long ledgerVotes = rows.stream().mapToLong(ResultRow::votes).sum();
    long ledgerFlagged = rows.stream().mapToLong(ResultRow::flagged).sum();
    boolean matches = true;
    for (ResultRow r : rows) {
      matches &= live.getOrDefault(r.candidateId(), 0L) == r.votes()
          && liveFlagged.getOrDefault(r.candidateId(), 0L) == r.flagged();
    }
    return new Recount(campaignId, ledgerVotes, ledgerFlagged, live.values().stream().mapToLong(Long::longValue).sum(),
        liveFlagged.values().stream().mapToLong(Long::longValue).sum(), matches, rows);
  }

  private static Campaign withStatus(Campaign c, CampaignStatus s) {
    return new Campaign(c.id(), c.orgId(), c.orgPath(), c.title(), c.description(), c.startAt(), c.endAt(),
        c.votesPerDay(), c.votesPerCandidate(), c.membersOnly(), c.burstPerMinute(), s, c.createdAt(), c.closedAt());
  }

  /** Votes held back by the anti-fraud rules, newest first. */
  public PageResult<FlaggedVote> flagged(Caller caller, long campaignId, int page, int size) {
    visible(caller, campaignId);
    List<FlaggedVote> items = jdbc.query("SELECT l.id, l.candidate_id, c.number, c.name, l.voter, l.channel,"
            + " l.flag_reason, l.review, l.cast_at FROM vote_ledger l JOIN vote_candidate c ON c.id = l.candidate_id"
            + " WHERE l.campaign_id = ? AND l.flagged = 1 ORDER BY l.id DESC LIMIT ? OFFSET ?",
        (rs, i) -> new FlaggedVote(rs.getLong("id"), rs.getLong("candidate_id"), rs.getInt("number"),
            rs.getString("name"), rs.getString("voter").substring(0, 8), rs.getString("channel"),
            rs.getString("flag_reason"), rs.getString("review"), offset(Campaigns.instant(rs, "cast_at"))),
        campaignId, size, (page - 1) * size);
    Long total = jdbc.queryForObject("SELECT COUNT(*) FROM vote_ledger WHERE campaign_id = ? AND flagged = 1",
        Long.class, campaignId);
    return new PageResult<>(items, total == null ? 0 : total, page, size);
  }

  /** An admin's verdict on a flagged vote: {@code FRAUD} or {@code GENUINE}; it stays out of {@code votes}. */
  public void review(Caller caller, long campaignId, long voteId, String verdict) {
    visible(caller, campaignId);
    String v = verdict == null ? "" : verdict.strip().toUpperCase(Locale.ROOT);
    if (!v.equals("FRAUD") && !v.equals("GENUINE")) {
      throw DomainException.invalid("vote.verdict", "审核结论应为 FRAUD（作弊）或 GENUINE（正常）");
    }
    int n = jdbc.update("UPDATE vote_ledger SET review = ? WHERE id = ? AND campaign_id = ? AND flagged = 1", v,
        voteId, campaignId);
    if (n == 0) {
      throw DomainException.notFound("待审核投票");
    }
  }

  // ---------------------------------------------------------------- workers

  /**
   * One vote by a worker.
   *
   * @param campaignId the campaign, or {@code null} for "the open campaign" (by message)
   * @param source what makes the request unique, e.g. {@code wx:<inbound id>} or {@code h5:<key>}
   * @param channel {@code WX} or {@code H5}
   */
  public record VoteRequest(String openid, Long campaignId, int number, String source, String channel,
      String clientIp) {}

  public VoteOutcome vote(VoteRequest req) {
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
        List<Campaign> having = open.stream().filter(x -> campaigns.candidate(x.id(), req.number()) != null).toList();
        if (having.size() != 1) {
          return VoteOutcome.of(having.isEmpty() ? Result.NO_SUCH_CANDIDATE : Result.AMBIGUOUS, null, null, -1);
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
    return ballots.cast(c, cand, voterOf(req.openid()), req.source(), req.channel(), req.clientIp());
  }

  /**
   * A vote from the H5 page: limited per voter and per address (a minute each), then counted like
   * any other. The page's idempotency key makes a retried request count once and answer the same.
   */
  public VoteOutcome voteOnPage(String openid, long campaignId, int number, String requestKey, String clientIp) {
    if (requestKey == null || !REQUEST_KEY.matcher(requestKey).matches()) {
      throw DomainException.invalid("vote.request-key", "缺少或无效的请求标识（Idempotency-Key）");
    }
    Campaign c = campaigns.cached(campaignId);
    if (c == null) {
      return VoteOutcome.of(Result.NO_CAMPAIGN, null, null, -1);
    }
    String minute = Long.toString(clock.instant().getEpochSecond() / 60);
    String voter = voterOf(openid);
    if (!counter.allow("vote:rl:v:" + voter + ":" + minute, props.h5VotesPerMinutePerVoter(), java.time.Duration.ofMinutes(2))
        || !counter.allow("vote:rl:ip:" + protection.lookupHash("ip:" + clientIp) + ":" + minute,
            props.h5VotesPerMinutePerIp(), java.time.Duration.ofMinutes(2))) {
      return VoteOutcome.of(Result.RATE_LIMITED, c, campaigns.candidate(campaignId, number), -1);
    }
    return vote(new VoteRequest(openid, campaignId, number, "h5:" + requestKey, "H5", clientIp));
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
   * name, unit or number.
   */
  public List<LiveRow> live(long campaignId, String query) {
    Campaign c = campaigns.cached(campaignId);
    if (c == null) {
      throw DomainException.notFound("投票活动");
    }
    Map<Long, Long> votes;
    if (c.status() == CampaignStatus.CLOSED) {
      votes = new HashMap<>();
      for (ResultRow r : results(c)) {
        votes.put(r.candidateId(), r.votes());
      }
    } else {
      if (!counter.built(VoteCounter.key(c))) {
        ballots.rebuild(campaignId, false);
      }
      votes = counter.live(VoteCounter.key(c), false);
    }
    String q = query == null ? "" : query.strip();
    List<LiveRow> rows = new ArrayList<>();
    for (Candidate cand : campaigns.candidatesByNumber(campaignId).values()) {
      if (!q.isEmpty() && !cand.name().contains(q) && !(cand.unit() != null && cand.unit().contains(q))
          && !Integer.toString(cand.number()).equals(q)) {
        continue;
      }
      rows.add(new LiveRow(cand.id(), cand.number(), cand.name(), cand.unit(), cand.photoUrl(),
          votes.getOrDefault(cand.id(), 0L)));
    }
    rows.sort(Comparator.comparingLong(LiveRow::votes).reversed().thenComparingInt(LiveRow::number));
    return rows;
  }

  // ---------------------------------------------------------------- helpers

  private Campaign visible(Caller caller, long id) {
    Campaign c = campaigns.find(id);
    if (c == null || !caller.sees(c.orgPath())) {
      throw DomainException.notFound("投票活动");
    }
    return c;
  }

  private static Campaign validated(Campaign c) {
    if (c.title().isEmpty() || c.title().length() > 128) {
      throw DomainException.invalid("campaign.title", "请填写活动名称（不超过128个字）");
    }
    if (c.description() != null && c.description().length() > 2000) {
      throw DomainException.invalid("campaign.description", "活动说明不超过2000字");
    }
    if (!c.endAt().isAfter(c.startAt())) {
      throw DomainException.invalid("campaign.window", "结束时间应晚于开始时间");
    }
    if (c.votesPerDay() < 1 || c.votesPerDay() > 1000) {
      throw DomainException.invalid("campaign.votes-per-day", "每人每天可投票数应为 1–1000");
    }
    if (c.votesPerCandidate() < 1 || c.votesPerCandidate() > c.votesPerDay()) {
      throw DomainException.invalid("campaign.votes-per-candidate", "每人每天对同一候选人的票数应为 1 至每天可投票数");
    }
    if (c.burstPerMinute() < 1) {
      throw DomainException.invalid("campaign.burst", "每分钟异常票阈值应为正整数");
    }
    return c;
  }

  private static int require(Integer value, String field, String message) {
    if (value == null) {
      throw DomainException.invalid("campaign." + field, message);
    }
    return value;
  }

  private static Instant instant(OffsetDateTime t, String field) {
    if (t == null) {
      throw DomainException.invalid("campaign." + field, "请填写活动开始和结束时间");
    }
    return t.toInstant();
  }

  private static String text(String s) {
    return s == null ? "" : s.strip();
  }

  private CampaignView view(Campaign c) {
    return new CampaignView(c.id(), c.orgId(), c.title(), c.description(), offset(c.startAt()), offset(c.endAt()),
        c.votesPerDay(), c.votesPerCandidate(), c.membersOnly(), c.burstPerMinute(), c.status().name(),
        c.openAt(clock.instant()), offset(c.closedAt()));
  }

  private static CandidateView view(Candidate c) {
    return new CandidateView(c.id(), c.number(), c.name(), c.unit(), c.photoUrl(), c.story());
  }

  private static OffsetDateTime offset(Instant i) {
    return i == null ? null : i.atZone(PlatformConfig.ZONE).toOffsetDateTime();
  }
}
