package cn.union.member;

import static org.assertj.core.api.Assertions.assertThat;

import cn.union.support.ApiClient;
import cn.union.support.ApiClient.Res;
import cn.union.support.IntegrationTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** Members through the admin API: encrypted at rest, masked in views, scoped, audited. */
class MemberApiIT extends IntegrationTest {

  @Autowired JdbcTemplate jdbc;

  /** A valid 18-digit ID number with a random sequence part and the right check digit. */
  static String idNumber() {
    return cn.union.support.IdNumbersForTests.next();
  }

  long city(ApiClient admin, String name) {
    return admin.newCity(name);
  }

  ApiClient orgAdmin(ApiClient admin, long orgId) {
    return admin.newUser("ORG_ADMIN", orgId);
  }

  @Test
  void personalNumbersAreEncryptedMaskedAndFoundByHash() {
    ApiClient admin = admin();
    long city = city(admin, "会员市");
    String id = idNumber();
    Res created =
        admin.post(
            "/members",
            Map.of(
                "name",
                "张三",
                "idNumber",
                id,
                "mobile",
                "13800138000",
                "employer",
                "宜昌三峡纺织有限公司",
                "orgId",
                city));
    assertThat(created.status()).as(created.raw()).isEqualTo(201);
    long memberId = created.get("id").asLong();
    assertThat(created.get("idNumber").asString())
        .isEqualTo(id.substring(0, 4) + "**********" + id.substring(14));
    assertThat(created.get("mobile").asString()).isEqualTo("138****8000");

    Map<String, Object> row = jdbc.queryForMap("SELECT * FROM member WHERE id = ?", memberId);
    assertThat(row.values().toString()).doesNotContain(id).doesNotContain("13800138000");

    assertThat(admin.get("/members?idNumber=" + id).get("total").asLong()).isEqualTo(1);
    assertThat(admin.get("/members?idNumber=" + id.toLowerCase()).get("total").asLong())
        .isEqualTo(1);
    assertThat(admin.get("/members/" + memberId + "/id-number").get("idNumber").asString())
        .isEqualTo(id);
    assertThat(admin.get("/audit?action=member.id-number-revealed").get("total").asLong())
        .isPositive();
    assertThat(admin.get("/members/" + memberId).raw())
        .doesNotContain(id)
        .doesNotContain("13800138000");

    Res dup = admin.post("/members", Map.of("name", "李四", "idNumber", id, "orgId", city));
    assertThat(dup.status()).isEqualTo(409);
  }

  @Test
  void badNumbersAreRefusedInPlainChinese() {
    ApiClient admin = admin();
    long city = city(admin, "校验市");
    String id = idNumber();
    String wrongCheck = id.substring(0, 17) + (id.charAt(17) == '1' ? '2' : '1');
    Res bad = admin.post("/members", Map.of("name", "王五", "idNumber", wrongCheck, "orgId", city));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.get("detail").asString()).contains("身份证");
    Res phone =
        admin.post(
            "/members", Map.of("name", "王五", "idNumber", id, "mobile", "12345", "orgId", city));
    assertThat(phone.status()).isEqualTo(400);
    assertThat(phone.get("detail").asString()).contains("手机");
  }

  @Test
  void membersOfAnotherSubtreeStayInvisible() {
    ApiClient admin = admin();
    long cityA = city(admin, "会员甲市");
    long cityB = city(admin, "会员乙市");
    long inB =
        admin
            .post("/members", Map.of("name", "赵六", "idNumber", idNumber(), "orgId", cityB))
            .get("id")
            .asLong();
    ApiClient a = orgAdmin(admin, cityA);
    assertThat(a.get("/members/" + inB).status()).isEqualTo(404);
    assertThat(a.get("/members/" + inB + "/id-number").status()).isEqualTo(404);
    assertThat(a.patch("/members/" + inB, Map.of("name", "改")).status()).isEqualTo(404);
    assertThat(a.send("DELETE", "/members/" + inB, null).status()).isEqualTo(404);
    assertThat(
            a.post("/members", Map.of("name", "x", "idNumber", idNumber(), "orgId", cityB))
                .status())
        .isEqualTo(404);
    assertThat(
            a.get("/members?size=100").json().get("items").findValuesAsString("orgId").stream()
                .map(Long::valueOf)
                .toList())
        .allMatch(o -> o == cityA);
    long inA =
        a.post("/members", Map.of("name", "钱七", "idNumber", idNumber(), "orgId", cityA))
            .get("id")
            .asLong();
    assertThat(a.patch("/members/" + inA, Map.of("employer", "新单位")).get("employer").asString())
        .isEqualTo("新单位");
    assertThat(a.send("DELETE", "/members/" + inA, null).status()).isEqualTo(204);
    assertThat(a.get("/members/" + inA).status()).isEqualTo(404);
  }

  @Test
  void aDuplicateInAnotherSubtreeDoesNotRevealThePerson() {
    ApiClient admin = admin();
    long cityA = city(admin, "重号甲市");
    long cityB = city(admin, "重号乙市");
    String id = idNumber();
    assertThat(
            admin.post("/members", Map.of("name", "孙八", "idNumber", id, "orgId", cityB)).status())
        .isEqualTo(201);
    ApiClient a = orgAdmin(admin, cityA);
    Res elsewhere = a.post("/members", Map.of("name", "孙八", "idNumber", id, "orgId", cityA));
    assertThat(elsewhere.status()).isEqualTo(409);
    assertThat(elsewhere.get("detail").asString())
        .doesNotContain("已登记")
        .doesNotContain("已是")
        .doesNotContain("乙市");
    assertThat(elsewhere.raw()).doesNotContain(String.valueOf(cityB));
    // The same answer as for a number the admin's own subtree already has.
    String own = idNumber();
    a.post("/members", Map.of("name", "周九", "idNumber", own, "orgId", cityA));
    Res here = a.post("/members", Map.of("name", "周九", "idNumber", own, "orgId", cityA));
    assertThat(here.status()).isEqualTo(409);
    assertThat(here.get("detail").asString()).isEqualTo(elsewhere.get("detail").asString());
    assertThat(here.get("code").asString()).isEqualTo(elsewhere.get("code").asString());
  }
}
