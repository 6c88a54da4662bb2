package cn.union.wechat;

import java.time.Clock;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The official account's server URL. Verifies every request (signature, timestamp window,
 * safe-mode signature and appid) before anything is stored or handled.
 */
@RestController
@RequestMapping("/wx/portal")
class PortalController {

  static final long MAX_SKEW_SECONDS = 300;
  private static final MediaType XML = new MediaType("application", "xml", java.nio.charset.StandardCharsets.UTF_8);

  private final WxProperties props;
  private final InboundDispatcher dispatcher;
  private final Clock clock;
  private final WxCrypto crypto;

  PortalController(WxProperties props, InboundDispatcher dispatcher, Clock clock) {
    this.props = props;
    this.dispatcher = dispatcher;
    this.clock = clock;
    this.crypto = props.safeModeConfigured() ? new WxCrypto(props.appId(), props.aesKey()) : null;
  }

  @GetMapping(produces = MediaType.TEXT_PLAIN_VALUE)
  ResponseEntity<String> verify(
      @RequestParam(required = false) String signature,
      @RequestParam(required = false) String timestamp,
      @RequestParam(required = false) String nonce,
      @RequestParam(required = false) String echostr) {
    if (echostr == null || timestamp == null || nonce == null
        || !WxCrypto.signatureMatches(signature, props.token(), timestamp, nonce)) {
      return ResponseEntity.status(HttpStatus.FORBIDDEN).body("");
    }
    return ResponseEntity.ok(echostr);
  }

  @PostMapping
  ResponseEntity<String> receive(
      @RequestParam(required = false) String signature,
      @RequestParam(required = false) String timestamp,
      @RequestParam(required = false) String nonce,
      @RequestParam(name = "encrypt_type", required = false) String encryptType,
      @RequestParam(name = "msg_signature", required = false) String msgSignature,
      @RequestBody(required = false) String body) {
    if (timestamp == null || nonce == null
        || !WxCrypto.signatureMatches(signature, props.token(), timestamp, nonce)
        || !fresh(timestamp)) {
      return forbidden();
    }
    Map<String, String> outer;
    try {
      outer = WxXml.parse(body);
    } catch (WxXml.BadXmlException e) {
      return ResponseEntity.badRequest().contentType(MediaType.TEXT_PLAIN).body("bad xml");
    }
    boolean safeMode = "aes".equalsIgnoreCase(encryptType);
    Map<String, String> msg = outer;
    String plainXml = body;
    if (safeMode) {
      String encrypted = outer.get("Encrypt");
      if (crypto == null || encrypted == null) {
        return ResponseEntity.badRequest().contentType(MediaType.TEXT_PLAIN).body("safe mode not configured");
      }
      if (!WxCrypto.signatureMatches(msgSignature, props.token(), timestamp, nonce, encrypted)) {
        return forbidden();
      }
      try {
        plainXml = crypto.decrypt(encrypted);
        msg = WxXml.parse(plainXml);
      } catch (WxCrypto.WxCryptoException e) {
        return forbidden();
      } catch (WxXml.BadXmlException e) {
        return ResponseEntity.badRequest().contentType(MediaType.TEXT_PLAIN).body("bad xml");
      }
    }
    if (msg.get("FromUserName") == null || msg.get("MsgType") == null) {
      return ResponseEntity.badRequest().contentType(MediaType.TEXT_PLAIN).body("not a WeChat message");
    }
    String replyText = dispatcher.dispatch(msg, timestamp + ":" + nonce, plainXml);
    if (replyText == null) {
      return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body("success");
    }
    long now = clock.instant().getEpochSecond();
    String reply = WxXml.textReply(msg.get("FromUserName"), msg.getOrDefault("ToUserName", ""), now, replyText);
    if (safeMode) {
      String ts = Long.toString(now);
      String encrypted = crypto.encrypt(reply);
      String sig = WxCrypto.signature(props.token(), ts, nonce, encrypted);
      reply = WxXml.encryptedReply(encrypted, sig, ts, nonce);
    }
    return ResponseEntity.ok().contentType(XML).body(reply);
  }

  private boolean fresh(String timestamp) {
    long ts;
    try {
      ts = Long.parseLong(timestamp);
    } catch (NumberFormatException e) {
      return false;
    }
    return Math.abs(clock.instant().getEpochSecond() - ts) <= MAX_SKEW_SECONDS;
  }

  private static ResponseEntity<String> forbidden() {
    return ResponseEntity.status(HttpStatus.FORBIDDEN).contentType(MediaType.TEXT_PLAIN).body("");
  }
}
