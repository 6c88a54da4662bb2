package cn.union.voting;

import static org.assertj.core.api.Assertions.assertThat;

import cn.union.support.BrowserScript;
import cn.union.support.H5Phone;
import java.io.File;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The H5 voting page over HTTP as a phone's browser uses it: silent OAuth through the sandbox
 * (authorize, then the code exchanged at /sns/oauth2/access_token), the candidates with live
 * counts, votes with an idempotency key, the per-voter limit; and in a real browser at 390 px.
 */
class VotePageIT extends VotingFixture {

  @Autowired RedissonClient redisson;

  /** A worker's phone on the voting page. */
  final class Phone extends H5Phone {
    Phone(String openid) {
      super(baseUrl(), openid);
    }

    HttpResponse<String> vote(long campaignId, int number, String key) throws Exception {
      String path = "/h5/api/campaigns/" + campaignId + "/votes";
      String body = "{\"number\":" + number + "}";
      return key == null ? postJson(path, body) : postJson(path, body, "Idempotency-Key", key);
    }
  }

  static String key() {
    return UUID.randomUUID().toString().replace("-", "");
  }

  @Test
  void aWorkerOpensThePageThroughOAuthAndVotesOnceAKey() throws Exception {
    long c = campaign(admin, Map.of("votesPerVoterPerDay", 2));
    int n = freshNumber();
    long a = candidate(admin, c, "陈焊工", n);
    candidate(admin, c, "林护士", n + 1);
    String openid = openid();
    Phone phone = new Phone(openid);

    assertThat(phone.get("/h5/api/campaigns/" + c).statusCode())
        .as("no session yet")
        .isEqualTo(401);
    HttpResponse<String> page = phone.get("/h5/vote/" + c);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.uri().toString()).doesNotContain("code=").endsWith("/h5/vote/" + c);
    assertThat(page.body()).contains("<ul id=\"list\">").doesNotContain(openid);
    assertThat(sandbox.delivered("/sns/oauth2/access_token")).isNotEmpty();

    JsonNode data = JSON.readTree(phone.get("/h5/api/campaigns/" + c).body());
    assertThat(data.get("candidates")).hasSize(2);
    assertThat(data.get("campaign").get("votesPerVoterPerDay").asInt()).isEqualTo(2);
    JsonNode found =
        JSON.readTree(phone.get("/h5/api/campaigns/" + c + "?q=%E9%99%88").body())
            .get("candidates");
    assertThat(found).hasSize(1);
    assertThat(found.get(0).get("name").asString()).isEqualTo("陈焊工");

    String k = key();
    HttpResponse<String> first = phone.vote(c, n, k);
    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    assertThat(first.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(first.headers().firstValue("Cache-Control")).hasValue("no-store");
    JsonNode answer = JSON.readTree(first.body());
    assertThat(answer.get("counted").asBoolean()).isTrue();
    assertThat(answer.get("message").asString()).contains("投票成功");
    HttpResponse<String> retry = phone.vote(c, n, k);
    assertThat(retry.body()).as("a retried request is answered the same").isEqualTo(first.body());
    assertThat(votes(c, a)).as("and counted once").isEqualTo(1);

    assertThat(JSON.readTree(phone.vote(c, n + 1, key()).body()).get("counted").asBoolean())
        .isTrue();
    JsonNode third = JSON.readTree(phone.vote(c, n, key()).body());
    assertThat(third.get("counted").asBoolean()).isFalse();
    assertThat(third.get("message").asString()).doesNotContain("投票成功").contains("今天");
    assertThat(phone.vote(c, n, null).statusCode()).as("no idempotency key").isEqualTo(400);
    String votes = "/h5/api/campaigns/" + c + "/votes";
    for (String bad : new String[] {"", "{", "{\"number\":\"十二\"}", "[1]", "{}"}) {
      HttpResponse<String> refused = phone.postJson(votes, bad, "Idempotency-Key", key());
      assertThat(refused.statusCode()).as("body %s", bad).isEqualTo(400);
      assertThat(JSON.readTree(refused.body()).get("message").asString()).isEqualTo("请选择候选人");
    }

    JsonNode live =
        JSON.readTree(phone.get("/h5/api/campaigns/" + c + "?fresh=true").body()).get("candidates");
    assertThat(live.get(0).get("votes").asLong() + live.get(1).get("votes").asLong()).isEqualTo(2);

    // Someone else's session cookie cannot be made up, and a stale OAuth code is refused.
    Phone stranger = new Phone(openid());
    stranger.cookie("union_h5", "0".repeat(32), "/h5");
    assertThat(stranger.get("/h5/api/campaigns/" + c).statusCode()).isEqualTo(401);
    assertThat(stranger.get("/h5/vote/" + c + "?code=made-up&state=x").statusCode()).isEqualTo(403);
  }

