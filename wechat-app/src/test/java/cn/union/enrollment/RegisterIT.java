package cn.union.enrollment;

import static org.assertj.core.api.Assertions.assertThat;

import cn.union.support.ApiClient;
import cn.union.support.ApiClient.Res;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * 企业法人库 through the admin API: all-or-nothing CSV import with numbered errors, and ranked search.
 */
class RegisterIT extends EnrollmentFixture {

  static final String HEADER = "name,credit_code,address,region_code,has_union,union_org_id\n";

  @Test
  void aFileWithBadLinesImportsNothingAndNamesEachLine() {
    String good = creditCode();
    String csv =
        HEADER
            + token
            + "甲公司,"
            + good
            + ",地址,420502,否,\n" // line 2: fine
            + token
            + "乙公司,12345,地址,420502,否,\n" // line 3: code malformed
            + token
            + "丙公司,"
            + creditCode()
            + ",地址,4205,否,\n" // line 4: region
            + token
            + "丁公司,"
            + creditCode()
            + ",地址,420502,是,\n" // line 5: union without org
            + token
            + "戊公司,"
            + good
            + ",地址,420502,否,\n" // line 6: duplicate code
            + token
            + "己公司,"
            + creditCode()
            + ",地址,420502,是,999999999\n" // line 7: no such org
            + "\""
            + token
            + "庚公司,"
            + creditCode()
            + ",地址,420502,否,\n"; // line 8: open quote
    JsonNode result = importRegister(csv);
    assertThat(result.get("status").asString()).isEqualTo("FAILED");
    List<String> errors = new ArrayList<>();
    result.get("errors").forEach(e -> errors.add(e.asString()));
    assertThat(errors).hasSize(6);
    assertThat(errors.get(0)).startsWith("第3行").contains("信用代码");
    assertThat(errors.get(1)).startsWith("第4行").contains("行政区划");
    assertThat(errors.get(2)).startsWith("第5行").contains("所属工会");
    assertThat(errors.get(3)).startsWith("第6行").contains("重复");
    assertThat(errors.get(4)).startsWith("第7行").contains("不存在");
    assertThat(errors.get(5)).startsWith("第8行").contains("引号");
    assertThat(result.get("rowsSaved").asLong()).isZero();
    assertThat(
            jdbc.queryForObject(
                "SELECT COUNT(*) FROM enroll_employer WHERE credit_code = ?", Integer.class, good))
        .isZero();
    assertThat(importRegister("名称,代码\n").get("errors").get(0).asString())
        .startsWith("第1行")
        .contains("表头");
  }

  @Test
  void searchFindsByExactCodeAndRanksNamesExactThenPrefixThenAfterThePlaceThenAnywhere() {
    String code = creditCode();
    StringBuilder csv = new StringBuilder("\uFEFF" + HEADER);
    csv.append("\"宜昌")
        .append(token)
        .append("重工集团有限公司\",")
        .append(creditCode())
        .append(",\"西陵区, 1号\",420502,否,\n");
    csv.append(token).append("重工,").append(code).append(",,420502,是,").append(unionId).append('\n');
    csv.append(token).append("重工机械厂,").append(creditCode()).append(",,420503,否,\n");
    csv.append("襄阳").append(token).append("重工,").append(creditCode()).append(",,420600,否,\n");
    // A real code whose check character is off is accepted: such codes exist.
    String offCheck = code.substring(0, 17) + (code.charAt(17) == '0' ? '1' : '0');
    csv.append(token).append("老企业,").append(offCheck).append(",,420502,否,\n");
    JsonNode done = importRegister(csv.toString());
    assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("DONE");
    assertThat(done.get("rowsSaved").asLong()).isEqualTo(5);
    assertThat(done.get("rowsRead").asLong()).isEqualTo(5);

    Res byCode = admin.get("/register/employers?q=" + code.toLowerCase());
    assertThat(byCode.status()).as(byCode.raw()).isEqualTo(200);
    assertThat(byCode.get("items")).hasSize(1);
    assertThat(byCode.get("items").get(0).get("name").asString()).isEqualTo(token + "重工");
    assertThat(byCode.get("items").get(0).get("unionOrgId").asLong()).isEqualTo(unionId);

    List<String> names = names(admin.get("/register/employers?q=" + enc(token + "重工")));
    // Exact, then starting with it, then containing it (shorter names first).
    assertThat(names)
        .containsExactly(
            token + "重工", token + "重工机械厂", "襄阳" + token + "重工", "宜昌" + token + "重工集团有限公司");
    assertThat(names(admin.get("/register/employers?q=" + enc(token + "重工") + "&region=4205")))
        .containsExactly(token + "重工", token + "重工机械厂", "宜昌" + token + "重工集团有限公司");
    // Text inside the name, neither at its start nor after its place: found when the index
    // ranges find nothing, shorter names first; the region narrows it.
    String inside = token.substring(1) + "重工";
    assertThat(names(admin.get("/register/employers?q=" + enc(inside))))
        .containsExactly(
            token + "重工", "襄阳" + token + "重工", token + "重工机械厂", "宜昌" + token + "重工集团有限公司");
    assertThat(names(admin.get("/register/employers?q=" + enc(inside) + "&region=4206")))
        .containsExactly("襄阳" + token + "重工");
    assertThat(names(admin.get("/register/employers?q=" + enc(token + "重工集团"))))
        .containsExactly("宜昌" + token + "重工集团有限公司");
    assertThat(names(admin.get("/register/employers?q=" + enc("%")))).doesNotContain(token + "重工");
    assertThat(admin.get("/register/employers?q=" + enc(" ")).status()).isEqualTo(400);

    // Imported again with a union: the row is refreshed, not duplicated.
    JsonNode again =
        importRegister(HEADER + token + "老企业," + offCheck + ",新址,420502,是," + unionId + "\n");
    assertThat(again.get("status").asString()).isEqualTo("DONE");
    JsonNode refreshed = admin.get("/register/employers?q=" + offCheck).get("items").get(0);
    assertThat(refreshed.get("hasUnion").asBoolean()).isTrue();
    assertThat(refreshed.get("address").asString()).isEqualTo("新址");

    // A worker who names the employer by that code is warned about its check character, not
    // refused.
    String scene = qrcode(countyId, true).get("sceneStr").asString();
    follow(openid, scene);
    say("钱七");
    say(idNumber());
    say("13912345678");
    assertThat(say(offCheck)).contains("校验位").contains(token + "老企业").contains("确认");
    assertThat(say("1")).contains("已提交").contains(unionName);
  }

