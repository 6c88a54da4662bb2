package cn.union.wechat;

import cn.union.platform.Copy;
import cn.union.platform.RecentReads;
import cn.union.platform.RedisPipeline;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Pattern;
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
import org.springframework.stereotype.Component;

/**
 * The worker's session on the H5 pages (the vote page, the enrollment form, the member card):
 * signed in silently through OAuth {@code snsapi_base}, the openid kept only in Redis behind a
 * random cookie, one sign-in for all of them.
 */
@Component
class H5Session {

  private static final Logger log = LoggerFactory.getLogger(H5Session.class);
  static final String SESSION_COOKIE = "union_h5";
  static final String STATE_COOKIE = "union_h5_state";
  private static final Copy COPY = Copy.load("wechat");
  private static final String SIGNED_OUT = COPY.text("h5.signed-out");
  private static final Duration TTL = Duration.ofHours(2);
  private static final SecureRandom RANDOM = new SecureRandom();

  /** How long a session found in Redis is taken as valid here without asking again. */
  static final Duration REMEMBERED_FOR = Duration.ofSeconds(30);

  /** More sessions than this found within {@link #REMEMBERED_FOR}: the memory starts over. */
  private static final int MAX_REMEMBERED = 100_000;

  private final WxMpService wx;
  private final RedissonClient redisson;
  private final RedisPipeline pipeline;
  private final RecentReads<String, String> known;

  H5Session(WxMpService wx, RedissonClient redisson, RedisPipeline pipeline, Clock clock) {
    this.wx = wx;
    this.redisson = redisson;
    this.pipeline = pipeline;
    this.known = new RecentReads<>(clock, REMEMBERED_FOR, MAX_REMEMBERED);
  }

  /** The answer of an H5 API call without a signed-in worker. */
  static ResponseEntity<?> signedOut() {
    return ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(Map.of("message", SIGNED_OUT));
  }

  private static final Pattern SESSION_ID = Pattern.compile("[0-9a-f]{32}");

  /**
   * The signed-in worker's openid, or {@code null}. A session found in Redis is taken as valid on
   * this node for {@link #REMEMBERED_FOR} without asking again: a vote page sends a request for
   * every vote, and the lookup was one Redis round trip each. Sessions are never ended before their
   * {@link #TTL}, so the one effect is that a session can outlive it by that much here.
   */
  String openid(HttpServletRequest request) {
    String session = cookie(request, SESSION_COOKIE);
    if (session == null || !SESSION_ID.matcher(session).matches()) {
      return null;
    }
    String remembered = known.get(session);
    if (remembered != null) {
      return remembered;
    }
    long now = known.now();
    // lookups that meet share one round trip to Redis
    String openid = pipeline.get("h5:s:" + session);
    if (openid == null) {
      known.remove(session);
      return null;
    }
    known.put(session, openid, now);
    return openid;
  }

  /**
   * Serves the page when signed in; otherwise goes through OAuth: to the authorize step, and back
   * with a code exchanged for the openid, then to the page's clean address.
   */
  ResponseEntity<?> page(
      String resource,
      String code,
      String state,
      HttpServletRequest request,
      HttpServletResponse response)
      throws IOException {
    if (openid(request) != null) {
      return file(resource, new MediaType("text", "html", StandardCharsets.UTF_8));
    }
    String self = request.getRequestURL().toString();
    if (code != null) {
      String expected = cookie(request, STATE_COOKIE);
      if (expected == null || !expected.equals(state)) {
        return forbidden();
      }
      String openid;
      try {
        openid = wx.getOAuth2Service().getAccessToken(code).getOpenId();
      } catch (WxErrorException e) {
        log.warn("OAuth code exchange failed: errcode {}", e.getError().getErrorCode());
        return forbidden();
      }
      String session = token();
      redisson.getBucket("h5:s:" + session, StringCodec.INSTANCE).set(openid, TTL);
      response.addCookie(cookie(SESSION_COOKIE, session, (int) TTL.toSeconds()));
      response.addCookie(cookie(STATE_COOKIE, "", 0));
      return ResponseEntity.status(HttpStatus.FOUND).header("Location", self).build();
    }
    String s = token();
    response.addCookie(cookie(STATE_COOKIE, s, 300));
    String url = wx.getOAuth2Service().buildAuthorizationUrl(self, "snsapi_base", s);
    return ResponseEntity.status(HttpStatus.FOUND).header("Location", url).build();
  }

  static ResponseEntity<?> file(String name, MediaType type) throws IOException {
    try (InputStream in = H5Session.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the build");
      }
      return ResponseEntity.ok()
          .contentType(type)
          .cacheControl(CacheControl.noStore())
          .body(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  static ResponseEntity<?> script(String name) throws IOException {
    return file(name, new MediaType("text", "javascript", StandardCharsets.UTF_8));
  }

  static ResponseEntity<?> styles(String name) throws IOException {
    return file(name, new MediaType("text", "css", StandardCharsets.UTF_8));
  }

  private static ResponseEntity<?> forbidden() {
    return ResponseEntity.status(HttpStatus.FORBIDDEN)
        .contentType(new MediaType("text", "plain", StandardCharsets.UTF_8))
        .body(SIGNED_OUT);
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
