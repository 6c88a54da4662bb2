package cn.union.admin;

import static org.assertj.core.api.Assertions.assertThat;

import cn.union.support.ApiClient;
import cn.union.support.ApiClient.Res;
import cn.union.support.IntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/** The admin API as a console uses it: login rules, roles, org subtree scoping, audit. */
class AdminApiIT extends IntegrationTest {

  @Autowired JdbcTemplate jdbc;
  @Autowired RedissonClient redis;

  static String unique(String prefix) {
    return prefix + UUID.randomUUID().toString().substring(0, 8);
  }

  long rootId(ApiClient admin) {
    return admin.get("/orgs/tree").json().get(0).get("id").asLong();
  }

  long createOrg(ApiClient as, long parentId, String name, String level) {
    Res r = as.post("/orgs", Map.of("parentId", parentId, "name", name, "level", level));
    assertThat(r.status()).as(r.raw()).isEqualTo(201);
    return r.get("id").asLong();
  }

  /** Creates a user and completes the forced first password change; returns a logged-in client. */
  ApiClient user(ApiClient creator, String role, long orgId) {
    return creator.newUser(unique("u"), role, orgId);
  }

  @Test
  void loginGivesATokenAndBadCredentialsAProblem() {
    Res ok = anonymous().post("/auth/login", Map.of("username", ADMIN, "password", ADMIN_PASSWORD));
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.get("token").asString()).hasSizeGreaterThan(30);
    assertThat(ok.get("expiresAt").asString()).contains("+08:00");

    Res bad =
        anonymous().post("/auth/login", Map.of("username", ADMIN, "password", "wrong-password"));
    assertThat(bad.status()).isEqualTo(401);
    assertThat(bad.contentType()).startsWith("application/problem+json");
    assertThat(bad.get("detail").asString()).startsWith("用户名或密码错误");

