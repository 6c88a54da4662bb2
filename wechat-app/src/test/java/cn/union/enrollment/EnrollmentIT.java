package cn.union.enrollment;

import static org.assertj.core.api.Assertions.assertThat;

import cn.union.calendar.WorkingCalendar;
import cn.union.platform.PlatformConfig;
import cn.union.support.ApiClient;
import cn.union.support.ApiClient.Res;
import cn.union.support.WxClient;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * 扫码入会 as people use it: an admin makes a poster through the admin API (the sandbox plays WeChat's
 * qrcode/create), a worker scans it and fills the form over signed XML into /wx/portal, and the
 * target org's admin approves or rejects; the worker is told through the sandbox.
 */
class EnrollmentIT extends EnrollmentFixture {

  @Autowired WorkingCalendar calendar;

  @Test
  void aWorkerScansFillsTheFormIsRoutedToTheEmployersUnionAndApproved() {
    String code = creditCode();
    JsonNode imported =
        importRegister(
            "name,credit_code,address,region_code,has_union,union_org_id\n"
                + token
                + "机械有限公司,"
                + code
                + ",宜昌市西陵区1号,420502,是,"
                + unionId
                + "\n");
    assertThat(imported.get("status").asString()).as(imported.toString()).isEqualTo("DONE");

    JsonNode qr = qrcode(countyId, true);
    String scene = qr.get("sceneStr").asString();
    assertThat(sandbox.calls(QR_CREATE))
        .anySatisfy(c -> assertThat(c.body()).contains("QR_LIMIT_STR_SCENE").contains(scene));
    String id = idNumber();

    assertThat(follow(openid, scene)).contains("入会").contains(countyName).contains("姓名");
    assertThat(say("张三")).contains("身份证");
    // Each kind of mistake in the ID number gets its own explanation.
    assertThat(say("42050219900101")).contains("18位").contains("14位");
    assertThat(say("4205021990010112A4")).contains("X");
    assertThat(say("990502199001011234")).contains("省份");
    assertThat(say(id.substring(0, 6) + "19901301" + id.substring(14))).contains("出生日期");
    char wrong = id.charAt(17) == '1' ? '2' : '1';
    assertThat(say(id.substring(0, 17) + wrong)).contains("校验码");
    // Spaces around it and a lower-case x are fine.
    assertThat(say("  " + id.toLowerCase() + " ")).contains("手机");
    assertThat(say("139123")).contains("11位");
    assertThat(say("139 1234 5678")).contains("工作单位");
    String confirm = say(code.toLowerCase());
    assertThat(confirm)
        .contains("确认")
        .contains(token + "机械有限公司")
        .contains(code)
        .doesNotContain("校验位");

    String xml = WxClient.text(openid, "1", WxClient.nextMsgId(), wx.now());
    WxClient.Answer done = wx.post(xml);
    WxClient.Answer retried = wx.post(xml);
    LocalDate due =
        calendar.addWorkingDays(LocalDate.ofInstant(clock.instant(), PlatformConfig.ZONE), 3);
    assertThat(done.content()).contains("已提交").contains(unionName).contains(due.toString());
    assertThat(retried.content()).isEqualTo(done.content());
    assertThat(
            jdbc.queryForObject(
                "SELECT COUNT(*) FROM enrollment WHERE openid = ?", Integer.class, openid))
        .isEqualTo(1);
    Map<String, Object> row = jdbc.queryForMap("SELECT * FROM enrollment WHERE openid = ?", openid);
    assertThat((String) row.get("id_number_enc")).doesNotContain(id);
    assertThat((String) row.get("mobile_enc")).doesNotContain("13912345678");

    assertThat(scan(openid, scene)).contains("已提交").contains("审核中");
    clock.advance(Duration.ofSeconds(1));
    assertThat(wx.click(openid, "JOIN_UNION").content()).contains("审核中");

    // The poster's county does not review it: the application went to the employer's union.
    ApiClient county = user("ORG_ADMIN", countyId);
    long enrollmentId = enrollmentOf(openid);
    ApiClient union = user("ORG_ADMIN", unionId);
    Res list = union.get("/enrollments?status=SUBMITTED");
    assertThat(list.status()).as(list.raw()).isEqualTo(200);
    assertThat(list.get("total").asLong()).isEqualTo(1);
    JsonNode item = list.get("items").get(0);
    assertThat(item.get("id").asLong()).isEqualTo(enrollmentId);
    assertThat(item.get("name").asString()).isEqualTo("张三");
    assertThat(item.get("idNumber").asString())
        .isEqualTo(id.substring(0, 4) + "**********" + id.substring(14));
    assertThat(item.get("mobile").asString()).isEqualTo("139****5678");
    assertThat(item.get("unionBuilding").asBoolean()).isFalse();
    assertThat(item.get("dueDate").asString()).isEqualTo(due.toString());
    assertThat(list.raw()).doesNotContain(id).doesNotContain(openid);
    assertThat(anonymous().get("/enrollments").status()).isEqualTo(401);

    Res approved = union.post("/enrollments/" + enrollmentId + "/approve", null);
    assertThat(approved.status()).as(approved.raw()).isEqualTo(200);
    String number = approved.get("memberNumber").asString();
    assertThat(number).matches("\\d{4}-\\d{8}");
    assertThat(approved.get("status").asString()).isEqualTo("APPROVED");
    assertThat(union.post("/enrollments/" + enrollmentId + "/approve", null).status())
        .isEqualTo(409);
    assertThat(sandbox.delivered(CUSTOM))
        .filteredOn(c -> c.body().contains(openid))
        .anySatisfy(c -> assertThat(c.body()).contains(number).contains("通过"));
    Map<String, Object> member =
        jdbc.queryForMap("SELECT * FROM member WHERE member_number = ?", number);
    assertThat(((Number) member.get("org_id")).longValue()).isEqualTo(unionId);
    assertThat((String) member.get("id_number_enc")).doesNotContain(id);
    assertThat(
            jdbc.queryForObject(
                "SELECT COUNT(*) FROM audit_log WHERE action = 'enrollment.approved' AND target_id = ?",
                Integer.class,
                String.valueOf(enrollmentId)))
        .isEqualTo(1);

    assertThat(scan(openid, scene)).contains("已是会员").contains(number);
    String card = say("我的会员");
    assertThat(card).contains(number).contains(unionName).contains("核验码");
    String cardCode = card.replaceAll("(?s).*核验码：(\\S+).*", "$1");
    Res check = union.get("/member-cards/" + cardCode);
    assertThat(check.status()).as(check.raw()).isEqualTo(200);
    assertThat(check.get("valid").asBoolean()).isTrue();
    assertThat(check.get("memberNumber").asString()).isEqualTo(number);
    String forged =
        cardCode.substring(0, cardCode.length() - 1) + (cardCode.endsWith("A") ? "B" : "A");
    assertThat(union.get("/member-cards/" + forged).get("valid").asBoolean()).isFalse();

    // Funnel of the county's posters: three scans, one form started, submitted and approved.
    Res funnel = county.get("/enrollments/funnel?orgId=" + countyId);
    assertThat(funnel.status()).as(funnel.raw()).isEqualTo(200);
    JsonNode total = funnel.get("total");
    assertThat(total.get("scans").asLong()).isEqualTo(3);
    assertThat(total.get("started").asLong()).isEqualTo(1);
    assertThat(total.get("submitted").asLong()).isEqualTo(1);
    assertThat(total.get("approved").asLong()).isEqualTo(1);
    assertThat(funnel.get("posters").get(0).get("qrcodeId").asLong())
        .isEqualTo(qr.get("id").asLong());
    // The county is above the union and sees the application; a sibling county does not.
    assertThat(county.get("/enrollments/" + enrollmentId).status()).isEqualTo(200);
    long sibling = createOrg(cityId, token + "另一区总工会", "COUNTY");
    assertThat(user("ORG_ADMIN", sibling).get("/enrollments/" + enrollmentId).status())
        .isEqualTo(404);
  }

