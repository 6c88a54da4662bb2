package cn.union.helpdesk;

import static org.assertj.core.api.Assertions.assertThat;

import cn.union.support.ApiClient;
import cn.union.support.ApiClient.Res;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.redisson.api.RLock;
import org.redisson.api.RedissonClient;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * How an answer reaches the worker and what happens after: the channel chosen from the tracked
 * window, retries with backoff, the upper level's review, rating by silence, and the sealed,
 * hash-chained archive.
 */
class HelpdeskDeliveryIT extends HelpdeskFixture {

  @Autowired HelpdeskJobs jobs;
  @Autowired RedissonClient redisson;

  @Test
  void aClosedWindowGoesStraightToTheTemplateWithoutTryingCustom() {
    long[] id = new long[1];
    String informant = acceptedCase(id);
    clock.advance(Duration.ofHours(49));
    Res reply =
        login(informant).post("/cases/" + id[0] + "/replies", Map.of("content", "请周一到区总工会面谈"));
    assertThat(reply.status()).as(reply.raw()).isEqualTo(200);
    assertThat(reply.get("deliveredVia").asString()).isEqualTo("TEMPLATE");
    assertThat(reply.get("status").asString()).isEqualTo("SENT");
    assertThat(customTo(openid)).isEmpty();
    assertThat(sandbox.delivered(TEMPLATE)).filteredOn(c -> c.body().contains(openid)).hasSize(1);
    JsonNode replied = entry(caseOf(login(informant), id[0]), "REPLIED");
    assertThat(replied.get("deliveryVia").asString()).isEqualTo("TEMPLATE");
    assertThat(replied.get("detail").asString()).contains("48小时");
  }

  @Test
  void fiveCustomMessagesUseUpTheWindow() {
    long[] id = new long[1];
    String informant = acceptedCase(id);
    // The worker's last message was a moment ago; four answers went out since.
    for (int i = 0; i < 4; i++) {
      jdbc.update(
          "INSERT INTO wx_custom_send (openid, sent_at) VALUES (?, ?)",
          openid,
          LocalDateTime.ofInstant(clock.instant(), cn.union.platform.PlatformConfig.ZONE));
    }
    Res fifth = login(informant).post("/cases/" + id[0] + "/replies", Map.of("content", "第五条"));
    assertThat(fifth.get("deliveredVia").asString()).as(fifth.raw()).isEqualTo("CUSTOM");
    assertThat(
            jdbc.queryForObject(
                "SELECT COUNT(*) FROM wx_custom_send WHERE openid = ?", Integer.class, openid))
        .isEqualTo(5);

    // A second case of the same worker, answered without the worker writing again: the quota is
    // used.
    long second = submit(null);
    jdbc.update(
        "UPDATE wx_custom_send SET sent_at = ? WHERE openid = ?",
        LocalDateTime.ofInstant(
            clock.instant().plusSeconds(1), cn.union.platform.PlatformConfig.ZONE),
        openid);
    clock.advance(Duration.ofSeconds(2));
    ApiClient again = login(informant);
    again.post("/cases/" + second + "/accept", null);
    Res sixth = again.post("/cases/" + second + "/replies", Map.of("content", "第六条"));
    assertThat(sixth.get("deliveredVia").asString()).as(sixth.raw()).isEqualTo("TEMPLATE");
    assertThat(sixth.get("status").asString()).isEqualTo("SENT");
    assertThat(entry(caseOf(again, second), "REPLIED").get("detail").asString()).contains("5条");
  }

