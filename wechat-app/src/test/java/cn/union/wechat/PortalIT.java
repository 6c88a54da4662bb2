package cn.union.wechat;

import static org.assertj.core.api.Assertions.assertThat;

import cn.union.sandbox.SandboxWeChat;
import cn.union.support.IntegrationTest;
import cn.union.support.SlowRoute;
import cn.union.support.WxClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * WeChat's side of /wx/portal: what is accepted, what is refused, and that nothing happens twice.
 */
class PortalIT extends IntegrationTest {

  @Autowired WxProperties props;
  @Autowired JdbcTemplate jdbc;
  @Autowired SandboxWeChat sandbox;

  WxClient wx;
  String openid;

  @BeforeEach
  void setUp() {
    wx = new WxClient(baseUrl(), props.token(), props.appId(), props.aesKey(), clock);
    openid = "oTest" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
  }

  int rowsFor(String who) {
    return jdbc.queryForObject(
        "SELECT COUNT(*) FROM wx_inbound WHERE openid = ?", Integer.class, who);
  }

  @Test
  void echoesOnlyWhenTheSignatureIsRight() {
    String ts = Long.toString(wx.now());
    String good = WxCrypto.signature(props.token(), ts, "n1");
    HttpResponse<String> ok =
        wx.get("signature=" + good + "&timestamp=" + ts + "&nonce=n1&echostr=hello123");
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).isEqualTo("hello123");