  @Test
  void pollsWithinASecondShareOneReadAndAVoterSeesTheirOwnVoteAtOnce() throws Exception {
    long c = campaign(admin, Map.of("votesPerVoterPerDay", 5));
    int n = freshNumber();
    candidate(admin, c, "轮询", n);
    Phone mine = new Phone(openid());
    Phone other = new Phone(openid());
    assertThat(mine.get("/h5/vote/" + c).statusCode()).isEqualTo(200);
    assertThat(other.get("/h5/vote/" + c).statusCode()).isEqualTo(200);
    assertThat(count(mine, c, "")).isZero();

    assertThat(mine.vote(c, n, key()).statusCode()).isEqualTo(200);
    // a poll in the same second is served the counts read for the last one...
    assertThat(count(mine, c, "")).isZero();
    // ...while the page's read right after its own vote asks Redis, and is shared from then on
    assertThat(count(mine, c, "?fresh=true")).isEqualTo(1);
    assertThat(other.vote(c, n, key()).statusCode()).isEqualTo(200);
    assertThat(count(mine, c, "")).isEqualTo(1);
    clock.advance(Duration.ofMillis(1001));
    assertThat(count(mine, c, "")).isEqualTo(2);
    assertThat(count(other, c, "?q=" + n)).isEqualTo(2);
    // three quarters of a second after that read, one poll reads Redis again, and the rest share it
    assertThat(other.vote(c, n, key()).statusCode()).isEqualTo(200);
    clock.advance(Duration.ofMillis(749));
    assertThat(count(mine, c, "")).isEqualTo(2);
    clock.advance(Duration.ofMillis(1));
    assertThat(count(mine, c, "")).isEqualTo(3);
    assertThat(count(other, c, "")).isEqualTo(3);
  }

  /** The first candidate's live count as the page reads it. */
  private long count(Phone phone, long campaign, String params) throws Exception {
    HttpResponse<String> r = phone.get("/h5/api/campaigns/" + campaign + params);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body()).get("candidates").get(0).get("votes").asLong();
  }

  @Test
  void aSessionFoundIsRememberedHereForHalfAMinuteThenAskedForAgain() throws Exception {
    long c = campaign(admin, Map.of("votesPerVoterPerDay", 10));
    int n = freshNumber();
    candidate(admin, c, "记忆", n);
    Phone phone = new Phone(openid());
    assertThat(phone.get("/h5/vote/" + c).statusCode()).isEqualTo(200);
    assertThat(phone.vote(c, n, key()).statusCode()).isEqualTo(200);
    String session = phone.cookie("union_h5");
    assertThat(session).isNotNull();

    // The session ends in Redis (its two hours are up): this node still knows it for a while...
    assertThat(redisson.getBucket("h5:s:" + session).delete()).isTrue();
    clock.advance(Duration.ofSeconds(29));
    assertThat(phone.vote(c, n, key()).statusCode()).isEqualTo(200);
    // ...and asks Redis again after 30 s.
    clock.advance(Duration.ofSeconds(2));
    assertThat(phone.vote(c, n, key()).statusCode()).isEqualTo(401);
    assertThat(phone.get("/h5/api/campaigns/" + c).statusCode()).isEqualTo(401);
  }

  @Test
  void oneVoterIsLimitedPerMinuteOnThePage() throws Exception {
    clock.set(clock.instant().truncatedTo(ChronoUnit.MINUTES).plusSeconds(1));
    long c = campaign(admin, Map.of("votesPerVoterPerDay", 100));
    int n = freshNumber();
    candidate(admin, c, "限流", n);
    Phone phone = new Phone(openid());
    assertThat(phone.get("/h5/vote/" + c).statusCode()).isEqualTo(200);
    int ok = 0;
    int limited = 0;
    String first = null;
    for (int i = 0; i < 32; i++) {
      String key = key();
      HttpResponse<String> r = phone.vote(c, n, key);
      if (r.statusCode() == 429) {
        limited++;
        assertThat(r.body()).doesNotContain("投票成功");
      } else if (JSON.readTree(r.body()).get("counted").asBoolean()) {
        ok++;
        first = first == null ? key : first;
      }
    }
    assertThat(ok).isEqualTo(30);
    assertThat(limited).isEqualTo(2);
    // A retry of a request already counted is answered as before, not limited nor counted again.
    HttpResponse<String> again = phone.vote(c, n, first);
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.body()).contains("投票成功");
    assertThat(phone.vote(c, n, key()).statusCode()).isEqualTo(429);
  }

  @Test
  void thePageWorksOnAPhoneSizedScreen() throws Exception {
    BrowserScript.assumeInstalled();
    long c = campaign(admin, Map.of());
    int n = freshNumber();
    admin.post(
        "/campaigns/" + c + "/candidates",
        Map.of(
            "name",
            "吴劳模",
            "unit",
            "襄阳汽车轴承厂",
            "number",
            n,
            "photoUrl",
            "/sandbox/portrait.svg",
            "story",
            "三十年扎根一线"));
    long second = candidate(admin, c, "郑班组长", n + 1);
    assertThat(upload(admin, c, second, PNG, "image/png").statusCode()).isEqualTo(200);
    BrowserScript.run(
        Duration.ofSeconds(120),
        "vote.mjs",
        baseUrl(),
        Long.toString(c),
        openid(),
        "吴劳模",
        BrowserScript.SCREENSHOTS);
    assertThat(new File("target/screenshots/h5-vote-done.png")).exists();
  }
}
