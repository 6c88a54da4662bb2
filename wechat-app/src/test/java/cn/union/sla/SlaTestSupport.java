package cn.union.sla;

import static org.assertj.core.api.Assertions.assertThat;

import cn.union.platform.PlatformConfig;
import cn.union.sandbox.SandboxWeChat;
import cn.union.support.ApiClient;
import cn.union.support.ApiClient.Res;
import cn.union.support.IntegrationTest;
import cn.union.support.WxClient;
import cn.union.wechat.WxProperties;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What the reply-tracking tests share: a fresh org branch (city → county → town) per test, staff
 * created through the admin API, cases submitted by workers over signed XML, and a clock that the
 * test moves (sessions are opened again after each jump, as a person would log in again).
 */
public abstract class SlaTestSupport extends IntegrationTest {

  protected static final String TEMPLATE = "/cgi-bin/message/template/send";
  protected static final String PASSWORD = "Changed#2026";

  @Autowired protected WxProperties props;
  @Autowired protected JdbcTemplate jdbc;
  @Autowired protected SandboxWeChat sandbox;
  @Autowired protected SlaSweep sweep;

  protected WxClient wx;
  protected long cityId;
  protected long countyId;
  protected long townId;
  protected String townToken;
  protected String townName;

  @BeforeEach
  protected void branch() {
    wx = new WxClient(baseUrl(), props.token(), props.appId(), props.aesKey(), clock);
    ApiClient admin = admin();
    long root = admin.get("/orgs/tree").json().get(0).get("id").asLong();
    String token = UUID.randomUUID().toString().substring(0, 6);
    cityId = createOrg(admin, root, "督" + token + "市总工会", "CITY");
    countyId = createOrg(admin, cityId, "督" + token + "区总工会", "COUNTY");
    townToken = "镇" + token;
    townName = townToken + "街道工会";
    townId = createOrg(admin, countyId, townName, "TOWN");
  }

  /** Shanghai wall-clock time. */
  protected static Instant at(String localDateTime) {
    return LocalDateTime.parse(localDateTime).atZone(PlatformConfig.ZONE).toInstant();
  }

  /** Moves the clock; the sweeps start over from the new time, as on a freshly deployed system. */
  protected void travelTo(String localDateTime) {
    clock.set(at(localDateTime));
  }

  protected void freshMarks() {
    jdbc.update("DELETE FROM sla_sweep_mark WHERE name IN ('REMINDER', 'ESCALATION')");
  }

  protected long createOrg(ApiClient as, long parentId, String name, String level) {
    Res r = as.post("/orgs", Map.of("parentId", parentId, "name", name, "level", level));
    assertThat(r.status()).as(r.raw()).isEqualTo(201);
    return r.get("id").asLong();
  }

  /**
   * Creates a staff member and completes the forced first password change; returns the username.
   */
  protected String staff(String role, long orgId) {
    String username = "s" + UUID.randomUUID().toString().substring(0, 8);
    admin().newUser(username, role, orgId); // its first password change sets PASSWORD
    return username;
  }

  protected ApiClient as(String username) {
    return ApiClient.loggedIn(baseUrl(), username, PASSWORD);
  }

  /** Binds a WeChat to the staff member the way they do it: a code from the console, 绑定 <code> to the account. */
  protected String bind(String username) {
    String openid = "oStaff" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    Res code = as(username).post("/me/wechat-binding", null);
    assertThat(code.status()).as(code.raw()).isEqualTo(201);
    assertThat(code.get("code").asString()).matches("\\d{6}");
    clock.advance(Duration.ofSeconds(1));
    assertThat(wx.say(openid, "绑定 " + code.get("code").asString()).content()).contains("绑定成功");
    return openid;
  }

  protected String say(String openid, String text) {
    clock.advance(Duration.ofSeconds(1));
    WxClient.Answer a = wx.say(openid, text);
    assertThat(a.status()).isEqualTo(200);
    return a.content();
  }

  /** A worker asks for help through the whole intake; returns the case id. */
  protected long submit(String openid, String unitToken, String unitName) {
    clock.advance(Duration.ofSeconds(1));
    assertThat(wx.click(openid, "HELP_REQUEST").content()).contains("类别");
    assertThat(say(openid, "4")).contains("描述");
    assertThat(say(openid, "单位拖欠工资两个月")).contains("单位");
    String next = say(openid, unitToken);
    assertThat(next).contains(unitName);
    if (next.contains("1. ")) {
      next = say(openid, "1");
    }
    if (next.contains("手机")) {
      next = say(openid, "13800138000");
    }
    assertThat(next).contains("确认");
    assertThat(say(openid, "1")).contains("编号");
    return jdbc.queryForObject(
        "SELECT MAX(id) FROM help_case WHERE openid = ?", Long.class, openid);
  }

  protected long submitToTown(String openid) {
    return submit(openid, townToken, townName);
  }

  protected static String worker() {
    return "oWorker" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
  }

  /** Template messages the sandbox accepted for this openid: what would really reach the phone. */
  protected long templatesTo(String openid) {
    return sandbox.delivered(TEMPLATE).stream().filter(c -> c.body().contains(openid)).count();
  }

  /** Template messages to this openid that name this case number. */
  protected long templatesAbout(String openid, String number) {
    return sandbox.delivered(TEMPLATE).stream()
        .filter(c -> c.body().contains(openid) && c.body().contains(number))
        .count();
  }

  protected String numberOf(long caseId) {
    return jdbc.queryForObject("SELECT number FROM help_case WHERE id = ?", String.class, caseId);
  }

  protected String alertStatus(long caseId, String kind) {
    return jdbc.query(
        "SELECT status FROM help_case_alert WHERE case_id = ? AND kind = ?",
        rs -> rs.next() ? rs.getString(1) : null,
        caseId,
        kind);
  }

  protected SlaSweep.Outcome sweepNow() {
    SlaSweep.Outcome o = sweep.run(Duration.ofSeconds(30));
    assertThat(o.ran()).isTrue();
    return o;
  }
}
