package cn.union.helpdesk;

import static org.assertj.core.api.Assertions.assertThat;

import cn.union.member.MemberService;
import cn.union.platform.PlatformConfig;
import cn.union.support.ApiClient;
import cn.union.support.IdNumbersForTests;
import cn.union.support.WxClient;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The worker's side of 我要求助 as a worker types it: how many messages it takes, what every prompt
 * says, what a wrong answer is told, and the ways of answering that count.
 */
class HelpConversationIT extends HelpdeskFixture {

  @Autowired RedissonClient redisson;
  @Autowired MemberService members;

  /** Every message the worker sent and every reply, in order, for counting. */
  private final List<String> replies = new ArrayList<>();

  private String send(String text) {
    String reply = say(text);
    replies.add(reply);
    return reply;
  }

  private String tap(String key) {
    clock.advance(Duration.ofSeconds(1));
    WxClient.Answer a = wx.click(openid, key);
    assertThat(a.status()).isEqualTo(200);
    replies.add(a.content());
    return a.content();
  }

  @Test
  void aNewWorkerGetsTheCaseNumberInSixMessagesAndAKnownOneInFive() {
    assertThat(tap("HELP_REQUEST")).contains("类别").contains("取消");
    assertThat(send("4")).contains("描述").contains("取消");
    assertThat(send("公司拖欠三个月工资")).contains("单位").contains("取消");
    // One org matches: chosen without a pick, and the next prompt names it.
    assertThat(send(token + "区")).contains("手机").contains(countyName).contains("取消");
    assertThat(send("13800138010")).contains("确认").contains("取消").contains("138****8010");
    String done = send("1");
    assertThat(replies).hasSize(6);
    LocalDate due =
        calendar.addWorkingDays(LocalDate.ofInstant(clock.instant(), PlatformConfig.ZONE), 2);
    String number = numberOf(caseIdOf(openid));
    assertThat(done)
        .contains("编号 " + number)
        .contains(due.toString())
        // how to add details and how to follow the case
        .contains("补充 " + number)
        .contains("我的求助");

    replies.clear();
    tap("HELP_REQUEST");
    send("劳动争议");
    send("被要求无偿加班");
    assertThat(send(token + "区")).contains("确认").contains("沿用");
    assertThat(send("确认")).contains("编号");
    assertThat(replies).hasSize(5);
    assertThat(casesOf(openid)).isEqualTo(2);
  }

  @Test
  void aMemberIsNotAskedForUnitAndPhoneAndMayChangeThePhone() {
    // Approved enrollment made this worker a member of the town union, with a phone on record.
    members.enroll(
        new MemberService.MemberData(
            "李四", IdNumbersForTests.next(), "13900139077", "某公司", townId, openid));
    String townName =
        jdbc.queryForObject("SELECT name FROM org_unit WHERE id = ?", String.class, townId);
    assertThat(tap("HELP_REQUEST")).contains("类别");
    assertThat(send("4")).contains("描述");
    assertThat(send("公司拖欠三个月工资"))
        .contains("确认")
        .contains("会员登记")
        .contains(townName)
        .contains("139****9077")
        .contains("回复“手机”")
        .doesNotContain("请输入您所在的单位");
    assertThat(send("手机")).contains("11位手机号码").contains(townName);
    assertThat(send("13700137077")).contains("确认").contains("137****7077");
    assertThat(send("1")).contains("编号");
    assertThat(replies).hasSize(6);
    long id = caseIdOf(openid);
    assertThat(jdbc.queryForObject("SELECT org_id FROM help_case WHERE id = ?", Long.class, id))
        .isEqualTo(townId);
    assertThat(admin.get("/cases/" + id).get("mobile").asString()).isEqualTo("137****7077");

    // Confirmed as it stands, the member's own unit and phone go with the case.
    replies.clear();
    tap("HELP_REQUEST");
    send("4");
    send("公司又拖欠一个月工资");
    assertThat(send("1")).contains("编号");
    assertThat(replies).hasSize(4);
    assertThat(admin.get("/cases/" + caseIdOf(openid)).get("mobile").asString())
        .isEqualTo("139****9077");
  }

