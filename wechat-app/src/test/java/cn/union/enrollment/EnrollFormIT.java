package cn.union.enrollment;

import static org.assertj.core.api.Assertions.assertThat;

import cn.union.support.ApiClient;
import cn.union.support.ApiClient.Res;
import cn.union.support.BrowserScript;
import cn.union.support.H5Phone;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.MultiFormatReader;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The H5 enrollment form as a phone's browser uses it: the scan's reply links to it, the worker is
 * signed in through the sandbox's OAuth (authorize, then /sns/oauth2/access_token), the register
 * suggests employers as they type, mistakes come back per field with the conversation's messages,
 * and the submitted application is routed and reviewed like one from the conversation; and in a
 * real browser at 390 px.
 */
class EnrollFormIT extends EnrollmentFixture {

  static final JsonMapper JSON = JsonMapper.builder().build();

  /** A worker's phone on the form. */
  final class Phone extends H5Phone {
    Phone(String who) {
      super(baseUrl(), who);
    }

    HttpResponse<String> submit(Map<String, String> fields) throws Exception {
      return postJson("/h5/api/enrollment", JSON.writeValueAsString(fields));
    }
  }

  @Test
  void aWorkerScansOpensTheFormThroughOAuthAndSubmitsIt() throws Exception {
    String code = creditCode();
    String employer = token + "精密机械有限公司";
    importRegister(
        "name,credit_code,address,region_code,has_union,union_org_id\n"
            + employer
            + ","
            + code
            + ",宜昌市西陵区2号,420502,是,"
            + unionId
            + "\n");
    String scene = qrcode(countyId, true).get("sceneStr").asString();

    String reply = follow(openid, scene);
    assertThat(reply)
        .contains("入会")
        .contains("姓名")
        .contains("<a href=\"" + baseUrl() + "/h5/enroll\">");
    Phone phone = new Phone(openid);
    assertThat(phone.get("/h5/api/enrollment").statusCode()).as("no session yet").isEqualTo(401);
    HttpResponse<String> page = phone.get("/h5/enroll");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.uri().toString()).doesNotContain("code=").endsWith("/h5/enroll");
    assertThat(page.body())
        .contains("<form id=\"form\"")
        .contains("/h5/enroll.js")
        .doesNotContain("<script>")
        .doesNotContain("style=")
        .doesNotContain(openid);
    assertThat(page.headers().firstValue("Content-Security-Policy").orElse(""))
        .contains("script-src 'self'");
    assertThat(phone.get("/h5/enroll.js").statusCode()).isEqualTo(200);
    assertThat(phone.get("/h5/enroll.css").statusCode()).isEqualTo(200);

    JsonNode state = JSON.readTree(phone.get("/h5/api/enrollment").body());
    assertThat(state.get("state").asString()).isEqualTo("DRAFT");
    assertThat(state.get("org").asString()).isEqualTo(countyName);

    // The register answers as the worker types: by part of the name, and by the credit code.
    JsonNode byName = JSON.readTree(phone.get("/h5/api/register?q=" + enc(token + "精密")).body());
    assertThat(byName.get("matches"))
        .anySatisfy(m -> assertThat(m.get("creditCode").asString()).isEqualTo(code));
    JsonNode byCode = JSON.readTree(phone.get("/h5/api/register?q=" + code).body());
    assertThat(byCode.get("matches").get(0).get("name").asString()).isEqualTo(employer);
    assertThat(byCode.get("warning").isNull()).isTrue();
    char other = code.charAt(17) == '1' ? '2' : '1';
    JsonNode badCheck =
        JSON.readTree(phone.get("/h5/api/register?q=" + code.substring(0, 17) + other).body());
    assertThat(badCheck.get("warning").asString()).contains("校验位");

