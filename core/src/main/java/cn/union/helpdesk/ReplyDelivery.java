package cn.union.helpdesk;

import cn.union.notify.WorkerChannel;
import cn.union.notify.WorkerChannel.Delivery;
import cn.union.platform.Copy;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Getting an answer to its worker: the reply is queued in the outbox in the transaction that writes
 * it (so it is never lost), tried at once outside any transaction (the WeChat call can take
 * seconds), tried again later when the failure may pass, and its outcome recorded on the case.
 *
 * <p>Tried again means: the channel said the message surely did not reach WeChat, or WeChat said it
 * did not take it for a reason that may pass. A send that reached WeChat without an answer in time
 * is {@code UNCERTAIN}: WeChat may have delivered it, and a customer-service or template message
 * sent again would reach the worker twice. It is never sent again by a job; the timeline says so
 * ({@code DELIVERY_UNCERTAIN}) and the informant, who can ask the worker, answers again or calls.
 */
@Component
class ReplyDelivery {

  private static final DateTimeFormatter RETRY_AT = DateTimeFormatter.ofPattern("MM-dd HH:mm");

  private final CaseRecords cases;
  private final CaseTimeline timeline;
  private final HelpCaseEventMapper events;
  private final ReplyOutbox outbox;
  private final WorkerChannel channel;
  private final TransactionTemplate tx;
  private final ApplicationEventPublisher publisher;
  private final HelpdeskProperties props;
  private final Copy copy;
  private final Clock clock;

  ReplyDelivery(
      CaseRecords cases,
      CaseTimeline timeline,
      HelpCaseEventMapper events,
      ReplyOutbox outbox,
      WorkerChannel channel,
      TransactionTemplate tx,
      ApplicationEventPublisher publisher,
      HelpdeskProperties props,
      @Qualifier("helpdeskCopy") Copy copy,
      Clock clock) {
    this.cases = cases;
    this.timeline = timeline;
    this.events = events;
    this.outbox = outbox;
    this.channel = channel;
    this.tx = tx;
    this.publisher = publisher;
    this.props = props;
    this.copy = copy;
    this.clock = clock;
  }

  /** How a message to this worker would leave now. */
  WorkerChannel.Via plan(String openid) {
    return channel.plan(openid);
  }

  /** Writes the REPLIED entry (delivery pending) and queues it; in the caller's transaction. */
  long queueReply(HelpCase c, String actor, String text) {
    return queue(c, "REPLIED", actor, text, copy.text("note_queued"));
  }

  /**
   * Writes an entry carrying a message for the worker and queues it; in the caller's transaction.
   */
  long queue(HelpCase c, String kind, String actor, String text, String detail) {
    HelpCaseEvent e =
        timeline.append(
            c,
            kind,
            actor,
            text,
            new Delivery(channel.plan(c.getOpenid()), WorkerChannel.Status.PENDING, null),
            detail);
    return outbox.enqueue(c.getId(), e.getId());
  }

  /**
   * Sends the queued replies whose next attempt is due, oldest first, at most one batch.
   *
   * @return how many were tried
   */
  int retryDue() {
    for (long id : outbox.abandoned(props.jobBatch())) {
      tx.executeWithoutResult(status -> abandon(id));
    }
    List<Long> due = outbox.due(props.jobBatch());
    for (long id : due) {
      deliver(id);
    }
    return due.size();
  }

  /** One attempt at a queued reply, outside any transaction, then its outcome recorded in one. */
  Delivery deliver(long outboxId) {
    if (!outbox.claim(outboxId)) {
      // Another node holds this attempt; the timeline will show its outcome.
      ReplyOutbox.Row row = outbox.get(outboxId);
      HelpCaseEvent reply = events.selectById(row.eventId());
      return new Delivery(
          WorkerChannel.Via.valueOf(reply.getDeliveryVia()),
          WorkerChannel.Status.PENDING,
          reply.getDetail());
    }
    ReplyOutbox.Row row = outbox.get(outboxId);
    HelpCase c = cases.get(row.caseId());
    HelpCaseEvent reply = events.selectById(row.eventId());
    if (c.getSealHash() != null) {
      outbox.cancelled(outboxId, copy.text("delivery_cancelled_sealed"));
      return new Delivery(
          WorkerChannel.Via.valueOf(reply.getDeliveryVia()),
          WorkerChannel.Status.FAILED,
          copy.text("delivery_sealed"));
    }
    Delivery d =
        channel.sendText(
            c.getOpenid(),
            copy.render(
                "reply_to_worker", Map.of("number", c.getNumber(), "content", reply.getContent())),
            new WorkerChannel.Notice(c.getNumber(), copy.text("reply_notice")));
    return tx.execute(status -> recordOutcome(row, d));
  }

  private Delivery recordOutcome(ReplyOutbox.Row row, Delivery d) {
    HelpCase c = cases.forUpdate(row.caseId());
    HelpCaseEvent reply = events.selectById(row.eventId());
    int attempt = row.attempts();
    boolean sealed = c.getSealHash() != null;
    if (d.status() == WorkerChannel.Status.UNCERTAIN) {
      return recordUncertain(row, c, reply, d, sealed);
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
    if (d.retryable() && attempt < props.deliveryAttempts() && !sealed) {
      Instant next = clock.instant().plus(props.retryAfter(attempt));
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
      outbox.retryAt(row.id(), next, d.detail());
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

  /** A node claimed the reply and stopped before recording how the send went. */
  private void abandon(long outboxId) {
    ReplyOutbox.Row row = outbox.get(outboxId);
    HelpCase c = cases.forUpdate(row.caseId());
    String why = copy.text("delivery_interrupted");
    if (!outbox.abandon(outboxId, why)) {
      return;
    }
    HelpCaseEvent reply = events.selectById(row.eventId());
    recordUncertain(
        row,
        c,
        reply,
        new Delivery(
            WorkerChannel.Via.valueOf(reply.getDeliveryVia()), WorkerChannel.Status.UNCERTAIN, why),
        c.getSealHash() != null);
  }

  /**
   * The send may have reached the worker: not sent again, not counted as answered (replied_at and
   * the move to 待评价 wait for an answer known to have left); the case stays 已答复 so the informant can
   * answer again.
   */
  private Delivery recordUncertain(
      ReplyOutbox.Row row, HelpCase c, HelpCaseEvent reply, Delivery d, boolean sealed) {
    String detail =
        copy.render(
            "delivery_uncertain",
            Map.of("attempt", row.attempts(), "detail", String.valueOf(d.detail())));
    outbox.uncertain(row.id(), d.via().name(), d.detail());
    if (!sealed) {
      timeline.updateDelivery(c, reply, d.via().name(), d.status().name(), detail);
      timeline.append(c, "DELIVERY_UNCERTAIN", CaseTimeline.SYSTEM, null, d, detail);
    }
    return new Delivery(d.via(), d.status(), detail, false);
  }
}