  @Test
  void anEmployerWithoutAUnionGoesToTheCityFederationForFollowUpAndARejectionIsExplained() {
    JsonNode qr = qrcode(countyId, false);
    assertThat(sandbox.calls(QR_CREATE))
        .anySatisfy(
            c ->
                assertThat(c.body())
                    .contains("QR_STR_SCENE")
                    .contains(qr.get("sceneStr").asString())
                    .contains("2592000"));
    String confirm =
        formUntilConfirmation(
            openid, qr.get("sceneStr").asString(), "李四", idNumber(), token + "不在库里的小饭馆");
    assertThat(confirm).contains("不在库里的小饭馆");
    assertThat(say("1")).contains("已提交").contains(cityName);
    long enrollmentId = enrollmentOf(openid);

    ApiClient city = user("ORG_ADMIN", cityId);
    Res followUp = city.get("/enrollments/union-building");
    assertThat(followUp.status()).as(followUp.raw()).isEqualTo(200);
    assertThat(followUp.get("items"))
        .anySatisfy(
            i -> {
              assertThat(i.get("id").asLong()).isEqualTo(enrollmentId);
              assertThat(i.get("unionBuilding").asBoolean()).isTrue();
              assertThat(i.get("orgId").asLong()).isEqualTo(cityId);
            });
    assertThat(city.get("/enrollments/" + enrollmentId).get("overdue").asBoolean()).isFalse();
    jdbc.update(
        "UPDATE enrollment SET due_date = ? WHERE id = ?",
        java.sql.Date.valueOf(
            LocalDate.ofInstant(clock.instant(), PlatformConfig.ZONE).minusDays(1)),
        enrollmentId);
    assertThat(city.get("/enrollments/" + enrollmentId).get("overdue").asBoolean()).isTrue();
    ApiClient county = user("ORG_ADMIN", countyId);
    assertThat(
            county.post("/enrollments/" + enrollmentId + "/reject", Map.of("reason", "x")).status())
        .isEqualTo(404);
    assertThat(
            city.post("/enrollments/" + enrollmentId + "/reject", Map.of("reason", " ")).status())
        .isEqualTo(400);
    Res rejected =
        city.post("/enrollments/" + enrollmentId + "/reject", Map.of("reason", "请提供劳动合同"));
    assertThat(rejected.status()).as(rejected.raw()).isEqualTo(200);
    assertThat(rejected.get("status").asString()).isEqualTo("REJECTED");
    assertThat(sandbox.delivered(CUSTOM))
        .filteredOn(c -> c.body().contains(openid))
        .anySatisfy(c -> assertThat(c.body()).contains("未通过").contains("请提供劳动合同"));
    // Rejected, the worker may apply again.
    assertThat(scan(openid, qr.get("sceneStr").asString())).contains("入会").contains("姓名");
  }

