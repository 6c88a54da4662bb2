package cn.union.voting;

import static org.assertj.core.api.Assertions.assertThat;

import cn.union.member.MemberService;
import cn.union.member.MemberService.MemberData;
import cn.union.platform.PlatformConfig;
import cn.union.staff.Caller;
import cn.union.staff.Role;
import cn.union.support.ApiClient;
import cn.union.support.ApiClient.Res;
import cn.union.support.Concurrently;
import cn.union.support.IdNumbersForTests;
import cn.union.support.WxClient;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.client.RedisException;
import org.redisson.client.codec.StringCodec;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * 投票 as workers and admins use it: signed XML into /wx/portal, the admin API over HTTP, the real
 * database and Redis. Only a counted vote is answered 投票成功; a retry is answered the same and
 * counted once; the counts survive the loss of Redis's keys; many voters at once give exact counts.
 */
class VotingIT extends VotingFixture {

  @Autowired RedissonClient redisson;
  @Autowired MemberService members;
  @Autowired VoteCounter counter;
  @Autowired Ballots ballots;
  @Autowired Campaigns campaigns;

  @Test
  void theContractsShapesAndTheReplyWords() {
    long c = campaign(admin, Map.of());
    int n1 = freshNumber();
    int n2 = n1 + 1;
    long a = candidate(admin, c, "张秀英", n1);
    long b = candidate(admin, c, "李建国", n2);
    Res dup =
        admin.post(
            "/campaigns/" + c + "/candidates", Map.of("name", "重号", "unit", "x", "number", n1));
    assertThat(dup.status()).isEqualTo(409);

    String voter = openid();
    String first = vote(voter, "投票 " + n1);
    assertThat(first).contains("投票成功").contains("张秀英").contains("还可投2票");
    assertThat(vote(voter, "投票" + n2)).contains("投票成功");
    assertThat(vote(openid(), "投票 " + n2)).contains("投票成功");

    // The same message again (WeChat's retry): the same answer, counted once.
    long msgId = WxClient.nextMsgId();
    String xml = WxClient.text(voter, "投票 " + n2, msgId, wx.now());
    String once = wx.post(xml).content();
    String again = wx.post(xml).content();
    assertThat(once).contains("投票成功");
    assertThat(again).isEqualTo(once);

    // The fourth vote of the day is refused and says why.
    String fourth = vote(voter, "投票 " + n1);
    assertThat(fourth).doesNotContain("投票成功").contains("今天").contains("3票");

    String missing = vote(voter, "投票 " + (n1 + 7));
    assertThat(missing).doesNotContain("投票成功").contains("没有");

    JsonNode results = admin.get("/campaigns/" + c + "/results").json();
    assertThat(results).hasSize(2);
    assertThat(results.get(0).get("candidateId").asLong()).isEqualTo(b);
    assertThat(results.get(0).get("number").asInt()).isEqualTo(n2);
    assertThat(results.get(0).get("name").asString()).isEqualTo("李建国");
    assertThat(results.get(0).get("votes").asLong()).isEqualTo(3);
    assertThat(results.get(1).get("candidateId").asLong()).isEqualTo(a);
    assertThat(results.get(1).get("votes").asLong()).isEqualTo(1);
    assertThat(results.get(0).get("flagged").asLong()).isZero();
    assertThat(ledger(c)).isEqualTo(4);
    assertThat(
            jdbc.queryForObject(
                "SELECT COUNT(*) FROM vote_ledger WHERE voter LIKE 'oVote%'", Integer.class))
        .as("the ledger keeps a keyed hash, never the openid")
        .isZero();

    Res csv = admin.get("/campaigns/" + c + "/results.csv");
    assertThat(csv.status()).isEqualTo(200);
    assertThat(csv.raw()).startsWith("\uFEFF名次").contains("\"李建国\",\"宜昌三峡纺织有限公司\",3,0");
  }

