package cn.union.wechat;

import static org.assertj.core.api.Assertions.assertThat;

import cn.union.support.ApiClient;
import cn.union.support.IntegrationTest;
import cn.union.support.RawHttp;
import cn.union.support.RawHttp.Answer;
import cn.union.support.WxClient;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Inputs that once ended in a 500: each is now a 4xx with a Chinese problem body, and nothing of it
 * is stored. Signed correctly, so only the content is at fault.
 */
class BadInputIT extends IntegrationTest {

  @Autowired WxProperties props;
  @Autowired JdbcTemplate jdbc;

  WxClient wx;
  String openid;

  @BeforeEach
  void setUp() {
    wx = new WxClient(baseUrl(), props.token(), props.appId(), props.aesKey(), clock);
    openid = "oBad" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
  }

  int rowsFor(String who) {
    return jdbc.queryForObject(
        "SELECT COUNT(*) FROM wx_inbound WHERE openid LIKE ?", Integer.class, who + "%");
  }

  static void assertChineseProblem(int status, String contentType, String body, String field) {
    assertThat(status).as(body).isEqualTo(400);
    assertThat(contentType).startsWith("application/problem+json");
    assertThat(body).contains("\"status\":400").contains("未处理");
    if (field != null) {
      assertThat(body).contains(field);
    }
  }

  @Test
  void fieldsLongerThanTheirColumnsAreRefused() {
    String longOpenid = openid + "x".repeat(100);
    WxClient.Answer a = wx.post(WxClient.text(longOpenid, "帮助", WxClient.nextMsgId(), wx.now()));
    assertThat(a.status()).isEqualTo(400);
    assertThat(a.body()).contains("FromUserName").contains("超出长度").contains("未处理");
    String longType =
        "<xml><FromUserName>"
            + openid
            + "</FromUserName><CreateTime>"
            + wx.now()
            + "</CreateTime><MsgType>"
            + "t".repeat(40)
            + "</MsgType><MsgId>"
            + WxClient.nextMsgId()
            + "</MsgId></xml>";
    assertThat(wx.post(longType).status()).isEqualTo(400);
    String longEvent = WxClient.event(openid, "E".repeat(70), "k", wx.now());
    assertThat(wx.post(longEvent).body()).contains("Event");
    String longMedia =
        WxClient.media(openid, "image", "m".repeat(200), WxClient.nextMsgId(), wx.now());
    assertThat(wx.post(longMedia).body()).contains("MediaId");
    String longMsgId =
        "<xml><FromUserName>"
            + openid
            + "</FromUserName><CreateTime>"
            + wx.now()
            + "</CreateTime><MsgType>text</MsgType><Content>x</Content><MsgId>"
            + "9".repeat(200)
            + "</MsgId></xml>";
    assertThat(wx.post(longMsgId).body()).contains("MsgId");
    assertThat(rowsFor(openid)).isZero();
    // A long text is still taken (the log keeps its beginning); it is what a worker may type.
    assertThat(wx.say(openid, "长".repeat(3000)).status()).isEqualTo(200);
  }

  @Test
  void aCreateTimeBeyondAnyDateIsRefused() {
    for (String createTime :
        new String[] {"32000000000000000", "99999999999999999999", "-5", "12345678901"}) {
      String xml =
          "<xml><FromUserName>"
              + openid
              + "</FromUserName><CreateTime>"
              + createTime
              + "</CreateTime><MsgType>text</MsgType><Content>帮助</Content><MsgId>"
              + WxClient.nextMsgId()
              + "</MsgId></xml>";
      WxClient.Answer a = wx.post(xml);
      assertThat(a.status()).as(createTime).isEqualTo(400);
      assertThat(a.body()).as(createTime).contains("CreateTime").contains("未处理");
      String event =
          "<xml><FromUserName>"
              + openid
              + "</FromUserName><CreateTime>"
              + createTime
              + "</CreateTime><MsgType>event</MsgType><Event>CLICK</Event><EventKey>HELP_REQUEST</EventKey></xml>";
      assertThat(wx.post(event).status()).as(createTime).isEqualTo(400);
    }
    assertThat(rowsFor(openid)).isZero();
  }