  @Test
  void everyWrongAnswerSaysWhatWasWrongAndHowToLeave() {
    // A second org with the token, so the unit search lists two.
    long other = createOrg(admin, cityId, token + "区第二工会", "COUNTY");
    assertThat(tap("HELP_REQUEST")).contains("类别");
    assertThat(send("99")).contains("没有“99”这个类别").contains("1-6").contains("取消");
    assertThat(send("工")).contains("多个类别").contains("工资拖欠").contains("工伤维权").contains("取消");
    assertThat(send("工资")).contains("已选择类别：工资拖欠").contains("描述");
    assertThat(send("帮我")).contains("太短").contains("至少4个字").contains("取消");
    assertThat(send("欠".repeat(WorkerCases.MAX_DESCRIPTION + 1)))
        .contains("超过了500个字")
        .contains("501")
        .contains("取消");
    assertThat(send("老板拖欠工资半年")).contains("单位");
    assertThat(send("查无此单位" + token)).contains("没有找到名称包含").contains("取消");
    String two = send(token + "区");
    assertThat(two)
        .contains("1. ")
        .contains("2. ")
        .contains(countyName)
        .contains(token + "区第二工会")
        .contains("取消");
    assertThat(send("5")).contains("没有第5个单位").contains("1-2").contains("取消");
    String picked = send(two.indexOf("1. " + countyName) >= 0 ? "1" : "2");
    assertThat(picked).contains("手机").contains(countyName);
    assertThat(send("12345")).contains("“12345”不是有效的手机号码").contains("取消");
    assertThat(send("13900139010")).contains("确认");
    assertThat(send("嗯嗯")).contains("没有看懂“嗯嗯”").contains("确认").contains("取消");
    assertThat(casesOf(openid)).isZero();
    assertThat(send("好")).contains("编号");
    assertThat(
            jdbc.queryForObject(
                "SELECT org_id FROM help_case WHERE id = ?", Long.class, caseIdOf(openid)))
        .isEqualTo(countyId)
        .isNotEqualTo(other);
  }

  @Test
  void theUnitCanBeChosenAgainAndYesConfirms() {
    long town2 = createOrg(admin, countyId, "街道" + token + "乙工会", "TOWN");
    tap("HELP_REQUEST");
    send("1");
    send("需要法律咨询服务");
    assertThat(send(token + "区")).contains("手机").contains("单位");
    // Not the right one after all: back to the search.
    assertThat(send("单位")).contains("请输入您所在的单位");
    assertThat(send("街道" + token)).contains("手机").contains("街道" + token + "乙工会");
    send("13700137010");
    assertThat(send("是")).contains("编号");
    assertThat(
            jdbc.queryForObject(
                "SELECT org_id FROM help_case WHERE id = ?", Long.class, caseIdOf(openid)))
        .isEqualTo(town2);
  }

  @Test
  void aRatingIsTakenAsAWordOrANumber() {
    long id = submit("13800138011");
    ApiClient informant = user("INFORMANT", countyId);
    informant.post("/cases/" + id + "/accept", null);
    informant.post("/cases/" + id + "/replies", Map.of("content", "已联系用人单位"));
    assertThat(customTo(openid))
        .last()
        .satisfies(c -> assertThat(c.body()).contains("1 满意").contains("3 不满意"));
    assertThat(say("3")).contains("重新");
    assertThat(caseOf(informant, id).get("status").asString()).isEqualTo("REOPENED");
    informant.post("/cases/" + id + "/accept", null);
    informant.post("/cases/" + id + "/replies", Map.of("content", "已督促发放"));
    assertThat(say("２")).contains("基本满意").contains("办结");
    assertThat(caseOf(informant, id).get("rating").asString()).isEqualTo("FAIRLY_SATISFIED");

    long second = submit(null);
    informant.post("/cases/" + second + "/accept", null);
    informant.post("/cases/" + second + "/replies", Map.of("content", "已处理"));
    assertThat(say("1")).contains("满意").contains("办结");
    assertThat(caseOf(informant, second).get("rating").asString()).isEqualTo("SATISFIED");
    // Nothing left to rate: the worker is told where to look and how to ask.
    assertThat(say("1")).contains("没有待评价").contains("我的求助").contains("求助");
  }

  @Test
  void aBareDigitAfterAnIntakeLeftAtItsConfirmationIsNotTakenAsARating() {
    long id = submit("13800138012");
    ApiClient informant = user("INFORMANT", countyId);
    informant.post("/cases/" + id + "/accept", null);
    informant.post("/cases/" + id + "/replies", Map.of("content", "已协调"));
    // A second request reaches its confirmation, then the worker goes quiet until it times out.
    intakeUntilConfirmation(null);
    redisson.getKeys().delete(IntakeStore.KEY_PREFIX + openid);
    assertThat(say("1")).contains("超时未提交").contains("满意");
    assertThat(caseOf(informant, id).get("status").asString()).isEqualTo("AWAITING_RATING");
    assertThat(casesOf(openid)).isEqualTo(1);
    // The word is never ambiguous.
    assertThat(say("满意")).contains("办结");
    assertThat(caseOf(informant, id).get("status").asString()).isEqualTo("SEALED");
  }
}
