package cn.union.helpdesk;

import cn.union.calendar.WorkingCalendar;
import cn.union.org.Org;
import cn.union.org.OrgService;
import cn.union.platform.Copy;
import cn.union.platform.DataProtection;
import cn.union.platform.Masking;
import cn.union.shared.DomainException;
import com.baomidou.mybatisplus.core.conditions.query.LambdaQueryWrapper;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * 我要求助, the worker's side: what intake produces becomes a case, a 补充 lands on an open case, and
 * 我的求助 lists the worker's own cases.
 */
@Service
public class WorkerCases {

  /** The promise made to the worker: an answer within this many working days. */
  public static final int WORKING_DAYS_TO_ANSWER = 2;

  public static final int MAX_DESCRIPTION = 500;

  private static final Logger log = LoggerFactory.getLogger(WorkerCases.class);

  private final HelpCaseMapper cases;
  private final HelpCaseMediaMapper media;
  private final CaseRecords records;
  private final CaseTimeline timeline;
  private final Categories categories;
  private final OrgService orgs;
  private final WorkingCalendar calendar;
  private final DataProtection data;
  private final ApplicationEventPublisher publisher;
  private final Copy copy;
  private final Clock clock;

  WorkerCases(
      HelpCaseMapper cases,
      HelpCaseMediaMapper media,
      CaseRecords records,
      CaseTimeline timeline,
      Categories categories,
      OrgService orgs,
      WorkingCalendar calendar,
      DataProtection data,
      ApplicationEventPublisher publisher,
      @Qualifier("helpdeskCopy") Copy copy,
      Clock clock) {
    this.cases = cases;
    this.media = media;
    this.records = records;
    this.timeline = timeline;
    this.categories = categories;
    this.orgs = orgs;
    this.calendar = calendar;
    this.data = data;
    this.publisher = publisher;
    this.copy = copy;
    this.clock = clock;
  }

  /** Whether an earlier case of this worker holds a mobile number, so intake need not ask again. */
  public boolean knowsMobile(String openid) {
    return latestWithMobile(openid) != null;
  }

  /**
   * What intake collected.
   *
   * @param inboundId the wx_inbound row of the confirming message: one case per message, ever
   * @param mobile the number typed during intake, or {@code null} to reuse the worker's last one
   */
  public record Submission(
      long inboundId,
      String openid,
      long categoryId,
      String description,
      long orgId,
      String mobile,
      List<CaseViews.Media> media) {}

  @Transactional
  public CaseViews.Submitted submit(Submission s) {
    HelpCase existing = bySource(s.inboundId());
    if (existing != null) {
      return submitted(existing);
    }
    HelpCategory category = categories.get(s.categoryId());
    if (category == null) {
      throw DomainException.invalid("case.category", copy.text("error_category"));
    }
    String description = s.description() == null ? "" : s.description().strip();
    if (description.isEmpty() || description.length() > MAX_DESCRIPTION) {
      throw DomainException.invalid(
          "case.description", copy.render("error_description", Map.of("max", MAX_DESCRIPTION)));
    }
    Org org = orgs.get(s.orgId());
    Instant now = clock.instant();
    Instant due = calendar.dueInstant(now, WORKING_DAYS_TO_ANSWER);

    HelpCase c = new HelpCase();
    // The number needs the id; a unique placeholder holds the constraint until then.
    c.setNumber("TMP-" + UUID.randomUUID().toString().toUpperCase());
    c.setOpenid(s.openid());
    c.setCategoryId(category.getId());
    c.setDescription(description);
    if (s.mobile() != null) {
      c.setMobileEnc(data.encrypt(s.mobile()));
      c.setMobileHash(data.lookupHash(s.mobile()));
    } else {
      HelpCase previous = latestWithMobile(s.openid());
      if (previous != null) {
        c.setMobileEnc(previous.getMobileEnc());
        c.setMobileHash(previous.getMobileHash());
      }
    }
    c.setOrgId(org.getId());
    c.setOrgPath(org.getPath());
    c.setStatus(CaseStatus.SUBMITTED);
    c.setSubmittedAt(CaseRecords.local(now));
    c.setDueAt(CaseRecords.local(due));
    c.setDueDate(CaseRecords.local(due).toLocalDate());
    c.setSourceInboundId(s.inboundId());
    try {
      cases.insert(c);
    } catch (DuplicateKeyException e) {
      // The same confirming message got here twice at once; the other attempt made the case.
      HelpCase other = bySource(s.inboundId());
      if (other == null) {
        throw e;
      }
      return submitted(other);
    }
    c.setNumber(numberOf(c));
    cases.updateById(c);
    for (CaseViews.Media m : s.media() == null ? List.<CaseViews.Media>of() : s.media()) {
      HelpCaseMedia row = new HelpCaseMedia();
      row.setCaseId(c.getId());
      row.setMediaType(m.type());
      row.setMediaId(m.mediaId());
      media.insert(row);
    }
    timeline.append(
        c,
        "SUBMITTED",
        CaseTimeline.WORKER,
        description,
        null,
        copy.render(
            "submitted_detail", Map.of("category", category.getName(), "unit", org.getName())));
    publisher.publishEvent(new CaseChanged(c.getId(), c.getNumber(), "SUBMITTED", c.getOrgPath()));
    publisher.publishEvent(
        new CaseSubmitted(
            c.getId(),
            c.getNumber(),
            c.getOrgId(),
            c.getOrgPath(),
            c.getSubmittedAt().toLocalDate()));
    log.info(
        "Case {} submitted by {} for org {}",
        c.getNumber(),
        Masking.openid(s.openid()),
        org.getId());
    return new CaseViews.Submitted(c.getId(), c.getNumber(), c.getDueDate(), org.getName());
  }