  @Test
  void anEmptyEncryptWithAValidMsgSignatureIsRefused() {
    String ts = Long.toString(wx.now());
    String sig = WxCrypto.signature(props.token(), ts, "n-empty");
    for (String encrypted : new String[] {"", "   ", "AAAA"}) {
      String msgSig = WxCrypto.signature(props.token(), ts, "n-empty", encrypted);
      WxClient.Answer a =
          wx.raw(
              "signature="
                  + sig
                  + "&timestamp="
                  + ts
                  + "&nonce=n-empty&encrypt_type=aes"
                  + "&msg_signature="
                  + msgSig,
              "<xml><ToUserName>gh_union</ToUserName><Encrypt><![CDATA["
                  + encrypted
                  + "]]></Encrypt></xml>");
      assertThat(a.status()).as("[" + encrypted + "]").isBetween(400, 403);
    }
    String msgSig = WxCrypto.signature(props.token(), ts, "n-empty", "");
    WxClient.Answer empty =
        wx.raw(
            "signature="
                + sig
                + "&timestamp="
                + ts
                + "&nonce=n-empty&encrypt_type=aes"
                + "&msg_signature="
                + msgSig,
            "<xml><ToUserName>gh_union</ToUserName><Encrypt></Encrypt></xml>");
    assertThat(empty.status()).isEqualTo(400);
    assertThat(empty.body()).contains("Encrypt 为空");
  }

  @Test
  void theEchoAppliesTheSameTimestampWindow() {
    String stale = Long.toString(wx.now() - 301);
    HttpResponse<String> old =
        wx.get(
            "signature="
                + WxCrypto.signature(props.token(), stale, "n-echo")
                + "&timestamp="
                + stale
                + "&nonce=n-echo&echostr=echo-old");
    assertThat(old.statusCode()).isEqualTo(403);
    assertThat(old.body()).doesNotContain("echo-old");
    String ahead = Long.toString(wx.now() + 301);
    assertThat(
            wx.get(
                    "signature="
                        + WxCrypto.signature(props.token(), ahead, "n-echo")
                        + "&timestamp="
                        + ahead
                        + "&nonce=n-echo&echostr=echo-new")
                .statusCode())
        .isEqualTo(403);
    String now = Long.toString(wx.now());
    assertThat(
            wx.get(
                    "signature="
                        + WxCrypto.signature(props.token(), now, "n-echo")
                        + "&timestamp="
                        + now
                        + "&nonce=n-echo&echostr=echo-now")
                .body())
        .isEqualTo("echo-now");
  }

  @Test
  void adminCallsWithBadShapesAreProblemsNotErrors() {
    String token = admin().token();
    Answer depth =
        RawHttp.send(
            port,
            null,
            "GET",
            ApiClient.API + "/orgs/tree?depth=-1",
            Map.of("Authorization", "Bearer " + token),
            null);
    assertChineseAdmin(depth);
    Answer wildcard =
        RawHttp.send(
            port,
            null,
            "POST",
            ApiClient.API + "/orgs",
            Map.of("Authorization", "Bearer " + token, "Content-Type", "*/*"),
            "{\"name\":\"x\"}");
    assertChineseAdmin(wildcard);
    Answer noBoundary =
        RawHttp.send(
            port,
            null,
            "POST",
            ApiClient.API + "/orgs",
            Map.of("Authorization", "Bearer " + token, "Content-Type", "multipart/form-data"),
            "--x\r\n\r\n--x--\r\n");
    assertChineseAdmin(noBoundary);
    Answer loginNoBoundary =
        RawHttp.send(
            port,
            null,
            "POST",
            ApiClient.API + "/auth/login",
            Map.of("Content-Type", "multipart/form-data"),
            "--x\r\n\r\n--x--\r\n");
    assertChineseAdmin(loginNoBoundary);
  }

  static void assertChineseAdmin(Answer a) {
    assertThat(a.status()).as(a.body()).isBetween(400, 499);
    assertThat(a.header("content-type")).as(a.body()).startsWith("application/problem+json");
    assertThat(a.body()).containsPattern("\\p{IsHan}");
  }
}
