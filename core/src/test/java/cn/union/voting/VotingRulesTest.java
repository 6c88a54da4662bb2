package cn.union.voting;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

/** The rules that need no database: campaign moves and the words that vote. */
class VotingRulesTest {

  @Test
  void closingIsFinalAndPauseGoesBothWays() {
    assertThat(CampaignStatus.OPEN.canMoveTo(CampaignStatus.PAUSED)).isTrue();
    assertThat(CampaignStatus.PAUSED.canMoveTo(CampaignStatus.OPEN)).isTrue();
    assertThat(CampaignStatus.OPEN.canMoveTo(CampaignStatus.CLOSED)).isTrue();
    assertThat(CampaignStatus.PAUSED.canMoveTo(CampaignStatus.CLOSED)).isTrue();
    for (CampaignStatus s : CampaignStatus.values()) {
      assertThat(CampaignStatus.CLOSED.canMoveTo(s)).as("CLOSED → " + s).isFalse();
    }
  }

  @Test
  void theVoteWords() {
    assertThat(number("投票 12")).isEqualTo("12");
    assertThat(number("投票12")).isEqualTo("12");
    assertThat(number("投票  7")).isEqualTo("7");
    Matcher m = VoteMessages.TEXT.matcher("投票 3-12");
    assertThat(m.matches()).isTrue();
    assertThat(m.group(1)).isEqualTo("3");
    assertThat(m.group(2)).isEqualTo("12");
    assertThat(VoteMessages.TEXT.matcher("投票 3－12").matches()).isTrue();
    assertThat(VoteMessages.matches("投票")).isTrue();
    assertThat(VoteMessages.matches("投票 十二")).isFalse();
    assertThat(VoteMessages.matches("我要投票 12")).isFalse();
    assertThat(number("投票 12号")).isEqualTo("12");
    assertThat(number("投票12 号")).isEqualTo("12");
    assertThat(VoteMessages.matches("投票 12 13")).isFalse();
  }

  private static String number(String text) {
    Matcher m = VoteMessages.TEXT.matcher(text);
    assertThat(m.matches()).as(text).isTrue();
    return m.group(2);
  }
}