  @Test
  void scanningAgainResumesTheFormAndCancelLeavesIt() {
    // The menu's 入会 says how to apply before any scan.
    assertThat(wx.click(openid, "JOIN_UNION").content()).contains("入会二维码");
    String scene = qrcode(countyId, true).get("sceneStr").asString();
    assertThat(scan(openid, scene)).contains("入会").contains("姓名");
    assertThat(say("王五")).contains("身份证");
    // The next day the worker scans again: the form continues at the ID number.
    clock.advance(Duration.ofDays(1));
    String resumed = scan(openid, scene);
    assertThat(resumed).contains("入会").contains("继续").contains("身份证");
    assertThat(say(idNumber())).contains("手机");
    assertThat(say("取消")).contains("已退出");
    assertThat(
            jdbc.queryForObject(
                "SELECT status FROM enrollment WHERE openid = ?", String.class, openid))
        .isEqualTo("CANCELLED");
    assertThat(scan(openid, scene)).contains("入会").contains("姓名");
  }

  @Test
  void onePersonOneMembershipFoundByTheirIdNumber() {
    String scene = qrcode(unionId, true).get("sceneStr").asString();
    String id = idNumber();
    formUntilConfirmation(openid, scene, "赵六", id, token + "某公司");
    assertThat(say("1")).contains("已提交");

    // The same person from another WeChat: under review.
    String other = newOpenid();
    assertThat(follow(other, scene)).contains("入会");
    say(other, "赵六");
    assertThat(say(other, id)).contains("审核中");

    ApiClient city = user("ORG_ADMIN", cityId);
    assertThat(city.post("/enrollments/" + enrollmentOf(openid) + "/approve", null).status())
        .isEqualTo(200);
    String third = newOpenid();
    follow(third, scene);
    say(third, "赵六");
    assertThat(say(third, id)).contains("已是会员");
  }

