package cn.union.helpdesk;

import static org.assertj.core.api.Assertions.assertThat;

import cn.union.support.ApiClient;
import cn.union.support.WxClient;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Predicate;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Pictures and voice messages a worker sends, during intake or as a 补充: fetched from WeChat's
 * temporary media (the sandbox, through the real WxJava client) after the reply, stored, shown in
 * the case and downloaded by the informants of the owning org's subtree.
 */
class CaseAttachmentsIT extends HelpdeskFixture {

  static final String MEDIA_GET = "/cgi-bin/media/get";

  @Autowired MediaFetcher fetcher;

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void mediaSentDuringIntakeIsFetchedStoredShownAndDownloaded() throws Exception {
    byte[] png = png();
    byte[] amr = amr();
    String image = sandbox.putMedia("image/png", "photo.png", png);
    String voice = sandbox.putMedia("audio/amr", "voice.amr", amr);
    wx.click(openid, "HELP_REQUEST");
    say("4");
    assertThat(post(WxClient.media(openid, "image", image, WxClient.nextMsgId(), wx.now())))
        .contains("图片")
        .contains("描述");
    say("工资条如图，欠了三个月");
    assertThat(post(WxClient.media(openid, "voice", voice, WxClient.nextMsgId(), wx.now())))
        .contains("语音")
        .contains("单位");
    say(token + "区");
    assertThat(say("13800138030")).contains("附件：2个");
    assertThat(say("1")).contains("编号");
    long id = caseIdOf(openid);

    String username = "att" + UUID.randomUUID().toString().substring(0, 8);
    ApiClient informant = user("INFORMANT", countyId, username);
    JsonNode stored = awaitAttachments(informant, id, all -> allStatus(all, "STORED"));
    JsonNode pic = stored.get(0);
    assertThat(pic.get("type").asString()).isEqualTo("image");
    assertThat(pic.get("source").asString()).isEqualTo("INTAKE");
    assertThat(pic.get("contentType").asString()).isEqualTo("image/png");
    assertThat(pic.get("sizeBytes").asLong()).isEqualTo(png.length);
    JsonNode rec = stored.get(1);
    assertThat(rec.get("type").asString()).isEqualTo("voice");
    assertThat(rec.get("contentType").asString()).isEqualTo("audio/amr");
    assertThat(sandbox.delivered(MEDIA_GET))
        .filteredOn(c -> c.body().equals(image) || c.body().equals(voice))
        .hasSize(2);

    HttpResponse<byte[]> got = download(informant, pic.get("downloadPath").asString());
    assertThat(got.statusCode()).isEqualTo(200);
    assertThat(got.body()).isEqualTo(png);
    assertThat(got.headers().firstValue("Content-Type")).hasValue("image/png");
    assertThat(got.headers().firstValue("Content-Disposition").orElse(""))
        .contains("attachment")
        .contains(numberOf(id));
    assertThat(got.headers().firstValue("Cache-Control").orElse("")).contains("no-store");
    assertThat(download(informant, rec.get("downloadPath").asString()).body()).isEqualTo(amr);
    assertThat(
            jdbc.queryForObject(
                "SELECT COUNT(*) FROM audit_log WHERE action = 'case.attachment-read'"
                    + " AND target_id = ?",
                Integer.class,
                String.valueOf(id)))
        .isEqualTo(2);

    // Outside the subtree it does not exist; auditors do not read cases; no token, no file.
    long otherCity =
        createOrg(
            admin, rootId, "乙" + UUID.randomUUID().toString().substring(0, 6) + "市总工会", "CITY");
    assertThat(
            download(user("INFORMANT", otherCity), pic.get("downloadPath").asString()).statusCode())
        .isEqualTo(404);
    assertThat(download(user("AUDITOR", rootId), pic.get("downloadPath").asString()).statusCode())
        .isEqualTo(403);
    assertThat(download(anonymous(), pic.get("downloadPath").asString()).statusCode())
        .isEqualTo(401);
    assertThat(download(informant, "/cases/" + id + "/attachments/999999999/content").statusCode())
        .isEqualTo(404);

    // A stored copy altered behind the application's back is refused, not served.
    jdbc.update(
        "UPDATE help_case_media_content SET content = ? WHERE media_id = ?",
        amr,
        pic.get("id").asLong());
    HttpResponse<byte[]> altered = download(informant, pic.get("downloadPath").asString());
    assertThat(altered.statusCode()).isEqualTo(409);
    assertThat(new String(altered.body(), StandardCharsets.UTF_8)).contains("校验值不符");
  }

