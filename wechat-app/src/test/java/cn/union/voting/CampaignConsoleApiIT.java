package cn.union.voting;

import static org.assertj.core.api.Assertions.assertThat;

import cn.union.support.ApiClient;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the console's 投票评选 screens call beyond the contract: a candidate's photo uploaded and served
 * to the H5 page, the flagged-vote review and the CSV, each scoped to the caller's subtree.
 */
class CampaignConsoleApiIT extends VotingFixture {

  @Test
  void aPhotoIsCheckedByItsBytesStoredAndServedToTheVotePage() throws Exception {
    long c = campaign(admin, Map.of());
    int n = freshNumber();
    long cand = candidate(admin, c, "照片劳模", n);

    HttpResponse<String> up = upload(admin, c, cand, PNG, "image/png");
    assertThat(up.statusCode()).as(up.body()).isEqualTo(200);
    String url = JSON.readTree(up.body()).get("photoUrl").asString();
    assertThat(url).startsWith("/h5/vote/photos/" + cand + "?v=");
    assertThat(
            admin.get("/campaigns/" + c + "/candidates").json().get(0).get("photoUrl").asString())
        .isEqualTo(url);

    // Served without a login (the H5 page shows it to every voter), as the picture it is.
    HttpResponse<byte[]> served =
        http.send(
            HttpRequest.newBuilder(URI.create(baseUrl() + url)).GET().build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(served.statusCode()).isEqualTo(200);
    assertThat(served.headers().firstValue("Content-Type").orElse("")).startsWith("image/png");
    assertThat(served.body()).isEqualTo(PNG);
    assertThat(
            http.send(
                    HttpRequest.newBuilder(
                            URI.create(baseUrl() + "/h5/vote/photos/" + (cand + 100_000)))
                        .GET()
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .statusCode())
        .isEqualTo(404);

    // What is not a picture is refused whatever it claims to be, and so is a picture over 2 MB.
    HttpResponse<String> fake =
        upload(admin, c, cand, "<svg onload=alert(1)>".getBytes(), "image/png");
    assertThat(fake.statusCode()).isEqualTo(400);
    assertThat(fake.body()).contains("JPEG");
    byte[] big = new byte[CandidatePhotos.MAX_BYTES + 10];
    System.arraycopy(PNG, 0, big, 0, PNG.length);
    assertThat(upload(admin, c, cand, big, "image/png").statusCode()).isEqualTo(400);
    assertThat(upload(admin, c, cand, PNG, "text/html").statusCode()).isEqualTo(415);
    assertThat(upload(admin, c, cand + 100_000, PNG, "image/png").statusCode()).isEqualTo(404);
    assertThat(upload(anonymous(), c, cand, PNG, "image/png").statusCode()).isEqualTo(401);
  }

  @Test
  void theReviewListAndTheExportStayInsideTheCallersSubtree() throws Exception {
    long cityA = city("丙市");
    long cityB = city("丁市");
    ApiClient adminA = orgAdmin(cityA);
    ApiClient adminB = orgAdmin(cityB);
    long c = campaign(adminA, Map.of("burstPerMinute", 1, "votesPerCandidatePerDay", 3));
    int n = freshNumber();
    long cand = candidate(adminA, c, "审核劳模", n);
    String voter = openid();
    assertThat(vote(voter, "投票 " + c + "-" + n)).contains("投票成功");
    assertThat(vote(voter, "投票 " + c + "-" + n)).doesNotContain("投票成功").contains("审核");

    var flagged = adminA.get("/campaigns/" + c + "/flagged");
    assertThat(flagged.get("total").asLong()).isEqualTo(1);
    long voteId = flagged.get("items").get(0).get("id").asLong();

    // Another city's admin: the list, the verdict, the photo, the CSV and the recount are not
    // there.
    assertThat(adminB.get("/campaigns/" + c + "/flagged").status()).isEqualTo(404);
    assertThat(
            adminB
                .post(
                    "/campaigns/" + c + "/flagged/" + voteId + "/review",
                    Map.of("verdict", "FRAUD"))
                .status())
        .isEqualTo(404);
    assertThat(upload(adminB, c, cand, PNG, "image/png").statusCode()).isEqualTo(404);
    assertThat(adminB.get("/campaigns/" + c + "/results.csv").status()).isEqualTo(404);
    assertThat(adminB.post("/campaigns/" + c + "/recount", null).status()).isEqualTo(404);
    assertThat(adminB.get("/campaigns").json().get("items").toString())
        .doesNotContain("\"id\":" + c + ",");

    assertThat(
            adminA
                .post(
                    "/campaigns/" + c + "/flagged/" + voteId + "/review",
                    Map.of("verdict", "maybe"))
                .status())
        .isEqualTo(400);
    assertThat(
            adminA
                .post(
                    "/campaigns/" + c + "/flagged/" + voteId + "/review",
                    Map.of("verdict", "GENUINE"))
                .status())
        .isEqualTo(200);
    assertThat(
            adminA.get("/campaigns/" + c + "/flagged").get("items").get(0).get("review").asString())
        .isEqualTo("GENUINE");
    // The verdict changes nothing published: the flagged vote stays beside the votes, not in them.
    assertThat(votes(c, cand)).isEqualTo(1);
    var csv = adminA.get("/campaigns/" + c + "/results.csv");
    assertThat(csv.status()).isEqualTo(200);
    assertThat(csv.raw()).contains("\"审核劳模\"").contains("," + n + ",").endsWith(",1,1\r\n");
  }
}
