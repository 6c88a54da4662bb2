package cn.union.voting;

import static org.assertj.core.api.Assertions.assertThat;

import cn.union.support.WxClient;
import cn.union.wechat.OrphanSweeps;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/**
 * 投票 by message when the node that counted the vote died before the message's outcome was stored:
 * the orphan sweep handles the message again, and the vote is counted once and answered the same.
 */
class VotingOrphansIT extends VotingFixture {

  @Autowired ApplicationContext context;

  @Test
  void aVoteHandledAgainIsCountedOnce() {
    clock.set(Instant.now());
    long c = campaign(admin, Map.of());
    int n = freshNumber();
    long cand = candidate(admin, c, "张秀英", n);
    String voter = openid();
    long msgId = WxClient.nextMsgId();
    String once = wx.post(WxClient.text(voter, "投票 " + n, msgId, wx.now())).content();
    assertThat(once).contains("投票成功");
    long id = OrphanSweeps.loseOutcome(context, msgId);

    clock.advance(Duration.ofMinutes(3));
    assertThat(OrphanSweeps.sweep(context)).isGreaterThanOrEqualTo(1);
    assertThat(OrphanSweeps.reply(context, id)).isEqualTo(once);
    assertThat(votes(c, cand)).isEqualTo(1);
    assertThat(ledger(c)).isEqualTo(1);
  }
}
