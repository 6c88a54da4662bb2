package cn.union.helpdesk;

import cn.union.notify.WorkerChannel;
import cn.union.notify.WorkerChannel.Delivery;
import cn.union.platform.Copy;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * Getting an answer to its worker: the reply is queued in the outbox in the transaction that writes
 * it (so it is never lost), tried at once outside any transaction (the WeChat call can take
 * seconds), tried again later when the failure may pass, and its outcome recorded on the case
 * ({@link DeliveryOutcomes}). A reply whose send may have reached WeChat, or whose node stopped
 * mid-send, is not sent again ({@code UNCERTAIN}, see there).
 */
@Component
class ReplyDelivery {

  private final ReplyOutbox outbox;
  private final CaseRecords cases;
  private final CaseTimeline timeline;
  private final WorkerChannel channel;
  private final DeliveryOutcomes outcomes;
  private final Copy copy;

  ReplyDelivery(
      ReplyOutbox outbox,
      CaseRecords cases,
      CaseTimeline timeline,
      WorkerChannel channel,
      DeliveryOutcomes outcomes,
      @Qualifier("helpdeskCopy") Copy copy) {
    this.outbox = outbox;
    this.cases = cases;
    this.timeline = timeline;
    this.channel = channel;
    this.outcomes = outcomes;
    this.copy = copy;
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
    for (long id : outbox.abandoned()) {
      outcomes.abandoned(id);
    }
    List<Long> due = outbox.due();
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
      HelpCaseEvent reply = timeline.entry(row.eventId());
      return new Delivery(
          WorkerChannel.Via.valueOf(reply.getDeliveryVia()),
          WorkerChannel.Status.PENDING,
          reply.getDetail());
    }
    ReplyOutbox.Row row = outbox.get(outboxId);
    HelpCase c = cases.get(row.caseId());
    HelpCaseEvent reply = timeline.entry(row.eventId());
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
    return outcomes.record(row, d);
  }
}
