package cn.union.sandbox;

import cn.union.platform.Copy;
import cn.union.wechat.MenuService;
import cn.union.wechat.WxCrypto;
import cn.union.wechat.WxProperties;
import cn.union.wechat.WxXml;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.env.Environment;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Backs the sandbox phone page: plays WeChat's servers by signing each tap or text as XML and
 * posting it to this app's real {@code /wx/portal}, and shows what the app sent back later
 * (customer-service and template messages received by the sandbox API).
 */
@RestController
@RequestMapping(path = "/sandbox/api", produces = MediaType.APPLICATION_JSON_VALUE)
@ConditionalOnProperty(name = "union.sandbox.enabled", havingValue = "true")
class SandboxChatApi {

  private static final AtomicLong MSG_IDS = new AtomicLong(System.currentTimeMillis());
  private static final Copy COPY = Copy.load("wechat");

  private final SandboxWeChat sandbox;
  private final WxProperties wx;
  private final Environment env;
  private final JsonMapper json;
  private final MenuService menus;
  private final Clock clock;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  SandboxChatApi(
      SandboxWeChat sandbox,
      WxProperties wx,
      Environment env,
      JsonMapper json,
      MenuService menus,
      Clock clock) {
    this.sandbox = sandbox;
    this.wx = wx;
    this.env = env;
    this.json = json;
    this.menus = menus;
    this.clock = clock;
  }

  /**
   * What the worker does on the phone.
   *
   * @param kind {@code text}, {@code click}, {@code subscribe}, {@code scan}, {@code image}, {@code
   *     voice}
   * @param value the text, menu key or QR scene (nothing for media: the sandbox makes a sample)
   */
  record Action(String openid, String kind, String value) {}

  record Answer(int status, String reply) {}

  record Outgoing(int index, String kind, String text, String at) {}

  @GetMapping("/menu")
  String menu() {
    return menus.loadMenuJson();
  }

  @PostMapping("/send")
  Answer send(@RequestBody Action action) throws IOException, InterruptedException {
    String openid =
        action.openid() == null || action.openid().isBlank()
            ? "oSandboxWorker0001"
            : action.openid();
    long now = clock.instant().getEpochSecond();
    String value = action.value() == null ? "" : action.value();
    String xml =
        switch (action.kind() == null ? "text" : action.kind()) {
          case "click" -> event(openid, now, "CLICK", value);
          case "subscribe" ->
              event(openid, now, "subscribe", value.isEmpty() ? null : "qrscene_" + value);
          case "scan" -> event(openid, now, "SCAN", value);
          case "image" ->
              media(
                  openid,
                  now,
                  "image",
                  sandbox.putMedia("image/png", "photo.png", SampleMedia.png()));
          case "voice" ->
              media(
                  openid,
                  now,
                  "voice",
                  sandbox.putMedia("audio/amr", "voice.amr", SampleMedia.amr()));
          default ->
              "<xml><ToUserName><![CDATA[gh_sandbox]]></ToUserName><FromUserName><![CDATA["
                  + openid
                  + "]]></FromUserName><CreateTime>"
                  + now
                  + "</CreateTime><MsgType><![CDATA[text]]></MsgType><Content>"
                  + "<![CDATA["
                  + value.replace("]]>", "")
                  + "]]></Content><MsgId>"
                  + MSG_IDS.incrementAndGet()
                  + "</MsgId></xml>";
        };
    String ts = Long.toString(now);
    String nonce = UUID.randomUUID().toString().substring(0, 12);
    String query =
        "signature="
            + WxCrypto.signature(wx.token(), ts, nonce)
            + "&timestamp="
            + ts
            + "&nonce="
            + nonce
            + "&openid="
            + openid;
    String port = env.getProperty("local.server.port", "8080");
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/wx/portal?" + query))
                .timeout(Duration.ofSeconds(6))
                .header("Content-Type", "text/xml; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(xml, StandardCharsets.UTF_8))
                .build(),
            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    String body = r.body();
    String reply =
        body != null && body.startsWith("<xml>") ? WxXml.parse(body).get("Content") : null;
    return new Answer(r.statusCode(), reply);
  }

  /** Messages the app sent to this worker through the API, from {@code after} on. */
  @GetMapping("/outbox")
  List<Outgoing> outbox(@RequestParam String openid, @RequestParam(defaultValue = "0") int after) {
    List<SandboxWeChat.Call> calls = sandbox.calls();
    List<Outgoing> out = new ArrayList<>();
    for (int i = after; i < calls.size(); i++) {
      SandboxWeChat.Call c = calls.get(i);
      if (!c.succeeded()) {
        continue;
      }
      if (c.path().equals("/cgi-bin/message/custom/send")
          || c.path().equals("/cgi-bin/message/template/send")
          || c.path().equals("/cgi-bin/message/subscribe/bizsend")) {
        JsonNode body = json.readTree(c.body());
        if (!openid.equals(body.path("touser").asString(""))) {
          continue;
        }
        boolean custom = c.path().endsWith("custom/send");
        String text = custom ? body.path("text").path("content").asString("") : templateText(body);
        out.add(
            new Outgoing(
                i + 1,
                COPY.text(custom ? "sandbox.via-custom" : "sandbox.via-template"),
                text,
                c.at().toString()));
      }
    }
    return out;
  }

  /** The position after the last recorded call, so the page only asks for what is new. */
  @GetMapping("/outbox/cursor")
  Map<String, Integer> cursor() {
    return Map.of("cursor", sandbox.calls().size());
  }

  private static String templateText(JsonNode body) {
    StringBuilder sb = new StringBuilder();
    body.path("data")
        .properties()
        .forEach(e -> sb.append(e.getValue().path("value").asString("")).append(' '));
    String url = body.path("url").asString("");
    return sb.toString().trim()
        + (url.isEmpty() ? "" : "\n" + COPY.render("sandbox.details", Map.of("url", url)));
  }

  private static String media(String openid, long now, String type, String mediaId) {
    return "<xml><ToUserName><![CDATA[gh_sandbox]]></ToUserName><FromUserName><![CDATA["
        + openid
        + "]]></FromUserName><CreateTime>"
        + now
        + "</CreateTime><MsgType><![CDATA["
        + type
        + "]]></MsgType>"
        + "<MediaId><![CDATA["
        + mediaId
        + "]]></MediaId><MsgId>"
        + MSG_IDS.incrementAndGet()
        + "</MsgId></xml>";
  }

  private static String event(String openid, long now, String event, String key) {
    return "<xml><ToUserName><![CDATA[gh_sandbox]]></ToUserName><FromUserName><![CDATA["
        + openid
        + "]]></FromUserName><CreateTime>"
        + now
        + "</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA["
        + event
        + "]]></Event>"
        + (key == null ? "" : "<EventKey><![CDATA[" + key + "]]></EventKey>")
        + "</xml>";
  }
}
