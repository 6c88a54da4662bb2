package cn.union.sandbox;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.WriterException;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An in-process stand-in for WeChat's API host, served over HTTP so the app's real WxJava client is
 * exercised. Answers like WeChat: errcode/errmsg JSON, 40001 for a stale token.
 */
@RestController
@RequestMapping(path = "/sandbox", produces = MediaType.APPLICATION_JSON_VALUE)
@ConditionalOnProperty(name = "union.sandbox.enabled", havingValue = "true")
class SandboxApiController {

  private final SandboxWeChat sandbox;
  private final JsonMapper json;

  SandboxApiController(SandboxWeChat sandbox, JsonMapper json) {
    this.sandbox = sandbox;
    this.json = json;
  }

  @GetMapping("/cgi-bin/token")
  Map<String, Object> token(@RequestParam String appid, @RequestParam String secret) {
    if (!sandbox.credentialsMatch(appid, secret)) {
      sandbox.record("/cgi-bin/token", "appid=" + appid, 40125);
      return error(40125, "invalid appsecret");
    }
    sandbox.record("/cgi-bin/token", "appid=" + appid, 0);
    return Map.of("access_token", sandbox.issueToken(), "expires_in", 7200);
  }

  @PostMapping("/cgi-bin/stable_token")
  Map<String, Object> stableToken(@RequestBody String body) {
    JsonNode req = json.readTree(body);
    if (!sandbox.credentialsMatch(
        req.path("appid").asString(""), req.path("secret").asString(""))) {
      sandbox.record("/cgi-bin/stable_token", "", 40125);
      return error(40125, "invalid appsecret");
    }
    sandbox.record("/cgi-bin/stable_token", "", 0);
    return Map.of("access_token", sandbox.issueToken(), "expires_in", 7200);
  }

  @PostMapping("/cgi-bin/menu/create")
  Map<String, Object> menuCreate(
      @RequestParam("access_token") String token, @RequestBody String body) {
    return authorized("/cgi-bin/menu/create", token, body, () -> ok());
  }

  @PostMapping("/cgi-bin/message/custom/send")
  Map<String, Object> customSend(
      @RequestParam("access_token") String token, @RequestBody String body) {
    return authorized("/cgi-bin/message/custom/send", token, body, () -> ok());
  }

  @PostMapping("/cgi-bin/message/template/send")
  Map<String, Object> templateSend(
      @RequestParam("access_token") String token, @RequestBody String body) {
    return authorized(
        "/cgi-bin/message/template/send",
        token,
        body,
        () -> {
          Map<String, Object> answer = ok();
          answer.put("msgid", sandbox.nextMsgId());
          return answer;
        });
  }

  @PostMapping("/cgi-bin/message/subscribe/bizsend")
  Map<String, Object> subscribeSend(
      @RequestParam("access_token") String token, @RequestBody String body) {
    return authorized("/cgi-bin/message/subscribe/bizsend", token, body, () -> ok());
  }

  @PostMapping("/cgi-bin/qrcode/create")
  Map<String, Object> qrcodeCreate(
      @RequestParam("access_token") String token, @RequestBody String body) {
    return authorized(
        "/cgi-bin/qrcode/create",
        token,
        body,
        () -> {
          JsonNode req = json.readTree(body);
          String ticket = sandbox.newTicket(req.path("action_info").toString());
          Map<String, Object> answer = new LinkedHashMap<>();
          answer.put("ticket", ticket);
          if (req.has("expire_seconds")) {
            answer.put("expire_seconds", req.path("expire_seconds").asInt());
          }
          answer.put("url", "http://weixin.qq.com/q/" + ticket);
          return answer;
        });
  }

  @GetMapping(path = "/cgi-bin/showqrcode", produces = MediaType.IMAGE_PNG_VALUE)
  ResponseEntity<byte[]> showQrcode(@RequestParam String ticket)
      throws IOException, WriterException {
    if (!sandbox.knowsTicket(ticket)) {
      sandbox.record("/cgi-bin/showqrcode", ticket, 404);
      return ResponseEntity.notFound().build();
    }
    sandbox.record("/cgi-bin/showqrcode", ticket, 0);
    BitMatrix matrix =
        new QRCodeWriter()
            .encode("http://weixin.qq.com/q/" + ticket, BarcodeFormat.QR_CODE, 430, 430);
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    MatrixToImageWriter.writeToStream(matrix, "PNG", png);
    return ResponseEntity.ok().contentType(MediaType.IMAGE_PNG).body(png.toByteArray());
  }