  @Test
  void aPassingFailureIsRetriedWithBackoffUntilTheAnswerLeaves() {
    long[] id = new long[1];
    String informant = acceptedCase(id);
    sandbox.failNext(CUSTOM, 45009);
    Res reply =
        login(informant).post("/cases/" + id[0] + "/replies", Map.of("content", "已联系用人单位" + token));
    assertThat(reply.status()).as(reply.raw()).isEqualTo(200);
    assertThat(reply.get("deliveredVia").asString()).isEqualTo("CUSTOM");
    assertThat(reply.get("status").asString()).isEqualTo("PENDING");
    JsonNode waiting = caseOf(login(informant), id[0]);
    assertThat(waiting.get("status").asString()).isEqualTo("REPLIED");
    assertThat(waiting.get("repliedAt").isNull()).isTrue();
    assertThat(entry(waiting, "REPLIED").get("deliveryStatus").asString()).isEqualTo("PENDING");
    assertThat(entry(waiting, "REPLIED").get("detail").asString()).contains("45009").contains("重试");
    Map<String, Object> row =
        jdbc.queryForMap("SELECT * FROM help_reply_outbox WHERE case_id = ?", id[0]);
    assertThat(row.get("status")).isEqualTo("PENDING");
    assertThat(((Number) row.get("attempts")).intValue()).isEqualTo(1);
    assertThat((String) row.get("last_error")).contains("45009");

    // Not due yet: the first retry waits a minute.
    clock.advance(Duration.ofSeconds(30));
    jobs.retryReplies();
    assertThat(customTo(openid)).hasSize(1);

    clock.advance(Duration.ofSeconds(31));
    assertThat(jobs.retryReplies()).isPresent();
    assertThat(sandbox.delivered(CUSTOM))
        .filteredOn(c -> c.body().contains(openid))
        .hasSize(1)
        .allSatisfy(c -> assertThat(c.body()).contains("已联系用人单位" + token));
    JsonNode delivered = caseOf(login(informant), id[0]);
    assertThat(delivered.get("status").asString()).isEqualTo("AWAITING_RATING");
    assertThat(delivered.get("repliedAt").isNull()).isFalse();
    assertThat(entry(delivered, "REPLIED").get("deliveryStatus").asString()).isEqualTo("SENT");
    assertThat(entry(delivered, "DELIVERED").get("detail").asString()).contains("第2次");
    assertThat(
            jdbc.queryForObject(
                "SELECT status FROM help_reply_outbox WHERE case_id = ?", String.class, id[0]))
        .isEqualTo("SENT");
    // Done is done: another run sends nothing more.
    clock.advance(Duration.ofHours(2));
    jobs.retryReplies();
    assertThat(customTo(openid)).hasSize(2);
  }

  @Test
  void anAnswerThatKeepsFailingIsMarkedFailedAfterTheLastAttemptAndCanBeSentAgain() {
    long[] id = new long[1];
    String informant = acceptedCase(id);
    for (int i = 0; i < 6; i++) {
      sandbox.failNext(CUSTOM, 45009);
    }
    assertThat(
            login(informant)
                .post("/cases/" + id[0] + "/replies", Map.of("content", "第一次答复"))
                .get("status")
                .asString())
        .isEqualTo("PENDING");
    for (int attempt = 1; attempt <= 5; attempt++) {
      // Exponential backoff: 1, 2, 4, 8, 16 minutes after the 1st … 5th failed attempt.
      LocalDateTime next =
          jdbc.queryForObject(
              "SELECT next_attempt_at FROM help_reply_outbox WHERE case_id = ?",
              LocalDateTime.class,
              id[0]);
      Duration wait =
          Duration.between(
              LocalDateTime.ofInstant(clock.instant(), cn.union.platform.PlatformConfig.ZONE),
              next);
      Duration expected = Duration.ofMinutes(1L << (attempt - 1));
      assertThat(wait)
          .as("wait after attempt " + attempt)
          .isBetween(expected.minusSeconds(1), expected.plusSeconds(1));
      clock.advance(Duration.ofMinutes(61));
      jobs.retryReplies();
      assertThat(
              jdbc.queryForObject(
                  "SELECT attempts FROM help_reply_outbox WHERE case_id = ?", Integer.class, id[0]))
          .isEqualTo(attempt + 1);
    }
    assertThat(
            jdbc.queryForObject(
                "SELECT status FROM help_reply_outbox WHERE case_id = ?", String.class, id[0]))
        .isEqualTo("FAILED");
    JsonNode failed = caseOf(login(informant), id[0]);
    assertThat(failed.get("status").asString()).isEqualTo("REPLIED");
    assertThat(entry(failed, "REPLIED").get("deliveryStatus").asString()).isEqualTo("FAILED");
    assertThat(entry(failed, "DELIVERY_FAILED").get("detail").asString())
        .contains("6次")
        .contains("45009");
    assertThat(sandbox.delivered(CUSTOM)).filteredOn(c -> c.body().contains(openid)).isEmpty();

    Res again = login(informant).post("/cases/" + id[0] + "/replies", Map.of("content", "第二次答复"));
    assertThat(again.get("status").asString()).as(again.raw()).isEqualTo("SENT");
    assertThat(caseOf(login(informant), id[0]).get("status").asString())
        .isEqualTo("AWAITING_RATING");
  }

