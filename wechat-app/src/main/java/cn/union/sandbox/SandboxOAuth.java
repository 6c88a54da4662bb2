package cn.union.sandbox;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The sandbox's stand-in for {@code open.weixin.qq.com/connect/oauth2/authorize} with {@code
 * snsapi_base}: silently sends the browser back to {@code redirect_uri} with a one-time code
 * (redeemed at {@code /sns/oauth2/access_token}) for the worker the sandbox phone plays: the {@code
 * sandbox_openid} cookie the sandbox page sets, else a fixed demo worker.
 */
@RestController
@ConditionalOnProperty(name = "union.sandbox.enabled", havingValue = "true")
class SandboxOAuth {

  static final String OPENID_COOKIE = "sandbox_openid";
  static final String DEMO_WORKER = "oSandboxH5Worker0001";

  private final SandboxWeChat sandbox;

  SandboxOAuth(SandboxWeChat sandbox) {
    this.sandbox = sandbox;
  }

  @GetMapping("/sandbox/connect/oauth2/authorize")
  ResponseEntity<Void> authorize(
      @RequestParam String appid,
      @RequestParam("redirect_uri") String redirectUri,
      @RequestParam("response_type") String responseType,
      @RequestParam String scope,
      @RequestParam(required = false) String state,
      HttpServletRequest request) {
    if (!"code".equals(responseType)
        || !(scope.equals("snsapi_base") || scope.equals("snsapi_userinfo"))) {
      sandbox.record("/connect/oauth2/authorize", "scope=" + scope, 10003);
      return ResponseEntity.badRequest().build();
    }
    String openid = DEMO_WORKER;
    if (request.getCookies() != null) {
      for (Cookie c : request.getCookies()) {
        if (OPENID_COOKIE.equals(c.getName()) && c.getValue().matches("[A-Za-z0-9_-]{1,64}")) {
          openid = c.getValue();
        }
      }
    }
    sandbox.record("/connect/oauth2/authorize", "scope=" + scope, 0);
    String code = sandbox.issueOauthCode(openid);
    String back =
        redirectUri
            + (redirectUri.contains("?") ? "&" : "?")
            + "code="
            + code
            + (state == null ? "" : "&state=" + URLEncoder.encode(state, StandardCharsets.UTF_8));
    return ResponseEntity.status(HttpStatus.FOUND).location(URI.create(back)).build();
  }
}
