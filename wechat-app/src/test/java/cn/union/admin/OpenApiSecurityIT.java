package cn.union.admin;

import static org.assertj.core.api.Assertions.assertThat;

import cn.union.support.ApiClient;
import cn.union.support.ApiClient.Res;
import cn.union.support.ApiOperations;
import cn.union.support.ApiOperations.Operation;
import cn.union.support.IntegrationTest;
import cn.union.support.RawHttp;
import cn.union.support.RawHttp.Answer;
import cn.union.support.WxClient;
import cn.union.wechat.WxProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Security checks generated from the OpenAPI document: every operation of the admin API is called
 * without a token, by each role it does not allow ({@code x-roles}), and by an admin of another
 * city with ids of this city's case, user, org, member, poster, application, campaign and template.
 * A new endpoint is covered the day it appears in the document; a new kind of id in a path must get
 * a sample here (the test says which).
 */
class OpenApiSecurityIT extends IntegrationTest {

  private static final String API = ApiClient.API;
  private static final List<String> ROLES =
      List.of("SUPER_ADMIN", "ORG_ADMIN", "INFORMANT", "AUDITOR");

  /** An id nobody has: enough where only the role or the token is checked. */
  private static final String NOBODY = "987654321";

  private static final Pattern VARIABLE = Pattern.compile("\\{([^}]+)}");

  /**
   * Variables that name no record of a subtree, or records of the whole province: the calendar's
   * days and years, a member card's code (checked against the caller's subtree by the card's
   * member), a register import (province-wide, super-admin only), and ids below a record that is
   * itself sampled (an attachment or a flagged vote of this city's case or campaign).
   */
  private static final Set<String> NOT_SUBTREE =
      Set.of(
          "/calendar/days/{date}",
          "/calendar/years/{year}",
          "/member-cards/{code}",
          "/register/imports/{id}",
          "{attachmentId}",
          "{voteId}");

  @Autowired WxProperties props;
  @Autowired JdbcTemplate jdbc;

  private ApiClient admin;
  private String marker;
  private long cityA;
  private long countyA;

  @BeforeEach
  void twoCities() {
    admin = admin();
    marker = "甲" + UUID.randomUUID().toString().substring(0, 6);
    long root = admin.get("/orgs/tree").json().get(0).get("id").asLong();
    cityA = org(root, marker + "市总工会", "CITY");
    countyA = org(cityA, marker + "区总工会", "COUNTY");
  }

  long org(long parent, String name, String level) {
    Res r = admin.post("/orgs", Map.of("parentId", parent, "name", name, "level", level));
    assertThat(r.status()).as(r.raw()).isEqualTo(201);
    return r.get("id").asLong();
  }

  ApiClient user(String role, long orgId) {
    return admin.newUser(role, orgId);
  }

  List<Operation> operations() {
    return ApiOperations.of(port);
  }

  Answer call(Operation op, String token, String path, String body) {
    Map<String, String> headers = new HashMap<>();
    if (token != null) {
      headers.put("Authorization", "Bearer " + token);
    }
    String payload = null;
    if (op.contentType() != null) {
      headers.put("Content-Type", op.contentType());
      payload = op.contentType().contains("json") ? body : "name\n";
    } else if (!op.method().equals("GET") && !op.method().equals("DELETE")) {
      headers.put("Content-Type", "application/json");
      payload = body;
    }
    Answer a = RawHttp.send(port, null, op.method(), API + path, headers, payload);
    assertThat(a.status()).as("%s → %d %s", op.label(), a.status(), a.body()).isLessThan(500);
    assertThat(a.body())
        .as(op.label())
        .doesNotContain("Exception")
        .doesNotContain("SQL")
        .doesNotContain("at cn.union");
    return a;
  }

