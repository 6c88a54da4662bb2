package cn.union.helpdesk;

import static org.assertj.core.api.Assertions.assertThat;

import cn.union.calendar.WorkingCalendar;
import cn.union.sandbox.SandboxWeChat;
import cn.union.support.ApiClient;
import cn.union.support.ApiClient.Res;
import cn.union.support.IntegrationTest;
import cn.union.support.WxClient;
import cn.union.wechat.WxProperties;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * What the helpdesk tests share: a fresh city → county → town under the root for every test (the
 * county's name is unique, so the worker's unit search finds exactly it), a worker with a fresh
 * openid, and the steps of the intake as the worker types them.
 */
abstract class HelpdeskFixture extends IntegrationTest {

  static final String CUSTOM = "/cgi-bin/message/custom/send";
  static final String TEMPLATE = "/cgi-bin/message/template/send";

  @Autowired WxProperties props;
  @Autowired JdbcTemplate jdbc;
  @Autowired SandboxWeChat sandbox;
  @Autowired WorkingCalendar calendar;

  WxClient wx;
  ApiClient admin;
  String openid;
  String token;
  long rootId;
  long cityId;
  long countyId;
  long townId;
  String countyName;

  @BeforeEach
  void setUp() {
    wx = new WxClient(baseUrl(), props.token(), props.appId(), props.aesKey(), clock);
    openid = "oHelp" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    admin = admin();
    // A unique token in the names, so the worker's search finds exactly this org.
    token = "测" + UUID.randomUUID().toString().substring(0, 6);
    rootId = admin.get("/orgs/tree").json().get(0).get("id").asLong();
    cityId = createOrg(admin, rootId, token + "市总工会", "CITY");
    countyName = token + "区总工会";
    countyId = createOrg(admin, cityId, countyName, "COUNTY");
    townId =
        createOrg(
            admin, countyId, "街道" + UUID.randomUUID().toString().substring(0, 6) + "工会", "TOWN");
  }

  long createOrg(ApiClient as, long parentId, String name, String level) {
    Res r = as.post("/orgs", Map.of("parentId", parentId, "name", name, "level", level));
    assertThat(r.status()).as(r.raw()).isEqualTo(201);
    return r.get("id").asLong();
  }

  /** Creates a user and completes the forced first password change, as AdminApiIT does. */
  ApiClient user(String role, long orgId) {
    return user(role, orgId, "u" + UUID.randomUUID().toString().substring(0, 8));
  }

  /** The same, under a given name, so a test that travels in time can log in again. */
  ApiClient user(String role, long orgId, String username) {
    return admin.newUser(username, role, orgId);
  }

  /** Logs in again, e.g. after the clock moved past the session's idle timeout. */
  ApiClient login(String username) {
    return ApiClient.loggedIn(baseUrl(), username, "Changed#2026");
  }

  JsonNode caseOf(ApiClient as, long id) {
    Res r = as.get("/cases/" + id);
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    return r.json();
  }

  String numberOf(long id) {
    return jdbc.queryForObject("SELECT number FROM help_case WHERE id = ?", String.class, id);
  }

  /** The timeline entry of a kind, the last one when there are several. */
  JsonNode entry(JsonNode detail, String kind) {
    JsonNode found = null;
    for (JsonNode e : detail.get("timeline")) {
      if (kind.equals(e.get("kind").asString())) {
        found = e;
      }
    }
    assertThat(found).as(kind + " in " + detail.get("timeline")).isNotNull();
    return found;
  }

  List<SandboxWeChat.Call> customTo(String who) {
    return sandbox.calls(CUSTOM).stream().filter(c -> c.body().contains(who)).toList();
  }

  String say(String text) {
    WxClient.Answer a = wx.say(openid, text);
    assertThat(a.status()).isEqualTo(200);
    return a.content();
  }

  /** Walks the intake up to the confirmation question. */
  void intakeUntilConfirmation(String mobile) {
    // A click with the same CreateTime as an earlier one is WeChat's retry of it: keep them apart.
    clock.advance(java.time.Duration.ofSeconds(1));
    WxClient.Answer start = wx.click(openid, "HELP_REQUEST");
    assertThat(start.content()).contains("类别").contains("1. 法律援助").contains("4. 工资拖欠");
    assertThat(say("4")).contains("描述").contains("工资拖欠");
    assertThat(say("公司拖欠三个月工资，老板联系不上")).contains("单位");
    // The search finds one org only: it is chosen without a pick.
    String afterUnit = say(token + "区");
    assertThat(afterUnit).contains(countyName);
    if (mobile != null) {
      assertThat(afterUnit).contains("手机");
      afterUnit = say(mobile);
    }
    assertThat(afterUnit).contains("确认").contains(countyName);
  }

  long submit(String mobile) {
    intakeUntilConfirmation(mobile);
    String done = say("1");
    assertThat(done).containsPattern("编号 HB-\\d{8}-\\d{6}");
    return caseIdOf(openid);
  }

  /** A case of this test's worker, accepted by a county informant; returns the informant's name. */
  String acceptedCase(long[] id) {
    id[0] = submit("13800138100");
    String name = "i" + UUID.randomUUID().toString().substring(0, 8);
    ApiClient informant = user("INFORMANT", countyId, name);
    assertThat(informant.post("/cases/" + id[0] + "/accept", null).status()).isEqualTo(204);
    return name;
  }

  long caseIdOf(String who) {
    return jdbc.queryForObject("SELECT MAX(id) FROM help_case WHERE openid = ?", Long.class, who);
  }

  int casesOf(String who) {
    return jdbc.queryForObject(
        "SELECT COUNT(*) FROM help_case WHERE openid = ?", Integer.class, who);
  }

  List<String> kinds(JsonNode detail) {
    List<String> kinds = new ArrayList<>();
    detail.get("timeline").forEach(e -> kinds.add(e.get("kind").asString()));
    return kinds;
  }
}