  /**
   * Temporary media as WeChat serves it: the bytes with a {@code Content-disposition} file name, or
   * errcode JSON; {@code 40007} for an id it never had or kept longer than 3 days.
   */
  @GetMapping(path = "/cgi-bin/media/get", produces = MediaType.ALL_VALUE)
  ResponseEntity<?> mediaGet(
      @RequestParam("access_token") String token, @RequestParam("media_id") String mediaId) {
    String path = "/cgi-bin/media/get";
    Integer refusal =
        !sandbox.tokenValid(token) ? Integer.valueOf(40001) : sandbox.takeScriptedError(path);
    SandboxWeChat.Media m = refusal == null ? sandbox.media(mediaId) : null;
    if (refusal == null && m == null) {
      refusal = 40007;
    }
    sandbox.record(path, mediaId, refusal == null ? 0 : refusal);
    if (refusal != null) {
      String message =
          switch (refusal) {
            case 40001 -> "invalid credential, access_token is invalid or not latest";
            case 40007 -> "invalid media_id";
            default -> "sandbox scripted error";
          };
      return ResponseEntity.ok()
          .contentType(MediaType.APPLICATION_JSON)
          .body(error(refusal, message));
    }
    return ResponseEntity.ok()
        .contentType(MediaType.parseMediaType(m.contentType()))
        .header("Content-disposition", "attachment; filename=\"" + m.fileName() + "\"")
        .body(m.content());
  }

  @GetMapping("/cgi-bin/user/info")
  Map<String, Object> userInfo(
      @RequestParam("access_token") String token, @RequestParam String openid) {
    return authorized(
        "/cgi-bin/user/info",
        token,
        openid,
        () -> {
          Map<String, Object> answer = new LinkedHashMap<>();
          answer.put("subscribe", 1);
          answer.put("openid", openid);
          answer.put("language", "zh_CN");
          answer.put("subscribe_time", sandbox.nextMsgId());
          return answer;
        });
  }

  @GetMapping("/sns/oauth2/access_token")
  Map<String, Object> oauthToken(
      @RequestParam String appid, @RequestParam String secret, @RequestParam String code) {
    if (!sandbox.credentialsMatch(appid, secret)) {
      sandbox.record("/sns/oauth2/access_token", "code", 40125);
      return error(40125, "invalid appsecret");
    }
    String openid = sandbox.redeemOauthCode(code);
    if (openid == null) {
      sandbox.record("/sns/oauth2/access_token", "code", 40029);
      return error(40029, "invalid code");
    }
    sandbox.record("/sns/oauth2/access_token", "code", 0);
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("access_token", "sandbox-oauth-" + code);
    answer.put("expires_in", 7200);
    answer.put("refresh_token", "sandbox-refresh");
    answer.put("openid", openid);
    answer.put("scope", "snsapi_base");
    return answer;
  }

  private Map<String, Object> authorized(
      String path,
      String token,
      String body,
      java.util.function.Supplier<Map<String, Object>> answer) {
    if (!sandbox.tokenValid(token)) {
      sandbox.record(path, body, 40001);
      return error(40001, "invalid credential, access_token is invalid or not latest");
    }
    Integer scripted = sandbox.takeScriptedError(path);
    if (scripted != null) {
      sandbox.record(path, body, scripted);
      return error(scripted, "sandbox scripted error");
    }
    sandbox.record(path, body, 0);
    return answer.get();
  }

  private static Map<String, Object> ok() {
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("errcode", 0);
    answer.put("errmsg", "ok");
    return answer;
  }

  private static Map<String, Object> error(int code, String message) {
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("errcode", code);
    answer.put("errmsg", message);
    return answer;
  }
}