  @Test
  void aPictureAfterSubmissionIsAddedToTheOpenCaseAndABusyWeChatIsAskedAgain() throws Exception {
    long id = submit("13800138031");
    String number = numberOf(id);
    String username = "att" + UUID.randomUUID().toString().substring(0, 8);
    ApiClient informant = user("INFORMANT", countyId, username);
    sandbox.failNext(MEDIA_GET, 45009);
    byte[] png = png();
    String image = sandbox.putMedia("image/png", "later.png", png);
    clock.advance(Duration.ofSeconds(1));
    assertThat(post(WxClient.media(openid, "image", image, WxClient.nextMsgId(), wx.now())))
        .contains("补充到求助 " + number);
    JsonNode detail = caseOf(informant, id);
    assertThat(entry(detail, "FOLLOW_UP").get("content").asString()).contains("图片");
    // WeChat was busy: the copy waits for the next try, with the reason.
    JsonNode pending =
        awaitAttachments(
            informant,
            id,
            all ->
                all.size() == 1
                    && "PENDING".equals(all.get(0).get("status").asString())
                    && !all.get(0).get("error").isNull());
    assertThat(pending.get(0).get("source").asString()).isEqualTo("FOLLOW_UP");
    assertThat(pending.get(0).get("error").asString()).contains("45009");
    assertThat(pending.get(0).get("downloadPath").isNull()).isTrue();
    assertThat(
            download(
                    informant,
                    "/cases/"
                        + id
                        + "/attachments/"
                        + pending.get(0).get("id").asLong()
                        + "/content")
                .statusCode())
        .isEqualTo(409);

    clock.advance(Duration.ofMinutes(2));
    assertThat(fetcher.fetchDue()).isPresent();
    informant = login(username);
    JsonNode stored = awaitAttachments(informant, id, all -> allStatus(all, "STORED"));
    assertThat(download(informant, stored.get(0).get("downloadPath").asString()).body())
        .isEqualTo(png);
  }

  @Test
  void mediaWeChatNoLongerKeepsIsMarkedExpiredAndNothingIsAddedToAClosedCase() throws Exception {
    long id = submit("13800138032");
    String username = "att" + UUID.randomUUID().toString().substring(0, 8);
    ApiClient informant = user("INFORMANT", countyId, username);
    String old = sandbox.putMedia("image/png", "old.png", png());
    // Four days later WeChat answers 40007 for it.
    clock.advance(Duration.ofDays(4));
    informant = login(username);
    assertThat(post(WxClient.media(openid, "image", old, WxClient.nextMsgId(), wx.now())))
        .contains("补充到求助");
    JsonNode expired = awaitAttachments(informant, id, all -> allStatus(all, "EXPIRED"));
    assertThat(expired.get(0).get("error").asString()).contains("3天");
    assertThat(sandbox.calls(MEDIA_GET))
        .filteredOn(c -> c.body().equals(old))
        .allMatch(c -> c.errcode() == 40007);

    informant.post("/cases/" + id + "/accept", null);
    informant.post("/cases/" + id + "/replies", java.util.Map.of("content", "已处理"));
    assertThat(say("满意")).contains("办结");
    clock.advance(Duration.ofSeconds(1));
    assertThat(
            post(
                WxClient.media(
                    openid,
                    "voice",
                    sandbox.putMedia("audio/amr", "v.amr", amr()),
                    WxClient.nextMsgId(),
                    wx.now())))
        .contains("没有办理中的求助");
    assertThat(caseOf(informant, id).get("media")).hasSize(1);
  }

  private String post(String xml) {
    WxClient.Answer a = wx.post(xml);
    assertThat(a.status()).isEqualTo(200);
    return a.content();
  }

  private static boolean allStatus(JsonNode all, String status) {
    if (all.isEmpty()) {
      return false;
    }
    for (JsonNode a : all) {
      if (!status.equals(a.get("status").asString())) {
        return false;
      }
    }
    return true;
  }

  /**
   * The case's attachments once they satisfy the condition, as an informant refreshing the page
   * sees them.
   */
  private JsonNode awaitAttachments(ApiClient as, long id, Predicate<JsonNode> done)
      throws InterruptedException {
    long until = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    JsonNode last = null;
    while (System.nanoTime() < until) {
      last = caseOf(as, id).get("media");
      if (done.test(last)) {
        return last;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("attachments never got there: " + last);
  }

  private HttpResponse<byte[]> download(ApiClient as, String path)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(baseUrl() + ApiClient.API + path)).GET();
    if (as.token() != null) {
      b.header("Authorization", "Bearer " + as.token());
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  static byte[] png() throws IOException {
    BufferedImage img = new BufferedImage(4, 3, BufferedImage.TYPE_INT_RGB);
    img.setRGB(1, 1, 0xC8102E);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }

  static byte[] amr() {
    byte[] head = "#!AMR\n".getBytes(StandardCharsets.US_ASCII);
    byte[] amr = new byte[head.length + 64];
    System.arraycopy(head, 0, amr, 0, head.length);
    for (int i = head.length; i < amr.length; i++) {
      amr[i] = (byte) (i * 7);
    }
    return amr;
  }
}
