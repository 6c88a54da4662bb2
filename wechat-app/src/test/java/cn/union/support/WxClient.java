package cn.union.support;

import cn.union.wechat.WxCrypto;
import cn.union.wechat.WxXml;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Plays WeChat's servers in tests: signs (and optionally encrypts) XML and posts it to /wx/portal.
 */
public final class WxClient {

  private static final AtomicLong MSG_IDS = new AtomicLong(System.currentTimeMillis() * 1000);

  private final String baseUrl;
  private final String token;
  private final WxCrypto crypto;
  private final Clock clock;
  private final HttpClient http = HttpClient.newHttpClient();
  private boolean safeMode;

  public WxClient(String baseUrl, String token, String appId, String aesKey, Clock clock) {
    this.baseUrl = baseUrl;
    this.token = token;
    this.crypto = new WxCrypto(appId, aesKey);
    this.clock = clock;
  }

  public WxClient safeMode(boolean on) {
    this.safeMode = on;
    return this;
  }

  /** A reply: HTTP status, raw body and, when it is a message, its decrypted fields. */
  public record Answer(int status, String body, Map<String, String> fields) {
    public String content() {
      return fields == null ? null : fields.get("Content");
    }
  }

  private static final java.util.regex.Pattern FROM =
      java.util.regex.Pattern.compile("<FromUserName><!\\[CDATA\\[([^\\]]+)]]>");

  public static long nextMsgId() {
    return MSG_IDS.incrementAndGet();
  }

  public static String text(String openid, String content, long msgId, long createTime) {
    return "<xml><ToUserName><![CDATA[gh_union]]></ToUserName><FromUserName><![CDATA["
        + openid
        + "]]></FromUserName><CreateTime>"
        + createTime
        + "</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA["
        + content
        + "]]></Content><MsgId>"
        + msgId
        + "</MsgId></xml>";
  }

  public static String event(String openid, String event, String eventKey, long createTime) {
    return "<xml><ToUserName><![CDATA[gh_union]]></ToUserName><FromUserName><![CDATA["
        + openid
        + "]]></FromUserName><CreateTime>"
        + createTime
        + "</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA["
        + event
        + "]]></Event>"
        + (eventKey == null ? "" : "<EventKey><![CDATA[" + eventKey + "]]></EventKey>")
        + "</xml>";
  }

  public static String media(
      String openid, String type, String mediaId, long msgId, long createTime) {
    return "<xml><ToUserName><![CDATA[gh_union]]></ToUserName><FromUserName><![CDATA["
        + openid
        + "]]></FromUserName><CreateTime>"
        + createTime
        + "</CreateTime><MsgType><![CDATA["
        + type
        + "]]></MsgType><MediaId><![CDATA["
        + mediaId
        + "]]></MediaId><MsgId>"
        + msgId
        + "</MsgId></xml>";
  }

  public long now() {
    return clock.instant().getEpochSecond();
  }

  /** Sends text as a worker would type it. */
  public Answer say(String openid, String content) {
    return post(text(openid, content, nextMsgId(), now()));
  }

  public Answer click(String openid, String key) {
    return post(event(openid, "CLICK", key, now()));
  }

  public Answer post(String xml) {
    return post(xml, Long.toString(now()), UUID.randomUUID().toString().substring(0, 10));
  }

  /** Posts with a given timestamp and nonce, signed correctly. */
  public Answer post(String xml, String timestamp, String nonce) {
    java.util.regex.Matcher from = FROM.matcher(xml);
    if (from.find()) {
      TestLog.openid(from.group(1));
    }
    String signature = WxCrypto.signature(token, timestamp, nonce);
    String query =
        "signature=" + signature + "&timestamp=" + timestamp + "&nonce=" + nonce + "&openid=x";
    String body = xml;
    if (safeMode) {
      String encrypted = crypto.encrypt(xml);
      String msgSignature = WxCrypto.signature(token, timestamp, nonce, encrypted);
      query += "&encrypt_type=aes&msg_signature=" + msgSignature;
      body =
          "<xml><ToUserName><![CDATA[gh_union]]></ToUserName><Encrypt><![CDATA["
              + encrypted
              + "]]></Encrypt></xml>";
    }
    return raw(query, body);
  }

  /** Posts exactly this query and body, for tests of what must be refused. */
  public Answer raw(String query, String body) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(baseUrl + "/wx/portal?" + query))
            .header("Content-Type", "text/xml; charset=utf-8")
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .build();
    try {
      HttpResponse<String> response =
          http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Answer(response.statusCode(), response.body(), decode(response.body()));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public HttpResponse<String> get(String query) {
    try {
      return http.send(
          HttpRequest.newBuilder(URI.create(baseUrl + "/wx/portal?" + query)).GET().build(),
          HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private Map<String, String> decode(String body) {
    if (body == null || !body.startsWith("<xml>")) {
      return null;
    }
    Map<String, String> fields = WxXml.parse(body);
    if (fields.containsKey("Encrypt")) {
      String sig =
          WxCrypto.signature(
              token, fields.get("TimeStamp"), fields.get("Nonce"), fields.get("Encrypt"));
      if (!sig.equals(fields.get("MsgSignature"))) {
        throw new AssertionError("reply has a wrong MsgSignature");
      }
      return WxXml.parse(crypto.decrypt(fields.get("Encrypt")));
    }
    return fields;
  }
}
