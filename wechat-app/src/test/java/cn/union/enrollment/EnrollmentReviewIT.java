package cn.union.enrollment;

import static org.assertj.core.api.Assertions.assertThat;

import cn.union.support.ApiClient;
import cn.union.support.ApiClient.Res;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.redisson.api.RLock;
import org.redisson.api.RedissonClient;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The review of an application within 3 working days, with the clock moved by hand: on the due day
 * the reviewing union's admins are reminded, after it the application is marked overdue and the
 * parent org's admins are told, each once; an org above presses it (督办) from the console; the sweep
 * runs on one node at a time.
 */
class EnrollmentReviewIT extends EnrollmentFixture {

  static final String TEMPLATE = "/cgi-bin/message/template/send";
  static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

  @Autowired ReviewSweep sweep;
  @Autowired RedissonClient redisson;

  void travelTo(String localDateTime) {
    clock.set(LocalDateTime.parse(localDateTime).atZone(SHANGHAI).toInstant());
  }

  /** An admin of the org, with their WeChat bound the way staff do it (a console code, 绑定 <code>). */
  final class Admin {
    final String username;
    final String openid;

    Admin(String username, String openid) {
      this.username = username;
      this.openid = openid;
    }

    String openid() {
      return openid;
    }

    /** Signed in afresh: the clock moves by days, past a session's life. */
    ApiClient api() {
      return ApiClient.loggedIn(baseUrl(), username, "Changed#2026");
    }
  }

  Admin admin(long orgId) {
    String username = "r" + UUID.randomUUID().toString().substring(0, 8);
    ApiClient api = admin().newUser(username, "ORG_ADMIN", orgId);
    String wxOpenid = "oStaff" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    Res code = api.post("/me/wechat-binding", null);
    assertThat(code.status()).as(code.raw()).isEqualTo(201);
    clock.advance(Duration.ofSeconds(1));
    assertThat(say(wxOpenid, "绑定 " + code.get("code").asString())).contains("绑定成功");
    return new Admin(username, wxOpenid);
  }

  long templatesAbout(String openid, long enrollmentId, String words) {
    return sandbox.delivered(TEMPLATE).stream()
        .filter(
            c ->
                c.body().contains(openid)
                    && c.body().contains("入会申请" + enrollmentId)
                    && c.body().contains(words))
        .count();
  }

  long templatesTo(String openid) {
    return sandbox.delivered(TEMPLATE).stream().filter(c -> c.body().contains(openid)).count();
  }

  /**
   * A worker applies through the conversation; the employer's union (under the town) reviews it.
   */
  long applyToTheUnion(String who) {
    String code = creditCode();
    importRegister(
        "name,credit_code,address,region_code,has_union,union_org_id\n"
            + token
            + "审核测试厂"
            + who.substring(5, 9)
            + ","
            + code
            + ",宜昌,420502,是,"
            + unionId
            + "\n");
    String scene = qrcode(countyId, true).get("sceneStr").asString();
    formUntilConfirmation(who, scene, "周八", idNumber(), code);
    assertThat(say(who, "1")).contains("已提交").contains(unionName);
    return enrollmentOf(who);
  }

  Map<String, Object> row(long id) {
    return jdbc.queryForMap(
        "SELECT reminded_at, escalated_at, due_date FROM enrollment WHERE id = ?", id);
  }

