package cn.union.admin;

import static org.assertj.core.api.Assertions.assertThat;

import cn.union.support.IntegrationTest;
import cn.union.support.RawHttp;
import cn.union.support.RawHttp.Answer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every page and answer carries the security headers; answers with personal data may not be cached.
 * The browser flow (ConsoleBrowserIT) checks that the console and the sandbox still work under the
 * policy.
 */
class SecurityHeadersIT extends IntegrationTest {

  Answer get(String path, String token) {
    return RawHttp.send(
        port,
        null,
        "GET",
        path,
        token == null ? Map.of() : Map.of("Authorization", "Bearer " + token),
        null);
  }

  void assertProtected(Answer a, String what) {
    String csp = a.header("content-security-policy");
    assertThat(csp)
        .as(what)
        .contains("default-src 'self'")
        .contains("script-src 'self'")
        .contains("frame-ancestors 'none'")
        .doesNotContain("unsafe-eval")
        .doesNotContain("unsafe-inline");
    assertThat(a.header("x-frame-options")).as(what).isEqualTo("DENY");
    assertThat(a.header("x-content-type-options")).as(what).isEqualTo("nosniff");
    assertThat(a.header("referrer-policy")).as(what).isEqualTo("no-referrer");
  }

  @Test
  void pagesAndAnswersCarryTheHeaders() {
    String token = admin().token();
    for (String page :
        new String[] {"/admin/", "/admin/main.js", "/sandbox/", "/sandbox/sandbox.js"}) {
      Answer a = get(page, null);
      assertThat(a.status()).as(page).isEqualTo(200);
      assertProtected(a, page);
    }
    assertProtected(get("/admin/api/v1/me", token), "api");
    assertProtected(get("/admin/api/v1/me", null), "401");
    assertProtected(get("/wx/portal", null), "portal");
  }

  /** A valid 18-digit ID number with a random sequence part and the right check digit. */
  static String idNumber() {
    return cn.union.support.IdNumbersForTests.next();
  }

  @Test
  void answersWithPersonalDataAreNotStored() {
    String token = admin().token();
    long root = admin().get("/orgs/tree").json().get(0).get("id").asLong();
    String idNumber = idNumber();
    long member =
        admin()
            .post("/members", Map.of("name", "缓存测试", "idNumber", idNumber, "orgId", root))
            .json()
            .get("id")
            .asLong();
    Answer revealed = get("/admin/api/v1/members/" + member + "/id-number", token);
    assertThat(revealed.status()).isEqualTo(200);
    assertThat(revealed.body()).contains(idNumber);
    assertThat(revealed.header("cache-control")).isEqualTo("no-store");
    for (String path :
        new String[] {"/admin/api/v1/me", "/admin/api/v1/members", "/admin/api/v1/cases"}) {
      assertThat(get(path, token).header("cache-control")).as(path).isEqualTo("no-store");
    }
    assertThat(get("/sandbox/api/outbox?openid=x", null).header("cache-control"))
        .isEqualTo("no-store");
    // The static files of the console may be cached.
    assertThat(get("/admin/main.js", null).header("cache-control")).isNull();
  }
}