  @Test
  void anOrgThatAsksForReviewHoldsTheAnswerUntilAHigherAdminApproves() {
    Res patched = admin.patch("/orgs/" + countyId, Map.of("requiresReview", true));
    assertThat(patched.status()).as(patched.raw()).isEqualTo(200);
    assertThat(patched.get("requiresReview").asBoolean()).isTrue();
    assertThat(
            jdbc.queryForObject(
                "SELECT COUNT(*) FROM audit_log WHERE action = 'org.updated' AND target_id = ?"
                    + " AND detail LIKE '%requiresReview=true%'",
                Integer.class, String.valueOf(countyId)))
        .isEqualTo(1);

    long[] id = new long[1];
    String informant = acceptedCase(id);
    String answer = "经审核的答复" + token;
    Res reply = login(informant).post("/cases/" + id[0] + "/replies", Map.of("content", answer));
    assertThat(reply.status()).as(reply.raw()).isEqualTo(200);
    assertThat(reply.get("status").asString()).isEqualTo("PENDING");
    assertThat(caseOf(admin, id[0]).get("status").asString()).isEqualTo("REVIEW");
    assertThat(customTo(openid)).isEmpty();

    // Not by the informant, not by an admin of the same org, not by an admin of another subtree.
    assertThat(login(informant).post("/cases/" + id[0] + "/review/approve", null).status())
        .isEqualTo(403);
    assertThat(
            user("ORG_ADMIN", countyId).post("/cases/" + id[0] + "/review/approve", null).status())
        .isEqualTo(403);
    long otherCity =
        createOrg(
            admin, rootId, "丙" + UUID.randomUUID().toString().substring(0, 6) + "市总工会", "CITY");
    assertThat(
            user("ORG_ADMIN", otherCity).post("/cases/" + id[0] + "/review/approve", null).status())
        .isEqualTo(404);

    Res approved = user("ORG_ADMIN", cityId).post("/cases/" + id[0] + "/review/approve", null);
    assertThat(approved.status()).as(approved.raw()).isEqualTo(200);
    assertThat(approved.get("deliveredVia").asString()).isEqualTo("CUSTOM");
    assertThat(approved.get("status").asString()).isEqualTo("SENT");
    assertThat(sandbox.delivered(CUSTOM))
        .filteredOn(c -> c.body().contains(openid))
        .hasSize(1)
        .allSatisfy(c -> assertThat(c.body()).contains(answer));
    JsonNode done = caseOf(admin, id[0]);
    assertThat(done.get("status").asString()).isEqualTo("AWAITING_RATING");
    assertThat(done.get("repliedAt").isNull()).isFalse();
    assertThat(kinds(done))
        .containsExactly(
            "SUBMITTED",
            "ACCEPTED",
            "REVIEW_REQUESTED",
            "REVIEW_APPROVED",
            "REPLIED",
            "AWAITING_RATING");
    assertThat(entry(done, "REPLIED").get("actor").asString()).isEqualTo(informant);
    assertThat(
            jdbc.queryForObject(
                "SELECT COUNT(*) FROM audit_log WHERE action = 'case.review-approved'"
                    + " AND target_id = ?",
                Integer.class,
                String.valueOf(id[0])))
        .isEqualTo(1);
    // Nothing left to approve.
    assertThat(user("ORG_ADMIN", cityId).post("/cases/" + id[0] + "/review/approve", null).status())
        .isEqualTo(409);
  }

  @Test
  void movingACaseIntoAChildOrgDoesNotSkipTheReview() {
    assertThat(admin.patch("/orgs/" + countyId, Map.of("requiresReview", true)).status())
        .isEqualTo(200);
    long id = submit("13800138101");
    String name = "i" + UUID.randomUUID().toString().substring(0, 8);
    ApiClient countyInformant = user("INFORMANT", countyId, name);
    Res moved =
        countyInformant.post(
            "/cases/" + id + "/transfer", Map.of("orgId", townId, "reason", "属地办理"));
    assertThat(moved.status()).as(moved.raw()).isIn(200, 204);
    assertThat(countyInformant.post("/cases/" + id + "/accept", null).status()).isEqualTo(204);
    Res reply = countyInformant.post("/cases/" + id + "/replies", Map.of("content", "绕过审核的答复"));
    assertThat(reply.get("status").asString()).as(reply.raw()).isEqualTo("PENDING");
    assertThat(caseOf(admin, id).get("status").asString()).isEqualTo("REVIEW");
    assertThat(customTo(openid)).isEmpty();
    // The town's own people are under the reviewed county too; so is the county's admin, who cannot
    // approve.
    assertThat(user("ORG_ADMIN", countyId).post("/cases/" + id + "/review/approve", null).status())
        .isEqualTo(403);
    Res approved = user("ORG_ADMIN", cityId).post("/cases/" + id + "/review/approve", null);
    assertThat(approved.get("status").asString()).as(approved.raw()).isEqualTo("SENT");

    long second = submit(null);
    ApiClient townInformant = user("INFORMANT", townId);
    countyInformant.post(
        "/cases/" + second + "/transfer", Map.of("orgId", townId, "reason", "属地办理"));
    assertThat(townInformant.post("/cases/" + second + "/accept", null).status()).isEqualTo(204);
    assertThat(
            townInformant
                .post("/cases/" + second + "/replies", Map.of("content", "街道答复"))
                .get("status")
                .asString())
        .isEqualTo("PENDING");
  }