    Res unknown =
        anonymous().post("/auth/login", Map.of("username", "nobody-here", "password", "x"));
    assertThat(unknown.status()).isEqualTo(401);
    assertThat(unknown.get("detail").asString()).isEqualTo(bad.get("detail").asString());
  }

  @Test
  void everyCallButLoginNeedsAValidToken() {
    assertThat(anonymous().get("/me").status()).isEqualTo(401);
    assertThat(anonymous().get("/orgs/tree").status()).isEqualTo(401);
    assertThat(new ApiClient(baseUrl()).token("forged-token").get("/me").status()).isEqualTo(401);
    Res me = admin().get("/me");
    assertThat(me.status()).isEqualTo(200);
    assertThat(me.get("role").asString()).isEqualTo("SUPER_ADMIN");
    assertThat(me.get("orgId").asLong()).isPositive();
  }

  @Test
  void badInputIsAProblemNeverA500() {
    ApiClient admin = admin();
    assertThat(admin.post("/orgs", "{not json").status()).isEqualTo(400);
    assertThat(admin.post("/orgs", Map.of("name", "x")).status()).isEqualTo(400);
    Res wrongEnum =
        admin.post("/orgs", Map.of("parentId", rootId(admin), "name", "x", "level", "PLANET"));
    assertThat(wrongEnum.status()).isEqualTo(400);
    assertThat(admin.get("/orgs?page=0").status()).isEqualTo(400);
    assertThat(admin.get("/orgs?size=101").status()).isEqualTo(400);
    assertThat(admin.get("/orgs/abc").status()).isEqualTo(400);
    assertThat(admin.get("/orgs/999999999").status()).isEqualTo(404);
  }

  @Test
  void fiveWrongPasswordsLockTheAccountForFifteenMinutes() {
    ApiClient admin = admin();
    long root = rootId(admin);
    String username = unique("lock");
    admin.post(
        "/users",
        Map.of(
            "username",
            username,
            "password",
            "Initial#2026",
            "displayName",
            "锁定测试",
            "role",
            "INFORMANT",
            "orgId",
            root));
    for (int i = 0; i < 5; i++) {
      assertThat(
              anonymous()
                  .post("/auth/login", Map.of("username", username, "password", "Wrong#" + i))
                  .status())
          .isEqualTo(401);
    }
    Res locked =
        anonymous().post("/auth/login", Map.of("username", username, "password", "Initial#2026"));
    assertThat(locked.status()).isEqualTo(401);
    // The same answer as a wrong password, so it does not reveal that the name exists.
    assertThat(locked.get("code").asString()).isEqualTo("auth.bad-credentials");
    assertThat(locked.get("detail").asString()).contains("用户名或密码错误").contains("锁定").contains("15");

    clock.advance(java.time.Duration.ofMinutes(16));
    assertThat(
            anonymous()
                .post("/auth/login", Map.of("username", username, "password", "Initial#2026"))
                .status())
        .isEqualTo(200);
  }

  @Test
  void aFirstPasswordMustBeChangedAndFollowThePolicy() {
    ApiClient admin = admin();
    String username = unique("first");
    admin.post(
        "/users",
        Map.of(
            "username",
            username,
            "password",
            "Initial#2026",
            "displayName",
            "新用户",
            "role",
            "INFORMANT",
            "orgId",
            rootId(admin)));
    ApiClient c = ApiClient.loggedIn(baseUrl(), username, "Initial#2026");
    Res blocked = c.get("/orgs/tree");
    assertThat(blocked.status()).isEqualTo(403);
    assertThat(blocked.get("code").asString()).isEqualTo("auth.password-change-required");
    assertThat(c.get("/me").get("mustChangePassword").asBoolean()).isTrue();

    assertThat(
            c.post(
                    "/auth/password",
                    Map.of("oldPassword", "Initial#2026", "newPassword", "short1A"))
                .status())
        .isEqualTo(400);
    assertThat(
            c.post(
                    "/auth/password",
                    Map.of("oldPassword", "Initial#2026", "newPassword", "alllowercase1"))
                .status())
        .isEqualTo(400);
    assertThat(
            c.post(
                    "/auth/password",
                    Map.of("oldPassword", "Initial#2026", "newPassword", "Initial#2026"))
                .get("code")
                .asString())
        .isEqualTo("password.reused");
    assertThat(
            c.post("/auth/password", Map.of("oldPassword", "nope", "newPassword", "Second#2026"))
                .status())
        .isEqualTo(400);

    List<String> passwords = new ArrayList<>(List.of("Initial#2026"));
    for (int i = 1; i <= 5; i++) {
      String next = "Rotate#" + i + "x2026";
      assertThat(
              c.post(
                      "/auth/password",
                      Map.of(
                          "oldPassword", passwords.get(passwords.size() - 1), "newPassword", next))
                  .status())
          .isEqualTo(204);
      passwords.add(next);
    }
    String current = passwords.get(passwords.size() - 1);
    // The last five (including the current one) are refused; the sixth-latest is allowed again.
    for (String recent : passwords.subList(passwords.size() - 5, passwords.size())) {
      assertThat(
              c.post("/auth/password", Map.of("oldPassword", current, "newPassword", recent))
                  .status())
          .as(recent)
          .isEqualTo(400);
    }
    assertThat(
            c.post(
                    "/auth/password",
                    Map.of("oldPassword", current, "newPassword", passwords.get(0)))
                .status())
        .isEqualTo(204);
    assertThat(c.get("/orgs/tree").status()).isEqualTo(200);
  }

  @Test
  void logoutEndsTheSessionAndSessionsExpireWhenIdle() {
    ApiClient c = admin();
    String hash = org.apache.commons.codec.digest.DigestUtils.sha256Hex(c.token());
    long ttl = redis.getBucket("staff:session:" + hash).remainTimeToLive();
    assertThat(ttl).isBetween(25 * 60_000L, 30 * 60_000L);
    assertThat(c.post("/auth/logout", null).status()).isEqualTo(204);
    assertThat(c.get("/me").status()).isEqualTo(401);
  }

  @Test
  void orgsKeepTheirFiveLevels() {
    ApiClient admin = admin();
    long root = rootId(admin);
    Res wrong =
        admin.post("/orgs", Map.of("parentId", root, "name", unique("县"), "level", "COUNTY"));
    assertThat(wrong.status()).isEqualTo(400);
    assertThat(wrong.get("code").asString()).isEqualTo("org.level-mismatch");
    long city = createOrg(admin, root, unique("测试市总工会"), "CITY");
    long county = createOrg(admin, city, unique("测试县总工会"), "COUNTY");
    long town = createOrg(admin, county, unique("测试镇工会"), "TOWN");
    long grass = createOrg(admin, town, unique("测试企业工会"), "GRASSROOTS");
    Res below =
        admin.post("/orgs", Map.of("parentId", grass, "name", "更下级", "level", "GRASSROOTS"));
    assertThat(below.status()).isEqualTo(400);
    Res dup =
        admin.post(
            "/orgs",
            Map.of(
                "parentId",
                town,
                "name",
                admin.get("/orgs/" + grass).get("name").asString(),
                "level",
                "GRASSROOTS"));
    assertThat(dup.status()).isEqualTo(409);
  }

  @Test
  void anOrgAdminSeesAndChangesOnlyTheirSubtree() {
    ApiClient admin = admin();
    long root = rootId(admin);
    long cityA = createOrg(admin, root, unique("甲市总工会"), "CITY");
    long countyA = createOrg(admin, cityA, unique("甲县总工会"), "COUNTY");
    long cityB = createOrg(admin, root, unique("乙市总工会"), "CITY");
    long countyB = createOrg(admin, cityB, unique("乙县总工会"), "COUNTY");
    ApiClient adminB = user(admin, "ORG_ADMIN", cityB);
    long informantB =
        adminB
            .post(
                "/users",
                Map.of(
                    "username",
                    unique("ib"),
                    "password",
                    "Initial#2026",
                    "displayName",
                    "乙信息员",
                    "role",
                    "INFORMANT",
                    "orgId",
                    countyB))
            .get("id")
            .asLong();
    ApiClient adminA = user(admin, "ORG_ADMIN", cityA);

    // Tree and search show only the own subtree.
    JsonNode tree = adminA.get("/orgs/tree").json();
    assertThat(tree).hasSize(1);
    assertThat(tree.get(0).get("id").asLong()).isEqualTo(cityA);
    assertThat(tree.get(0).get("children").get(0).get("id").asLong()).isEqualTo(countyA);
    assertThat(adminA.get("/orgs?q=乙").get("total").asLong()).isZero();

    // Reading, changing, creating under and listing another subtree all fail without leaking.
    assertThat(adminA.get("/orgs/" + cityB).status()).isEqualTo(404);
    assertThat(adminA.get("/orgs/" + root).status()).isEqualTo(404);
    assertThat(adminA.patch("/orgs/" + countyB, Map.of("name", "改名")).status()).isEqualTo(404);
    assertThat(
            adminA
                .post("/orgs", Map.of("parentId", cityB, "name", "x", "level", "COUNTY"))
                .status())
        .isEqualTo(404);
    assertThat(
            adminA
                .post(
                    "/users",
                    Map.of(
                        "username",
                        unique("x"),
                        "password",
                        "Initial#2026",
                        "displayName",
                        "x",
                        "role",
                        "INFORMANT",
                        "orgId",
                        countyB))
                .status())
        .isEqualTo(404);
    assertThat(adminA.get("/users/" + informantB).status()).isEqualTo(404);
    assertThat(adminA.post("/users/" + informantB + "/disable", null).status()).isEqualTo(404);
    assertThat(adminA.post("/users/" + informantB + "/reset-password", null).status())
        .isEqualTo(404);
    assertThat(
            adminA.get("/users?size=100").json().get("items").findValuesAsString("orgId").stream()
                .map(Long::valueOf)
                .toList())
        .allMatch(id -> id == cityA || id == countyA);
    // The own subtree's accounts are listed, each with its org's name; the root sees both subtrees.
    long informantA =
        adminA
            .post(
                "/users",
                Map.of(
                    "username",
                    unique("ia"),
                    "password",
                    "Initial#2026",
                    "displayName",
                    "甲信息员",
                    "role",
                    "INFORMANT",
                    "orgId",
                    countyA))
            .get("id")
            .asLong();
    JsonNode listedA = adminA.get("/users?size=100").json().get("items");
    assertThat(listedA.findValuesAsString("id"))
        .contains(String.valueOf(informantA))
        .doesNotContain(String.valueOf(informantB));
    for (JsonNode u : listedA) {
      assertThat(u.get("orgName").asString())
          .isEqualTo(admin.get("/orgs/" + u.get("orgId").asLong()).get("name").asString());
    }
    assertThat(
            admin
                .get("/users?size=100&orgId=" + countyB)
                .json()
                .get("items")
                .findValuesAsString("id"))
        .contains(String.valueOf(informantB));
    assertThat(adminA.get("/audit?size=100").json().get("items").findValuesAsString("targetId"))
        .doesNotContain(String.valueOf(informantB), String.valueOf(cityB));

    // An org admin cannot create a super-admin or an auditor, even in their subtree.
    assertThat(
            adminA
                .post(
                    "/users",
                    Map.of(
                        "username",
                        unique("sa"),
                        "password",
                        "Initial#2026",
                        "displayName",
                        "x",
                        "role",
                        "SUPER_ADMIN",
                        "orgId",
                        cityA))
                .status())
        .isEqualTo(403);
    assertThat(
            adminA
                .post(
                    "/users",
                    Map.of(
                        "username",
                        unique("au"),
                        "password",
                        "Initial#2026",
                        "displayName",
                        "x",
                        "role",
                        "AUDITOR",
                        "orgId",
                        cityA))
                .status())
        .isEqualTo(403);
    // Inside the subtree all works.
    assertThat(
            adminA
                .patch("/orgs/" + countyA, Map.of("requiresReview", true))
                .get("requiresReview")
                .asBoolean())
        .isTrue();
  }

  @Test
  void informantsDoNotManageOrgsOrUsers() {
    ApiClient admin = admin();
    long city = createOrg(admin, rootId(admin), unique("丙市总工会"), "CITY");
    ApiClient informant = user(admin, "INFORMANT", city);
    assertThat(
            informant
                .post("/orgs", Map.of("parentId", city, "name", "x", "level", "COUNTY"))
                .status())
        .isEqualTo(403);
    assertThat(informant.get("/users").status()).isEqualTo(403);
    assertThat(informant.get("/audit").status()).isEqualTo(403);
    assertThat(informant.get("/orgs/tree").status()).isEqualTo(200);
  }

  @Test
  void onlyAuditorsReadTheWholeLogAndTheChainShowsTampering() {
    ApiClient admin = admin();
    long root = rootId(admin);
    ApiClient auditor = user(admin, "AUDITOR", root);
    long city = createOrg(admin, root, unique("丁市总工会"), "CITY");

    JsonNode all = auditor.get("/audit?size=100").json();
    assertThat(all.get("total").asLong()).isPositive();
    assertThat(all.get("items").findValuesAsString("action")).contains("org.created");
    assertThat(
            auditor.post("/orgs", Map.of("parentId", root, "name", "x", "level", "CITY")).status())
        .isEqualTo(403);
    assertThat(admin.get("/audit/verify").status()).isEqualTo(403);
    assertThat(auditor.send("DELETE", "/audit", null).status()).isIn(404, 405);

    JsonNode ok = auditor.get("/audit/verify").json();
    assertThat(ok.get("intact").asBoolean()).as(ok.toString()).isTrue();

    Long id =
        jdbc.queryForObject(
            "SELECT MAX(id) FROM audit_log WHERE action = 'org.created' AND target_id = ?",
            Long.class,
            String.valueOf(city));
    String original =
        jdbc.queryForObject("SELECT detail FROM audit_log WHERE id = ?", String.class, id);
    jdbc.update("UPDATE audit_log SET detail = ? WHERE id = ?", "篡改", id);
    try {
      JsonNode broken = auditor.get("/audit/verify").json();
      assertThat(broken.get("intact").asBoolean()).isFalse();
      assertThat(broken.get("firstBrokenId").asLong()).isEqualTo(id);
    } finally {
      jdbc.update("UPDATE audit_log SET detail = ? WHERE id = ?", original, id);
    }
    assertThat(auditor.get("/audit/verify").json().get("intact").asBoolean()).isTrue();
  }

  @Test
  void theMenuCanBeCheckedAndPushedBySuperAdmins() {
    ApiClient admin = admin();
    Res check = admin.get("/wechat/menu");
    assertThat(check.status()).isEqualTo(200);
    assertThat(check.get("problems")).isEmpty();
    assertThat(admin.post("/wechat/menu/push", null).status()).isEqualTo(204);
    ApiClient informant = user(admin, "INFORMANT", rootId(admin));
    assertThat(informant.post("/wechat/menu/push", null).status()).isEqualTo(403);
  }

  @Test
  void theOpenApiDocumentListsTheAdminApi() throws Exception {
    var http = java.net.http.HttpClient.newHttpClient();
    var r =
        http.send(
            java.net.http.HttpRequest.newBuilder(java.net.URI.create(baseUrl() + "/v3/api-docs"))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body())
        .contains(
            "/admin/api/v1/auth/login",
            "/admin/api/v1/orgs/tree",
            "/admin/api/v1/users",
            "/admin/api/v1/members",
            "/admin/api/v1/calendar/deadline",
            "/admin/api/v1/calendar/days/{date}",
            "/admin/api/v1/audit/verify",
            "\"summary\"");
  }
}
