package cn.union.helpdesk;

import static cn.union.platform.PlatformConfig.ZONE;

import cn.union.calendar.WorkingCalendar;
import cn.union.notify.WorkerChannel;
import cn.union.notify.WorkerChannel.Delivery;
import cn.union.org.OrgService;
import cn.union.org.OrgUnit;
import cn.union.platform.Copy;
import cn.union.platform.DataProtection;
import cn.union.platform.Masking;
import cn.union.shared.DomainException;
import cn.union.staff.Caller;
import cn.union.staff.Role;
import com.baomidou.mybatisplus.core.conditions.query.LambdaQueryWrapper;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * 我要求助: a worker's request from intake to the sealed case. Every transition and every message
 * is written to the case's timeline in the same transaction as the change itself, and every admin
 * action is scoped to the caller's org subtree (a case outside it does not exist for them).
 */
@Service
public class HelpdeskService {

  /** The promise made to the worker: an answer within this many working days. */
  public static final int WORKING_DAYS_TO_ANSWER = 2;

  public static final int MAX_DESCRIPTION = 500;
  public static final int MAX_REPLY = 1000;
  public static final int MAX_REASON = 200;

  /** Who the timeline names for what the worker or the system did; never the openid. */
  static final String WORKER = "worker";
  static final String SYSTEM = "system";

  private static final Logger log = LoggerFactory.getLogger(HelpdeskService.class);

  private final HelpCaseMapper cases;
  private final HelpCaseEventMapper events;
  private final HelpCaseMediaMapper media;
  private final HelpCategoryMapper categories;
  private final OrgService orgs;
  private final WorkingCalendar calendar;
  private final DataProtection data;
  private final WorkerChannel channel;
  private final Copy copy;
  private final Clock clock;
  private final ReplyOutbox outbox;
  private final CaseSeal seal;
  private final TransactionTemplate tx;
  private final ApplicationEventPublisher publisher;
  private final HelpdeskProperties props;

  public HelpdeskService(HelpCaseMapper cases, HelpCaseEventMapper events, HelpCaseMediaMapper media,
      HelpCategoryMapper categories, OrgService orgs, WorkingCalendar calendar, DataProtection data,
      WorkerChannel channel, @Qualifier("helpdeskCopy") Copy copy, Clock clock, ReplyOutbox outbox, CaseSeal seal,
      TransactionTemplate tx, ApplicationEventPublisher publisher, HelpdeskProperties props) {
    this.cases = cases;
    this.events = events;
    this.media = media;
    this.categories = categories;
    this.orgs = orgs;
    this.calendar = calendar;
    this.data = data;
    this.channel = channel;
    this.copy = copy;
    this.clock = clock;
    this.outbox = outbox;
    this.seal = seal;
    this.tx = tx;
    this.publisher = publisher;
    this.props = props;
  }

  // ---------------------------------------------------------------- worker side

  /** The categories a worker picks from, in their listed order. */
  public List<HelpCategory> categories() {
    return categorySnapshot().enabled();
  }

  /**
   * Categories change only by migration (there is no editing screen), yet every intake step and
   * every case list reads them: one read a minute is plenty.
   */
  private static final long CATEGORY_TTL_NANOS = java.util.concurrent.TimeUnit.MINUTES.toNanos(1);

  private record CategorySnapshot(List<HelpCategory> enabled, Map<Long, String> names, long loadedAtNanos) {}

  private volatile CategorySnapshot categorySnapshot;