  @Test
  void aFileOfSeveralBatchesIsWrittenWholeAndABadLastLineUndoesEveryBatch() {
    // 4,003 rows: two full statements of 2,000 and a last one of 3; every fourth with a union.
    int rows = 4003;
    List<String> codes = new ArrayList<>();
    StringBuilder csv = new StringBuilder(HEADER);
    for (int i = 0; i < rows; i++) {
      String code = creditCode();
      codes.add(code);
      csv.append(token).append("批量").append(i).append("号,").append(code).append(",旧址,420502,");
      csv.append(i % 4 == 0 ? "是," + unionId : "否,").append('\n');
    }
    JsonNode done = importRegister(csv.toString());
    assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("DONE");
    assertThat(done.get("rowsSaved").asLong()).isEqualTo(rows);
    assertThat(registered()).isEqualTo(rows);
    JsonNode first = admin.get("/register/employers?q=" + codes.get(0)).get("items").get(0);
    assertThat(first.get("name").asString()).isEqualTo(token + "批量0号");
    assertThat(first.get("unionOrgId").asLong()).isEqualTo(unionId);
    JsonNode last = admin.get("/register/employers?q=" + codes.get(rows - 1)).get("items").get(0);
    assertThat(last.get("name").asString()).isEqualTo(token + "批量" + (rows - 1) + "号");
    assertThat(last.get("hasUnion").asBoolean()).isFalse();
    assertThat(last.get("unionOrgId").isNull()).isTrue();

    // The same codes with a new address, then one bad line at the very end: two full statements
    // were written before it was read, and none of them is kept.
    String refreshed = csv.toString().replace(",旧址,", ",新址,") + token + "坏行,不是代码,,420502,否,\n";
    JsonNode failed = importRegister(refreshed);
    assertThat(failed.get("status").asString()).as(failed.toString()).isEqualTo("FAILED");
    assertThat(failed.get("errors").get(0).asString()).contains(String.valueOf(rows + 2));
    assertThat(
            jdbc.queryForObject(
                "SELECT COUNT(*) FROM enroll_employer WHERE name LIKE ? AND address = '新址'",
                Long.class,
                token + "批量%"))
        .isZero();
    assertThat(registered()).isEqualTo(rows);
  }

  private long registered() {
    return jdbc.queryForObject(
        "SELECT COUNT(*) FROM enroll_employer WHERE name LIKE ?", Long.class, token + "批量%");
  }

  @Test
  void onlySuperAdminsImport() {
    ApiClient orgAdmin = user("ORG_ADMIN", cityId);
    assertThat(orgAdmin.get("/register/imports/1").status()).isEqualTo(403);
    assertThat(orgAdmin.get("/register/employers?q=" + enc("公司")).status()).isEqualTo(200);
  }

  private static List<String> names(Res r) {
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    List<String> names = new ArrayList<>();
    r.get("items").forEach(i -> names.add(i.get("name").asString()));
    return names;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
