package cn.union.helpdesk;

import cn.union.notify.WorkerChannel;
import cn.union.notify.WorkerChannel.Delivery;
import cn.union.org.Org;
import cn.union.org.OrgService;
import cn.union.platform.Copy;
import cn.union.shared.DomainException;
import cn.union.staff.Caller;
import cn.union.staff.Role;
import com.baomidou.mybatisplus.core.conditions.query.LambdaQueryWrapper;
import java.util.HashMap;
import java.util.Map;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The informants' side of a case: 签收, 答复 (with review by a higher level where the owning org asks
 * for it), 改派 and 退回. Every transition is written to the case's timeline in the same transaction as
 * the change, and every action is scoped to the caller's org subtree.
 */
@Service
public class CaseWorkflow {

  public static final int MAX_REPLY = 1000;
  public static final int MAX_REASON = 200;

  private final CaseRecords cases;
  private final CaseTimeline timeline;
  private final ReplyDelivery delivery;
  private final HelpCaseEventMapper events;
  private final OrgService orgs;
  private final TransactionTemplate tx;
  private final ApplicationEventPublisher publisher;
  private final Copy copy;

  CaseWorkflow(
      CaseRecords cases,
      CaseTimeline timeline,
      ReplyDelivery delivery,
      HelpCaseEventMapper events,
      OrgService orgs,
      TransactionTemplate tx,
      ApplicationEventPublisher publisher,
      @Qualifier("helpdeskCopy") Copy copy) {
    this.cases = cases;
    this.timeline = timeline;
    this.delivery = delivery;
    this.events = events;
    this.orgs = orgs;
    this.tx = tx;
    this.publisher = publisher;
    this.copy = copy;
  }

