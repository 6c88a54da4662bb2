package cn.union.admin;

import static org.assertj.core.api.Assertions.assertThat;

import cn.union.staff.SessionStore;
import cn.union.support.ApiClient;
import cn.union.support.ApiClient.Res;
import cn.union.support.Concurrently;
import cn.union.support.IntegrationTest;
import cn.union.support.RawHttp;
import cn.union.support.RawHttp.Answer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Login and account rules an outside tester probes: lock-out under parallel guessing, a throttle
 * per address, one answer for every refused login, weak passwords, and admins of one org taking
 * over each other's accounts. Attempts that should not count against the tests' own address come
 * from other loopback addresses (127.0.x.y).
 */
class LoginSecurityIT extends IntegrationTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Autowired JdbcTemplate jdbc;
  @Autowired RedissonClient redis;

  static String unique(String prefix) {
    return prefix + UUID.randomUUID().toString().substring(0, 8);
  }

  long rootId(ApiClient admin) {
    return admin.get("/orgs/tree").json().get(0).get("id").asLong();
  }

  String createUser(ApiClient creator, String role, long orgId, String password) {
    String username = unique("s");
    Res r =
        creator.post(
            "/users",
            Map.of(
                "username",
                username,
                "password",
                password,
                "displayName",
                "安全测试",
                "role",
                role,
                "orgId",
                orgId));
    assertThat(r.status()).as(r.raw()).isEqualTo(201);
    return username;
  }

  Answer login(String from, String username, String password) {
    return RawHttp.postJson(
        port,
        from,
        "/auth/login",
        JSON.writeValueAsString(Map.of("username", username, "password", password)));
  }

  void forget(String... addresses) {
    for (String a : addresses) {
      redis.getKeys().delete("auth:throttle:" + a);
    }
  }

  @Test
  void fortyParallelGuessesLetOnlyFiveThroughAndLockTheAccount() throws Exception {
    String username = createUser(admin(), "INFORMANT", rootId(admin()), "Initial#2026");
    List<Callable<Answer>> guesses = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      String from = "127.0.1." + (i + 1);
      String guess = "Guess#" + i + "x2026";
      guesses.add(() -> login(from, username, guess));
    }
    ExecutorService pool = Executors.newFixedThreadPool(40);
    try {
      for (Future<Answer> f : Concurrently.together(pool, guesses)) {
        assertThat(f.get().status()).isEqualTo(401);
      }
    } finally {
      pool.shutdownNow();
    }
    // Exactly five attempts were counted (so reached the password check); the rest were refused
    // before it.
    assertThat(
            jdbc.queryForObject(
                "SELECT failed_logins FROM staff_user WHERE username = ?", Integer.class, username))
        .isEqualTo(5);
    assertThat(login("127.0.2.1", username, "Initial#2026").status()).isEqualTo(401);

    clock.advance(Duration.ofMinutes(16));
    assertThat(login("127.0.2.1", username, "Initial#2026").status()).isEqualTo(200);
    forget("127.0.2.1");
  }

  @Test
  void lockedWrongAndUnknownGetTheSameAnswer() throws Exception {
    String from = "127.0.0.3";
    forget(from);
    ApiClient admin = admin();
    String locked = createUser(admin, "INFORMANT", rootId(admin), "Initial#2026");
    String other = createUser(admin, "INFORMANT", rootId(admin), "Initial#2026");
    for (int i = 0; i < 5; i++) {
      assertThat(login(from, locked, "Wrong#" + i + "x2026").status()).isEqualTo(401);
    }
    Answer lockedRight = login(from, locked, "Initial#2026");
    Answer wrong = login(from, other, "Wrong#9x2026");
    Answer unknown = login(from, unique("nobody"), "Wrong#9x2026");
    for (Answer a : List.of(lockedRight, wrong, unknown)) {
      assertThat(a.status()).isEqualTo(401);
      assertThat(a.header("content-type")).startsWith("application/problem+json");
    }
    JsonNode expected = JSON.readTree(wrong.body());
    assertThat(expected.get("code").asString()).isEqualTo("auth.bad-credentials");
    assertThat(expected.get("detail").asString()).contains("用户名或密码错误");
    assertThat(JSON.readTree(lockedRight.body())).isEqualTo(expected);
    assertThat(JSON.readTree(unknown.body())).isEqualTo(expected);
    forget(from);
  }

  @Test
  void anAddressIsThrottledAfterTwentyFailures() {
    String from = "127.0.0.4";
    forget(from);
    for (int i = 0; i < 20; i++) {
      assertThat(login(from, unique("spray"), "Spray#" + i + "x2026").status()).isEqualTo(401);
    }
    Answer throttled = login(from, ADMIN, ADMIN_PASSWORD);
    assertThat(throttled.status()).isEqualTo(429);
    assertThat(throttled.body()).contains("auth.throttled").contains("分钟后再试");
    // Another address is not affected, and a successful login does not use up the address's
    // allowance.
    assertThat(login("127.0.0.1", ADMIN, ADMIN_PASSWORD).status()).isEqualTo(200);
    String fresh = "127.0.0.44";
    forget(fresh);
    for (int i = 0; i < 30; i++) {
      assertThat(login(fresh, ADMIN, ADMIN_PASSWORD).status()).isEqualTo(200);
    }
    forget(from, fresh);
  }

  @Test
  void failedLoginsAreAuditedWithoutFloodingTheLog() {
    String from = "127.0.0.5";
    forget(from);
    redis
        .getKeys()
        .delete("audit:refusals:auth.login-failed:(unknown):" + from, "audit:refusals:all");
    long before = jdbc.queryForObject("SELECT COALESCE(MAX(id), 0) FROM audit_log", Long.class);
    for (int i = 0; i < 60; i++) {
      assertThat(login(from, unique("flood"), "Flood#" + i + "x2026").status()).isIn(401, 429);
    }
    List<String> details =
        jdbc.queryForList(
            "SELECT detail FROM audit_log WHERE id > ? AND ip = ? AND action = ? ORDER BY id",
            String.class,
            before,
            from,
            "auth.login-failed");
    // The first three, then the 10th with its count; the other 56 are counted only.
    assertThat(details).hasSize(4);
    assertThat(details.get(0)).contains("auth.bad-credentials").contains("unknown user");
    assertThat(details.get(3)).contains("第 10 次");
    forget(from);
  }

  @Test
  void refusedAdminCallsAreAuditedAtABoundedRate() {
    ApiClient admin = admin();
    long city = createCity(admin);
    String username = createUser(admin, "INFORMANT", city, "Initial#2026");
    ApiClient informant = ApiClient.loggedIn(baseUrl(), username, "Initial#2026");
    assertThat(
            informant
                .post(
                    "/auth/password",
                    Map.of("oldPassword", "Initial#2026", "newPassword", "Changed#2026"))
                .status())
        .isEqualTo(204);
    String from = "127.0.0.6";
    redis.getKeys().delete("audit:refusals:all");
    long before = jdbc.queryForObject("SELECT COALESCE(MAX(id), 0) FROM audit_log", Long.class);
    Answer hidden =
        RawHttp.send(
            port,
            from,
            "GET",
            ApiClient.API + "/orgs/" + rootId(admin),
            Map.of("Authorization", "Bearer " + informant.token()),
            null);
    assertThat(hidden.status()).isEqualTo(404);
    for (int i = 0; i < 25; i++) {
      Answer a =
          RawHttp.send(
              port,
              from,
              "GET",
              ApiClient.API + "/users",
              Map.of("Authorization", "Bearer " + informant.token()),
              null);
      assertThat(a.status()).isEqualTo(403);
    }
    List<Map<String, Object>> rows =
        jdbc.queryForList(
            "SELECT actor, org_path, detail FROM audit_log"
                + " WHERE id > ? AND ip = ? AND action = 'access.refused' ORDER BY id",
            before,
            from);
    // The first three refusals, then the 10th with its count; 22 more are counted only.
    assertThat(rows).hasSize(4);
    assertThat(rows).allMatch(r -> username.equals(r.get("actor")));
    assertThat(rows.get(0).get("detail").toString())
        .contains("404")
        .contains("GET /admin/api/v1/orgs/");
    assertThat(rows.get(1).get("detail").toString())
        .contains("403")
        .contains("GET /admin/api/v1/users");
    assertThat(rows.get(3).get("detail").toString()).contains("第 10 次");
  }

  long createCity(ApiClient admin) {
    Res r =
        admin.post(
            "/orgs", Map.of("parentId", rootId(admin), "name", unique("安全市总工会"), "level", "CITY"));
    assertThat(r.status()).as(r.raw()).isEqualTo(201);
    return r.get("id").asLong();
  }

  @Test
  void passwordsWithTheUsernameOrACommonPatternAreRefused() {
    ApiClient admin = admin();
    long root = rootId(admin);
    Res withName =
        admin.post(
            "/users",
            Map.of(
                "username",
                "zhangsan01",
                "password",
                "Zhangsan01#x",
                "displayName",
                "张三",
                "role",
                "INFORMANT",
                "orgId",
                root));
    assertThat(withName.status()).isEqualTo(400);
    assertThat(withName.get("code").asString()).isEqualTo("password.contains-username");
    for (String weak :
        List.of(
            "Password1",
            "P@ssw0rd2026",
            "Qwerty#2026",
            "Gonghui@2026",
            "Welcome#1",
            "Abc123456!")) {
      Res r =
          admin.post(
              "/users",
              Map.of(
                  "username",
                  unique("w"),
                  "password",
                  weak,
                  "displayName",
                  "弱密码",
                  "role",
                  "INFORMANT",
                  "orgId",
                  root));
      assertThat(r.status()).as(weak).isEqualTo(400);
      assertThat(r.get("code").asString()).as(weak).isEqualTo("password.common");
      assertThat(r.get("detail").asString()).as(weak).contains("常见");
    }
    String username = createUser(admin, "INFORMANT", root, "Initial#2026");
    ApiClient c = ApiClient.loggedIn(baseUrl(), username, "Initial#2026");
    Res own =
        c.post(
            "/auth/password",
            Map.of("oldPassword", "Initial#2026", "newPassword", "X#" + username.toUpperCase()));
    assertThat(own.get("code").asString()).isEqualTo("password.contains-username");
    assertThat(
            c.post(
                    "/auth/password",
                    Map.of("oldPassword", "Initial#2026", "newPassword", "Password1"))
                .get("code")
                .asString())
        .isEqualTo("password.common");
  }

  @Test
  void aCallExtendsTheSessionsIdleTimeAndTwelveHoursEndItAnyway() {
    ApiClient admin = admin();
    String key = "staff:session:" + SessionStore.keyOf(admin.token());
    // Close to its idle end: a call gives it the whole idle time again.
    redis.getBucket(key).expire(Duration.ofSeconds(5));
    assertThat(admin.get("/me").status()).isEqualTo(200);
    assertThat(redis.getBucket(key).remainTimeToLive())
        .isGreaterThan(SessionStore.IDLE_TIMEOUT.minusMinutes(1).toMillis());

    // Used all the time, it still ends 12 hours after the login, and the key goes with it.
    clock.advance(SessionStore.MAX_LIFETIME.plusMinutes(1));
    assertThat(admin.get("/me").status()).isEqualTo(401);
    assertThat(redis.getBucket(key).isExists()).isFalse();
  }

  @Test
  void aCheckedTokenIsCheckedAgainByOneCallBeforeItsCheckGoesStale() {
    ApiClient admin = admin();
    clock.set(clock.instant());
    assertThat(admin.get("/me").status()).isEqualTo(200);
    // The session's key goes from Redis without a word (no announcement): only a check sees it.
    redis.getBucket("staff:session:" + SessionStore.keyOf(admin.token())).delete();
    clock.advance(Duration.ofMillis(1499));
    assertThat(admin.get("/me").status())
        .as("checked 1.499 s ago: taken as checked")
        .isEqualTo(200);
    assertThat(admin.get("/me").status()).isEqualTo(200);
    // Three quarters of the 2 s: the next call checks again (and finds the session gone) while the
    // others of a burst would still be served; from then on the token is refused.
    clock.advance(Duration.ofMillis(1));
    assertThat(admin.get("/me").status()).isEqualTo(401);
    assertThat(admin.get("/me").status()).isEqualTo(401);
  }

  @Test
  void aSessionEndedOnAnotherNodeIsRefusedHereAtOnce() throws InterruptedException {
    ApiClient admin = admin();
    // The clock stands still: what this node remembers of the token's last check never ages.
    clock.set(clock.instant());
    assertThat(admin.get("/me").status()).isEqualTo(200);

    // Another node ends the session: its key leaves Redis and the end is announced.
    String key = SessionStore.keyOf(admin.token());
    redis.getBucket("staff:session:" + key).delete();
    redis.getTopic(SessionStore.ENDED_TOPIC).publish(key);
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    int status = admin.get("/me").status();
    while (status == 200 && System.nanoTime() < deadline) {
      Thread.sleep(20);
      status = admin.get("/me").status();
    }
    assertThat(status).isEqualTo(401);
  }

  @Test
  void anOrgAdminCannotTakeOverAPeerOfTheSameOrg() {
    ApiClient admin = admin();
    long city = createCity(admin);
    long county =
        admin
            .post("/orgs", Map.of("parentId", city, "name", unique("安全县总工会"), "level", "COUNTY"))
            .get("id")
            .asLong();
    ApiClient first = changed(createUser(admin, "ORG_ADMIN", city, "Initial#2026"));
    String peer = createUser(admin, "ORG_ADMIN", city, "Initial#2026");
    long peerId =
        jdbc.queryForObject("SELECT id FROM staff_user WHERE username = ?", Long.class, peer);
    String below = createUser(admin, "ORG_ADMIN", county, "Initial#2026");
    long belowId =
        jdbc.queryForObject("SELECT id FROM staff_user WHERE username = ?", Long.class, below);
    String informant = createUser(admin, "INFORMANT", city, "Initial#2026");
    long informantId =
        jdbc.queryForObject("SELECT id FROM staff_user WHERE username = ?", Long.class, informant);

    Res reset = first.post("/users/" + peerId + "/reset-password", null);
    assertThat(reset.status()).isEqualTo(403);
    assertThat(reset.get("detail").asString()).contains("上级单位管理员");
    assertThat(first.post("/users/" + peerId + "/disable", null).status()).isEqualTo(403);
    assertThat(first.post("/users/" + peerId + "/enable", null).status()).isEqualTo(403);
    assertThat(ApiClient.loggedIn(baseUrl(), peer, "Initial#2026").get("/me").status())
        .isEqualTo(200);

    // Accounts below, and informants of the own org, stay in the admin's hands; an admin above may
    // act on the peer.
    assertThat(first.post("/users/" + belowId + "/reset-password", null).status()).isEqualTo(200);
    assertThat(first.post("/users/" + informantId + "/disable", null).status()).isEqualTo(200);
    ApiClient above = changed(createUser(admin, "ORG_ADMIN", rootId(admin), "Initial#2026"));
    assertThat(above.post("/users/" + peerId + "/reset-password", null).status()).isEqualTo(200);
    assertThat(above.post("/users/" + peerId + "/disable", null).status()).isEqualTo(200);
  }

  ApiClient changed(String username) {
    ApiClient c = ApiClient.loggedIn(baseUrl(), username, "Initial#2026");
    assertThat(
            c.post(
                    "/auth/password",
                    Map.of("oldPassword", "Initial#2026", "newPassword", "Changed#2026"))
                .status())
        .isEqualTo(204);
    return c;
  }
}