  @Test
  void anUnknownOrExpiredPosterIsSaidToBeInvalid() {
    Res r =
        admin.post(
            "/qrcodes",
            Map.of("orgId", countyId, "label", "临时", "permanent", false, "expireDays", 1));
    assertThat(r.status()).as(r.raw()).isEqualTo(201);
    assertThat(
            admin
                .post(
                    "/qrcodes",
                    Map.of("orgId", countyId, "label", "太久", "permanent", false, "expireDays", 31))
                .status())
        .isEqualTo(400);
    clock.advance(Duration.ofDays(1).plusMinutes(1));
    assertThat(scan(openid, r.get("sceneStr").asString())).contains("失效");
    assertThat(scan(openid, "JOIN_nosuchposter")).contains("失效");
  }

  @Test
  void thePermanentCodeAllowanceIsCountedAndEnforced() {
    Res before = admin.get("/qrcodes/quota");
    assertThat(before.status()).as(before.raw()).isEqualTo(200);
    assertThat(before.get("limit").asInt()).isEqualTo(100_000);
    qrcode(countyId, true);
    qrcode(countyId, false);
    assertThat(admin.get("/qrcodes/quota").get("used").asInt())
        .isEqualTo(before.get("used").asInt() + 1);
    int used = jdbc.queryForObject("SELECT used FROM enroll_qr_quota WHERE id = 1", Integer.class);
    jdbc.update("UPDATE enroll_qr_quota SET used = max_codes WHERE id = 1");
    try {
      int codes = jdbc.queryForObject("SELECT COUNT(*) FROM enroll_qrcode", Integer.class);
      Res refused =
          admin.post("/qrcodes", Map.of("orgId", countyId, "label", "超限", "permanent", true));
      assertThat(refused.status()).as(refused.raw()).isEqualTo(409);
      assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM enroll_qrcode", Integer.class))
          .isEqualTo(codes);
      assertThat(
              admin
                  .post("/qrcodes", Map.of("orgId", countyId, "label", "临时可以", "permanent", false))
                  .status())
          .isEqualTo(201);
    } finally {
      jdbc.update("UPDATE enroll_qr_quota SET used = ? WHERE id = 1", used);
    }
  }

  @Test
  void aRefusalByWeChatLeavesNoCodeAndNoQuotaUsed() {
    int used = admin.get("/qrcodes/quota").get("used").asInt();
    int codes = jdbc.queryForObject("SELECT COUNT(*) FROM enroll_qrcode", Integer.class);
    sandbox.failNext(QR_CREATE, 45009);
    Res refused =
        admin.post("/qrcodes", Map.of("orgId", countyId, "label", "忙", "permanent", true));
    assertThat(refused.status()).as(refused.raw()).isEqualTo(409);
    assertThat(admin.get("/qrcodes/quota").get("used").asInt()).isEqualTo(used);
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM enroll_qrcode", Integer.class))
        .isEqualTo(codes);
  }

  @Test
  void postersAreScopedToTheCallersSubtree() {
    long otherCity = createOrg(rootId, token + "另一市总工会", "CITY");
    ApiClient other = user("ORG_ADMIN", otherCity);
    assertThat(
            other
                .post("/qrcodes", Map.of("orgId", countyId, "label", "越权", "permanent", false))
                .status())
        .isEqualTo(404);
    long id = qrcode(countyId, false).get("id").asLong();
    assertThat(other.get("/qrcodes/" + id).status()).isEqualTo(404);
    assertThat(other.get("/qrcodes?size=100").json().get("items").findValuesAsString("id"))
        .doesNotContain(String.valueOf(id));
    // The list and the detail show each code's org by name.
    JsonNode mine = admin.get("/qrcodes?orgId=" + countyId + "&size=100").json().get("items");
    assertThat(mine.findValuesAsString("id")).contains(String.valueOf(id));
    assertThat(mine.findValuesAsString("orgName")).isNotEmpty().containsOnly(countyName);
    assertThat(admin.get("/qrcodes/" + id).get("orgName").asString()).isEqualTo(countyName);
    assertThat(other.get("/qrcodes/" + id + "/poster.png").status()).isEqualTo(404);
    assertThat(
            user("INFORMANT", countyId)
                .post("/qrcodes", Map.of("orgId", countyId, "label", "x", "permanent", false))
                .status())
        .isEqualTo(403);
  }
}
