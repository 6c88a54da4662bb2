package cn.union.helpdesk;

import cn.union.platform.Copy;
import com.baomidou.mybatisplus.core.conditions.query.LambdaQueryWrapper;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The worker's verdict on an answer, and the seal that follows it: 不满意 reopens a case once, any
 * other rating (or silence past {@code union.helpdesk.auto-rate-after}) rates and seals it.
 */
@Service
class CaseRatings {

  private static final Logger log = LoggerFactory.getLogger(CaseRatings.class);

  private final HelpCaseMapper cases;
  private final CaseRecords records;
  private final CaseTimeline timeline;
  private final CaseSeal seal;
  private final TransactionTemplate tx;
  private final ApplicationEventPublisher publisher;
  private final HelpdeskProperties props;
  private final Copy copy;

  CaseRatings(
      HelpCaseMapper cases,
      CaseRecords records,
      CaseTimeline timeline,
      CaseSeal seal,
      TransactionTemplate tx,
      ApplicationEventPublisher publisher,
      HelpdeskProperties props,
      @Qualifier("helpdeskCopy") Copy copy) {
    this.cases = cases;
    this.records = records;
    this.timeline = timeline;
    this.seal = seal;
    this.tx = tx;
    this.publisher = publisher;
    this.props = props;
    this.copy = copy;
  }

  /** What the worker's rating did. */
  public record RatingOutcome(String number, Rating rating, boolean reopened) {}

  /**
   * Records the worker's verdict on their latest answered case. 不满意 reopens the case once;
   * otherwise the case is rated and sealed.
   *
   * <p>One rating per inbound message ({@code inboundId}): the same message again is answered as it
   * was the first time and rates nothing (not the next case waiting for a rating).
   *
   * @return {@code null} when the worker has no case waiting for a rating
   */
  @Transactional
  public RatingOutcome rate(long inboundId, String openid, Rating rating) {
    HelpCaseEvent earlier = timeline.fromInbound(inboundId);
    if (earlier != null) {
      return new RatingOutcome(
          records.get(earlier.getCaseId()).getNumber(),
          Rating.ofWord(earlier.getContent()).orElse(rating),
          "REOPENED".equals(earlier.getKind()));
    }
    HelpCase c =
        cases.selectOne(
            new LambdaQueryWrapper<HelpCase>()
                .eq(HelpCase::getOpenid, openid)
                .eq(HelpCase::getStatus, CaseStatus.AWAITING_RATING)
                .orderByDesc(HelpCase::getSubmittedAt)
                .orderByDesc(HelpCase::getId)
                .last("LIMIT 1"));
    if (c == null) {
      return null;
    }
    // Under the row lock: the silence sweep may be rating this very case.
    c = records.forUpdate(c.getId());
    if (c.getStatus() != CaseStatus.AWAITING_RATING) {
      return null;
    }
    if (rating == Rating.UNSATISFIED && !c.isReopened()) {
      CaseRecords.move(c, CaseStatus.REOPENED);
      c.setReopened(true);
      c.setRating(rating.name());
      cases.updateById(c);
      timeline.appendFrom(
          inboundId,
          c,
          "REOPENED",
          CaseTimeline.WORKER,
          rating.word(),
          copy.text("reopened_detail"));
      return new RatingOutcome(c.getNumber(), rating, true);
    }
    rateAndSeal(c, rating, CaseTimeline.WORKER, null, inboundId);
    return new RatingOutcome(c.getNumber(), rating, false);
  }

  private void rateAndSeal(HelpCase c, Rating rating, String actor, String why) {
    rateAndSeal(c, rating, actor, why, null);
  }

  /** Rates and seals; the rating's entry carries the worker's message when one rated. */
  private void rateAndSeal(HelpCase c, Rating rating, String actor, String why, Long inboundId) {
    CaseRecords.move(c, CaseStatus.RATED);
    c.setRating(rating.name());
    if (inboundId == null) {
      timeline.append(c, "RATED", actor, rating.word(), null, why);
    } else {
      timeline.appendFrom(inboundId, c, "RATED", actor, rating.word(), why);
    }
    CaseRecords.move(c, CaseStatus.SEALED);
    c.setSealedAt(records.now());
    cases.updateById(c);
    timeline.append(c, "SEALED", CaseTimeline.SYSTEM, null, null, copy.text("sealed_detail"));
    seal.seal(c.getId());
    publisher.publishEvent(
        new CaseSealed(c.getId(), c.getNumber(), rating.name(), c.getSubmittedAt().toLocalDate()));
  }

  /**
   * Rates as 满意 and seals the cases that waited longer than {@code union.helpdesk.auto-rate-after}
   * for the worker's rating, oldest first, at most one batch.
   *
   * @return how many cases were sealed
   */
  int autoRateOverdue() {
    LocalDateTime before = records.now().minus(props.autoRateAfter());
    List<Long> ids =
        cases
            .selectList(
                new LambdaQueryWrapper<HelpCase>()
                    .select(HelpCase::getId)
                    .eq(HelpCase::getStatus, CaseStatus.AWAITING_RATING)
                    .le(HelpCase::getAwaitingRatingSince, before)
                    .orderByAsc(HelpCase::getAwaitingRatingSince)
                    .last("LIMIT " + Math.max(1, props.jobBatch())))
            .stream()
            .map(HelpCase::getId)
            .toList();
    String why = copy.render("auto_rated_detail", Map.of("days", props.autoRateAfter().toDays()));
    int sealed = 0;
    for (long id : ids) {
      Boolean done =
          tx.execute(
              status -> {
                HelpCase c = records.forUpdate(id);
                // Re-read under the lock: the worker may have rated in the meantime.
                if (c.getStatus() != CaseStatus.AWAITING_RATING
                    || c.getAwaitingRatingSince() == null
                    || c.getAwaitingRatingSince().isAfter(before)) {
                  return false;
                }
                rateAndSeal(c, Rating.SATISFIED, CaseTimeline.SYSTEM, why);
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
}
