package cn.union.wechat;

import cn.union.voting.VoteMessages;
import org.springframework.stereotype.Component;

/**
 * 投票 in the routing table: {@code 投票 12}, {@code 投票12}, {@code 投票 3-12}, {@code 投票} and the VOTE
 * button.
 */
@Component
class VotingRoutes implements WxRouteContributor {

  static final String VOTE = "VOTE";

  private final VoteMessages messages;

  VotingRoutes(VoteMessages messages) {
    this.messages = messages;
  }

  @Override
  public void contribute(WxRouter router) {
    router.commandMatching(VoteMessages.TEXT, messages::vote).click(VOTE, messages::list);
  }
}