  @Transactional
  public void accept(Caller caller, long id) {
    HelpCase c = cases.visibleForUpdate(caller, id);
    CaseRecords.move(c, CaseStatus.ACCEPTED);
    c.setAcceptedAt(cases.now());
    cases.update(c);
    timeline.append(c, "ACCEPTED", caller.username(), null, null, null);
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
      throw DomainException.invalid(
          "case.reply", copy.render("error_reply", Map.of("max", MAX_REPLY)));
    }
    Long queued =
        tx.execute(
            status -> {
              HelpCase c = cases.visibleForUpdate(caller, id);
              if (needsReview(caller, c)) {
                CaseRecords.move(c, CaseStatus.REVIEW);
                cases.update(c);
                timeline.append(
                    c,
                    "REVIEW_REQUESTED",
                    caller.username(),
                    text,
                    null,
                    copy.text("review_requested_detail"));
                return null;
              }
              CaseRecords.move(c, CaseStatus.REPLIED);
              cases.update(c);
              return delivery.queueReply(c, caller.username(), text);
            });
    if (queued == null) {
      String openid = cases.get(id).getOpenid();
      return new Delivery(
          delivery.plan(openid), WorkerChannel.Status.PENDING, copy.text("review_pending"));
    }
    return delivery.deliver(queued);
  }

  /**
   * Whether a reply by this caller must wait for a higher level: an org on the case's chain asks
   * for it, and the caller is not above it.
   */
  private boolean needsReview(Caller caller, HelpCase c) {
    return orgs.reviewRequired(caller.orgPath(), c.getOrgPath());
  }

  /** 审核通过: the answer waiting in REVIEW goes out. Only an admin of a higher org than the case's. */
  public Delivery approveReview(Caller caller, long id) {
    long queued =
        tx.execute(
            status -> {
              HelpCase c = cases.visibleForUpdate(caller, id);
              checkReviewer(caller, c);
              if (c.getStatus() != CaseStatus.REVIEW) {
                // Only an answer waiting for review is sent here; a case answered since must not
                // get it twice.
                throw DomainException.conflict(
                    "case.not-in-review", copy.text("error_not_in_review"));
              }
              CaseRecords.move(c, CaseStatus.REPLIED);
              HelpCaseEvent pending = pendingReview(c);
              cases.update(c);
              timeline.append(c, "REVIEW_APPROVED", caller.username(), null, null, null);
              return delivery.queueReply(c, pending.getActor(), pending.getContent());
            });
    return delivery.deliver(queued);
  }

  /** 审核驳回: back to ACCEPTED with the reason on the timeline; nothing reaches the worker. */
  @Transactional
  public void rejectReview(Caller caller, long id, String reason) {
    String why = reason(reason);
    HelpCase c = cases.visibleForUpdate(caller, id);
    checkReviewer(caller, c);
    CaseRecords.move(c, CaseStatus.ACCEPTED);
    cases.update(c);
    timeline.append(
        c, "REVIEW_REJECTED", caller.username(), why, null, copy.text("review_rejected_detail"));
  }

  /** A reviewer is an admin above the case's org whose own answer would not need review. */
  private void checkReviewer(Caller caller, HelpCase c) {
    boolean admin = caller.is(Role.ORG_ADMIN) || caller.is(Role.SUPER_ADMIN);
    if (!admin || caller.orgPath().equals(c.getOrgPath()) || needsReview(caller, c)) {
      throw DomainException.forbidden(copy.text("error_reviewer"));
    }
  }

  private HelpCaseEvent pendingReview(HelpCase c) {
    HelpCaseEvent e =
        events.selectOne(
            new LambdaQueryWrapper<HelpCaseEvent>()
                .eq(HelpCaseEvent::getCaseId, c.getId())
                .eq(HelpCaseEvent::getKind, "REVIEW_REQUESTED")
                .orderByDesc(HelpCaseEvent::getId)
                .last("LIMIT 1"));
    if (e == null) {
      throw new IllegalStateException("case " + c.getId() + " is in review without an answer");
    }
    return e;
  }

  /**
   * 改派: to any org in the caller's subtree. The due time stays: the worker's clock does not
   * restart.
   */
  @Transactional
  public void transfer(Caller caller, long id, long orgId, String reason) {
    String why = reason(reason);
    HelpCase c = cases.visibleForUpdate(caller, id);
    Org target = orgs.visibleIn(caller.orgPath(), orgId);
    if (target.getId().equals(c.getOrgId())) {
      throw DomainException.invalid("case.transfer-same-org", copy.text("error_transfer_same_org"));
    }
    CaseRecords.move(c, CaseStatus.TRANSFERRED);
    String from = cases.orgName(c.getOrgId(), new HashMap<>());
    c.setOrgId(target.getId());
    c.setOrgPath(target.getPath());
    cases.update(c);
    timeline.append(
        c, "TRANSFERRED", caller.username(), why, null, from + " → " + target.getName());
    publisher.publishEvent(
        new CaseChanged(c.getId(), c.getNumber(), "TRANSFERRED", c.getOrgPath()));
  }

  /** 退回: back to the parent of the case's org, with the reason. */
  @Transactional
  public void returnToParent(Caller caller, long id, String reason) {
    String why = reason(reason);
    HelpCase c = cases.visibleForUpdate(caller, id);
    Org org = orgs.get(c.getOrgId());
    if (org.getParentId() == null) {
      throw DomainException.conflict("case.return-at-top", copy.text("error_return_at_top"));
    }
    Org parent = orgs.get(org.getParentId());
    CaseRecords.move(c, CaseStatus.RETURNED);
    c.setOrgId(parent.getId());
    c.setOrgPath(parent.getPath());
    cases.update(c);
    timeline.append(
        c, "RETURNED", caller.username(), why, null, org.getName() + " → " + parent.getName());
    publisher.publishEvent(new CaseChanged(c.getId(), c.getNumber(), "RETURNED", c.getOrgPath()));
  }

  private String reason(String reason) {
    String why = reason == null ? "" : reason.strip();
    if (why.isEmpty() || why.length() > MAX_REASON) {
      throw DomainException.invalid(
          "case.reason", copy.render("error_reason", Map.of("max", MAX_REASON)));
    }
    return why;
  }
}
