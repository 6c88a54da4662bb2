package cn.union.wechat;

import cn.union.platform.Copy;
import cn.union.shared.DomainException;
import cn.union.voting.CandidatePhotos;
import cn.union.voting.VoteMessages;
import cn.union.voting.VoteOutcome;
import cn.union.voting.VotingService;
import cn.union.voting.VotingViews.CampaignView;
import cn.union.voting.VotingViews.LiveRow;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The H5 voting page, opened from the account: the worker is identified silently through OAuth
 * {@code snsapi_base} (the code comes back on the redirect and is exchanged for the openid at
 * {@code /sns/oauth2/access_token}); the openid then lives only in Redis behind a random session
 * cookie, never in a URL or the page. The page lists the candidates with photos and live counts,
 * searches them, and votes through {@code POST /h5/api/campaigns/{id}/votes} with an idempotency
 * key.
 */
@RestController
class VotePage {

  private static final String NO_STORE = CacheControl.noStore().getHeaderValue();

  private final H5Session session;
  private final VotingService voting;
  private final VoteMessages messages;
  private final CandidatePhotos photos;
  private final Copy copy;
  private final JsonMapper json;

  VotePage(
      H5Session session,
      VotingService voting,
      VoteMessages messages,
      CandidatePhotos photos,
      @Qualifier("wechatCopy") Copy copy,
      JsonMapper json) {
    this.session = session;
    this.json = json;
    this.photos = photos;
    this.voting = voting;
    this.messages = messages;
    this.copy = copy;
  }

  record VoteBody(Integer number) {}

  record VoteAnswer(
      boolean counted, String result, String message, Integer number, int remainingToday) {}

  record PageData(CampaignView campaign, List<LiveRow> candidates) {}

  /** The page itself; without a session it first goes through OAuth. */
  @GetMapping(path = "/h5/vote/{campaignId}")
  ResponseEntity<?> page(
      @PathVariable long campaignId,
      @RequestParam(required = false) String code,
      @RequestParam(required = false) String state,
      HttpServletRequest request,
      HttpServletResponse response)
      throws IOException {
    return session.page("h5/vote.html", code, state, request, response);
  }

  @GetMapping(path = "/h5/api/campaigns/{campaignId}", produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<?> data(
      @PathVariable long campaignId,
      @RequestParam(required = false) String q,
      @RequestParam(defaultValue = "false") boolean fresh,
      HttpServletRequest request) {
    if (openid(request) == null) {
      return unauthorized();
    }
    CampaignView c = voting.publicCampaign(campaignId);
    if (c == null) {
      return ResponseEntity.notFound().build();
    }
    return ResponseEntity.ok()
        .cacheControl(CacheControl.noStore())
        .body(new PageData(c, voting.live(campaignId, q, fresh)));
  }

  /**
   * One vote from the page. The busiest request of a campaign, so it reads its small body and
   * writes its answer itself with the JSON mapper, where Spring's message converters cost about a
   * quarter of the request's CPU (content negotiation, argument binding, header copying; {@code
   * bench/README.md}). The answer is written here and {@code null} returned, which tells Spring the
   * response is complete; the refusals go the ordinary way.
   */
  @PostMapping(
      path = "/h5/api/campaigns/{campaignId}/votes",
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<?> vote(
      @PathVariable long campaignId, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String openid = openid(request);
    if (openid == null) {
      return unauthorized();
    }
    VoteBody body;
    try {
      body = json.readValue(request.getInputStream(), VoteBody.class);
    } catch (JacksonException e) {
      body = null;
    }
    if (body == null || body.number() == null) {
      return ResponseEntity.badRequest().body(Map.of("message", copy.text("h5.vote-no-candidate")));
    }
    VoteOutcome o;
    try {
      o =
          voting.voteOnPage(
              openid,
              campaignId,
              body.number(),
              request.getHeader("Idempotency-Key"),
              request.getRemoteAddr());
    } catch (DomainException e) {
      return ResponseEntity.badRequest().body(Map.of("message", e.getMessage()));
    }
    VoteAnswer answer =
        new VoteAnswer(
            o.counted(),
            o.result().name(),
            messages.describe(o, body.number()),
            body.number(),
            o.remainingToday());
    byte[] bytes = json.writeValueAsBytes(answer);
    response.setStatus(
        o.result() == VoteOutcome.Result.RATE_LIMITED
            ? HttpStatus.TOO_MANY_REQUESTS.value()
            : HttpStatus.OK.value());
    response.setHeader(HttpHeaders.CACHE_CONTROL, NO_STORE);
    response.setContentType(MediaType.APPLICATION_JSON_VALUE);
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
    return null;
  }

  private ResponseEntity<?> unauthorized() {
    return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
        .body(Map.of("message", copy.text("h5.vote-signed-out")));
  }

  private String openid(HttpServletRequest request) {
    return session.openid(request);
  }

  /**
   * A candidate's uploaded photo; public like the candidate list (its URL carries the content's
   * hash).
   */
  @GetMapping(path = CandidatePhotos.PATH + "{candidateId}")
  ResponseEntity<?> photo(@PathVariable long candidateId) {
    CandidatePhotos.Photo p = photos.photo(candidateId);
    if (p == null) {
      return ResponseEntity.notFound().build();
    }
    return ResponseEntity.ok()
        .contentType(MediaType.parseMediaType(p.contentType()))
        .cacheControl(CacheControl.maxAge(Duration.ofDays(7)))
        .eTag(p.sha256())
        .body(p.content());
  }

  /** The page's script and style sheet, as files: the security policy allows no inline code. */
  @GetMapping(path = "/h5/vote.js")
  public ResponseEntity<?> script() throws IOException {
    return H5Session.script("h5/vote.js");
  }

  @GetMapping(path = "/h5/vote.css")
  public ResponseEntity<?> styles() throws IOException {
    return H5Session.styles("h5/vote.css");
  }
}
