package cn.union.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import cn.union.notify.WorkerChannel;
import cn.union.support.IntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** The sandbox phone's back end drives the real /wx/portal and shows later messages. */
class SandboxChatIT extends IntegrationTest {

  @Autowired WorkerChannel channel;
  @Autowired JdbcTemplate jdbc;
  @Autowired SandboxWeChat sandbox;
  final HttpClient http = HttpClient.newHttpClient();

  HttpResponse<String> call(String method, String path, String json) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(baseUrl() + path))
            .header("Content-Type", "application/json");
    b.method(
        method,
        json == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  @Test
  void thePageIsServed() throws Exception {
    HttpResponse<String> page = call("GET", "/sandbox/", null);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("模拟职工手机").contains("sandbox.js");
    assertThat(call("GET", "/sandbox/sandbox.js", null).statusCode()).isEqualTo(200);
  }

  @Test
  void aTypedMessageGoesThroughThePortalAndLaterMessagesShowUp() throws Exception {
    String openid = "oSandboxIT" + System.nanoTime();
    int cursor =
        Integer.parseInt(
            call("GET", "/sandbox/api/outbox/cursor", null).body().replaceAll("\\D", ""));
    HttpResponse<String> sent =
        call(
            "POST",
            "/sandbox/api/send",
            "{\"openid\":\"" + openid + "\",\"kind\":\"text\",\"value\":\"帮助\"}");
    assertThat(sent.statusCode()).isEqualTo(200);
    assertThat(sent.body()).contains("\"status\":200").contains("求助");
    assertThat(
            jdbc.queryForObject(
                "SELECT COUNT(*) FROM wx_inbound WHERE openid = ?", Integer.class, openid))
        .isEqualTo(1);

    HttpResponse<String> click =
        call(
            "POST",
            "/sandbox/api/send",
            "{\"openid\":\"" + openid + "\",\"kind\":\"click\",\"value\":\"ABOUT\"}");
    assertThat(click.body()).contains("2个工作日");

    channel.sendText(openid, "您的求助已有答复：请携带劳动合同前来咨询。");
    HttpResponse<String> outbox =
        call("GET", "/sandbox/api/outbox?openid=" + openid + "&after=" + cursor, null);
    assertThat(outbox.body()).contains("客服消息").contains("请携带劳动合同");
    assertThat(call("GET", "/sandbox/api/outbox?openid=someoneElse&after=" + cursor, null).body())
        .isEqualTo("[]");
  }

  @Test
  void thePhoneSendsAPictureAndAVoiceMessageThatWeChatThenServes() throws Exception {
    String openid = "oSandboxIT" + System.nanoTime();
    for (String kind : new String[] {"image", "voice"}) {
      HttpResponse<String> sent =
          call(
              "POST",
              "/sandbox/api/send",
              "{\"openid\":\"" + openid + "\",\"kind\":\"" + kind + "\"}");
      assertThat(sent.statusCode()).isEqualTo(200);
      assertThat(sent.body())
          .contains("\"status\":200")
          .contains("image".equals(kind) ? "图片" : "语音");
    }
    java.util.List<String> mediaIds =
        jdbc.queryForList(
            "SELECT media_id FROM wx_inbound WHERE openid = ? ORDER BY id", String.class, openid);
    assertThat(mediaIds).hasSize(2).allSatisfy(id -> assertThat(id).startsWith("sandbox-media-"));
    // The media the phone sent is there for /cgi-bin/media/get, as WeChat would keep it.
    assertThat(sandbox.media(mediaIds.get(0)).contentType()).isEqualTo("image/png");
    assertThat(sandbox.media(mediaIds.get(1)).content())
        .startsWith("#!AMR".getBytes(StandardCharsets.US_ASCII));
  }
}
