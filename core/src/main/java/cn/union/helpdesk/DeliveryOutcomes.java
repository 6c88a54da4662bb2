package cn.union.helpdesk;

import cn.union.notify.WorkerChannel;
import cn.union.notify.WorkerChannel.Delivery;
import cn.union.platform.Copy;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What one attempt to send a reply did, recorded in one transaction: on the outbox row, on the
 * reply's timeline entry and on the case. A reply that left moves the case on to await the worker's
 * rating ({@link ReplyDelivered}); one that may still leave waits for its next attempt; one that
 * cannot is marked failed, so the informant sees it and can answer again.
 *
 * <p>May still leave means: the channel said the message surely did not reach WeChat, or WeChat
 * said it did not take it for a reason that may pass. A send that reached WeChat without an answer
 * in time is {@code UNCERTAIN}: WeChat may have delivered it, and a customer-service or template
 * message sent again would reach the worker twice. It is never sent again by a job; the timeline
 * says so ({@code DELIVERY_UNCERTAIN}) and the informant, who can ask the worker, answers again or
 * calls. So is a reply whose node stopped mid-send ({@link #abandoned}).
 */
@Component
class DeliveryOutcomes {

  private static final DateTimeFormatter RETRY_AT = DateTimeFormatter.ofPattern("MM-dd HH:mm");

  private final CaseRecords cases;
  private final CaseTimeline timeline;
  private final ReplyOutbox outbox;
  private final TransactionTemplate tx;
  private final ApplicationEventPublisher publisher;
  private final Copy copy;

  DeliveryOutcomes(
      CaseRecords cases,
      CaseTimeline timeline,
      ReplyOutbox outbox,
      TransactionTemplate tx,
      ApplicationEventPublisher publisher,
      @Qualifier("helpdeskCopy") Copy copy) {
    this.cases = cases;
    this.timeline = timeline;
    this.outbox = outbox;
    this.tx = tx;
    this.publisher = publisher;
    this.copy = copy;
  }

  /** Records the outcome {@code d} of the attempt just made at {@code row}'s reply. */
  Delivery record(ReplyOutbox.Row row, Delivery d) {
    return tx.execute(status -> recorded(row, d));
  }

  /**
   * Records that the node which claimed {@code outboxId}'s reply stopped before recording how the
   * send went (its lease ran out): the message may have left, so the reply is UNCERTAIN, unless its
   * outcome was recorded meanwhile.
   */
  void abandoned(long outboxId) {
    tx.executeWithoutResult(
        status -> {
          ReplyOutbox.Row row = outbox.get(outboxId);
          HelpCase c = cases.forUpdate(row.caseId());
          String why = copy.text("delivery_interrupted");
          if (!outbox.abandon(outboxId, why)) {
            return;
          }
          HelpCaseEvent reply = timeline.entry(row.eventId());
          WorkerChannel.Via via = WorkerChannel.Via.valueOf(reply.getDeliveryVia());
          uncertain(row, c, reply, new Delivery(via, WorkerChannel.Status.UNCERTAIN, why));
        });
  }

  private Delivery recorded(ReplyOutbox.Row row, Delivery d) {
    HelpCase c = cases.forUpdate(row.caseId());
    HelpCaseEvent reply = timeline.entry(row.eventId());
    int attempt = row.attempts();
    boolean sealed = c.getSealHash() != null;
    if (d.status() == WorkerChannel.Status.UNCERTAIN) {
      return uncertain(row, c, reply, d);
    }
    if (d.status() != WorkerChannel.Status.FAILED) {
      outbox.sent(row.id(), d.via().name());
      if (sealed) {
        return d;
      }
      String detail =
          attempt > 1
              ? copy.render(
                  "delivery_sent_after",
                  Map.of("attempt", attempt, "detail", String.valueOf(d.detail())))
              : d.detail();
      timeline.updateDelivery(c, reply, d.via().name(), d.status().name(), detail);
      // Only an answer that left counts against the deadline (help_case.replied_at, read by KPIs).
      if (c.getRepliedAt() == null) {
        c.setRepliedAt(cases.now());
      }
      if (attempt > 1) {
        timeline.append(c, "DELIVERED", CaseTimeline.SYSTEM, null, d, detail);
      }
      if (c.getStatus() == CaseStatus.REPLIED) {
        CaseRecords.move(c, CaseStatus.AWAITING_RATING);
        c.setAwaitingRatingSince(cases.now());
        timeline.append(c, "AWAITING_RATING", CaseTimeline.SYSTEM, null, null, null);
      }
      cases.update(c);
      publisher.publishEvent(
          new ReplyDelivered(c.getId(), c.getNumber(), reply.getId(), d.via().name()));
      return d;
    }
    Instant next = d.retryable() && !sealed ? outbox.retryLater(row, d.detail()) : null;
    if (next != null) {
      String detail =
          copy.render(
              "delivery_retry",
              Map.of(
                  "attempt",
                  attempt,
                  "detail",
                  String.valueOf(d.detail()),
                  "at",
                  CaseRecords.local(next).format(RETRY_AT)));
      timeline.updateDelivery(
          c, reply, d.via().name(), WorkerChannel.Status.PENDING.name(), detail);
      return new Delivery(d.via(), WorkerChannel.Status.PENDING, detail, true);
    }
    String detail =
        attempt > 1
            ? copy.render(
                "delivery_failed_after",
                Map.of("attempt", attempt, "detail", String.valueOf(d.detail())))
            : copy.render("delivery_failed", Map.of("detail", String.valueOf(d.detail())));
    outbox.failed(row.id(), d.via().name(), d.detail());
    if (!sealed) {
      // The case stays REPLIED: the informant sees the failure and can answer again.
      timeline.updateDelivery(c, reply, d.via().name(), d.status().name(), detail);
      timeline.append(c, "DELIVERY_FAILED", CaseTimeline.SYSTEM, null, d, detail);
    }
    return new Delivery(d.via(), d.status(), detail, false);
  }

  /**
   * The send may have reached the worker: not sent again, not counted as answered (replied_at and
   * the move to 待评价 wait for an answer known to have left); the case stays 已答复 so the informant can
   * answer again.
   */
  private Delivery uncertain(ReplyOutbox.Row row, HelpCase c, HelpCaseEvent reply, Delivery d) {
    String detail =
        copy.render(
            "delivery_uncertain",
            Map.of("attempt", row.attempts(), "detail", String.valueOf(d.detail())));
    outbox.uncertain(row.id(), d.via().name(), d.detail());
    if (c.getSealHash() == null) {
      timeline.updateDelivery(c, reply, d.via().name(), d.status().name(), detail);
      timeline.append(c, "DELIVERY_UNCERTAIN", CaseTimeline.SYSTEM, null, d, detail);
    }
    return new Delivery(d.via(), d.status(), detail, false);
  }
}