  @Test
  void theDailyLimitsFollowTheShanghaiDay() {
    LocalDate day = LocalDate.of(2026, 12, 4);
    clock.set(
        LocalDateTime.of(day, java.time.LocalTime.of(23, 59, 0))
            .atZone(PlatformConfig.ZONE)
            .toInstant());
    long c = campaign(admin, Map.of("votesPerVoterPerDay", 2, "votesPerCandidatePerDay", 1));
    int n = freshNumber();
    candidate(admin, c, "王师傅", n);
    candidate(admin, c, "赵大姐", n + 1);
    String voter = openid();
    assertThat(vote(voter, "投票 " + n)).contains("投票成功");
    String same = vote(voter, "投票 " + n);
    assertThat(same).doesNotContain("投票成功").contains("王师傅").contains("1票");
    assertThat(vote(voter, "投票 " + (n + 1))).contains("投票成功");
    clock.set(
        LocalDateTime.of(day, java.time.LocalTime.of(23, 59, 58))
            .atZone(PlatformConfig.ZONE)
            .toInstant());
    assertThat(vote(voter, "投票 " + (n + 1))).doesNotContain("投票成功");
    // 16:00 UTC is midnight in Shanghai: a new day, new votes.
    clock.set(day.plusDays(1).atStartOfDay(PlatformConfig.ZONE).toInstant().plusSeconds(1));
    assertThat(vote(voter, "投票 " + n)).contains("投票成功");
    assertThat(vote(voter, "投票 " + (n + 1))).contains("投票成功");
    assertThat(vote(voter, "投票 " + n)).doesNotContain("投票成功");
    assertThat(
            jdbc
                .queryForList(
                    "SELECT vote_day FROM vote_ledger WHERE campaign_id = ? ORDER BY id", c)
                .stream()
                .map(r -> r.get("vote_day").toString())
                .toList())
        .containsExactly("2026-12-04", "2026-12-04", "2026-12-05", "2026-12-05");
  }

