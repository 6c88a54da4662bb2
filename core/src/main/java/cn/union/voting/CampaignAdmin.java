package cn.union.voting;

import cn.union.org.Org;
import cn.union.org.OrgService;
import cn.union.platform.Copy;
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
import java.util.Map;
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

  private static final Copy COPY = Copy.load("voting");

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
      throw DomainException.invalid(
          "campaign.votesPerVoterPerDay", COPY.text("error_votes_per_day_missing"));
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
      throw DomainException.conflict("campaign.closed", COPY.text("error_closed_edit"));
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
      throw DomainException.conflict("campaign.moved", COPY.text("error_moved"));
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
      throw DomainException.conflict("campaign.closed", COPY.text("error_closed_pause"));
    }
    Instant now = clock.instant();
    if (!campaigns.move(c.id(), c.status(), to, now)) {
      throw DomainException.conflict("campaign.moved", COPY.text("error_moved"));
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
      throw DomainException.conflict("campaign.closed", COPY.text("error_closed_add"));
    }
    int number;
    if (data.number() == null) {
      Integer max = campaigns.maxNumber(campaignId);
      number = max == null ? 1 : max + 1;
    } else {
      number = data.number();
    }
    if (number < 1 || number > 999_999) {
      throw DomainException.invalid("candidate.number", COPY.text("error_candidate_number"));
    }
    Candidate cand = candidate(0, campaignId, number, data);
    try {
      long id = campaigns.insertCandidate(cand, clock.instant());
      return VotingViews.of(
          new Candidate(
              id, campaignId, number, cand.name(), cand.unit(), cand.photoUrl(), cand.story()));
    } catch (DuplicateKeyException e) {
      throw DomainException.conflict(
          "candidate.number-taken",
          COPY.render("error_candidate_number_taken", Map.of("number", number)));
    }
  }

  public CandidateView updateCandidate(
      Caller caller, long campaignId, long candidateId, CandidateData data) {
    campaigns.visible(caller, campaignId);
    Candidate old =
        campaigns.candidates(campaignId).stream()
            .filter(x -> x.id() == candidateId)
            .findFirst()
            .orElseThrow(() -> DomainException.notFound(COPY.text("what_candidate")));
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
      throw DomainException.invalid("candidate.name", COPY.text("error_candidate_name"));
    }
    if (data.unit() != null && data.unit().length() > 128) {
      throw DomainException.invalid("candidate.unit", COPY.text("error_candidate_unit"));
    }
    String photo =
        data.photoUrl() == null || data.photoUrl().isBlank() ? null : data.photoUrl().strip();
    if (photo != null
        && (photo.length() > 1024
            || !(photo.startsWith("https://")
                || photo.startsWith("http://")
                || photo.startsWith("/")))) {
      throw DomainException.invalid("candidate.photo", COPY.text("error_candidate_photo_url"));
    }
    if (data.story() != null && data.story().length() > 4000) {
      throw DomainException.invalid("candidate.story", COPY.text("error_candidate_story"));
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
      throw DomainException.invalid("campaign.title", COPY.text("error_title"));
    }
    if (c.description() != null && c.description().length() > 2000) {
      throw DomainException.invalid("campaign.description", COPY.text("error_description"));
    }
    if (!c.endAt().isAfter(c.startAt())) {
      throw DomainException.invalid("campaign.window", COPY.text("error_window"));
    }
    if (c.votesPerDay() < 1 || c.votesPerDay() > 1000) {
      throw DomainException.invalid("campaign.votes-per-day", COPY.text("error_votes_per_day"));
    }
    if (c.votesPerCandidate() < 1 || c.votesPerCandidate() > c.votesPerDay()) {
      throw DomainException.invalid(
          "campaign.votes-per-candidate", COPY.text("error_votes_per_candidate"));
    }
    if (c.burstPerMinute() < 1) {
      throw DomainException.invalid("campaign.burst", COPY.text("error_burst"));
    }
    return c;
  }

  private static Instant instant(OffsetDateTime t, String field) {
    if (t == null) {
      throw DomainException.invalid("campaign." + field, COPY.text("error_window_missing"));
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
