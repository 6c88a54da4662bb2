package cn.union.helpdesk;

import static cn.union.platform.PlatformConfig.ZONE;

import cn.union.notify.WorkerChannel.Delivery;
import cn.union.platform.Copy;
import cn.union.shared.DomainException;
import cn.union.staff.Caller;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * 电话答复: the federation promises an answer 微信或电话, so an informant who called the worker records the
 * call (when, who called, what was said). It is an answer like a written one: the first answer of a
 * case, by phone or by WeChat, stops the 2-working-day clock ({@code help_case.replied_at}, read by
 * the KPIs), and the case then waits for the worker's rating. The worker gets a WeChat note that
 * the union called, through the reply outbox, so the note is queued with the record and retried
 * like any answer.
 */
@Service
public class PhoneAnswers {

  /** The timeline entry of the call itself. */
  static final String KIND = "PHONE_ANSWERED";

  /**
   * The timeline entry of the WeChat note telling the worker about the call (with its delivery).
   */
  static final String NOTE_KIND = "PHONE_NOTE";

  public static final int MAX_SUMMARY = 500;
  public static final int MAX_CALLED_BY = 32;

  /** A call recorded a moment "in the future" is a clock a little ahead, not a typo of the date. */
  private static final Duration CLOCK_SLACK = Duration.ofMinutes(5);

  private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  private final CaseRecords cases;
  private final CaseTimeline timeline;
  private final ReplyDelivery delivery;
  private final TransactionTemplate tx;
  private final Copy copy;
  private final Clock clock;

  PhoneAnswers(
      CaseRecords cases,
      CaseTimeline timeline,
      ReplyDelivery delivery,
      TransactionTemplate tx,
      @Qualifier("helpdeskCopy") Copy copy,
      Clock clock) {
    this.cases = cases;
    this.timeline = timeline;
    this.delivery = delivery;
    this.tx = tx;
    this.copy = copy;
    this.clock = clock;
  }

  /**
   * A call made to the worker.
   *
   * @param calledAt when the call took place; {@code null} means now
   * @param calledBy who called; {@code null} means the caller recording it
   * @param summary what was said; it is also sent to the worker in the note
   */
  public record PhoneAnswer(Instant calledAt, String calledBy, String summary) {}

  /**
   * Records the call on the case's timeline, counts it as an answer and sends the worker the note.
   *
   * @return how the note left (or PENDING while it waits for a retry)
   */
  public Delivery record(Caller caller, long id, PhoneAnswer answer) {
    String summary = answer.summary() == null ? "" : answer.summary().strip();
    if (summary.isEmpty() || summary.length() > MAX_SUMMARY) {
      throw DomainException.invalid(
          "case.phone-summary", copy.render("error_phone_summary", Map.of("max", MAX_SUMMARY)));
    }
    String calledBy =
        answer.calledBy() == null || answer.calledBy().isBlank()
            ? caller.username()
            : answer.calledBy().strip();
    if (calledBy.length() > MAX_CALLED_BY) {
      throw DomainException.invalid(
          "case.phone-called-by",
          copy.render("error_phone_called_by", Map.of("max", MAX_CALLED_BY)));
    }
    Instant now = clock.instant();
    Instant calledAt = answer.calledAt() == null ? now : answer.calledAt();
    if (calledAt.isAfter(now.plus(CLOCK_SLACK))) {
      throw DomainException.invalid("case.phone-called-at", copy.text("error_phone_future"));
    }
    LocalDateTime at = LocalDateTime.ofInstant(calledAt, ZONE);
    long queued =
        tx.execute(
            status -> {
              HelpCase c = cases.visibleForUpdate(caller, id);
              if (c.getStatus() == CaseStatus.REVIEW) {
                // The written answer waiting for review would be left behind by a move to REPLIED.
                throw DomainException.conflict(
                    "case.in-review", copy.text("error_phone_in_review"));
              }
              if (at.isBefore(c.getSubmittedAt())) {
                throw DomainException.invalid(
                    "case.phone-called-at", copy.text("error_phone_before_submission"));
              }
              CaseRecords.move(c, CaseStatus.REPLIED);
              // The first answer stops the clock: the earliest of the calls and the answers that
              // left.
              if (c.getRepliedAt() == null || at.isBefore(c.getRepliedAt())) {
                c.setRepliedAt(at);
              }
              cases.update(c);
              String when = at.format(MINUTES);
              timeline.append(
                  c,
                  KIND,
                  caller.username(),
                  summary,
                  null,
                  copy.render(
                      "phone_answer_detail", Map.of("calledAt", when, "calledBy", calledBy)));
              return delivery.queue(
                  c,
                  NOTE_KIND,
                  CaseTimeline.SYSTEM,
                  copy.render("phone_note", Map.of("calledAt", when, "summary", summary)),
                  copy.text("note_queued"));
            });
    return delivery.deliver(queued);
  }
}