  @Test
  void onlyAnAdminAboveAReviewedOrgSwitchesItsReviewOff() {
    assertThat(admin.patch("/orgs/" + countyId, Map.of("requiresReview", true)).status())
        .isEqualTo(200);
    ApiClient countyAdmin = user("ORG_ADMIN", countyId);
    Res refused = countyAdmin.patch("/orgs/" + countyId, Map.of("requiresReview", false));
    assertThat(refused.status()).as(refused.raw()).isEqualTo(403);
    assertThat(refused.get("detail").asString()).contains("上级单位的管理员");
    assertThat(admin.get("/orgs/" + countyId).get("requiresReview").asBoolean()).isTrue();
    // Renaming, and switching review on below, stay with the county's admin.
    assertThat(countyAdmin.patch("/orgs/" + countyId, Map.of("name", countyName)).status())
        .isEqualTo(200);
    assertThat(countyAdmin.patch("/orgs/" + townId, Map.of("requiresReview", true)).status())
        .isEqualTo(200);
    assertThat(countyAdmin.patch("/orgs/" + townId, Map.of("requiresReview", false)).status())
        .isEqualTo(200);
    Res off = user("ORG_ADMIN", cityId).patch("/orgs/" + countyId, Map.of("requiresReview", false));
    assertThat(off.status()).as(off.raw()).isEqualTo(200);
    assertThat(off.get("requiresReview").asBoolean()).isFalse();
  }

  @Test
  void aRejectedAnswerGoesBackToTheInformantWithTheReason() {
    admin.patch("/orgs/" + countyId, Map.of("requiresReview", true));
    long[] id = new long[1];
    String informant = acceptedCase(id);
    login(informant).post("/cases/" + id[0] + "/replies", Map.of("content", "草率的答复"));
    ApiClient cityAdmin = user("ORG_ADMIN", cityId);
    Res rejected =
        cityAdmin.post("/cases/" + id[0] + "/review/reject", Map.of("reason", "请写明法律依据"));
    assertThat(rejected.status()).as(rejected.raw()).isEqualTo(204);
    JsonNode back = caseOf(login(informant), id[0]);
    assertThat(back.get("status").asString()).isEqualTo("ACCEPTED");
    assertThat(entry(back, "REVIEW_REJECTED").get("content").asString()).isEqualTo("请写明法律依据");
    assertThat(customTo(openid)).isEmpty();
    assertThat(cityAdmin.post("/cases/" + id[0] + "/review/reject", Map.of("reason", "x")).status())
        .isEqualTo(409);
    // The reworked answer goes to review again; an admin answering from above needs none.
    login(informant).post("/cases/" + id[0] + "/replies", Map.of("content", "依据劳动合同法第三十条"));
    assertThat(caseOf(cityAdmin, id[0]).get("status").asString()).isEqualTo("REVIEW");
    long second = submit(null);
    cityAdmin.post("/cases/" + second + "/accept", null);
    assertThat(
            cityAdmin
                .post("/cases/" + second + "/replies", Map.of("content", "市总直接答复"))
                .get("status")
                .asString())
        .isEqualTo("SENT");
  }

  @Test
  void aSilentWorkerCountsAsSatisfiedAfterSevenDaysAndTheCaseIsSealed() {
    long[] id = new long[1];
    String informant = acceptedCase(id);
    assertThat(
            login(informant)
                .post("/cases/" + id[0] + "/replies", Map.of("content", "已处理"))
                .get("status")
                .asString())
        .isEqualTo("SENT");
    clock.advance(Duration.ofDays(6));
    drainAutoRate();
    assertThat(caseOf(login(informant), id[0]).get("status").asString())
        .isEqualTo("AWAITING_RATING");

    clock.advance(Duration.ofDays(1).plusMinutes(1));
    drainAutoRate();
    JsonNode sealed = caseOf(login(informant), id[0]);
    assertThat(sealed.get("status").asString()).isEqualTo("SEALED");
    assertThat(sealed.get("rating").asString()).isEqualTo("SATISFIED");
    assertThat(entry(sealed, "RATED").get("actor").asString()).isEqualTo("system");
    assertThat(entry(sealed, "RATED").get("detail").asString()).contains("7天");
    assertThat(
            jdbc.queryForObject(
                "SELECT seal_hash FROM help_case WHERE id = ?", String.class, id[0]))
        .hasSize(64);
    assertThat(say("满意")).contains("没有待评价");
  }

