package cn.union.wechat;

import cn.union.shared.DomainException;
import cn.union.voting.CandidatePhotos;
import cn.union.voting.VoteMessages;
import cn.union.voting.VoteOutcome;
import cn.union.voting.VotingService;
import cn.union.voting.VotingViews.CampaignView;
import cn.union.voting.VotingViews.LiveRow;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import me.chanjar.weixin.common.error.WxErrorException;
import me.chanjar.weixin.mp.api.WxMpService;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

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

  private static final Logger log = LoggerFactory.getLogger(VotePage.class);
  static final String SESSION_COOKIE = "union_h5";
  static final String STATE_COOKIE = "union_h5_state";
  private static final Duration SESSION_TTL = Duration.ofHours(2);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final WxMpService wx;
  private final VotingService voting;
  private final VoteMessages messages;
  private final RedissonClient redisson;
  private final CandidatePhotos photos;

  VotePage(
      WxMpService wx,
      VotingService voting,
      VoteMessages messages,
      RedissonClient redisson,
      CandidatePhotos photos) {
    this.wx = wx;
    this.photos = photos;
    this.voting = voting;
    this.messages = messages;
    this.redisson = redisson;
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
    String self = request.getRequestURL().toString();
    if (openid(request) != null) {
      return html();
    }
    if (code != null) {
      String expected = cookie(request, STATE_COOKIE);
      if (expected == null || !expected.equals(state)) {
        return ResponseEntity.status(HttpStatus.FORBIDDEN)
            .contentType(MediaType.TEXT_PLAIN)
            .body("登录已失效，请从公众号菜单重新打开页面");
      }
      String openid;
      try {
        openid = wx.getOAuth2Service().getAccessToken(code).getOpenId();
      } catch (WxErrorException e) {
        log.warn("OAuth code exchange failed: errcode {}", e.getError().getErrorCode());
        return ResponseEntity.status(HttpStatus.FORBIDDEN)
            .contentType(MediaType.TEXT_PLAIN)
            .body("登录已失效，请从公众号菜单重新打开页面");
      }
      String session = token();
      redisson.getBucket("h5:s:" + session, StringCodec.INSTANCE).set(openid, SESSION_TTL);
      response.addCookie(cookie(SESSION_COOKIE, session, (int) SESSION_TTL.toSeconds()));
      response.addCookie(cookie(STATE_COOKIE, "", 0));
      return ResponseEntity.status(HttpStatus.FOUND).header("Location", self).build();
    }
    String s = token();
    response.addCookie(cookie(STATE_COOKIE, s, 300));
    String url = wx.getOAuth2Service().buildAuthorizationUrl(self, "snsapi_base", s);
    return ResponseEntity.status(HttpStatus.FOUND).header("Location", url).build();
  }

  @GetMapping(path = "/h5/api/campaigns/{campaignId}", produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<?> data(
      @PathVariable long campaignId,
      @RequestParam(required = false) String q,
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
        .body(new PageData(c, voting.live(campaignId, q)));
  }

  @PostMapping(
      path = "/h5/api/campaigns/{campaignId}/votes",
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<?> vote(
      @PathVariable long campaignId,
      @RequestBody VoteBody body,
      @RequestHeader(name = "Idempotency-Key", required = false) String key,
      HttpServletRequest request) {
    String openid = openid(request);
    if (openid == null) {
      return unauthorized();
    }
    if (body == null || body.number() == null) {
      return ResponseEntity.badRequest().body(Map.of("message", "请选择候选人"));
    }
    VoteOutcome o;
    try {
      o = voting.voteOnPage(openid, campaignId, body.number(), key, request.getRemoteAddr());
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
    HttpStatus status =
        o.result() == VoteOutcome.Result.RATE_LIMITED
            ? HttpStatus.TOO_MANY_REQUESTS
            : HttpStatus.OK;
    return ResponseEntity.status(status).cacheControl(CacheControl.noStore()).body(answer);
  }

  private static ResponseEntity<?> unauthorized() {
    return ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(Map.of("message", "请从公众号菜单打开投票页面"));
  }

  private String openid(HttpServletRequest request) {
    String session = cookie(request, SESSION_COOKIE);
    if (session == null || !session.matches("[0-9a-f]{32}")) {
      return null;
    }
    return redisson.<String>getBucket("h5:s:" + session, StringCodec.INSTANCE).get();
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
    return file("h5/vote.js", new MediaType("text", "javascript", StandardCharsets.UTF_8));
  }

  @GetMapping(path = "/h5/vote.css")
  public ResponseEntity<?> styles() throws IOException {
    return file("h5/vote.css", new MediaType("text", "css", StandardCharsets.UTF_8));
  }

  private static ResponseEntity<?> html() throws IOException {
    return file("h5/vote.html", new MediaType("text", "html", StandardCharsets.UTF_8));
  }

  private static ResponseEntity<?> file(String name, MediaType type) throws IOException {
    try (InputStream in = VotePage.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the build");
      }
      return ResponseEntity.ok()
          .contentType(type)
          .cacheControl(CacheControl.noStore())
          .body(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  private static String cookie(HttpServletRequest request, String name) {
    if (request.getCookies() == null) {
      return null;
    }
    for (Cookie c : request.getCookies()) {
      if (name.equals(c.getName())) {
        return c.getValue();
      }
    }
    return null;
  }

  private static Cookie cookie(String name, String value, int maxAge) {
    Cookie c = new Cookie(name, URLEncoder.encode(value, StandardCharsets.UTF_8));
    c.setHttpOnly(true);
    c.setPath("/h5");
    c.setMaxAge(maxAge);
    c.setAttribute("SameSite", "Lax");
    return c;
  }

  private static String token() {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