  /** What a worker's 补充 did. */
  public record FollowUpOutcome(String number, boolean added, String refusal) {}

  /**
   * Adds a worker's follow-up to one of their open cases: the one numbered {@code number}, or the
   * newest open one when {@code number} is null. The informants of the owning org see it at once.
   */
  @Transactional
  public FollowUpOutcome followUp(String openid, String number, String text) {
    HelpCase target =
        number != null
            ? cases.selectOne(
                new LambdaQueryWrapper<HelpCase>()
                    .eq(HelpCase::getOpenid, openid)
                    .eq(HelpCase::getNumber, number))
            : cases.newestOpen(openid);
    if (target == null) {
      return new FollowUpOutcome(number, false, number == null ? "none_open" : "unknown");
    }
    HelpCase c = records.forUpdate(target.getId());
    if (c.getStatus() == CaseStatus.RATED || c.getStatus() == CaseStatus.SEALED) {
      return new FollowUpOutcome(c.getNumber(), false, "closed");
    }
    timeline.append(c, "FOLLOW_UP", CaseTimeline.WORKER, text, null, null);
    publisher.publishEvent(new CaseChanged(c.getId(), c.getNumber(), "FOLLOW_UP", c.getOrgPath()));
    log.info("Follow-up on case {} by {}", c.getNumber(), Masking.openid(openid));
    return new FollowUpOutcome(c.getNumber(), true, null);
  }

  /** A worker's own cases, newest first: what 我的求助 shows. */
  public List<CaseViews.Summary> casesOf(String openid, int limit) {
    List<HelpCase> mine =
        cases.selectList(
            new LambdaQueryWrapper<HelpCase>()
                .eq(HelpCase::getOpenid, openid)
                .orderByDesc(HelpCase::getSubmittedAt)
                .orderByDesc(HelpCase::getId)
                .last("LIMIT " + Math.max(1, limit)));
    Map<Long, String> orgNames = new HashMap<>();
    return mine.stream().map(c -> records.summary(c, orgNames)).toList();
  }

  private HelpCase bySource(long inboundId) {
    return cases.selectOne(
        new LambdaQueryWrapper<HelpCase>().eq(HelpCase::getSourceInboundId, inboundId));
  }

  private HelpCase latestWithMobile(String openid) {
    return cases.selectOne(
        new LambdaQueryWrapper<HelpCase>()
            .eq(HelpCase::getOpenid, openid)
            .isNotNull(HelpCase::getMobileEnc)
            .orderByDesc(HelpCase::getSubmittedAt)
            .orderByDesc(HelpCase::getId)
            .last("LIMIT 1"));
  }

  private CaseViews.Submitted submitted(HelpCase c) {
    return new CaseViews.Submitted(
        c.getId(), c.getNumber(), c.getDueDate(), records.orgName(c.getOrgId(), new HashMap<>()));
  }

  /** {@code HB-20261123-000123}: the Shanghai date of submission and the id, only [A-Z0-9-]. */
  static String numberOf(HelpCase c) {
    return String.format(
        "HB-%s-%06d",
        c.getSubmittedAt().toLocalDate().format(DateTimeFormatter.BASIC_ISO_DATE), c.getId());
  }
}