  static String fill(String path, Map<String, String> values) {
    Matcher m = VARIABLE.matcher(path);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      String v =
          values.getOrDefault(
              name,
              switch (name) {
                case "date" -> "1999-01-01";
                case "year" -> "1999";
                case "code" -> "NOCARD";
                default -> NOBODY;
              });
      m.appendReplacement(sb, Matcher.quoteReplacement(v));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  @Test
  void everyOperationButLoginAsksForAToken() {
    List<String> checked = new ArrayList<>();
    for (Operation op : operations()) {
      if (op.isPublic()) {
        continue;
      }
      Answer a = call(op, null, fill(op.path(), Map.of()), "{}");
      assertThat(a.status()).as("%s without a token: %s", op.label(), a.body()).isEqualTo(401);
      assertThat(a.body()).as(op.label()).contains("登录");
      checked.add(op.label());
    }
    System.out.println("[security] " + checked.size() + " operations refused without a token");
  }

  @Test
  void everyOperationRefusesTheRolesItDoesNotAllow() {
    long root = admin.get("/orgs/tree").json().get(0).get("id").asLong();
    Map<String, String> tokens = new LinkedHashMap<>();
    tokens.put("SUPER_ADMIN", admin.token());
    for (String role : ROLES.subList(1, ROLES.size())) {
      tokens.put(role, user(role, root).token());
    }
    int refused = 0;
    for (Operation op : operations()) {
      for (String role : ROLES) {
        if (op.isPublic() || op.roles().contains(role)) {
          continue;
        }
        Answer a = call(op, tokens.get(role), fill(op.path(), Map.of()), "{}");
        assertThat(a.status()).as("%s as %s: %s", op.label(), role, a.body()).isEqualTo(403);
        refused++;
      }
    }
    assertThat(refused).as("some operations are closed to some roles").isGreaterThan(30);
    System.out.println("[security] " + refused + " (operation, role) pairs refused");
  }

  @Test
  void noOperationReachesIntoAnotherCity() {
    Map<String, Map<String, String>> samples = samplesInCityA();
    long root = admin.get("/orgs/tree").json().get(0).get("id").asLong();
    long cityB = org(root, "乙" + UUID.randomUUID().toString().substring(0, 6) + "市总工会", "CITY");
    Map<String, String> tokens =
        Map.of(
            "ORG_ADMIN",
            user("ORG_ADMIN", cityB).token(),
            "INFORMANT",
            user("INFORMANT", cityB).token());
    String body =
        "{\"orgId\":"
            + countyA
            + ",\"parentId\":"
            + countyA
            + ",\"caseId\":"
            + samples.get("/cases").get("id")
            + "}";
    List<String> unsampled = new ArrayList<>();
    int checked = 0;
    for (Operation op : operations()) {
      if (op.isPublic() || op.path().startsWith("/auth/")) {
        continue;
      }
      Map<String, String> ids = sampleFor(op.path(), samples, unsampled);
      for (Map.Entry<String, String> caller : tokens.entrySet()) {
        if (!op.roles().contains(caller.getKey())) {
          continue;
        }
        String path = fill(op.path(), ids);
        boolean hasIds = !ids.isEmpty();
        if (!hasIds && op.query().contains("orgId")) {
          path += "?orgId=" + countyA;
        }
        Answer a = call(op, caller.getValue(), path, body);
        String what =
            op.label()
                + " as "
                + caller.getKey()
                + " of another city → "
                + a.status()
                + " "
                + a.body();
        if (hasIds) {
          assertThat(a.status()).as(what).isIn(403, 404, 400);
          if (op.method().equals("GET")) {
            assertThat(a.status()).as(what).isIn(403, 404);
          }
        } else if (a.status() < 300 && op.method().equals("GET")) {
          assertThat(a.body()).as(what).doesNotContain(marker);
        }
        checked++;
      }
    }
    System.out.println(
        "[security] "
            + checked
            + " calls into another city refused or empty; no sample for: "
            + unsampled);
    assertThat(unsampled)
        .as("path variables without a sample record of city A (add one in samplesInCityA)")
        .isEmpty();
  }

  /** The sample ids of one operation's path variables, by the path's resource. */
  static Map<String, String> sampleFor(
      String path, Map<String, Map<String, String>> samples, List<String> unsampled) {
    Map<String, String> ids = new HashMap<>();
    Matcher m = VARIABLE.matcher(path);
    while (m.find()) {
      String variable = m.group(0);
      String resource = path.substring(0, m.start() - 1);
      resource =
          resource.substring(
              0, resource.indexOf('/', 1) < 0 ? resource.length() : resource.indexOf('/', 1));
      String value = samples.getOrDefault(resource, Map.of()).get(m.group(1));
      if (value != null) {
        ids.put(m.group(1), value);
      } else if (!NOT_SUBTREE.contains(variable)
          && !NOT_SUBTREE.contains(path.substring(0, m.end()))) {
        unsampled.add(path + " " + variable);
      }
    }
    return ids;
  }

  /** One record of each kind in city A, made the way users make them, named with the marker. */
  Map<String, Map<String, String>> samplesInCityA() {
    Map<String, Map<String, String>> s = new HashMap<>();
    s.put("/orgs", Map.of("id", String.valueOf(countyA)));
    Res informantA =
        admin.post(
            "/users",
            Map.of(
                "username",
                "sec" + UUID.randomUUID().toString().substring(0, 8),
                "password",
                "Initial#2026",
                "displayName",
                marker + "信息员",
                "role",
                "INFORMANT",
                "orgId",
                countyA));
    assertThat(informantA.status()).as(informantA.raw()).isEqualTo(201);
    s.put("/users", Map.of("id", String.valueOf(informantA.get("id").asLong())));

    WxClient wx = new WxClient(baseUrl(), props.token(), props.appId(), props.aesKey(), clock);
    String worker = "oSecA" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    clock.advance(Duration.ofSeconds(1));
    assertThat(wx.click(worker, "HELP_REQUEST").content()).contains("类别");
    assertThat(wx.say(worker, "4").content()).contains("描述");
    assertThat(wx.say(worker, marker + " 单位欠薪三个月").content()).contains("单位");
    String next = wx.say(worker, marker + "区").content();
    if (next.contains("1. ")) {
      next = wx.say(worker, "1").content();
    }
    assertThat(next).contains("手机");
    assertThat(wx.say(worker, "13900139301").content()).contains("确认");
    assertThat(wx.say(worker, "1").content()).contains("编号");
    long caseId =
        jdbc.queryForObject("SELECT MAX(id) FROM help_case WHERE openid = ?", Long.class, worker);
    s.put("/cases", Map.of("id", String.valueOf(caseId)));

    Res member =
        admin.post(
            "/members",
            Map.of(
                "name",
                marker + "会员",
                "idNumber",
                SecurityHeadersIT.idNumber(),
                "mobile",
                "13800138301",
                "employer",
                marker + "公司",
                "orgId",
                countyA));
    assertThat(member.status()).as(member.raw()).isEqualTo(201);
    s.put("/members", Map.of("id", String.valueOf(member.get("id").asLong())));

    Res template =
        admin.post(
            "/answer-templates",
            Map.of("orgId", countyA, "title", marker + "常用语", "content", "您好，{编号} 已收到。"));
    assertThat(template.status()).as(template.raw()).isEqualTo(201);
    s.put("/answer-templates", Map.of("id", String.valueOf(template.get("id").asLong())));

    Res qr =
        admin.post(
            "/qrcodes",
            Map.of("orgId", countyA, "label", marker + "海报", "permanent", false, "expireDays", 7));
    assertThat(qr.status()).as(qr.raw()).isEqualTo(201);
    s.put("/qrcodes", Map.of("id", String.valueOf(qr.get("id").asLong())));

    String joiner = "oSecJ" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    clock.advance(Duration.ofSeconds(1));
    assertThat(
            wx.post(
                    WxClient.event(
                        joiner, "subscribe", "qrscene_" + qr.get("sceneStr").asString(), wx.now()))
                .content())
        .contains("姓名");
    assertThat(wx.say(joiner, marker + "工").content()).contains("身份证");
    assertThat(wx.say(joiner, SecurityHeadersIT.idNumber()).content()).contains("手机");
    assertThat(wx.say(joiner, "13900139302").content()).contains("工作单位");
    assertThat(wx.say(joiner, marker + "无工会小店").content()).contains("确认");
    assertThat(wx.say(joiner, "1").content()).contains("已提交");
    long enrollmentId =
        jdbc.queryForObject("SELECT MAX(id) FROM enrollment WHERE openid = ?", Long.class, joiner);
    s.put("/enrollments", Map.of("id", String.valueOf(enrollmentId)));

    String now = clock.instant().toString();
    Res campaign =
        admin.post(
            "/campaigns",
            Map.of(
                "title",
                marker + "最美职工",
                "startAt",
                now,
                "endAt",
                clock.instant().plus(Duration.ofDays(7)).toString(),
                "votesPerVoterPerDay",
                3,
                "orgId",
                countyA));
    assertThat(campaign.status()).as(campaign.raw()).isEqualTo(201);
    long campaignId = campaign.get("id").asLong();
    Res candidate =
        admin.post(
            "/campaigns/" + campaignId + "/candidates",
            Map.of("name", marker + "候选人", "unit", marker + "公司", "story", "扎根一线二十年"));
    assertThat(candidate.status()).as(candidate.raw()).isEqualTo(201);
    s.put(
        "/campaigns",
        Map.of(
            "id",
            String.valueOf(campaignId),
            "candidateId",
            String.valueOf(candidate.get("id").asLong())));
    return s;
  }
}
