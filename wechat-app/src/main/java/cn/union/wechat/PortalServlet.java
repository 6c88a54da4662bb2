package cn.union.wechat;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * The official account's server URL. Verifies every request (signature, timestamp window, safe-mode
 * signature and appid) before anything is stored or handled.
 *
 * <p>A plain servlet at {@code /wx/portal} rather than a Spring MVC controller: it runs for every
 * message the account receives and needs none of MVC's handler mapping, argument resolution or
 * message conversion, which cost more per message than the rest of the web layer. The servlet
 * filters (observation, encoding) apply as to every request; an exception still ends in Spring
 * Boot's error handling (500). Registered at {@code /wx/portal} by {@link WxConfig}.
 */
class PortalServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  static final long MAX_SKEW_SECONDS = 300;
  private static final cn.union.platform.Copy COPY = cn.union.platform.Copy.load("wechat");
  private static final String XML = "application/xml;charset=UTF-8";
  private static final String TEXT = "text/plain;charset=UTF-8";

  /**
   * WeChat's messages are a few kilobytes; anything far larger is not one of them (and would not
   * fit the inbound log's payload column on MySQL, a 64 KB TEXT).
   */
  static final int MAX_BODY_BYTES = 60 * 1024;

  private final transient WxProperties props;
  private final transient InboundDispatcher dispatcher;
  private final transient Clock clock;
  private final transient WxCrypto crypto;

  PortalServlet(WxProperties props, InboundDispatcher dispatcher, Clock clock) {
    this.props = props;
    this.dispatcher = dispatcher;
    this.clock = clock;
    this.crypto = props.safeModeConfigured() ? new WxCrypto(props.appId(), props.aesKey()) : null;
  }

  /**
   * WeChat's server-URL check: echoes {@code echostr} when the signature is right and the timestamp
   * within ±300 s.
   */
  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String timestamp = request.getParameter("timestamp");
    String nonce = request.getParameter("nonce");
    String echostr = request.getParameter("echostr");
    if (echostr == null
        || timestamp == null
        || nonce == null
        || !WxCrypto.signatureMatches(
            request.getParameter("signature"), props.token(), timestamp, nonce)
        || !fresh(timestamp)) {
      write(response, HttpServletResponse.SC_FORBIDDEN, TEXT, "");
      return;
    }
    write(response, HttpServletResponse.SC_OK, TEXT, echostr);
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String signature = request.getParameter("signature");
    String timestamp = request.getParameter("timestamp");
    String nonce = request.getParameter("nonce");
    if (timestamp == null
        || nonce == null
        || !WxCrypto.signatureMatches(signature, props.token(), timestamp, nonce)
        || !fresh(timestamp)) {
      write(response, HttpServletResponse.SC_FORBIDDEN, TEXT, "");
      return;
    }
    byte[] raw = request.getInputStream().readNBytes(MAX_BODY_BYTES + 1);
    if (raw.length > MAX_BODY_BYTES) {
      write(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, TEXT, "too large");
      return;
    }
    String body = new String(raw, StandardCharsets.UTF_8);
    WxMessage msg;
    try {
      msg = WxXml.message(body);
    } catch (WxXml.BadXmlException e) {
      write(response, HttpServletResponse.SC_BAD_REQUEST, TEXT, "bad xml");
      return;
    }
    boolean safeMode = "aes".equalsIgnoreCase(request.getParameter("encrypt_type"));
    String plainXml = body;
    if (safeMode) {
      String encrypted = msg.encrypt();
      if (crypto == null || encrypted == null) {
        write(response, HttpServletResponse.SC_BAD_REQUEST, TEXT, "safe mode not configured");
        return;
      }
      if (encrypted.isBlank()) {
        problem(response, "wx.encrypt-empty", COPY.text("problem.encrypt-empty"));
        return;
      }
      if (!WxCrypto.signatureMatches(
          request.getParameter("msg_signature"), props.token(), timestamp, nonce, encrypted)) {
        write(response, HttpServletResponse.SC_FORBIDDEN, TEXT, "");
        return;
      }
      try {
        plainXml = crypto.decrypt(encrypted);
        msg = WxXml.message(plainXml);
      } catch (WxCrypto.WxCryptoException e) {
        write(response, HttpServletResponse.SC_FORBIDDEN, TEXT, "");
        return;
      } catch (WxXml.BadXmlException e) {
        write(response, HttpServletResponse.SC_BAD_REQUEST, TEXT, "bad xml");
        return;
      }
    }
    if (!msg.isComplete()) {
      write(response, HttpServletResponse.SC_BAD_REQUEST, TEXT, "not a WeChat message");
      return;
    }
    String problem = WxMessageLimits.problem(msg);
    if (problem != null) {
      problem(response, "wx.message", problem);
      return;
    }
    String replyText = dispatcher.dispatch(msg, timestamp + ":" + nonce, plainXml);
    if (replyText == null) {
      write(response, HttpServletResponse.SC_OK, TEXT, "success");
      return;
    }
    long now = clock.instant().getEpochSecond();
    String reply = WxXml.textReply(msg.from(), msg.to() == null ? "" : msg.to(), now, replyText);
    if (safeMode) {
      String ts = Long.toString(now);
      String encrypted = crypto.encrypt(reply);
      String sig = WxCrypto.signature(props.token(), ts, nonce, encrypted);
      reply = WxXml.encryptedReply(encrypted, sig, ts, nonce);
    }
    write(response, HttpServletResponse.SC_OK, XML, reply);
  }

  /** A 400 as an RFC 9457 problem with a Chinese detail, as the admin API answers. */
  private static void problem(HttpServletResponse response, String code, String detail)
      throws IOException {
    String json =
        "{\"type\":\"urn:union:problem:"
            + code
            + "\",\"title\":\"Bad Request\",\"status\":400,"
            + "\"detail\":\""
            + detail.replace("\\", "\\\\").replace("\"", "\\\"")
            + "\",\"code\":\""
            + code
            + "\"}";
    write(
        response,
        HttpServletResponse.SC_BAD_REQUEST,
        "application/problem+json;charset=UTF-8",
        json);
  }

  private static void write(
      HttpServletResponse response, int status, String contentType, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.setContentType(contentType);
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
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
}