  @Test
  void manyVotersAtOnceGiveExactCounts() throws Exception {
    // A few votes one by one first, on a campaign of their own: on a busy two-core machine a cold
    // JVM can take longer than WeChat's reply window for the first burst, which is not what is
    // tested.
    long warm = campaign(admin, Map.of());
    int w = freshNumber();
    candidate(admin, warm, "预热", w);
    for (int i = 0; i < 5; i++) {
      assertThat(vote(openid(), "投票 " + warm + "-" + w)).contains("投票成功");
    }
    long c = campaign(admin, Map.of("votesPerVoterPerDay", 3, "burstPerMinute", 100_000));
    int n = freshNumber();
    long a = candidate(admin, c, "甲", n);
    long b = candidate(admin, c, "乙", n + 1);
    int voters = 40;
    int triesEach = 5;
    // Every voter at once, each sending five votes one after another (as a phone does).
    List<Callable<Integer>> tasks = new ArrayList<>();
    for (int v = 0; v < voters; v++) {
      String voter = openid();
      tasks.add(
          () -> {
            int ok = 0;
            for (int t = 0; t < triesEach; t++) {
              ok +=
                  vote(voter, "投票 " + c + "-" + (t % 2 == 0 ? n : n + 1)).contains("投票成功") ? 1 : 0;
            }
            return ok;
          });
    }
    ExecutorService pool = Executors.newFixedThreadPool(voters);
    long counted = 0;
    try {
      for (Future<Integer> f : Concurrently.together(pool, tasks)) {
        counted += f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(counted).isEqualTo((long) voters * 3);
    assertThat(votes(c, a) + votes(c, b)).isEqualTo(counted);
    assertThat(ledger(c)).isEqualTo(counted);
    // Each batch the ledger committed settled its votes in Redis: none is left pending for the
    // orphan sweep.
    String key = VoteCounter.key(campaigns.find(c));
    long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (counter.pendingCount(key) > 0 && System.nanoTime() < until) {
      Thread.sleep(20);
    }
    assertThat(counter.pendingCount(key)).as("votes left pending after the burst").isZero();
    Res recount = admin.post("/campaigns/" + c + "/recount", null);
    assertThat(recount.status()).as(recount.raw()).isEqualTo(200);
    assertThat(recount.get("matches").asBoolean()).as(recount.raw()).isTrue();
    assertThat(recount.get("liveVotes").asLong()).isEqualTo(counted);
  }

  @Test
  void aVoteTheScriptFailsOnFailsAloneAndTheVotesBesideItAreCounted() throws Exception {
    long c = campaign(admin, Map.of("votesPerVoterPerDay", 2, "burstPerMinute", 100_000));
    long a = candidate(admin, c, "出错旁", freshNumber());
    ballots.rebuild(c, false);
    String k = VoteCounter.key(campaigns.find(c));
    // the broken voter's request key holds a hash where the script reads a string: WRONGTYPE
    String brokenKey = VoteCounter.src(k, "broken-voter", "req:0");
    redisson.getMap(brokenKey, StringCodec.INSTANCE).put("x", "y");
    int threads = 32;
    long batchesBefore = counter.batches();
    List<Callable<String>> tasks = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      String voter = t == 0 ? "broken-voter" : "beside-" + t;
      tasks.add(
          () -> {
            Instant now = clock.instant();
            LocalDate day = LocalDate.ofInstant(now, PlatformConfig.ZONE);
            try {
              return counter.vote(k, voter, "req:0", a, day, now, null).code();
            } catch (RedisException e) {
              return e.getMessage();
            }
          });
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<String>> answers = Concurrently.together(pool, tasks);
      assertThat(answers.get(0).get()).startsWith("the vote script failed: ").contains("WRONGTYPE");
      for (Future<String> f : answers.subList(1, threads)) {
        assertThat(f.get()).isEqualTo("COUNTED");
      }
    } finally {
      pool.shutdownNow();
      redisson.getBucket(brokenKey).delete();
    }
    assertThat(counter.batches() - batchesBefore)
        .as("script runs for %d votes", threads)
        .isLessThan(threads);
    assertThat(counter.live(k, false)).containsEntry(a, (long) threads - 1);
    // Counted in Redis only (no ledger row here): the orphan sweep takes them back.
    assertThat(ballots.sweepOrphans(campaigns.find(c), Duration.ZERO)).isEqualTo(threads - 1);
  }

  @Test
  void votesOfManyThreadsOnTwoCampaignsGoToRedisTogetherAndEachGetsItsOwnAnswer() throws Exception {
    long c1 = campaign(admin, Map.of("votesPerVoterPerDay", 2, "burstPerMinute", 100_000));
    long c2 = campaign(admin, Map.of("votesPerVoterPerDay", 2, "burstPerMinute", 100_000));
    int n = freshNumber();
    long a = candidate(admin, c1, "合批甲", n);
    long b = candidate(admin, c2, "合批乙", n);
    ballots.rebuild(c1, false);
    ballots.rebuild(c2, false);
    String k1 = VoteCounter.key(campaigns.find(c1));
    String k2 = VoteCounter.key(campaigns.find(c2));
    int threads = 32;
    int each = 3;
    long batchesBefore = counter.batches();
    List<Callable<List<String>>> tasks = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      String voter = "batch-voter-" + t;
      String k = t % 2 == 0 ? k1 : k2;
      long cand = t % 2 == 0 ? a : b;
      tasks.add(
          () -> {
            List<String> codes = new ArrayList<>();
            for (int i = 0; i < each; i++) {
              Instant now = clock.instant();
              LocalDate day = LocalDate.ofInstant(now, PlatformConfig.ZONE);
              codes.add(counter.vote(k, voter, "batch:" + i, cand, day, now, null).code());
            }
            // the same request again: answered as before, not counted
            Instant now = clock.instant();
            LocalDate day = LocalDate.ofInstant(now, PlatformConfig.ZONE);
            codes.add("again " + counter.vote(k, voter, "batch:0", cand, day, now, null).kind());
            return codes;
          });
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (Future<List<String>> f : Concurrently.together(pool, tasks)) {
        // each voter's own answers, in its order: two counted, the third over the day's limit
        assertThat(f.get()).containsExactly("COUNTED", "COUNTED", "DAY_LIMIT", "again REPEAT");
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(counter.live(k1, false)).containsEntry(a, (long) threads);
    assertThat(counter.live(k2, false)).containsEntry(b, (long) threads);
    assertThat(counter.batches() - batchesBefore)
        .as("script runs for %d votes", threads * (each + 1))
        .isLessThan((long) threads * (each + 1));
    // Counted in Redis only (no ledger row here): the orphan sweep takes them back.
    assertThat(ballots.sweepOrphans(campaigns.find(c1), Duration.ZERO)).isEqualTo(threads);
    assertThat(ballots.sweepOrphans(campaigns.find(c2), Duration.ZERO)).isEqualTo(threads);
    assertThat(counter.live(k1, false)).containsEntry(a, 0L);
  }

  @Test
  void countsAreRebuiltFromTheLedgerWhenRedisLosesThem() {
    long c = campaign(admin, Map.of("votesPerVoterPerDay", 2));
    int n = freshNumber();
    long a = candidate(admin, c, "孙工", n);
    String voter = openid();
    assertThat(vote(voter, "投票 " + n)).contains("投票成功");
    assertThat(vote(voter, "投票 " + n)).contains("投票成功");
    assertThat(vote(openid(), "投票 " + n)).contains("投票成功");

    // Redis restarted: every key of the campaign is gone.
    redisson.getKeys().deleteByPattern("vote:{" + c + ".*");
    assertThat(vote(voter, "投票 " + n)).as("the voter's day is rebuilt too").doesNotContain("投票成功");
    assertThat(vote(openid(), "投票 " + n)).contains("投票成功");
    assertThat(votes(c, a)).isEqualTo(4);
    JsonNode recount = admin.post("/campaigns/" + c + "/recount", null).json();
    assertThat(recount.get("liveVotes").asLong()).isEqualTo(4);
    assertThat(recount.get("matches").asBoolean()).isTrue();
  }

  @Test
  void aVoteCountedInRedisButNeverWrittenIsUndoneAndARetryCountsOnce() {
    long c = campaign(admin, Map.of("votesPerVoterPerDay", 5));
    int n = freshNumber();
    long a = candidate(admin, c, "周技师", n);
    String voter = openid();
    assertThat(vote(voter, "投票 " + n)).contains("投票成功");
    // A node killed between the Redis count and the ledger write leaves a counted, pending vote.
    String hash =
        jdbc.queryForObject("SELECT voter FROM vote_ledger WHERE campaign_id = ?", String.class, c);
    LocalDate today = LocalDate.ofInstant(clock.instant(), PlatformConfig.ZONE);
    String k = VoteCounter.key(campaigns.find(c));
    VoteCounter.Counted orphan =
        counter.vote(k, hash, "wx:orphan", a, today, clock.instant(), null);
    assertThat(orphan.code()).isEqualTo("COUNTED");
    assertThat(counter.live(k, false).get(a)).isEqualTo(2);
    assertThat(ballots.sweepOrphans(campaigns.find(c), Duration.ZERO)).isEqualTo(1);
    assertThat(counter.live(k, false).get(a)).isEqualTo(1);
    assertThat(ballots.sweepOrphans(campaigns.find(c), Duration.ZERO)).isZero();

    // A killed node whose ledger write did commit: the retry is answered 投票成功 and counted once.
    VoteCounter.Counted crashed =
        counter.vote(k, hash, "wx:crashed", a, today, clock.instant(), null);
    String[] p = crashed.parts();
    jdbc.update(
        "INSERT INTO vote_ledger (campaign_id, voter, candidate_id, vote_day, seq, source, channel, flagged,"
            + " cast_at) VALUES (?, ?, ?, ?, ?, 'wx:crashed', 'WX', 0, ?)",
        c,
        hash,
        a,
        today,
        Integer.parseInt(p[2]),
        LocalDateTime.now());
    assertThat(ballots.sweepOrphans(campaigns.find(c), Duration.ZERO)).isZero();
    assertThat(counter.live(k, false).get(a)).isEqualTo(2);
    assertThat(votes(c, a)).isEqualTo(2);
    assertThat(admin.post("/campaigns/" + c + "/recount", null).get("matches").asBoolean())
        .isTrue();
  }

  @Test
  void pausedAndClosedCampaignsCountNothingAndClosingFreezesTheResults() {
    long c = campaign(admin, Map.of());
    int n = freshNumber();
    long a = candidate(admin, c, "钱班长", n);
    assertThat(vote(openid(), "投票 " + n)).contains("投票成功");
    assertThat(admin.post("/campaigns/" + c + "/pause", null).get("status").asString())
        .isEqualTo("PAUSED");
    assertThat(vote(openid(), "投票 " + n)).doesNotContain("投票成功").contains("暂停");
    assertThat(admin.post("/campaigns/" + c + "/resume", null).get("status").asString())
        .isEqualTo("OPEN");
    assertThat(vote(openid(), "投票 " + n)).contains("投票成功");
    Res closed = admin.post("/campaigns/" + c + "/close", null);
    assertThat(closed.get("status").asString()).as(closed.raw()).isEqualTo("CLOSED");
    assertThat(vote(openid(), "投票 " + c + "-" + n)).doesNotContain("投票成功").contains("已结束");
    assertThat(admin.post("/campaigns/" + c + "/resume", null).status()).isEqualTo(409);
    // A row reaching the ledger after the close does not move the frozen results.
    jdbc.update(
        "INSERT INTO vote_ledger (campaign_id, voter, candidate_id, vote_day, seq, source, channel, flagged,"
            + " cast_at) VALUES (?, 'late', ?, ?, 1, 'late', 'WX', 0, ?)",
        c,
        a,
        LocalDate.now(),
        LocalDateTime.now());
    assertThat(votes(c, a)).isEqualTo(2);
  }

  @Test
  void theWindowIsKeptAndNumbersOutsideItSayWhy() {
    var now = clock.instant();
    Res future =
        admin.post(
            "/campaigns",
            Map.of(
                "title",
                "未开始的评选",
                "startAt",
                now.plusSeconds(3600).toString(),
                "endAt",
                now.plusSeconds(7200).toString(),
                "votesPerVoterPerDay",
                1));
    long c = future.get("id").asLong();
    int n = freshNumber();
    candidate(admin, c, "未来", n);
    assertThat(vote(openid(), "投票 " + c + "-" + n)).doesNotContain("投票成功").contains("尚未开始");
    clock.set(now.plusSeconds(7300));
    assertThat(vote(openid(), "投票 " + c + "-" + n)).doesNotContain("投票成功").contains("已截止");
    Res bad =
        admin.post(
            "/campaigns",
            Map.of(
                "title",
                "倒置",
                "startAt",
                now.toString(),
                "endAt",
                now.minusSeconds(1).toString(),
                "votesPerVoterPerDay",
                1));
    assertThat(bad.status()).isEqualTo(400);
  }

  @Test
  void aBurstOnOneCandidateIsFlaggedKeptOutOfTheRankingAndListedForReview() {
    // All five votes inside one minute, whenever the test runs.
    clock.set(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MINUTES).plusSeconds(1));
    long c = campaign(admin, Map.of("burstPerMinute", 3));
    int n = freshNumber();
    long a = candidate(admin, c, "刷票对象", n);
    List<String> replies = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      replies.add(vote(openid(), "投票 " + n));
    }
    assertThat(replies.subList(0, 3)).allSatisfy(r -> assertThat(r).contains("投票成功"));
    assertThat(replies.subList(3, 5))
        .allSatisfy(r -> assertThat(r).doesNotContain("投票成功").contains("审核"));
    JsonNode row = admin.get("/campaigns/" + c + "/results").json().get(0);
    assertThat(row.get("votes").asLong()).isEqualTo(3);
    assertThat(row.get("flagged").asLong()).isEqualTo(2);
    JsonNode flagged = admin.get("/campaigns/" + c + "/flagged").json();
    assertThat(flagged.get("total").asLong()).isEqualTo(2);
    long voteId = flagged.get("items").get(0).get("id").asLong();
    assertThat(flagged.get("items").get(0).get("reason").asString()).isEqualTo("BURST");
    assertThat(
            admin
                .post(
                    "/campaigns/" + c + "/flagged/" + voteId + "/review",
                    Map.of("verdict", "FRAUD"))
                .status())
        .isEqualTo(200);
    assertThat(
            admin
                .get("/campaigns/" + c + "/flagged")
                .json()
                .get("items")
                .get(0)
                .get("review")
                .asString())
        .isEqualTo("FRAUD");
    assertThat(admin.post("/campaigns/" + c + "/recount", null).get("matches").asBoolean())
        .isTrue();
  }

