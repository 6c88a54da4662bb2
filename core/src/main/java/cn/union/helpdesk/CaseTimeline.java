package cn.union.helpdesk;

import static cn.union.platform.PlatformConfig.ZONE;

import cn.union.notify.WorkerChannel.Delivery;
import cn.union.platform.Copy;
import cn.union.shared.DomainException;
import java.time.Clock;
import java.time.LocalDateTime;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * The only writer of a case's timeline ({@code help_case_event}). Every entry passes the same rule:
 * a sealed case is read-only (its hash covers the timeline), and every change is announced as
 * {@link CaseEventRecorded} in the caller's transaction, so the figures of the case's submission
 * day are counted again exactly when the change becomes visible.
 */
@Component
class CaseTimeline {

  /** Who the timeline names for what the worker or the system did; never the openid. */
  static final String WORKER = "worker";

  static final String SYSTEM = "system";

  /** The longest detail a timeline entry keeps. */
  static final int MAX_DETAIL = 500;

  private final HelpCaseEventMapper events;
  private final ApplicationEventPublisher publisher;
  private final Copy copy;
  private final Clock clock;

  CaseTimeline(
      HelpCaseEventMapper events,
      ApplicationEventPublisher publisher,
      @Qualifier("helpdeskCopy") Copy copy,
      Clock clock) {
    this.events = events;
    this.publisher = publisher;
    this.copy = copy;
    this.clock = clock;
  }

  HelpCaseEvent entry(long id) {
    return events.selectById(id);
  }

  /** Appends an entry; in the caller's transaction, which holds the case's row lock. */
  HelpCaseEvent append(
      HelpCase c, String kind, String actor, String content, Delivery delivery, String detail) {
    return append(c, kind, actor, content, delivery, detail, null);
  }

  /**
   * Appends the entry a worker's inbound message made (a 补充, a rating): the table's unique key on
   * the message makes it one entry per message, however often the message is handled.
   */
  HelpCaseEvent appendFrom(
      long inboundId, HelpCase c, String kind, String actor, String content, String detail) {
    return append(c, kind, actor, content, null, detail, inboundId);
  }

  /** The entry an inbound message made, or {@code null}. */
  HelpCaseEvent fromInbound(long inboundId) {
    return events.selectOne(
        new com.baomidou.mybatisplus.core.conditions.query.LambdaQueryWrapper<HelpCaseEvent>()
            .eq(HelpCaseEvent::getSourceInboundId, inboundId));
  }

  private HelpCaseEvent append(
      HelpCase c,
      String kind,
      String actor,
      String content,
      Delivery delivery,
      String detail,
      Long sourceInboundId) {
    checkOpen(c);
    HelpCaseEvent e = new HelpCaseEvent();
    e.setSourceInboundId(sourceInboundId);
    e.setCaseId(c.getId());
    e.setAt(LocalDateTime.ofInstant(clock.instant(), ZONE));
    e.setKind(kind);
    e.setActor(actor);
    e.setContent(content);
    if (delivery != null) {
      e.setDeliveryVia(delivery.via().name());
      e.setDeliveryStatus(delivery.status().name());
    }
    e.setDetail(cut(detail));
    events.insert(e);
    publisher.publishEvent(
        new CaseEventRecorded(c.getId(), e.getId(), kind, c.getSubmittedAt().toLocalDate()));
    return e;
  }

  /** Records how a queued message left (or did not) on the entry that carries it. */
  void updateDelivery(HelpCase c, HelpCaseEvent entry, String via, String status, String detail) {
    checkOpen(c);
    entry.setDeliveryVia(via);
    entry.setDeliveryStatus(status);
    entry.setDetail(cut(detail));
    events.updateById(entry);
    publisher.publishEvent(
        new CaseEventRecorded(
            c.getId(), entry.getId(), entry.getKind(), c.getSubmittedAt().toLocalDate()));
  }

  private void checkOpen(HelpCase c) {
    if (c.getSealHash() != null) {
      throw DomainException.conflict("case.sealed", copy.text("error_sealed"));
    }
  }

  static String cut(String detail) {
    return detail != null && detail.length() > MAX_DETAIL
        ? detail.substring(0, MAX_DETAIL)
        : detail;
  }
}
