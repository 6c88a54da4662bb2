package cn.union.voting;

import static org.assertj.core.api.Assertions.assertThat;

import cn.union.sandbox.SandboxWeChat;
import cn.union.support.ApiClient;
import cn.union.support.ApiClient.Res;
import cn.union.support.IntegrationTest;
import cn.union.support.WxClient;
import cn.union.wechat.WxProperties;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the voting tests share: a signed-XML client, the admin API, and campaigns whose candidate
 * numbers are drawn at random so {@code 投票 <number>} finds exactly the test's campaign however many
 * others the shared application has open.
 */
abstract class VotingFixture extends IntegrationTest {

  @Autowired WxProperties props;
  @Autowired JdbcTemplate jdbc;
  @Autowired SandboxWeChat sandbox;

  static final JsonMapper JSON = JsonMapper.builder().build();

  WxClient wx;
  ApiClient admin;

  @Autowired me.chanjar.weixin.mp.api.WxMpService wxApi;

  @BeforeEach
  void setUpVoting() throws Exception {
    // The access token in Redis may be one an earlier run's sandbox issued; a reply that goes by
    // API (a handler slower than the reply window) must not meet a stale token.
    wxApi.getAccessToken(true);
    wx = new WxClient(baseUrl(), props.token(), props.appId(), props.aesKey(), clock);
    admin = admin();
  }

  static String openid() {
    return "oVote" + UUID.randomUUID().toString().replace("-", "").substring(0, 22);
  }

  static int freshNumber() {
    return ThreadLocalRandom.current().nextInt(100_000, 999_999);
  }

  long campaign(ApiClient as, Map<String, Object> extra) {
    Instant now = clock.instant();
    Map<String, Object> body =
        new java.util.HashMap<>(
            Map.of(
                "title",
                "最美职工" + UUID.randomUUID().toString().substring(0, 6),
                "startAt",
                now.minusSeconds(3600).toString(),
                "endAt",
                now.plusSeconds(30 * 86400).toString(),
                "votesPerVoterPerDay",
                3));
    body.putAll(extra);
    Res r = as.post("/campaigns", body);
    assertThat(r.status()).as(r.raw()).isEqualTo(201);
    return r.get("id").asLong();
  }

  long candidate(ApiClient as, long campaignId, String name, int number) {
    Res r =
        as.post(
            "/campaigns/" + campaignId + "/candidates",
            Map.of("name", name, "unit", "宜昌三峡纺织有限公司", "number", number));
    assertThat(r.status()).as(r.raw()).isEqualTo(201);
    assertThat(r.get("number").asInt()).isEqualTo(number);
    return r.get("id").asLong();
  }

  /**
   * The worker's answer: the passive reply, or, when the handler was slower than the reply window
   * (a cold start on a busy machine), the customer-service message that carried it instead. A
   * worker's votes are sent one after another, so the newest such message is this vote's.
   */
  String vote(String openid, String text) {
    int before = customTo(openid).size();
    WxClient.Answer a = wx.say(openid, text);
    assertThat(a.status()).as(a.body()).isEqualTo(200);
    if (a.content() != null) {
      return a.content();
    }
    long until = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < until) {
      List<String> sent = customTo(openid);
      if (sent.size() > before) {
        return sent.get(sent.size() - 1);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    throw new AssertionError("no answer to " + text + " (neither passive nor by API)");
  }

  private List<String> customTo(String openid) {
    return sandbox.delivered("/cgi-bin/message/custom/send").stream()
        .map(SandboxWeChat.Call::body)
        .filter(b -> b.contains(openid))
        .map(b -> JSON.readTree(b).path("text").path("content").asString())
        .toList();
  }

  long votes(long campaignId, long candidateId) {
    for (var row : admin.get("/campaigns/" + campaignId + "/results").json()) {
      if (row.get("candidateId").asLong() == candidateId) {
        return row.get("votes").asLong();
      }
    }
    throw new AssertionError("no candidate " + candidateId + " in the results");
  }

  long ledger(long campaignId) {
    return jdbc.queryForObject(
        "SELECT COUNT(*) FROM vote_ledger WHERE campaign_id = ? AND flagged = 0",
        Long.class,
        campaignId);
  }

  /** A new city union under the root, named {@code prefix} and a random suffix. */
  long city(String prefix) {
    return admin.newCity(prefix);
  }

  /** An ORG_ADMIN of the org, logged in, past the first password change. */
  ApiClient orgAdmin(long orgId) {
    return admin.newUser("ORG_ADMIN", orgId);
  }

  /** A 1×1 PNG, as a candidate's photo. */
  static final byte[] PNG =
      Base64.getDecoder()
          .decode(
              "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

  final HttpClient http = HttpClient.newHttpClient();

  HttpResponse<String> upload(
      ApiClient as, long campaignId, long candidateId, byte[] body, String type) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(
                URI.create(
                    baseUrl()
                        + ApiClient.API
                        + "/campaigns/"
                        + campaignId
                        + "/candidates/"
                        + candidateId
                        + "/photo"))
            .header("Content-Type", type)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (as.token() != null) {
      b.header("Authorization", "Bearer " + as.token());
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