    // Every mistake is reported on its field, with the conversation's words; nothing is submitted.
    String id = idNumber();
    char wrong = id.charAt(17) == '1' ? '2' : '1';
    HttpResponse<String> bad =
        phone.submit(
            Map.of(
                "name",
                " ",
                "idNumber",
                id.substring(0, 17) + wrong,
                "mobile",
                "139123",
                "employer",
                "x"));
    assertThat(bad.statusCode()).as(bad.body()).isEqualTo(422);
    JsonNode errors = JSON.readTree(bad.body()).get("errors");
    assertThat(errors.get("name").asString()).contains("姓名");
    assertThat(errors.get("idNumber").asString()).contains("校验码");
    assertThat(errors.get("mobile").asString()).contains("11位");
    assertThat(errors.get("employer").asString()).contains("单位名称");
    assertThat(
            JSON.readTree(
                    phone
                        .submit(
                            Map.of(
                                "name",
                                "王五",
                                "idNumber",
                                id.substring(0, 6) + "19901301" + id.substring(14),
                                "mobile",
                                "13912345678",
                                "employer",
                                code))
                        .body())
                .get("errors")
                .get("idNumber")
                .asString())
        .contains("出生日期");
    assertThat(
            jdbc.queryForObject(
                "SELECT status FROM enrollment WHERE openid = ?", String.class, openid))
        .isEqualTo("DRAFT");

    HttpResponse<String> done =
        phone.submit(
            Map.of(
                "name",
                "王五",
                "idNumber",
                " " + id.toLowerCase() + " ",
                "mobile",
                "139 1234 5678",
                "employer",
                code.toLowerCase()));
    assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
    JsonNode answer = JSON.readTree(done.body());
    assertThat(answer.get("submitted").asBoolean()).isTrue();
    assertThat(answer.get("message").asString()).contains("已提交").contains(unionName);
    assertThat(
            phone
                .submit(
                    Map.of("name", "王五", "idNumber", id, "mobile", "13912345678", "employer", code))
                .body())
        .as("a second submit changes nothing")
        .contains("审核中");
    assertThat(JSON.readTree(phone.get("/h5/api/enrollment").body()).get("state").asString())
        .isEqualTo("SUBMITTED");
    assertThat(scan(openid, scene)).contains("审核中");