  @Test
  void theUnionIsRemindedOnItsDueDayAndTheTownToldOnceItIsOverdue() {
    travelTo("2026-11-20T10:00:00"); // a Friday
    Admin unionAdmin = admin(unionId);
    long town =
        jdbc.queryForObject("SELECT parent_id FROM org_unit WHERE id = ?", Long.class, unionId);
    Admin townAdmin = admin(town);
    long id = applyToTheUnion(openid);
    // Monday, Tuesday, Wednesday: due on Wednesday 2026-11-25.
    assertThat(row(id).get("due_date").toString()).isEqualTo("2026-11-25");

    travelTo("2026-11-24T23:59:00");
    assertThat(sweep.run(Duration.ofSeconds(5)).ran()).isTrue();
    assertThat(row(id).get("reminded_at")).isNull();
    assertThat(templatesTo(unionAdmin.openid())).isZero();

    travelTo("2026-11-25T00:01:00"); // the due day has begun
    sweep.run(Duration.ofSeconds(5));
    sweep.run(Duration.ofSeconds(5));
    assertThat(row(id).get("reminded_at")).isNotNull();
    assertThat(templatesAbout(unionAdmin.openid(), id, "今日到期")).as("reminded once").isEqualTo(1);
    assertThat(row(id).get("escalated_at")).isNull();
    assertThat(unionAdmin.api().get("/enrollments/" + id).get("overdue").asBoolean()).isFalse();

    travelTo("2026-11-25T23:59:00");
    sweep.run(Duration.ofSeconds(5));
    assertThat(row(id).get("escalated_at")).isNull();
    travelTo("2026-11-26T00:01:00"); // past the due date
    sweep.run(Duration.ofSeconds(5));
    sweep.run(Duration.ofSeconds(5));
    assertThat(row(id).get("escalated_at")).isNotNull();
    assertThat(templatesAbout(townAdmin.openid(), id, "超期")).as("the town told once").isEqualTo(1);
    assertThat(templatesTo(townAdmin.openid())).isEqualTo(1);
    assertThat(templatesTo(unionAdmin.openid())).as("the union got only the reminder").isEqualTo(1);
    Res view = unionAdmin.api().get("/enrollments/" + id);
    assertThat(view.get("overdue").asBoolean()).isTrue();
    assertThat(view.get("escalated").asBoolean()).isTrue();
    assertThat(
            jdbc.queryForObject(
                "SELECT COUNT(*) FROM enroll_review_alert WHERE enrollment_id = ?",
                Integer.class,
                id))
        .isEqualTo(2);

    // Decided, an application is no longer pressed by anyone.
    assertThat(unionAdmin.api().post("/enrollments/" + id + "/approve", null).status())
        .isEqualTo(200);
    travelTo("2026-11-30T10:00:00");
    sweep.run(Duration.ofSeconds(5));
    assertThat(templatesTo(unionAdmin.openid()) + templatesTo(townAdmin.openid())).isEqualTo(2);
  }

  @Test
  void anOrgAboveSupervisesAnApplicationFromTheConsole() {
    Admin unionAdmin = admin(unionId);
    ApiClient county = user("ORG_ADMIN", countyId);
    long id = applyToTheUnion(openid);

    assertThat(county.post("/enrollments/" + id + "/supervise", Map.of("note", " ")).status())
        .isEqualTo(400);
    assertThat(
            unionAdmin
                .api()
                .post("/enrollments/" + id + "/supervise", Map.of("note", "请尽快"))
                .status())
        .as("the reviewing union does not press itself")
        .isEqualTo(403);
    long sibling = createOrg(cityId, token + "旁区总工会", "COUNTY");
    assertThat(
            user("ORG_ADMIN", sibling)
                .post("/enrollments/" + id + "/supervise", Map.of("note", "请尽快"))
                .status())
        .isEqualTo(404);

    Res done = county.post("/enrollments/" + id + "/supervise", Map.of("note", "请今天内审核"));
    assertThat(done.status()).as(done.raw()).isEqualTo(200);
    assertThat(done.get("supervisedCount").asInt()).isEqualTo(1);
    assertThat(templatesAbout(unionAdmin.openid(), id, "督办")).as("sent right away").isEqualTo(1);
    assertThat(
            county
                .post("/enrollments/" + id + "/supervise", Map.of("note", "再次督办"))
                .get("supervisedCount")
                .asInt())
        .isEqualTo(2);
    assertThat(templatesAbout(unionAdmin.openid(), id, "督办")).isEqualTo(2);
    Res view = unionAdmin.api().get("/enrollments/" + id);
    assertThat(view.get("supervisedCount").asInt()).isEqualTo(2);
    assertThat(view.get("supervisionNote").asString()).isEqualTo("再次督办");
    sweep.run(Duration.ofSeconds(5));
    assertThat(templatesAbout(unionAdmin.openid(), id, "督办"))
        .as("the sweep does not send it again")
        .isEqualTo(2);
    assertThat(
            jdbc.queryForObject(
                "SELECT COUNT(*) FROM audit_log WHERE action = 'enrollment.supervised' AND target_id = ?",
                Integer.class,
                String.valueOf(id)))
        .isEqualTo(2);

    assertThat(
            unionAdmin
                .api()
                .post("/enrollments/" + id + "/reject", Map.of("reason", "材料不全"))
                .status())
        .isEqualTo(200);
    assertThat(county.post("/enrollments/" + id + "/supervise", Map.of("note", "请尽快")).status())
        .isEqualTo(409);
  }

  @Test
  void theSweepRunsOnOneNodeAtATime() throws Exception {
    RLock held = redisson.getLock(ReviewSweep.LOCK);
    Thread other =
        new Thread(
            () -> {
              held.lock(30, TimeUnit.SECONDS);
            });
    other.start();
    other.join();
    try {
      assertThat(sweep.run(Duration.ZERO).ran()).as("another node holds the sweep").isFalse();
    } finally {
      held.forceUnlock();
    }
    assertThat(sweep.run(Duration.ofSeconds(5)).ran()).isTrue();
  }
}
