package cn.union.voting;

import cn.union.org.Org;
import cn.union.org.OrgService;
import cn.union.shared.DomainException;
import cn.union.shared.PageResult;
import cn.union.staff.Caller;
import cn.union.voting.VotingEvents.CampaignClosed;
import cn.union.voting.VotingEvents.CampaignCreated;
import cn.union.voting.VotingEvents.CampaignStatusChanged;
import cn.union.voting.VotingViews.CampaignData;
import cn.union.voting.VotingViews.CampaignView;
import cn.union.voting.VotingViews.CandidateData;
import cn.union.voting.VotingViews.CandidateView;
import cn.union.voting.VotingViews.ResultRow;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Campaigns and their candidates, for the admins of an org subtree: create and edit the rules,
 * pause, resume and close (which freezes the results).
 */
@Service
public class CampaignAdmin {

  private final Campaigns campaigns;
  private final VoteCounter counter;
  private final VoteResults results;
  private final OrgService orgs;
  private final VotingProperties props;
  private final ApplicationEventPublisher events;
  private final Clock clock;

  CampaignAdmin(
      Campaigns campaigns,
      VoteCounter counter,
      VoteResults results,
      OrgService orgs,
      VotingProperties props,
      ApplicationEventPublisher events,
      Clock clock) {
    this.campaigns = campaigns;
    this.counter = counter;
    this.results = results;
    this.orgs = orgs;
    this.props = props;
    this.events = events;
    this.clock = clock;
  }

  // ---------------------------------------------------------------- campaigns

  @Transactional
  public CampaignView create(Caller caller, CampaignData data) {
    Org org =
        orgs.visibleIn(caller.orgPath(), data.orgId() == null ? caller.orgId() : data.orgId());
    Instant now = clock.instant();
    if (data.votesPerVoterPerDay() == null) {
      throw DomainException.invalid("campaign.votesPerVoterPerDay", "请填写每人每天可投票数");
    }
    int perDay = data.votesPerVoterPerDay();
    Campaign c =
        validated(
            new Campaign(
                0,
                org.getId(),
                org.getPath(),
                text(data.title()),
                data.description(),
                instant(data.startAt(), "startAt"),
                instant(data.endAt(), "endAt"),
                perDay,
                data.votesPerCandidatePerDay() == null ? perDay : data.votesPerCandidatePerDay(),
                Boolean.TRUE.equals(data.membersOnly()),
                data.burstPerMinute() == null
                    ? props.defaultBurstPerMinute()
                    : data.burstPerMinute(),
                CampaignStatus.OPEN,
                now,
                null));
    long id = campaigns.insert(c);
    events.publishEvent(new CampaignCreated(id, org.getId(), c.title(), now));
    return view(campaigns.find(id));
  }

  @Transactional
  public CampaignView update(Caller caller, long id, CampaignData data) {
    Campaign c = campaigns.visible(caller, id);
    if (c.status() == CampaignStatus.CLOSED) {
      throw DomainException.conflict("campaign.closed", "投票活动已结束，不能再修改");
    }
    Campaign next =
        validated(
            new Campaign(
                c.id(),
                c.orgId(),
                c.orgPath(),
                data.title() == null ? c.title() : text(data.title()),
                data.description() == null ? c.description() : data.description(),
                data.startAt() == null ? c.startAt() : data.startAt().toInstant(),
                data.endAt() == null ? c.endAt() : data.endAt().toInstant(),
                data.votesPerVoterPerDay() == null ? c.votesPerDay() : data.votesPerVoterPerDay(),
                data.votesPerCandidatePerDay() == null
                    ? c.votesPerCandidate()
                    : data.votesPerCandidatePerDay(),
                data.membersOnly() == null ? c.membersOnly() : data.membersOnly(),
                data.burstPerMinute() == null ? c.burstPerMinute() : data.burstPerMinute(),
                c.status(),
                c.createdAt(),
                c.closedAt()));
    campaigns.update(next);
    counter.updateState(next);
    return view(next);
  }

  public CampaignView get(Caller caller, long id) {
    return view(campaigns.visible(caller, id));
  }

  /** The org path a campaign belongs to (for the audit trail), when the caller sees it. */
  public String orgPathOf(Caller caller, long id) {
    return campaigns.visible(caller, id).orgPath();
  }