  @Test
  void membersOnlyCampaignsAskTheMemberFeatureAndNeverFollowing() {
    long c = campaign(admin, Map.of("membersOnly", true));
    int n = freshNumber();
    candidate(admin, c, "会员候选", n);
    String stranger = openid();
    assertThat(vote(stranger, "投票 " + n)).doesNotContain("投票成功").contains("会员");
    String member = openid();
    long root = admin.get("/orgs/tree").json().get(0).get("id").asLong();
    Caller system =
        new Caller(
            1,
            "admin",
            Role.SUPER_ADMIN,
            root,
            jdbc.queryForObject("SELECT path FROM org_unit WHERE id = ?", String.class, root),
            false);
    members.create(
        system, new MemberData("刘会员", IdNumbersForTests.next(), null, null, root, member));
    assertThat(vote(member, "投票 " + n)).contains("投票成功");
  }

  @Test
  void campaignsAreScopedToTheCallersSubtree() {
    long cityA = city("甲市");
    long cityB = city("乙市");
    ApiClient adminA = orgAdmin(cityA);
    ApiClient adminB = orgAdmin(cityB);
    long c = campaign(adminA, Map.of());
    assertThat(adminA.get("/campaigns/" + c).status()).isEqualTo(200);
    assertThat(adminB.get("/campaigns/" + c).status()).isEqualTo(404);
    assertThat(adminB.get("/campaigns/" + c + "/results").status()).isEqualTo(404);
    assertThat(
            adminB
                .post("/campaigns/" + c + "/candidates", Map.of("name", "x", "number", 1))
                .status())
        .isEqualTo(404);
    assertThat(
            adminB
                .post(
                    "/campaigns",
                    Map.of(
                        "title",
                        "越权",
                        "startAt",
                        clock.instant().toString(),
                        "endAt",
                        clock.instant().plusSeconds(60).toString(),
                        "votesPerVoterPerDay",
                        1,
                        "orgId",
                        cityA))
                .status())
        .isEqualTo(404);
    assertThat(admin.get("/campaigns/" + c).status()).isEqualTo(200);
    assertThat(anonymous().get("/campaigns/" + c).status()).isEqualTo(401);
  }

  @Test
  void theVoteButtonListsTheOpenCampaigns() {
    long c = campaign(admin, Map.of());
    String title = admin.get("/campaigns/" + c).get("title").asString();
    String reply = wx.click(openid(), "VOTE").content();
    assertThat(reply).contains(title).contains("投票 ").doesNotContain("投票成功");
    assertThat(vote(openid(), "投票")).contains(title);
  }
}