  void drainAutoRate() {
    OptionalInt n;
    do {
      n = jobs.autoRate();
      assertThat(n).isPresent();
    } while (n.getAsInt() > 0);
  }

  @Test
  void onlyOneNodeRunsAJobAtATime() throws Exception {
    RLock lock = redisson.getLock("job:helpdesk-auto-rate");
    assertThat(lock.tryLock(0, 30, TimeUnit.SECONDS)).isTrue();
    try {
      // Another node (here: another thread) finds the job running and leaves it.
      assertThat(CompletableFuture.supplyAsync(jobs::autoRate).get(10, TimeUnit.SECONDS)).isEmpty();
    } finally {
      lock.unlock();
    }
    assertThat(CompletableFuture.supplyAsync(jobs::autoRate).get(10, TimeUnit.SECONDS)).isPresent();
  }

  @Test
  void sealedCasesAreReadOnlyAndTamperingIsFound() {
    long[] id = new long[1];
    String informant = acceptedCase(id);
    login(informant).post("/cases/" + id[0] + "/replies", Map.of("content", "已协调解决"));
    assertThat(say("满意")).contains("办结");
    String number = numberOf(id[0]);

    ApiClient it = login(informant);
    assertThat(it.post("/cases/" + id[0] + "/accept", null).status()).isEqualTo(409);
    assertThat(it.post("/cases/" + id[0] + "/replies", Map.of("content", "再答复")).status())
        .isEqualTo(409);
    assertThat(
            it.post("/cases/" + id[0] + "/transfer", Map.of("orgId", townId, "reason", "x"))
                .status())
        .isEqualTo(409);
    assertThat(it.post("/cases/" + id[0] + "/return", Map.of("reason", "x")).status())
        .isEqualTo(409);
    assertThat(say("补充 " + number + " 还有一件事")).contains("已办结");
    String hash =
        jdbc.queryForObject("SELECT seal_hash FROM help_case WHERE id = ?", String.class, id[0]);
    assertThat(
            jdbc.queryForObject(
                "SELECT COUNT(*) FROM help_case_event WHERE case_id = ?", Integer.class, id[0]))
        .isEqualTo(6);

    assertThat(it.get("/cases/seal/verify").status()).isEqualTo(403);
    JsonNode intact = user("AUDITOR", rootId).get("/cases/seal/verify").json();
    assertThat(intact.get("intact").asBoolean()).as(intact.toString()).isTrue();
    assertThat(intact.get("checked").asLong()).isPositive();

    String original =
        jdbc.queryForObject(
            "SELECT content FROM help_case_event WHERE case_id = ? AND kind = 'REPLIED'",
            String.class,
            id[0]);
    try {
      jdbc.update(
          "UPDATE help_case_event SET content = ? WHERE case_id = ? AND kind = 'REPLIED'",
          "改过的答复",
          id[0]);
      JsonNode broken = admin.get("/cases/seal/verify").json();
      assertThat(broken.get("intact").asBoolean()).isFalse();
      assertThat(broken.get("firstBrokenCaseId").asLong()).isEqualTo(id[0]);
      assertThat(broken.get("firstBrokenNumber").asString()).isEqualTo(number);
    } finally {
      jdbc.update(
          "UPDATE help_case_event SET content = ? WHERE case_id = ? AND kind = 'REPLIED'",
          original,
          id[0]);
    }
    try {
      jdbc.update("UPDATE help_case SET rating = 'UNSATISFIED' WHERE id = ?", id[0]);
      assertThat(admin.get("/cases/seal/verify").get("firstBrokenCaseId").asLong())
          .isEqualTo(id[0]);
    } finally {
      jdbc.update("UPDATE help_case SET rating = 'SATISFIED' WHERE id = ?", id[0]);
    }
    assertThat(admin.get("/cases/seal/verify").get("intact").asBoolean()).isTrue();
    assertThat(
            jdbc.queryForObject(
                "SELECT seal_hash FROM help_case WHERE id = ?", String.class, id[0]))
        .isEqualTo(hash);
  }
}
