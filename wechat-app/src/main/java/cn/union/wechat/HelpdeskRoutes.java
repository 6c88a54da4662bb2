package cn.union.wechat;

import cn.union.helpdesk.HelpFollowUp;
import cn.union.helpdesk.HelpIntake;
import cn.union.helpdesk.HelpRating;
import cn.union.helpdesk.MediaFollowUp;
import cn.union.helpdesk.MyRequests;
import cn.union.platform.Copy;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * 我要求助 in the routing table: the menu buttons (我要求助, 我的求助), the two words, the intake itself, the
 * rating words and 补充 (a worker's follow-up to an open case, in words or as a picture or voice
 * message).
 */
@Component
class HelpdeskRoutes implements WxRouteContributor {

  static final String HELP_REQUEST = "HELP_REQUEST";
  static final String MY_REQUESTS = "MY_REQUESTS";

  private final HelpIntake intake;
  private final HelpRating rating;
  private final MyRequests myRequests;
  private final HelpFollowUp followUp;
  private final MediaFollowUp mediaFollowUp;
  private final Copy copy;

  HelpdeskRoutes(
      HelpIntake intake,
      HelpRating rating,
      MyRequests myRequests,
      HelpFollowUp followUp,
      MediaFollowUp mediaFollowUp,
      @Qualifier("wechatCopy") Copy copy) {
    this.intake = intake;
    this.rating = rating;
    this.myRequests = myRequests;
    this.followUp = followUp;
    this.mediaFollowUp = mediaFollowUp;
    this.copy = copy;
  }

  @Override
  public void contribute(WxRouter router) {
    router
        .conversation(intake)
        .click(HELP_REQUEST, intake::start)
        .click(MY_REQUESTS, myRequests)
        .command(intake::start, HelpIntake.TRIGGERS.toArray(String[]::new))
        .command(myRequests, copy.text("words.my-requests"))
        .keyword(rating, HelpRating.words())
        .prefix(HelpFollowUp.KEYWORD, followUp)
        .messageType("image", mediaFollowUp)
        .messageType("voice", mediaFollowUp);
  }
}