  private CategorySnapshot categorySnapshot() {
    CategorySnapshot snapshot = categorySnapshot;
    if (snapshot == null || System.nanoTime() - snapshot.loadedAtNanos() > CATEGORY_TTL_NANOS) {
      List<HelpCategory> all = categories.selectList(new LambdaQueryWrapper<HelpCategory>()
          .orderByAsc(HelpCategory::getSortOrder).orderByAsc(HelpCategory::getId));
      snapshot = new CategorySnapshot(all.stream().filter(HelpCategory::isEnabled).toList(),
          all.stream().collect(Collectors.toUnmodifiableMap(HelpCategory::getId, HelpCategory::getName, (x, y) -> x)),
          System.nanoTime());
      categorySnapshot = snapshot;
    }
    return snapshot;
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
  public record Submission(long inboundId, String openid, long categoryId, String description, long orgId,
      String mobile, List<CaseViews.Media> media) {}

  @Transactional
  public CaseViews.Submitted submit(Submission s) {
    HelpCase existing = bySource(s.inboundId());
    if (existing != null) {
      return submitted(existing);
    }
    HelpCategory category = categories.selectById(s.categoryId());
    if (category == null) {
      throw DomainException.invalid("case.category", "求助类别不存在");
    }
    String description = s.description() == null ? "" : s.description().strip();
    if (description.isEmpty() || description.length() > MAX_DESCRIPTION) {
      throw DomainException.invalid("case.description", "求助描述不能为空，且不超过" + MAX_DESCRIPTION + "个字");
    }
    OrgUnit org = orgs.get(s.orgId());
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
    c.setSubmittedAt(local(now));
    c.setDueAt(local(due));
    c.setDueDate(local(due).toLocalDate());
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
    event(c, "SUBMITTED", WORKER, description, null, "类别：" + category.getName() + "；单位：" + org.getName());
    publisher.publishEvent(new CaseChanged(c.getId(), c.getNumber(), "SUBMITTED", c.getOrgPath()));
    log.info("Case {} submitted by {} for org {}", c.getNumber(), Masking.openid(s.openid()), org.getId());
    return new CaseViews.Submitted(c.getId(), c.getNumber(), c.getDueDate(), org.getName());
  }

  /** What the worker's rating did. */
  public record RatingOutcome(String number, Rating rating, boolean reopened) {}

  /**
   * Records the worker's verdict on their latest answered case. 不满意 reopens the case once;
   * otherwise the case is rated and sealed.
   *
   * @return {@code null} when the worker has no case waiting for a rating
   */
  @Transactional
  public RatingOutcome rate(String openid, Rating rating) {
    HelpCase c = cases.selectOne(new LambdaQueryWrapper<HelpCase>().eq(HelpCase::getOpenid, openid)
        .eq(HelpCase::getStatus, CaseStatus.AWAITING_RATING).orderByDesc(HelpCase::getSubmittedAt)
        .orderByDesc(HelpCase::getId).last("LIMIT 1"));
    if (c == null) {
      return null;
    }
    // Under the row lock: the silence sweep may be rating this very case.
    c = forUpdate(c.getId());
    if (c.getStatus() != CaseStatus.AWAITING_RATING) {
      return null;
    }
    if (rating == Rating.UNSATISFIED && !c.isReopened()) {
      move(c, CaseStatus.REOPENED);
      c.setReopened(true);
      c.setRating(rating.name());
      cases.updateById(c);
      event(c, "REOPENED", WORKER, rating.word(), null, "职工不满意，重新办理（仅一次）");
      return new RatingOutcome(c.getNumber(), rating, true);
    }
    rateAndSeal(c, rating, WORKER, null);
    return new RatingOutcome(c.getNumber(), rating, false);
  }

  private void rateAndSeal(HelpCase c, Rating rating, String actor, String why) {
    move(c, CaseStatus.RATED);
    c.setRating(rating.name());
    event(c, "RATED", actor, rating.word(), null, why);
    move(c, CaseStatus.SEALED);
    c.setSealedAt(local(clock.instant()));
    cases.updateById(c);
    event(c, "SEALED", SYSTEM, null, null, "评价后自动办结");
    seal.seal(c.getId());
  }

  /**
   * Rates as 满意 and seals the cases that waited longer than {@code union.helpdesk.auto-rate-after}
   * for the worker's rating, oldest first, at most one batch.
   *
   * @return how many cases were sealed
   */
  public int autoRateOverdue() {
    LocalDateTime before = local(clock.instant().minus(props.autoRateAfter()));
    List<Long> ids = cases.selectList(new LambdaQueryWrapper<HelpCase>().select(HelpCase::getId)
            .eq(HelpCase::getStatus, CaseStatus.AWAITING_RATING).le(HelpCase::getAwaitingRatingSince, before)
            .orderByAsc(HelpCase::getAwaitingRatingSince).last("LIMIT " + Math.max(1, props.jobBatch())))
        .stream().map(HelpCase::getId).toList();
    int sealed = 0;
    for (long id : ids) {
      Boolean done = tx.execute(status -> {
        HelpCase c = forUpdate(id);
        // Re-read under the lock: the worker may have rated in the meantime.
        if (c.getStatus() != CaseStatus.AWAITING_RATING || c.getAwaitingRatingSince() == null
            || c.getAwaitingRatingSince().isAfter(before)) {
          return false;
        }
        rateAndSeal(c, Rating.SATISFIED, SYSTEM, "超过" + props.autoRateAfter().toDays() + "天未评价，默认满意");
        return true;
      });
      if (Boolean.TRUE.equals(done)) {
        sealed++;
      }
    }
    if (sealed > 0) {
      log.info("Rated {} silent case(s) as satisfied and sealed them", sealed);
    }
    return sealed;
  }

  /** The seal chain recomputed: intact, or the first sealed case that no longer matches. */
  public CaseViews.SealCheck verifySeals() {
    return seal.verify();
  }

  /** What a worker's 补充 did. */
  public record FollowUpOutcome(String number, boolean added, String refusal) {}

  /**
   * Adds a worker's follow-up to one of their open cases: the one numbered {@code number}, or the
   * newest open one when {@code number} is null. The informants of the owning org see it at once.
   */
  @Transactional
  public FollowUpOutcome followUp(String openid, String number, String text) {
    HelpCase target = number != null
        ? cases.selectOne(new LambdaQueryWrapper<HelpCase>().eq(HelpCase::getOpenid, openid)
            .eq(HelpCase::getNumber, number))
        : cases.selectOne(new LambdaQueryWrapper<HelpCase>().eq(HelpCase::getOpenid, openid)
            .notIn(HelpCase::getStatus, CaseStatus.RATED, CaseStatus.SEALED).orderByDesc(HelpCase::getSubmittedAt)
            .orderByDesc(HelpCase::getId).last("LIMIT 1"));
    if (target == null) {
      return new FollowUpOutcome(number, false, number == null ? "none_open" : "unknown");
    }
    HelpCase c = forUpdate(target.getId());
    if (c.getStatus() == CaseStatus.RATED || c.getStatus() == CaseStatus.SEALED) {
      return new FollowUpOutcome(c.getNumber(), false, "closed");
    }
    event(c, "FOLLOW_UP", WORKER, text, null, null);
    publisher.publishEvent(new CaseChanged(c.getId(), c.getNumber(), "FOLLOW_UP", c.getOrgPath()));
    log.info("Follow-up on case {} by {}", c.getNumber(), Masking.openid(openid));
    return new FollowUpOutcome(c.getNumber(), true, null);
  }

  /** A worker's own cases, newest first: what 我的求助 shows. */
  public List<CaseViews.Summary> casesOf(String openid, int limit) {
    List<HelpCase> mine = cases.selectList(new LambdaQueryWrapper<HelpCase>().eq(HelpCase::getOpenid, openid)
        .orderByDesc(HelpCase::getSubmittedAt).orderByDesc(HelpCase::getId).last("LIMIT " + Math.max(1, limit)));
    Map<Long, String> categoryNames = categoryNames();
    Map<Long, String> orgNames = new HashMap<>();
    return mine.stream().map(c -> summary(c, categoryNames, orgNames)).toList();
  }

  // ---------------------------------------------------------------- admin side

  /** The case with its timeline, or 404 when outside the caller's subtree. */
  public CaseViews.Detail detail(Caller caller, long id) {
    HelpCase c = visible(caller, id);
    String mobile = c.getMobileEnc() == null ? null : Masking.mobile(data.decrypt(c.getMobileEnc()));
    List<CaseViews.Event> timeline = events.selectList(new LambdaQueryWrapper<HelpCaseEvent>()
            .eq(HelpCaseEvent::getCaseId, id).orderByAsc(HelpCaseEvent::getId)).stream()
        .map(e -> new CaseViews.Event(instant(e.getAt()), e.getKind(), e.getActor(), e.getContent(),
            e.getDeliveryVia(), e.getDeliveryStatus(), e.getDetail()))
        .toList();
    List<CaseViews.Media> attachments = media.selectList(new LambdaQueryWrapper<HelpCaseMedia>()
            .eq(HelpCaseMedia::getCaseId, id).orderByAsc(HelpCaseMedia::getId)).stream()
        .map(m -> new CaseViews.Media(m.getMediaType(), m.getMediaId())).toList();
    return new CaseViews.Detail(summary(c, categoryNames(), new HashMap<>()), c.getDescription(), mobile,
        instant(c.getDueAt()), instant(c.getAcceptedAt()), instant(c.getRepliedAt()), c.getRating(), c.isReopened(),
        timeline, attachments);
  }

  /** The org path of a visible case, for audit entries. */
  public String orgPathOf(Caller caller, long id) {
    return visible(caller, id).getOrgPath();
  }

  @Transactional
  public void accept(Caller caller, long id) {
    HelpCase c = visibleForUpdate(caller, id);
    move(c, CaseStatus.ACCEPTED);
    c.setAcceptedAt(local(clock.instant()));
    cases.updateById(c);
    event(c, "ACCEPTED", caller.username(), null, null, null);
  }

  /**
   * Answers the worker point to point. When the owning org asks for review and the answer comes
   * from that org itself, the case waits in REVIEW for an admin of a higher level; otherwise the
   * answer is queued in the outbox (committed, so it is never lost) and tried at once. The result
   * says how it left, or PENDING when it waits for review or for a retry.
   */
  public Delivery reply(Caller caller, long id, String content) {
    String text = content == null ? "" : content.strip();
    if (text.isEmpty() || text.length() > MAX_REPLY) {
      throw DomainException.invalid("case.reply", "答复内容不能为空，且不超过" + MAX_REPLY + "个字");
    }
    Long queued = tx.execute(status -> {
      HelpCase c = visibleForUpdate(caller, id);
      if (needsReview(caller, c)) {
        move(c, CaseStatus.REVIEW);
        cases.updateById(c);
        event(c, "REVIEW_REQUESTED", caller.username(), text, null, "本单位答复需经上级工会审核后发送");
        return null;
      }
      move(c, CaseStatus.REPLIED);
      cases.updateById(c);
      return queueReply(c, caller.username(), text);
    });
    if (queued == null) {
      String openid = cases.selectById(id).getOpenid();
      return new Delivery(channel.plan(openid), WorkerChannel.Status.PENDING, "等待上级工会审核");
    }
    return deliver(queued);
  }

  /** Whether a reply by this caller must wait for a higher level: an org on the case's chain asks for it, and the caller is not above it. */
  private boolean needsReview(Caller caller, HelpCase c) {
    return orgs.reviewRequired(caller.orgPath(), c.getOrgPath());
  }

  /** 审核通过: the answer waiting in REVIEW goes out. Only an admin of a higher org than the case's. */
  public Delivery approveReview(Caller caller, long id) {
    long queued = tx.execute(status -> {
      HelpCase c = visibleForUpdate(caller, id);
      checkReviewer(caller, c);
      if (c.getStatus() != CaseStatus.REVIEW) {
        // Only an answer waiting for review is sent here; a case answered since must not get it twice.
        throw DomainException.conflict("case.not-in-review", copy.text("error_not_in_review"));
      }
      move(c, CaseStatus.REPLIED);
      HelpCaseEvent pending = pendingReview(c);
      cases.updateById(c);
      event(c, "REVIEW_APPROVED", caller.username(), null, null, null);
      return queueReply(c, pending.getActor(), pending.getContent());
    });
    return deliver(queued);
  }

  /** 审核驳回: back to ACCEPTED with the reason on the timeline; nothing reaches the worker. */
  @Transactional
  public void rejectReview(Caller caller, long id, String reason) {
    String why = reason(reason);
    HelpCase c = visibleForUpdate(caller, id);
    checkReviewer(caller, c);
    move(c, CaseStatus.ACCEPTED);
    cases.updateById(c);
    event(c, "REVIEW_REJECTED", caller.username(), why, null, "答复未通过审核，退回承办人修改");
  }

  /** A reviewer is an admin above the case's org whose own answer would not need review. */
  private void checkReviewer(Caller caller, HelpCase c) {
    boolean admin = caller.is(Role.ORG_ADMIN) || caller.is(Role.SUPER_ADMIN);
    if (!admin || caller.orgPath().equals(c.getOrgPath()) || needsReview(caller, c)) {
      throw DomainException.forbidden("答复需由上级工会的管理员审核");
    }
  }

  private HelpCaseEvent pendingReview(HelpCase c) {
    HelpCaseEvent e = events.selectOne(new LambdaQueryWrapper<HelpCaseEvent>().eq(HelpCaseEvent::getCaseId, c.getId())
        .eq(HelpCaseEvent::getKind, "REVIEW_REQUESTED").orderByDesc(HelpCaseEvent::getId).last("LIMIT 1"));
    if (e == null) {
      throw new IllegalStateException("case " + c.getId() + " is in review without an answer");
    }
    return e;
  }

  /** Writes the REPLIED event (delivery pending) and queues it; in the caller's transaction. */
  private long queueReply(HelpCase c, String actor, String text) {
    HelpCaseEvent e = event(c, "REPLIED", actor, text,
        new Delivery(channel.plan(c.getOpenid()), WorkerChannel.Status.PENDING, null), "排队发送");
    return outbox.enqueue(c.getId(), e.getId());
  }

  /**
   * Sends the queued replies whose next attempt is due, oldest first, at most one batch.
   *
   * @return how many were tried
   */
  public int retryDueReplies() {
    List<Long> due = outbox.due(props.jobBatch());
    for (long id : due) {
      deliver(id);
    }
    return due.size();
  }

  /**
   * One attempt at a queued reply, outside any transaction (the WeChat call can take seconds), then
   * its outcome recorded on the case in one transaction.
   */
  Delivery deliver(long outboxId) {
    if (!outbox.claim(outboxId)) {
      // Another node holds this attempt; the timeline will show its outcome.
      ReplyOutbox.Row row = outbox.get(outboxId);
      HelpCaseEvent reply = events.selectById(row.eventId());
      return new Delivery(WorkerChannel.Via.valueOf(reply.getDeliveryVia()), WorkerChannel.Status.PENDING,
          reply.getDetail());
    }
    ReplyOutbox.Row row = outbox.get(outboxId);
    HelpCase c = cases.selectById(row.caseId());
    HelpCaseEvent reply = events.selectById(row.eventId());
    if (c.getSealHash() != null) {
      outbox.cancelled(outboxId, "求助已办结，不再发送");
      return new Delivery(WorkerChannel.Via.valueOf(reply.getDeliveryVia()), WorkerChannel.Status.FAILED, "求助已办结");
    }
    Delivery d = channel.sendText(c.getOpenid(),
        copy.render("reply_to_worker", Map.of("number", c.getNumber(), "content", reply.getContent())),
        new WorkerChannel.Notice(c.getNumber(), copy.text("reply_notice")));
    return tx.execute(status -> recordOutcome(row, d));
  }

  private Delivery recordOutcome(ReplyOutbox.Row row, Delivery d) {
    HelpCase c = forUpdate(row.caseId());
    HelpCaseEvent reply = events.selectById(row.eventId());
    int attempt = row.attempts();
    boolean sealed = c.getSealHash() != null;
    if (d.status() != WorkerChannel.Status.FAILED) {
      outbox.sent(row.id(), d.via().name());
      if (sealed) {
        return d;
      }
      String detail = attempt > 1 ? "第" + attempt + "次发送成功；" + d.detail() : d.detail();
      updateDelivery(reply, d.via().name(), d.status().name(), detail);
      // Only an answer that left counts against the deadline (help_case.replied_at, read by KPIs).
      if (c.getRepliedAt() == null) {
        c.setRepliedAt(local(clock.instant()));
      }
      if (attempt > 1) {
        event(c, "DELIVERED", SYSTEM, null, d, detail);
      }
      if (c.getStatus() == CaseStatus.REPLIED) {
        move(c, CaseStatus.AWAITING_RATING);
        c.setAwaitingRatingSince(local(clock.instant()));
        event(c, "AWAITING_RATING", SYSTEM, null, null, null);
      }
      cases.updateById(c);
      return d;
    }
    if (d.retryable() && attempt < props.deliveryAttempts() && !sealed) {
      java.time.Instant next = clock.instant().plus(props.retryAfter(attempt));
      String detail = "第" + attempt + "次发送失败（" + d.detail() + "），将于 "
          + local(next).format(java.time.format.DateTimeFormatter.ofPattern("MM-dd HH:mm")) + " 重试";
      outbox.retryAt(row.id(), next, d.detail());
      updateDelivery(reply, d.via().name(), WorkerChannel.Status.PENDING.name(), detail);
      return new Delivery(d.via(), WorkerChannel.Status.PENDING, detail, true);
    }
    String detail = (attempt > 1 ? "已尝试" + attempt + "次，发送失败：" : "发送失败：") + d.detail();
    outbox.failed(row.id(), d.via().name(), d.detail());
    if (!sealed) {
      // The case stays REPLIED: the informant sees the failure and can answer again.
      updateDelivery(reply, d.via().name(), d.status().name(), detail);
      event(c, "DELIVERY_FAILED", SYSTEM, null, d, detail);
    }
    return new Delivery(d.via(), d.status(), detail, false);
  }

  private void updateDelivery(HelpCaseEvent reply, String via, String status, String detail) {
    reply.setDeliveryVia(via);
    reply.setDeliveryStatus(status);
    reply.setDetail(cut(detail));
    events.updateById(reply);
  }

  /** 改派: to any org in the caller's subtree. The due time stays: the worker's clock does not restart. */
  @Transactional
  public void transfer(Caller caller, long id, long orgId, String reason) {
    String why = reason(reason);
    HelpCase c = visibleForUpdate(caller, id);
    OrgUnit target = orgs.visibleIn(caller.orgPath(), orgId);
    if (target.getId().equals(c.getOrgId())) {
      throw DomainException.invalid("case.transfer-same-org", "求助已在该单位，无需改派");
    }
    move(c, CaseStatus.TRANSFERRED);
    String from = orgName(c.getOrgId(), new HashMap<>());
    c.setOrgId(target.getId());
    c.setOrgPath(target.getPath());
    cases.updateById(c);
    event(c, "TRANSFERRED", caller.username(), why, null, from + " → " + target.getName());
    publisher.publishEvent(new CaseChanged(c.getId(), c.getNumber(), "TRANSFERRED", c.getOrgPath()));
  }

  /** 退回: back to the parent of the case's org, with the reason. */
  @Transactional
  public void returnToParent(Caller caller, long id, String reason) {
    String why = reason(reason);
    HelpCase c = visibleForUpdate(caller, id);
    OrgUnit org = orgs.get(c.getOrgId());
    if (org.getParentId() == null) {
      throw DomainException.conflict("case.return-at-top", "求助已在最高一级工会，无法退回");
    }
    OrgUnit parent = orgs.get(org.getParentId());
    move(c, CaseStatus.RETURNED);
    c.setOrgId(parent.getId());
    c.setOrgPath(parent.getPath());
    cases.updateById(c);
    event(c, "RETURNED", caller.username(), why, null, org.getName() + " → " + parent.getName());
    publisher.publishEvent(new CaseChanged(c.getId(), c.getNumber(), "RETURNED", c.getOrgPath()));
  }

  // ---------------------------------------------------------------- internals

  private HelpCase visible(Caller caller, long id) {
    HelpCase c = cases.selectById(id);
    if (c == null || !caller.sees(c.getOrgPath())) {
      throw DomainException.notFound("求助");
    }
    return c;
  }

  /** Locks the row so two informants acting at once see each other's transition, not the same old state. */
  HelpCase visibleForUpdate(Caller caller, long id) {
    HelpCase c = cases.selectOne(new LambdaQueryWrapper<HelpCase>().eq(HelpCase::getId, id).last("FOR UPDATE"));
    if (c == null || !caller.sees(c.getOrgPath())) {
      throw DomainException.notFound("求助");
    }
    return c;
  }

  private HelpCase forUpdate(long id) {
    return cases.selectOne(new LambdaQueryWrapper<HelpCase>().eq(HelpCase::getId, id).last("FOR UPDATE"));
  }

  static void move(HelpCase c, CaseStatus target) {
    c.getStatus().checkMoveTo(target);
    c.setStatus(target);
  }

  HelpCaseEvent event(HelpCase c, String kind, String actor, String content, Delivery delivery,
      String detail) {
    if (c.getSealHash() != null) {
      // Sealed cases are read-only: their hash covers the timeline.
      throw DomainException.conflict("case.sealed", "求助已办结归档，不能再修改");
    }
    HelpCaseEvent e = new HelpCaseEvent();
    e.setCaseId(c.getId());
    e.setAt(local(clock.instant()));
    e.setKind(kind);
    e.setActor(actor);
    e.setContent(content);
    if (delivery != null) {
      e.setDeliveryVia(delivery.via().name());
      e.setDeliveryStatus(delivery.status().name());
    }
    e.setDetail(cut(detail));
    events.insert(e);
    events.markKpiDayDirty(c.getSubmittedAt().toLocalDate());
    return e;
  }

  private static String cut(String detail) {
    return detail != null && detail.length() > 500 ? detail.substring(0, 500) : detail;
  }

  private static String reason(String reason) {
    String why = reason == null ? "" : reason.strip();
    if (why.isEmpty() || why.length() > MAX_REASON) {
      throw DomainException.invalid("case.reason", "请填写原因（不超过" + MAX_REASON + "个字）");
    }
    return why;
  }

  private HelpCase bySource(long inboundId) {
    return cases.selectOne(new LambdaQueryWrapper<HelpCase>().eq(HelpCase::getSourceInboundId, inboundId));
  }

  private HelpCase latestWithMobile(String openid) {
    return cases.selectOne(new LambdaQueryWrapper<HelpCase>().eq(HelpCase::getOpenid, openid)
        .isNotNull(HelpCase::getMobileEnc).orderByDesc(HelpCase::getSubmittedAt).orderByDesc(HelpCase::getId)
        .last("LIMIT 1"));
  }

  private CaseViews.Submitted submitted(HelpCase c) {
    return new CaseViews.Submitted(c.getId(), c.getNumber(), c.getDueDate(), orgName(c.getOrgId(), new HashMap<>()));
  }

  /** {@code HB-20261123-000123}: the Shanghai date of submission and the id, only [A-Z0-9-]. */
  static String numberOf(HelpCase c) {
    return String.format("HB-%s-%06d",
        c.getSubmittedAt().toLocalDate().format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE), c.getId());
  }

  private CaseViews.Summary summary(HelpCase c, Map<Long, String> categoryNames, Map<Long, String> orgNames) {
    boolean overdue = c.getRepliedAt() == null && local(clock.instant()).isAfter(c.getDueAt());
    return new CaseViews.Summary(c.getId(), c.getNumber(), c.getStatus(), categoryNames.get(c.getCategoryId()),
        c.getOrgId(), orgName(c.getOrgId(), orgNames), instant(c.getSubmittedAt()), c.getDueDate(), overdue);
  }

  private Map<Long, String> categoryNames() {
    return categorySnapshot().names();
  }

  private String orgName(long orgId, Map<Long, String> cache) {
    return cache.computeIfAbsent(orgId, key -> {
      OrgUnit org = orgs.find(key);
      return org == null ? null : org.getName();
    });
  }

  private static LocalDateTime local(Instant instant) {
    return LocalDateTime.ofInstant(instant, ZONE);
  }

  private static Instant instant(LocalDateTime local) {
    return local == null ? null : local.atZone(ZONE).toInstant();
  }
}