    ApiClient union = user("ORG_ADMIN", unionId);
    Res list = union.get("/enrollments?status=SUBMITTED");
    assertThat(list.get("total").asLong()).isEqualTo(1);
    JsonNode item = list.get("items").get(0);
    assertThat(item.get("name").asString()).isEqualTo("王五");
    assertThat(item.get("mobile").asString()).isEqualTo("139****5678");
    assertThat(item.get("employer").asString()).isEqualTo(employer);
    Map<String, Object> row = jdbc.queryForMap("SELECT * FROM enrollment WHERE openid = ?", openid);
    assertThat((String) row.get("id_number_enc")).doesNotContain(id);
  }

  @Test
  void theFormKeepsWhatTheConversationAlreadyHasAndAWorkerWithoutAScanIsToldToScan()
      throws Exception {
    String scene = qrcode(countyId, false).get("sceneStr").asString();
    String id = idNumber();
    follow(openid, scene);
    assertThat(say("赵六")).contains("身份证");
    assertThat(say(id)).contains("手机");
    Phone phone = new Phone(openid);
    assertThat(phone.get("/h5/enroll").statusCode()).isEqualTo(200);
    JsonNode state = JSON.readTree(phone.get("/h5/api/enrollment").body());
    assertThat(state.get("name").asString()).isEqualTo("赵六");
    assertThat(state.get("idNumberMasked").asString())
        .isEqualTo(id.substring(0, 4) + "**********" + id.substring(14));
    assertThat(state.toString()).doesNotContain(id);
    JsonNode missing =
        JSON.readTree(
            phone
                .submit(
                    Map.of("name", "赵六", "idNumber", "", "mobile", "", "employer", token + "小饭馆"))
                .body());
    assertThat(missing.get("errors").has("idNumber")).as("the ID number given is kept").isFalse();
    assertThat(missing.get("errors").get("mobile").asString()).contains("11位");
    HttpResponse<String> done =
        phone.submit(
            Map.of(
                "name", "赵六", "idNumber", "", "mobile", "13812345678", "employer", token + "小饭馆"));
    assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
    assertThat(JSON.readTree(done.body()).get("message").asString())
        .contains("已提交")
        .contains(cityName);
    assertThat(say("随便说点什么")).doesNotContain("手机");

    Phone stranger = new Phone(newOpenid());
    assertThat(stranger.get("/h5/enroll").statusCode()).isEqualTo(200);
    JsonNode none = JSON.readTree(stranger.get("/h5/api/enrollment").body());
    assertThat(none.get("state").asString()).isEqualTo("NONE");
    assertThat(none.get("message").asString()).contains("二维码");
    assertThat(new Phone(newOpenid()).get("/h5/enroll?code=made-up&state=x").statusCode())
        .as("a made-up OAuth code signs no one in")
        .isEqualTo(403);
  }

  @Test
  void theFormWorksOnAPhoneSizedScreen() throws Exception {
    BrowserScript.assumeInstalled();
    String code = creditCode();
    String employer = token + "汽车配件有限公司";
    importRegister(
        "name,credit_code,address,region_code,has_union,union_org_id\n"
            + employer
            + ","
            + code
            + ",宜昌市西陵区3号,420502,是,"
            + unionId
            + "\n");
    follow(openid, qrcode(countyId, true).get("sceneStr").asString());
    BrowserScript.run(
        Duration.ofSeconds(120),
        "enroll.mjs",
        baseUrl(),
        openid,
        idNumber(),
        token + "汽车配件",
        employer,
        BrowserScript.SCREENSHOTS);
    assertThat(
            jdbc.queryForObject(
                "SELECT status FROM enrollment WHERE openid = ?", String.class, openid))
        .isEqualTo("SUBMITTED");
    assertThat(
            jdbc.queryForObject(
                "SELECT target_org_id FROM enrollment WHERE openid = ?", Long.class, openid))
        .isEqualTo(unionId);
  }

  @Test
  void aMemberShowsAnElectronicCardWhoseQrCodeStaffVerify() throws Exception {
    String scene = qrcode(countyId, true).get("sceneStr").asString();
    formUntilConfirmation(openid, scene, "钱九", idNumber(), token + "无库单位");
    assertThat(say("1")).contains("已提交");
    Phone phone = new Phone(openid);
    assertThat(phone.get("/h5/card").statusCode()).isEqualTo(200);
    assertThat(phone.get("/h5/api/card").statusCode()).as("not a member yet").isEqualTo(404);
    assertThat(phone.bytes("/h5/card.png").statusCode()).isEqualTo(404);
    ApiClient city = user("ORG_ADMIN", cityId);
    Res approved = city.post("/enrollments/" + enrollmentOf(openid) + "/approve", null);
    assertThat(approved.status()).as(approved.raw()).isEqualTo(200);
    String number = approved.get("memberNumber").asString();

    String reply = say("我的会员");
    assertThat(reply).contains(number).contains("<a href=\"" + baseUrl() + "/h5/card\">");
    String printed = reply.replaceAll("(?s).*核验码：(\\S+).*", "$1");
    JsonNode card = JSON.readTree(phone.get("/h5/api/card").body());
    assertThat(card.get("memberNumber").asString()).isEqualTo(number);
    assertThat(card.get("orgName").asString()).isEqualTo(cityName);
    assertThat(card.get("code").asString()).isEqualTo(printed);
    HttpResponse<byte[]> png = phone.bytes("/h5/card.png");
    assertThat(png.statusCode()).isEqualTo(200);
    assertThat(png.headers().firstValue("Content-Type").orElse("")).isEqualTo("image/png");
    var image = ImageIO.read(new ByteArrayInputStream(png.body()));
    String decoded =
        new MultiFormatReader()
            .decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image))))
            .getText();
    assertThat(decoded).isEqualTo(printed);

    // Staff at a service site verify what they scanned; an informant of a union outside the
    // member's does not see them.
    Res check = user("INFORMANT", cityId).get("/member-cards/" + decoded);
    assertThat(check.status()).as(check.raw()).isEqualTo(200);
    assertThat(check.get("valid").asBoolean()).isTrue();
    assertThat(check.get("memberNumber").asString()).isEqualTo(number);
    assertThat(check.get("name").asString()).isEqualTo("钱九");
    assertThat(user("INFORMANT", unionId).get("/member-cards/" + decoded).get("valid").asBoolean())
        .isFalse();
    assertThat(new Phone(newOpenid()).bytes("/h5/card.png").statusCode())
        .as("no session, no card")
        .isEqualTo(401);

    // And on a phone-sized screen in a real browser.
    BrowserScript.assumeInstalled();
    BrowserScript.run(
        Duration.ofSeconds(120), "card.mjs", baseUrl(), openid, number, BrowserScript.SCREENSHOTS);
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
