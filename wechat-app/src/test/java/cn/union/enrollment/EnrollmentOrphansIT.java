package cn.union.enrollment;

import static org.assertj.core.api.Assertions.assertThat;

import cn.union.support.WxClient;
import cn.union.wechat.OrphanSweeps;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/**
 * The enrollment conversation when the node that took a step died before the step's outcome was
 * stored: the orphan sweep handles the message again, and the form does not take the same text as
 * the answer to the next question, nor a confirmation twice.
 */
class EnrollmentOrphansIT extends EnrollmentFixture {

  @Autowired ApplicationContext context;

  @Test
  void aStepTakenBeforeTheNodeDiedIsAnsweredAgainNotTakenAgain() {
    clock.set(Instant.now());
    String scene = qrcode(countyId, true).get("sceneStr").asString();
    assertThat(follow(openid, scene)).contains("姓名");

    long msgId = WxClient.nextMsgId();
    String asked = wx.post(WxClient.text(openid, "张三", msgId, wx.now())).content();
    assertThat(asked).contains("身份证");
    long named = OrphanSweeps.loseOutcome(context, msgId);

    clock.advance(Duration.ofMinutes(3));
    assertThat(OrphanSweeps.sweep(context)).isGreaterThanOrEqualTo(1);
    // What the name step answered, not the ID number step's complaint about "张三".
    assertThat(OrphanSweeps.reply(context, named)).isEqualTo(asked);
    assertThat(customTo()).singleElement().satisfies(c -> assertThat(c.body()).contains("身份证"));

    String id = idNumber();
    assertThat(say(id)).contains("手机");
    assertThat(say("13912345678")).contains("工作单位");
    assertThat(say(token + "某公司")).contains("确认");

    long confirmId = WxClient.nextMsgId();
    String submitted = wx.post(WxClient.text(openid, "1", confirmId, wx.now())).content();
    assertThat(submitted).contains("已提交");
    long confirmed = OrphanSweeps.loseOutcome(context, confirmId);

    clock.advance(Duration.ofMinutes(3));
    OrphanSweeps.sweep(context);
    // The submission's answer again (the form is submitted: "1" is no rating either).
    assertThat(OrphanSweeps.reply(context, confirmed)).isEqualTo(submitted);
    assertThat(
            jdbc.queryForObject(
                "SELECT COUNT(*) FROM enrollment WHERE openid = ? AND status = 'SUBMITTED'",
                Integer.class,
                openid))
        .isEqualTo(1);
    assertThat(customTo()).hasSize(2);
  }

  java.util.List<cn.union.sandbox.SandboxWeChat.Call> customTo() {
    return sandbox.calls(CUSTOM).stream().filter(c -> c.body().contains(openid)).toList();
  }
}
