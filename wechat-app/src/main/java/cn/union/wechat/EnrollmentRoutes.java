package cn.union.wechat;

import cn.union.enrollment.EnrollmentConversation;
import cn.union.enrollment.PosterService;
import cn.union.platform.Copy;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * 入会 in the routing table: a scan of an enrollment poster, the form conversation, the menu's 入会
 * button and 我的会员 (the member card).
 */
@Component
class EnrollmentRoutes implements WxRouteContributor {

  static final String JOIN_UNION = "JOIN_UNION";

  private final EnrollmentConversation enrollment;
  private final Copy copy;

  EnrollmentRoutes(EnrollmentConversation enrollment, @Qualifier("wechatCopy") Copy copy) {
    this.enrollment = enrollment;
    this.copy = copy;
  }

  @Override
  public void contribute(WxRouter router) {
    router
        .scene(PosterService.SCENE_PREFIX, enrollment::scan)
        .conversation(enrollment)
        .click(JOIN_UNION, enrollment::join)
        .keyword(enrollment::join, copy.text("words.join"))
        .keyword(enrollment::card, EnrollmentConversation.CARD_WORDS.toArray(String[]::new));
  }
}
