package cn.union.enrollment;

import cn.union.enrollment.NoticeOutbox.Kind;
import cn.union.enrollment.NoticeOutbox.Row;
import cn.union.enrollment.NoticeOutbox.State;
import cn.union.notify.WorkerChannel;
import cn.union.notify.WorkerChannel.Delivery;
import cn.union.org.Org;
import cn.union.org.OrgService;
import cn.union.platform.Copy;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Tells the worker how the review went: a customer-service message, or the short template notice
 * when the worker's window is closed (the channel decides). The notice is queued in the deciding
 * transaction ({@link NoticeOutbox}), so it is never lost; tried once the decision is committed;
 * tried again by {@link NoticeRetry}, with growing waits, while a failure may pass (the message
 * surely did not reach WeChat, or WeChat said it did not take it for a reason that may pass). A
 * send that may have reached WeChat, or whose node stopped mid-send, is {@code UNCERTAIN} and never
 * sent again by itself: WeChat's message APIs take no idempotency key, and a second message would
 * reach the worker twice.
 *
 * <p>The database work after the commit runs in transactions of its own ({@code REQUIRES_NEW}): the
 * decision's connection is still bound to the thread then, and what is written on it is not
 * committed. The WeChat call runs outside any transaction.
 */
@Component
class EnrollmentNotices {

  private static final Logger log = LoggerFactory.getLogger(EnrollmentNotices.class);

  /** A claimed attempt: the row and what to send. */
  private record Attempt(Row row, String openid, String text, WorkerChannel.Notice fallback) {}

  private final NoticeOutbox outbox;
  private final Applications applications;
  private final OrgService orgs;
  private final WorkerChannel worker;
  private final TransactionTemplate fresh;
  private final Copy copy;

  EnrollmentNotices(
      NoticeOutbox outbox,
      Applications applications,
      OrgService orgs,
      WorkerChannel worker,
      PlatformTransactionManager transactions,
      @Qualifier("enrollmentCopy") Copy copy) {
    this.outbox = outbox;
    this.applications = applications;
    this.orgs = orgs;
    this.worker = worker;
    this.fresh = new TransactionTemplate(transactions);
    this.fresh.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    this.copy = copy;
  }

  /** In the approving transaction: the notice is queued with the decision or not at all. */
  @EventListener
  void queueApproved(MemberEnrolled e) {
    outbox.enqueue(e.enrollmentId(), Kind.APPROVED);
  }

  /** In the rejecting transaction. */
  @EventListener
  void queueRejected(EnrollmentRejected e) {
    outbox.enqueue(e.enrollmentId(), Kind.REJECTED);
  }

  @TransactionalEventListener
  void sendApproved(MemberEnrolled e) {
    sendNow(e.enrollmentId(), Kind.APPROVED);
  }

  @TransactionalEventListener
  void sendRejected(EnrollmentRejected e) {
    sendNow(e.enrollmentId(), Kind.REJECTED);
  }

  /**
   * The first attempt, right after the commit. The decision stands whatever happens here: a failure
   * of this attempt is left to the retry (the row is still PENDING, or UNCERTAIN once its lease is
   * over if it failed mid-send), not reported to the reviewer as a failed decision.
   */
  private void sendNow(long enrollmentId, Kind kind) {
    try {
      deliver(outbox.idOf(enrollmentId, kind));
    } catch (RuntimeException ex) {
      log.error(
          "Enrollment {}: the {} notice's first attempt broke off; the retry takes it up",
          enrollmentId,
          kind,
          ex);
    }
  }

  /**
   * Sends the due notices and marks those whose node stopped mid-send; at most one batch.
   *
   * @return how many were tried
   */
  int retryDue() {
    for (long id : outbox.abandoned()) {
      if (Boolean.TRUE.equals(
          fresh.execute(s -> outbox.abandon(id, copy.text("notice_interrupted"))))) {
        log.warn(
            "Enrollment notice {}: its node stopped mid-send; it may have reached the worker and"
                + " is not sent again",
            id);
      }
    }
    List<Long> due = outbox.due();
    for (long id : due) {
      deliver(id);
    }
    return due.size();
  }

  /**
   * One attempt at a queued notice: claimed, sent outside any transaction, its outcome recorded.
   *
   * @return how it went, or {@code null} when the notice was not due or another node holds it
   */
  Delivery deliver(long noticeId) {
    Attempt attempt = fresh.execute(s -> outbox.claim(noticeId) ? prepare(noticeId) : null);
    if (attempt == null) {
      return null;
    }
    Delivery d = worker.sendText(attempt.openid(), attempt.text(), attempt.fallback());
    fresh.executeWithoutResult(s -> record(attempt.row(), d));
    return d;
  }

  private Attempt prepare(long noticeId) {
    Row row = outbox.get(noticeId);
    Application a = applications.find(row.enrollmentId());
    String org = orgName(a.targetOrgId());
    if (row.kind() == Kind.APPROVED) {
      return new Attempt(
          row,
          a.openid(),
          copy.render("approved", Map.of("org", org, "number", a.memberNumber())),
          new WorkerChannel.Notice(a.memberNumber(), copy.text("approved_short")));
    }
    return new Attempt(
        row,
        a.openid(),
        copy.render("rejected", Map.of("org", org, "reason", a.reason())),
        new WorkerChannel.Notice(
            copy.render("application_ref", Map.of("id", a.id())), copy.text("rejected_short")));
  }

  private void record(Row row, Delivery d) {
    long id = row.enrollmentId();
    String via = d.via().name();
    switch (d.status()) {
      case SENT, PENDING -> outbox.finish(row.id(), State.SENT, via, null);
      case UNCERTAIN -> {
        outbox.finish(row.id(), State.UNCERTAIN, via, d.detail());
        log.warn(
            "Enrollment {}: the decision may or may not have reached the worker ({}: {});"
                + " not sent again",
            id,
            via,
            d.detail());
      }
      case FAILED -> {
        Instant next = d.retryable() ? outbox.retryLater(row, via, d.detail()) : null;
        if (next != null) {
          log.info(
              "Enrollment {}: attempt {} to tell the worker the decision failed ({}: {}); next at {}",
              id,
              row.attempts(),
              via,
              d.detail(),
              next);
        } else {
          outbox.finish(row.id(), State.FAILED, via, d.detail());
          log.warn(
              "Enrollment {}: the worker could not be told the decision after {} attempt(s) ({}: {})",
              id,
              row.attempts(),
              via,
              d.detail());
        }
      }
    }
  }

  private String orgName(Long orgId) {
    Org org = orgId == null ? null : orgs.find(orgId);
    return org == null ? copy.text("org_unknown") : org.getName();
  }
}
