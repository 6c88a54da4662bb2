package cn.union.enrollment;

import static org.assertj.core.api.Assertions.assertThat;

import cn.union.sandbox.SandboxWeChat;
import cn.union.support.ApiClient;
import cn.union.support.ApiClient.Res;
import cn.union.support.IntegrationTest;
import cn.union.support.WxClient;
import cn.union.wechat.WxProperties;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the enrollment tests share: a fresh city → county → enterprise union under the root for
 * every test, a worker with a fresh openid, generated ID numbers and credit codes that pass their
 * checks, and the steps of the form as the worker types them.
 */
abstract class EnrollmentFixture extends IntegrationTest {

  static final String CUSTOM = "/cgi-bin/message/custom/send";
  static final String QR_CREATE = "/cgi-bin/qrcode/create";
  private static final String CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  private static final int[] CODE_WEIGHTS = {
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28
  };

  @Autowired WxProperties props;
  @Autowired JdbcTemplate jdbc;
  @Autowired SandboxWeChat sandbox;

  WxClient wx;
  ApiClient admin;
  String openid;
  String token;
  long rootId;
  long cityId;
  long countyId;
  long unionId;
  String cityName;
  String countyName;
  String unionName;

  @BeforeEach
  void setUpTree() {
    wx = new WxClient(baseUrl(), props.token(), props.appId(), props.aesKey(), clock);
    openid = newOpenid();
    admin = admin();
    token = "入" + UUID.randomUUID().toString().substring(0, 6);
    rootId = admin.get("/orgs/tree").json().get(0).get("id").asLong();
    cityName = token + "市总工会";
    cityId = createOrg(rootId, cityName, "CITY");
    countyName = token + "区总工会";
    countyId = createOrg(cityId, countyName, "COUNTY");
    long town = createOrg(countyId, token + "街道工会", "TOWN");
    unionName = token + "机械厂工会";
    unionId = createOrg(town, unionName, "GRASSROOTS");
  }

  static String newOpenid() {
    return "oJoin" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
  }

  long createOrg(long parentId, String name, String level) {
    Res r = admin.post("/orgs", Map.of("parentId", parentId, "name", name, "level", level));
    assertThat(r.status()).as(r.raw()).isEqualTo(201);
    return r.get("id").asLong();
  }

  /** Creates a user and completes the forced first password change. */
  ApiClient user(String role, long orgId) {
    return admin.newUser(role, orgId);
  }

  /** A valid ID number of someone born in 宜昌 (4205xx), different each call. */
  static String idNumber() {
    return cn.union.support.IdNumbersForTests.next();
  }

  /** A credit code with a correct check character, different each call. */
  static String creditCode() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    StringBuilder s = new StringBuilder("91420500");
    while (s.length() < 17) {
      s.append(CODE_CHARS.charAt(r.nextInt(CODE_CHARS.length())));
    }
    int sum = 0;
    for (int i = 0; i < 17; i++) {
      sum += CODE_CHARS.indexOf(s.charAt(i)) * CODE_WEIGHTS[i];
    }
    return s.append(CODE_CHARS.charAt((31 - sum % 31) % 31)).toString();
  }

  /** An enrollment poster of an org; the sandbox must have been asked for it. */
  JsonNode qrcode(long orgId, boolean permanent) {
    Res r =
        admin.post(
            "/qrcodes", Map.of("orgId", orgId, "label", token + "海报", "permanent", permanent));
    assertThat(r.status()).as(r.raw()).isEqualTo(201);
    assertThat(r.get("sceneStr").asString()).startsWith("JOIN_");
    assertThat(r.get("url").asString()).isNotBlank();
    return r.json();
  }

  String say(String text) {
    return say(openid, text);
  }

  String say(String who, String text) {
    WxClient.Answer a = wx.say(who, text);
    assertThat(a.status()).isEqualTo(200);
    return a.content();
  }

  /** A follower scans (SCAN) a poster. */
  String scan(String who, String scene) {
    clock.advance(Duration.ofSeconds(1));
    WxClient.Answer a = wx.post(WxClient.event(who, "SCAN", scene, wx.now()));
    assertThat(a.status()).isEqualTo(200);
    return a.content();
  }

  /** A new follower scans a poster (subscribe with qrscene_). */
  String follow(String who, String scene) {
    clock.advance(Duration.ofSeconds(1));
    WxClient.Answer a = wx.post(WxClient.event(who, "subscribe", "qrscene_" + scene, wx.now()));
    assertThat(a.status()).isEqualTo(200);
    return a.content();
  }

  /** Scans and fills the form up to the confirmation question. */
  String formUntilConfirmation(String who, String scene, String name, String id, String employer) {
    assertThat(follow(who, scene)).contains("入会").contains("姓名");
    assertThat(say(who, name)).contains("身份证");
    assertThat(say(who, id)).contains("手机");
    assertThat(say(who, "13912345678")).contains("工作单位");
    String confirm = say(who, employer);
    assertThat(confirm).contains("确认").contains(name).contains("139****5678").doesNotContain(id);
    return confirm;
  }

  long enrollmentOf(String who) {
    return jdbc.queryForObject("SELECT MAX(id) FROM enrollment WHERE openid = ?", Long.class, who);
  }

  /** Posts a CSV to the register import and waits for it to finish. */
  JsonNode importRegister(String csv) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(baseUrl() + ApiClient.API + "/register/imports"))
            .header("Authorization", "Bearer " + admin.token())
            .header("Content-Type", "text/csv")
            .POST(HttpRequest.BodyPublishers.ofString(csv, StandardCharsets.UTF_8))
            .build();
    JsonMapper json = JsonMapper.builder().build();
    try {
      HttpResponse<String> r =
          HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
      long id = json.readTree(r.body()).get("id").asLong();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (System.nanoTime() < deadline) {
        Res progress = admin.get("/register/imports/" + id);
        assertThat(progress.status()).as(progress.raw()).isEqualTo(200);
        if (!"RUNNING".equals(progress.get("status").asString())) {
          return progress.json();
        }
        Thread.sleep(50);
      }
      throw new AssertionError("import " + id + " did not finish in 30 s");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