  public PageResult<CampaignView> list(Caller caller, int page, int size) {
    List<CampaignView> items =
        campaigns.list(caller.orgPath(), (page - 1) * size, size).stream().map(this::view).toList();
    return new PageResult<>(items, campaigns.count(caller.orgPath()), page, size);
  }

  public CampaignView pause(Caller caller, long id) {
    return move(campaigns.visible(caller, id), CampaignStatus.PAUSED);
  }

  public CampaignView resume(Caller caller, long id) {
    return move(campaigns.visible(caller, id), CampaignStatus.OPEN);
  }

  /**
   * Closes the campaign for good and freezes its results: votes are refused from now on, the votes
   * already counted are written first, and the results are stored as they then stand.
   */
  public CampaignView close(Caller caller, long id) {
    Campaign c = campaigns.visible(caller, id);
    if (c.status() == CampaignStatus.CLOSED) {
      return view(c);
    }
    Instant now = clock.instant();
    if (!campaigns.move(id, c.status(), CampaignStatus.CLOSED, now)) {
      throw DomainException.conflict("campaign.moved", "投票活动状态已被他人修改，请刷新");
    }
    Campaign closed = campaigns.find(id);
    List<ResultRow> rows = results.freeze(closed);
    events.publishEvent(new CampaignStatusChanged(id, c.status(), CampaignStatus.CLOSED, now));
    events.publishEvent(
        new CampaignClosed(
            id,
            rows.stream().mapToLong(ResultRow::votes).sum(),
            rows.stream().mapToLong(ResultRow::flagged).sum(),
            now));
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
    Campaign c = campaigns.visible(caller, campaignId);
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
      return VotingViews.of(
          new Candidate(
              id, campaignId, number, cand.name(), cand.unit(), cand.photoUrl(), cand.story()));
    } catch (DuplicateKeyException e) {
      throw DomainException.conflict("candidate.number-taken", "编号 " + number + " 已有候选人");
    }
  }

  public CandidateView updateCandidate(
      Caller caller, long campaignId, long candidateId, CandidateData data) {
    campaigns.visible(caller, campaignId);
    Candidate old =
        campaigns.candidates(campaignId).stream()
            .filter(x -> x.id() == candidateId)
            .findFirst()
            .orElseThrow(() -> DomainException.notFound("候选人"));
    CandidateData merged =
        new CandidateData(
            data.name() == null ? old.name() : data.name(),
            data.unit() == null ? old.unit() : data.unit(),
            old.number(),
            data.photoUrl() == null ? old.photoUrl() : data.photoUrl(),
            data.story() == null ? old.story() : data.story());
    Candidate next = candidate(candidateId, campaignId, old.number(), merged);
    campaigns.updateCandidate(next);
    return VotingViews.of(next);
  }

  public List<CandidateView> candidates(Caller caller, long campaignId) {
    campaigns.visible(caller, campaignId);
    return campaigns.candidates(campaignId).stream().map(VotingViews::of).toList();
  }

  private static Candidate candidate(long id, long campaignId, int number, CandidateData data) {
    String name = data.name() == null ? "" : data.name().strip();
    if (name.isEmpty() || name.length() > 64) {
      throw DomainException.invalid("candidate.name", "请填写候选人姓名（不超过64个字）");
    }
    if (data.unit() != null && data.unit().length() > 128) {
      throw DomainException.invalid("candidate.unit", "单位不超过128个字");
    }
    String photo =
        data.photoUrl() == null || data.photoUrl().isBlank() ? null : data.photoUrl().strip();
    if (photo != null
        && (photo.length() > 1024
            || !(photo.startsWith("https://")
                || photo.startsWith("http://")
                || photo.startsWith("/")))) {
      throw DomainException.invalid("candidate.photo", "照片地址应为 http(s) 链接或站内路径");
    }
    if (data.story() != null && data.story().length() > 4000) {
      throw DomainException.invalid("candidate.story", "事迹不超过4000字");
    }
    return new Candidate(
        id,
        campaignId,
        number,
        name,
        data.unit() == null ? null : data.unit().strip(),
        photo,
        data.story());
  }

  // ---------------------------------------------------------------- helpers

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
    return VotingViews.of(c, clock.instant());
  }
}
