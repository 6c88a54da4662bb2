package cn.union.helpdesk;

import cn.union.notify.Inbound;
import cn.union.notify.InboundHandler;
import cn.union.notify.Reply;
import cn.union.platform.Copy;
import java.util.Map;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * A worker's answer to “请回复满意、基本满意或不满意” (or 1, 2, 3). Routed by its exact words rather than held as
 * a conversation, so a worker who never rates is not trapped in one.
 */
@Component
public class HelpRating implements InboundHandler {

  private final CaseRatings helpdesk;
  private final HelpIntake intake;
  private final Copy copy;

  public HelpRating(CaseRatings helpdesk, HelpIntake intake, @Qualifier("helpdeskCopy") Copy copy) {
    this.helpdesk = helpdesk;
    this.intake = intake;
    this.copy = copy;
  }

  /** The words a worker rates with: 满意/1, 基本满意/2, 不满意/3. */
  public static String[] words() {
    return Rating.answers().toArray(String[]::new);
  }

  @Override
  public Reply handle(Inbound in) {
    Rating rating = Rating.ofWord(in.trimmedContent()).orElse(null);
    if (rating != null
        && !rating.word().equals(in.trimmedContent())
        && intake.leftUnconfirmed(in.openid())) {
      // A bare digit after an intake that timed out at its confirmation may have meant "submit":
      // sealing a case on a guess cannot be undone, so the words are asked for.
      return Reply.text(copy.text("rating_digit_unclear"));
    }
    CaseRatings.RatingOutcome outcome =
        rating == null ? null : helpdesk.rate(in.inboundId(), in.openid(), rating);
    if (outcome == null) {
      return Reply.text(copy.text("rating_none"));
    }
    if (outcome.reopened()) {
      return Reply.text(copy.render("rating_reopened", Map.of("number", outcome.number())));
    }
    return Reply.text(
        copy.render("rating_thanks", Map.of("rating", rating.word(), "number", outcome.number())));
  }
}
