package cn.union.helpdesk;

import cn.union.platform.Masking;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
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

  private final WorkerCaseRows rows;
  private final SubmissionCheck check;
  private final CaseRecords records;
  private final CaseTimeline timeline;
  private final ApplicationEventPublisher publisher;

  WorkerCases(
      WorkerCaseRows rows,
      SubmissionCheck check,
      CaseRecords records,
      CaseTimeline timeline,
      ApplicationEventPublisher publisher) {
    this.rows = rows;
    this.check = check;
    this.records = records;
    this.timeline = timeline;
    this.publisher = publisher;
  }

  /** Whether an earlier case of this worker holds a mobile number, so intake need not ask again. */
  public boolean knowsMobile(String openid) {
    return rows.knowsMobile(openid);
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
    HelpCase existing = rows.bySource(s.inboundId());
    if (existing != null) {
      return submitted(existing);
    }
    LocalDateTime now = records.now();
    SubmissionCheck.Checked checked = check.check(s, now);

    HelpCase c = new HelpCase();
    // The number needs the id; a unique placeholder holds the constraint until then.
    c.setNumber("TMP-" + UUID.randomUUID().toString().toUpperCase());
    c.setOpenid(s.openid());
    c.setCategoryId(checked.category().getId());
    c.setDescription(checked.description());
    c.setOrgId(checked.org().getId());
    c.setOrgPath(checked.org().getPath());
    c.setStatus(CaseStatus.SUBMITTED);
    c.setSubmittedAt(now);
    c.setDueAt(checked.dueAt());
    c.setDueDate(checked.dueAt().toLocalDate());
    c.setSourceInboundId(s.inboundId());
    if (rows.insert(c, s.mobile(), s.media()) == null) {
      // The same confirming message got here twice at once; the other attempt made the case.
      return submitted(rows.bySource(s.inboundId()));
    }
    timeline.append(
        c, "SUBMITTED", CaseTimeline.WORKER, checked.description(), null, checked.detail());
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
        c.getOrgId());
    return new CaseViews.Submitted(
        c.getId(), c.getNumber(), c.getDueDate(), checked.org().getName());
  }

  /** What a worker's 补充 did. */
  public record FollowUpOutcome(String number, boolean added, String refusal) {}

  /**
   * Adds a worker's follow-up to one of their open cases: the one numbered {@code number}, or the
   * newest open one when {@code number} is null. The informants of the owning org see it at once.
   * One entry per inbound message ({@code inboundId}): the same message again is answered as added,
   * to the case it went to, and adds nothing.
   */
  @Transactional
  public FollowUpOutcome followUp(long inboundId, String openid, String number, String text) {
    HelpCaseEvent earlier = timeline.fromInbound(inboundId);
    if (earlier != null) {
      return new FollowUpOutcome(records.get(earlier.getCaseId()).getNumber(), true, null);
    }
    HelpCase target = number != null ? rows.byNumber(openid, number) : rows.newestOpen(openid);
    if (target == null) {
      return new FollowUpOutcome(number, false, number == null ? "none_open" : "unknown");
    }
    HelpCase c = records.forUpdate(target.getId());
    if (c.getStatus() == CaseStatus.RATED || c.getStatus() == CaseStatus.SEALED) {
      return new FollowUpOutcome(c.getNumber(), false, "closed");
    }
    timeline.appendFrom(inboundId, c, "FOLLOW_UP", CaseTimeline.WORKER, text, null);
    publisher.publishEvent(new CaseChanged(c.getId(), c.getNumber(), "FOLLOW_UP", c.getOrgPath()));
    log.info("Follow-up on case {} by {}", c.getNumber(), Masking.openid(openid));
    return new FollowUpOutcome(c.getNumber(), true, null);
  }

  /** A worker's own cases, newest first: what 我的求助 shows. */
  public List<CaseViews.Summary> casesOf(String openid, int limit) {
    Map<Long, String> orgNames = new HashMap<>();
    return rows.latest(openid, limit).stream().map(c -> records.summary(c, orgNames)).toList();
  }

  private CaseViews.Submitted submitted(HelpCase c) {
    return new CaseViews.Submitted(
        c.getId(), c.getNumber(), c.getDueDate(), records.orgName(c.getOrgId(), new HashMap<>()));
  }
}
