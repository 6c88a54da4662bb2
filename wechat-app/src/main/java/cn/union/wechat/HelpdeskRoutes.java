package cn.union.wechat;

import cn.union.helpdesk.HelpIntake;
import cn.union.helpdesk.HelpRating;
import org.springframework.stereotype.Component;

/** 我要求助 in the routing table: the menu button, its two words, the intake itself and the rating words. */
@Component
class HelpdeskRoutes implements WxRouteContributor {

  static final String HELP_REQUEST = "HELP_REQUEST";

  private final HelpIntake intake;
  private final HelpRating rating;

  HelpdeskRoutes(HelpIntake intake, HelpRating rating) {
    this.intake = intake;
    this.rating = rating;
  }

  @Override
  public void contribute(WxRouter router) {
    router
        .conversation(intake)
        .click(HELP_REQUEST, intake::start)
        .keyword(intake::start, HelpIntake.TRIGGERS.toArray(String[]::new))
        .keyword(rating, HelpRating.words());
  }
}