    HttpResponse<String> bad =
        wx.get("signature=" + good + "&timestamp=" + ts + "&nonce=n2&echostr=hello123");
    assertThat(bad.statusCode()).isEqualTo(403);
    assertThat(bad.body()).doesNotContain("hello123");
  }

  @Test
  void answersTextWithThePassiveReplyAndLogsIt() {
    WxClient.Answer answer = wx.say(openid, "帮助");
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.fields().get("ToUserName")).isEqualTo(openid);
    assertThat(answer.content()).contains("求助");
    assertThat(
            jdbc.queryForObject(
                "SELECT o.status FROM wx_inbound i JOIN wx_inbound_outcome o ON o.inbound_id = i.id"
                    + " WHERE i.openid = ?",
                String.class,
                openid))
        .isEqualTo("HANDLED");
  }

  @Test
  void aHandlerSlowerThanTheReplyWindowIsAnsweredSuccessAndItsReplyGoesByApi()
      throws InterruptedException {
    long started = System.nanoTime();
    WxClient.Answer answer = wx.say(openid, SlowRoute.WORD);
    long waitedMs = (System.nanoTime() - started) / 1_000_000;
    // WeChat waits 5 s for the passive reply; the worker must not be left with its error message.
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body()).isEqualTo("success");
    assertThat(waitedMs).isGreaterThanOrEqualTo(props.replyTimeout().toMillis()).isLessThan(5000);

    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (customSendsTo(openid).isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(customSendsTo(openid))
        .singleElement()
        .satisfies(c -> assertThat(c.body()).contains(SlowRoute.REPLY));
    assertThat(
            jdbc.queryForObject(
                "SELECT o.reply FROM wx_inbound i JOIN wx_inbound_outcome o ON o.inbound_id = i.id"
                    + " WHERE i.openid = ?",
                String.class,
                openid))
        .isEqualTo(SlowRoute.REPLY);
  }

  List<SandboxWeChat.Call> customSendsTo(String who) {
    return sandbox.calls("/cgi-bin/message/custom/send").stream()
        .filter(c -> c.body().contains(who))
        .toList();
  }

  @Test
  void refusesABadSignatureAndStoresNothing() {
    String ts = Long.toString(wx.now());
    WxClient.Answer answer =
        wx.raw(
            "signature=0000&timestamp=" + ts + "&nonce=abc",
            WxClient.text(openid, "帮助", WxClient.nextMsgId(), wx.now()));
    assertThat(answer.status()).isEqualTo(403);
    assertThat(rowsFor(openid)).isZero();
  }

  @Test
  void refusesAStaleOrFutureTimestamp() {
    long old = wx.now() - 301;
    WxClient.Answer stale =
        wx.post(
            WxClient.text(openid, "帮助", WxClient.nextMsgId(), old), Long.toString(old), "n-old");
    assertThat(stale.status()).isEqualTo(403);
    long future = wx.now() + 301;
    WxClient.Answer ahead =
        wx.post(
            WxClient.text(openid, "帮助", WxClient.nextMsgId(), future),
            Long.toString(future),
            "n-new");
    assertThat(ahead.status()).isEqualTo(403);
    assertThat(rowsFor(openid)).isZero();

    long edge = wx.now() - 290;
    assertThat(
            wx.post(
                    WxClient.text(openid, "帮助", WxClient.nextMsgId(), edge),
                    Long.toString(edge),
                    "n-edge")
                .status())
        .isEqualTo(200);
  }

  @Test
  void refusesDoctypeAndMalformedXml() {
    String xxe =
        "<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
            + "<xml><FromUserName>"
            + openid
            + "</FromUserName><MsgType>text</MsgType><Content>&x;</Content><MsgId>1</MsgId></xml>";
    assertThat(wx.post(xxe).status()).isEqualTo(400);
    assertThat(wx.post("<xml><FromUserName>" + openid + "</FromUserName><MsgType>text").status())
        .isEqualTo(400);
    assertThat(wx.post("not xml at all").status()).isEqualTo(400);
    assertThat(rowsFor(openid)).isZero();
  }

  @Test
  void refusesABodyFarLargerThanAnyWeChatMessage() {
    String xml =
        WxClient.text(
            openid, "长".repeat(PortalServlet.MAX_BODY_BYTES / 2), WxClient.nextMsgId(), wx.now());
    WxClient.Answer answer = wx.post(xml);
    assertThat(answer.status()).isEqualTo(413);
    assertThat(rowsFor(openid)).isZero();
  }

  @Test
  void aRetriedMsgIdHasItsEffectOnceAndGetsTheSameReply() {
    String xml = WxClient.text(openid, "帮助", WxClient.nextMsgId(), wx.now());
    WxClient.Answer first = wx.post(xml);
    WxClient.Answer second = wx.post(xml);
    WxClient.Answer third = wx.post(xml);
    assertThat(first.content()).isNotBlank();
    assertThat(second.content()).isEqualTo(first.content());
    assertThat(third.content()).isEqualTo(first.content());
    assertThat(rowsFor(openid)).isEqualTo(1);
  }

  @Test
  void aReplayedTimestampAndNonceIsNotProcessedAgain() {
    String ts = Long.toString(wx.now());
    WxClient.Answer first =
        wx.post(WxClient.text(openid, "帮助", WxClient.nextMsgId(), wx.now()), ts, "replay-1");
    // Same signed request parameters, even with another body: answered, never handled again.
    WxClient.Answer replay =
        wx.post(WxClient.text(openid, "关于", WxClient.nextMsgId(), wx.now()), ts, "replay-1");
    assertThat(first.status()).isEqualTo(200);
    assertThat(replay.status()).isEqualTo(200);
    assertThat(replay.content()).isEqualTo(first.content());
    assertThat(rowsFor(openid)).isEqualTo(1);
  }

  @Test
  void repeatedEventsAreDedupedBySenderTimeAndKey() {
    long t = wx.now();
    WxClient.Answer a = wx.post(WxClient.event(openid, "subscribe", null, t));
    WxClient.Answer b = wx.post(WxClient.event(openid, "subscribe", null, t));
    assertThat(a.content()).contains("欢迎关注");
    assertThat(b.content()).isEqualTo(a.content());
    assertThat(rowsFor(openid)).isEqualTo(1);
  }

  @Test
  void safeModeDecryptsAndEncryptsTheReply() {
    wx.safeMode(true);
    WxClient.Answer answer = wx.say(openid, "帮助");
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body()).contains("<Encrypt>").contains("<MsgSignature>").doesNotContain("求助");
    assertThat(answer.content()).contains("求助");
  }

  @Test
  void safeModeRefusesAWrongMsgSignature() {
    String ts = Long.toString(wx.now());
    String sig = WxCrypto.signature(props.token(), ts, "n-aes");
    String encrypted =
        new WxCrypto(props.appId(), props.aesKey())
            .encrypt(WxClient.text(openid, "帮助", WxClient.nextMsgId(), wx.now()));
    String body = "<xml><Encrypt><![CDATA[" + encrypted + "]]></Encrypt></xml>";
    WxClient.Answer answer =
        wx.raw(
            "signature="
                + sig
                + "&timestamp="
                + ts
                + "&nonce=n-aes&encrypt_type=aes&msg_signature=deadbeef",
            body);
    assertThat(answer.status()).isEqualTo(403);
    assertThat(rowsFor(openid)).isZero();
  }

  @Test
  void safeModeRefusesAMessageForAnotherAppid() {
    String ts = Long.toString(wx.now());
    String sig = WxCrypto.signature(props.token(), ts, "n-app");
    String encrypted =
        new WxCrypto("wxsomebodyelse", props.aesKey())
            .encrypt(WxClient.text(openid, "帮助", WxClient.nextMsgId(), wx.now()));
    String msgSig = WxCrypto.signature(props.token(), ts, "n-app", encrypted);
    WxClient.Answer answer =
        wx.raw(
            "signature="
                + sig
                + "&timestamp="
                + ts
                + "&nonce=n-app&encrypt_type=aes&msg_signature="
                + msgSig,
            "<xml><Encrypt><![CDATA[" + encrypted + "]]></Encrypt></xml>");
    assertThat(answer.status()).isEqualTo(403);
    assertThat(rowsFor(openid)).isZero();
  }

  @Test
  void everyGatewayRuleAnswers() {
    assertThat(wx.click(openid, "ABOUT").content()).contains("2个工作日");
    assertThat(wx.post(WxClient.event(openid, "unsubscribe", null, wx.now())).body())
        .isEqualTo("success");
    assertThat(wx.post(WxClient.event(openid, "SCAN", "no-such-scene", wx.now())).content())
        .contains("二维码");
    assertThat(wx.post(WxClient.event(openid, "VIEW", "https://example.org", wx.now())).body())
        .isEqualTo("success");
    assertThat(
            wx.post(WxClient.media(openid, "image", "m-1", WxClient.nextMsgId(), wx.now()))
                .content())
        .contains("图片");
    assertThat(
            wx.post(WxClient.media(openid, "voice", "m-2", WxClient.nextMsgId(), wx.now()))
                .content())
        .contains("语音");
    assertThat(wx.say(openid, "随便说点什么").content()).contains("帮助");
  }

  @Test
  void theClockDecidesFreshness() {
    clock.set(java.time.Instant.now().minus(Duration.ofHours(2)));
    long then = wx.now();
    assertThat(
            wx.post(
                    WxClient.text(openid, "帮助", WxClient.nextMsgId(), then),
                    Long.toString(then),
                    "n-clock")
                .status())
        .isEqualTo(200);
  }
}
