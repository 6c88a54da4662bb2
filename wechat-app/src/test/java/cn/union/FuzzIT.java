package cn.union;

import static org.assertj.core.api.Assertions.assertThat;

import cn.union.support.ApiClient;
import cn.union.support.ApiOperations;
import cn.union.support.ApiOperations.Operation;
import cn.union.support.IntegrationTest;
import cn.union.support.WxClient;
import cn.union.wechat.WxCrypto;
import cn.union.wechat.WxProperties;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A fuzzer with a fixed seed: random and mutated WeChat messages into {@code /wx/portal} (signed,
 * badly signed, safe mode, broken XML, DOCTYPE, invalid UTF-8, other encodings, oversize bodies,
 * huge numbers, unicode edge cases) and random calls to every admin operation of the OpenAPI
 * document (SQL-ish and odd strings in every path variable, query parameter and body field, broken
 * JSON, odd media types), from 8 threads at once. No answer may be a 5xx or show internals, and the
 * server must be healthy and still hold a conversation afterwards.
 *
 * <p>It runs in the failsafe phase, in a JVM and database of its own: it calls as the super-admin,
 * and what it changes must not reach the other tests. {@code -Dfuzz.count} and {@code -Dfuzz.seed}
 * change the run.
 */
class FuzzIT extends IntegrationTest {

  static final long SEED = Long.getLong("fuzz.seed", 20261204L);
  static final int COUNT = Integer.getInteger("fuzz.count", 10_000);
  static final Pattern INTERNALS =
      Pattern.compile(
          "Exception|\\bat (cn|org|java|com)\\.|java\\.lang|org\\.springframework|mybatis|SQLState|syntax error|jdbc",
          Pattern.CASE_INSENSITIVE);
  static final Pattern VARIABLE = Pattern.compile("\\{([^}]+)}");

  static final List<String> EDGE =
      List.of(
          "",
          " ",
          "0",
          "-1",
          "1e309",
          "NaN",
          "99999999999999999999",
          "-9223372036854775809",
          "3.2e16",
          "' OR '1'='1",
          "1; DROP TABLE help_case; --",
          "\" OR 1=1 --",
          "admin'--",
          "1 UNION SELECT password_hash FROM staff_user",
          "%",
          "_",
          "%00",
          "\u0000",
          "\\",
          "\\\\'",
          "${jndi:ldap://127.0.0.1/x}",
          "#{7*7}",
          "{{7*7}}",
          "%s%n%x",
          "../../etc/passwd",
          "<script>alert(1)</script>",
          "]]><x>",
          "<![CDATA[",
          "&amp;&lt;&#0;",
          "\u202Eevil",
          "\u200B\u200C\u200D",
          "e\u0301\u0301\u0301",
          "😀👍🏽👨‍👩‍👧",
          "\uFEFF",
          "\uFFFF",
          "𠜎𠜱𠝹",
          "中".repeat(600),
          "x".repeat(5000),
          "取消",
          "我要求助",
          "投票 1",
          "投票 99999999999",
          "补充 HB-20260101-000001 工资",
          "1",
          "2",
          "3",
          "满意",
          "确认",
          "13800138000",
          "420502198506110019",
          "null",
          "true",
          "[]",
          "{}",
          "2026-02-30",
          "9999-12-31T23:59:59Z");

  @Autowired WxProperties props;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final AtomicLong nonce = new AtomicLong();
  private final Map<String, AtomicInteger> statuses = new ConcurrentHashMap<>();
  private final List<String> failures = Collections.synchronizedList(new ArrayList<>());

  record Input(String kind, String method, String url, Map<String, String> headers, byte[] body) {}

  @Test
  void tenThousandHostileInputsGetNoServerErrorAndLeaveTheServerHealthy() throws Exception {
    String token = admin().token();
    List<Operation> ops =
        ApiOperations.of(port).stream()
            .filter(op -> !op.path().startsWith("/auth/") && !op.path().equals("/cases/events"))
            .toList();
    Random seeds = new Random(SEED);
    List<Future<?>> done = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    AtomicInteger portal = new AtomicInteger();
    AtomicInteger api = new AtomicInteger();
    for (int i = 0; i < COUNT; i++) {
      long inputSeed = seeds.nextLong();
      boolean toPortal = i % 5 < 3;
      done.add(
          pool.submit(
              () -> {
                Random r = new Random(inputSeed);
                Input in = toPortal ? portalInput(r) : apiInput(r, ops, token);
                (toPortal ? portal : api).incrementAndGet();
                send(in, inputSeed);
              }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();

    System.out.printf(
        "[fuzz] seed %d: %d inputs tried (%d to /wx/portal, %d to the admin API), answers by status %s%n",
        SEED, portal.get() + api.get(), portal.get(), api.get(), new java.util.TreeMap<>(statuses));
    failures.stream().limit(20).forEach(f -> System.out.println("[fuzz] FAILED " + f));
    assertThat(portal.get() + api.get()).isEqualTo(COUNT);
    assertThat(failures)
        .as("inputs answered with a server error or internals (seed, input, answer)")
        .isEmpty();

    HttpResponse<String> health =
        http.send(
            HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
    WxClient wx = new WxClient(baseUrl(), props.token(), props.appId(), props.aesKey(), clock);
    assertThat(wx.say("oFuzzAfter" + SEED, "我要求助").content())
        .as("a conversation after the fuzz")
        .contains("类别");
  }

  void send(Input in, long seed) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(in.url())).timeout(Duration.ofSeconds(30));
    in.headers().forEach(b::header);
    b.method(
        in.method(),
        in.body() == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(in.body()));
    String what =
        seed + " " + in.kind() + " " + in.method() + " " + in.url().substring(baseUrl().length());
    try {
      HttpResponse<String> res =
          http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      statuses
          .computeIfAbsent(String.valueOf(res.statusCode()), k -> new AtomicInteger())
          .incrementAndGet();
      String body = res.body() == null ? "" : res.body();
      if (res.statusCode() >= 500) {
        failures.add(what + " → " + res.statusCode() + " " + excerpt(body));
      } else if (INTERNALS.matcher(body).find()) {
        failures.add(what + " → internals in the answer: " + excerpt(body));
      }
    } catch (IOException e) {
      failures.add(what + " → no answer: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failures.add(what + " → interrupted");
    }
  }

  static String excerpt(String body) {
    return body.length() > 300 ? body.substring(0, 300) + "…" : body;
  }

  static <T> T pick(Random r, List<T> from) {
    return from.get(r.nextInt(from.size()));
  }

  String edge(Random r) {
    return r.nextInt(4) == 0 ? randomUnicode(r) : pick(r, EDGE);
  }

  static String randomUnicode(Random r) {
    StringBuilder sb = new StringBuilder();
    int n = r.nextInt(40);
    for (int i = 0; i < n; i++) {
      int cp =
          switch (r.nextInt(5)) {
            case 0 -> r.nextInt(0x80);
            case 1 -> 0x4E00 + r.nextInt(0x5000);
            case 2 -> 0x1F300 + r.nextInt(0x300);
            case 3 -> r.nextInt(0x20);
            default -> r.nextInt(0x10000);
          };
      if (Character.isSurrogate((char) cp)) {
        cp = '?';
      }
      sb.appendCodePoint(cp);
    }
    return sb.toString();
  }

  // ---------------------------------------------------------------- /wx/portal

  Input portalInput(Random r) {
    String xml = message(r);
    byte[] body;
    Map<String, String> headers =
        new java.util.HashMap<>(Map.of("Content-Type", "text/xml; charset=utf-8"));
    switch (r.nextInt(12)) {
      case 0 ->
          body = xml.substring(0, r.nextInt(xml.length() + 1)).getBytes(StandardCharsets.UTF_8);
      case 1 ->
          body =
              ("<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                      + xml.replace("</xml>", "<Content>&x;</Content></xml>"))
                  .getBytes(StandardCharsets.UTF_8);
      case 2 -> {
        body = new byte[r.nextInt(2000)];
        r.nextBytes(body);
      }
      case 3 -> {
        body = ("<?xml version=\"1.0\" encoding=\"GBK\"?>" + xml).getBytes(Charset.forName("GBK"));
        headers.put("Content-Type", "text/xml; charset=GBK");
      }
      case 4 ->
          body =
              (r.nextBoolean()
                      ? "<xml>" + "<a>".repeat(20_000) + "</xml>"
                      : "<xml>" + "x".repeat(100_000))
                  .getBytes(StandardCharsets.UTF_8);
      case 5 -> {
        byte[] utf8 = xml.getBytes(StandardCharsets.UTF_8);
        body = java.util.Arrays.copyOf(utf8, utf8.length);
        for (int k = 0; k < 1 + r.nextInt(5); k++) {
          body[r.nextInt(body.length)] = (byte) (0x80 + r.nextInt(0x80));
        }
      }
      case 6 -> {
        headers.put(
            "Content-Type",
            pick(r, List.of("application/json", "*/*", "text/xml; charset=nonsense", "")));
        body = xml.getBytes(StandardCharsets.UTF_8);
      }
      default -> body = xml.getBytes(StandardCharsets.UTF_8);
    }
    if (headers.get("Content-Type").isEmpty()) {
      headers.remove("Content-Type");
    }
    String ts =
        Long.toString(clock.instant().getEpochSecond() + (r.nextInt(20) == 0 ? 100_000 : 0));
    String n = "fz" + SEED + "x" + nonce.incrementAndGet();
    String sig = WxCrypto.signature(props.token(), ts, n);
    String query =
        switch (r.nextInt(10)) {
          case 0 -> "signature=" + sig.replace('a', 'b') + "&timestamp=" + ts + "&nonce=" + n;
          case 1 -> "timestamp=" + ts + "&nonce=" + n;
          case 2 -> "signature=" + sig + "&timestamp=" + enc(edge(r)) + "&nonce=" + n;
          default -> "signature=" + sig + "&timestamp=" + ts + "&nonce=" + n + "&openid=x";
        };
    return new Input("portal", "POST", baseUrl() + "/wx/portal?" + query, headers, body);
  }

  String message(Random r) {
    String type =
        pick(
            r,
            List.of(
                "text",
                "text",
                "text",
                "event",
                "event",
                "image",
                "voice",
                "location",
                "link",
                "video",
                "shortvideo",
                edge(r)));
    List<String> fields = new ArrayList<>();
    fields.add(tag("ToUserName", r.nextInt(10) == 0 ? edge(r) : "gh_union", r));
    fields.add(
        tag(
            "FromUserName",
            r.nextInt(8) == 0 ? edge(r) : "oFuzz" + SEED % 1000 + "w" + r.nextInt(40),
            r));
    fields.add(
        tag(
            "CreateTime",
            r.nextInt(6) == 0 ? edge(r) : Long.toString(clock.instant().getEpochSecond()),
            r));
    fields.add(tag("MsgType", type, r));
    switch (type) {
      case "text" -> fields.add(tag("Content", edge(r), r));
      case "event" -> {
        fields.add(
            tag(
                "Event",
                pick(
                    r,
                    List.of(
                        "subscribe",
                        "unsubscribe",
                        "SCAN",
                        "CLICK",
                        "VIEW",
                        "TEMPLATESENDJOBFINISH",
                        "LOCATION",
                        edge(r))),
                r));
        fields.add(
            tag(
                "EventKey",
                pick(
                    r,
                    List.of(
                        "HELP_REQUEST",
                        "MY_REQUESTS",
                        "JOIN_UNION",
                        "VOTE",
                        "qrscene_JOIN_1",
                        "JOIN_" + edge(r),
                        "qrscene_" + edge(r),
                        edge(r))),
                r));
      }
      case "location" -> {
        fields.add(tag("Location_X", edge(r), r));
        fields.add(tag("Location_Y", edge(r), r));
        fields.add(tag("Scale", edge(r), r));
      }
      default -> {
        fields.add(tag("MediaId", edge(r), r));
        fields.add(tag("PicUrl", edge(r), r));
      }
    }
    fields.add(
        tag(
            "MsgId",
            r.nextInt(5) == 0 ? edge(r) : Long.toString(r.nextLong() & Long.MAX_VALUE),
            r));
    if (r.nextInt(5) == 0) {
      Collections.shuffle(fields, r);
    }
    if (r.nextInt(6) == 0) {
      fields.remove(r.nextInt(fields.size()));
    }
    if (r.nextInt(8) == 0) {
      fields.add(fields.get(r.nextInt(fields.size())));
    }
    return "<xml>" + String.join("", fields) + "</xml>";
  }

  static String tag(String name, String value, Random r) {
    return r.nextInt(10) == 0
        ? "<" + name + ">" + value + "</" + name + ">"
        : "<" + name + "><![CDATA[" + value + "]]></" + name + ">";
  }

  // ---------------------------------------------------------------- admin API

  static final List<String> FIELDS =
      List.of(
          "title",
          "name",
          "orgId",
          "parentId",
          "content",
          "status",
          "page",
          "size",
          "sort",
          "level",
          "role",
          "username",
          "password",
          "displayName",
          "reason",
          "verdict",
          "startAt",
          "endAt",
          "votesPerVoterPerDay",
          "idNumber",
          "mobile",
          "employer",
          "label",
          "permanent",
          "expireDays",
          "summary",
          "text",
          "q",
          "date",
          "kind",
          "enabled",
          "workday",
          "note",
          "candidateId",
          "description",
          "unit",
          "story",
          "number");

  Input apiInput(Random r, List<Operation> ops, String token) {
    Operation op = pick(r, ops);
    Matcher m = VARIABLE.matcher(op.path());
    StringBuilder path = new StringBuilder();
    while (m.find()) {
      // Never the small ids of the seed's users and orgs: the fuzzer calls as the super-admin.
      String v = r.nextInt(3) == 0 ? Long.toString(1000 + r.nextInt(1_000_000)) : edge(r);
      m.appendReplacement(path, Matcher.quoteReplacement(enc(v.isEmpty() ? "x" : v)));
    }
    m.appendTail(path);
    StringBuilder query = new StringBuilder();
    for (String q : op.query()) {
      if (r.nextInt(10) < 7) {
        query.append(query.length() == 0 ? "?" : "&").append(q).append('=').append(enc(edge(r)));
      }
    }
    Map<String, String> headers = new java.util.HashMap<>();
    if (r.nextInt(40) != 0) {
      headers.put("Authorization", "Bearer " + token);
    }
    byte[] body = null;
    if (!op.method().equals("GET") && !op.method().equals("DELETE")) {
      headers.put(
          "Content-Type",
          r.nextInt(8) == 0
              ? pick(
                  r,
                  List.of(
                      "text/plain",
                      "application/xml",
                      "application/json; charset=GBK",
                      "multipart/form-data"))
              : op.contentType() == null ? "application/json" : op.contentType());
      body =
          (op.contentType() != null && op.contentType().startsWith("text/") ? csv(r) : json(r))
              .getBytes(StandardCharsets.UTF_8);
    }
    return new Input("api", op.method(), baseUrl() + ApiClient.API + path + query, headers, body);
  }

  String json(Random r) {
    return switch (r.nextInt(10)) {
      case 0 -> "";
      case 1 -> "{\"title\": ";
      case 2 -> "[" + jsonValue(r, 0) + "]";
      case 3 -> edge(r);
      default -> {
        StringBuilder sb = new StringBuilder("{");
        int n = 1 + r.nextInt(8);
        for (int i = 0; i < n; i++) {
          sb.append(i == 0 ? "" : ",")
              .append(quote(r.nextInt(10) == 0 ? edge(r) : pick(r, FIELDS)))
              .append(':')
              .append(jsonValue(r, 0));
        }
        yield sb.append('}').toString();
      }
    };
  }

  String jsonValue(Random r, int depth) {
    return switch (r.nextInt(depth > 2 ? 6 : 8)) {
      case 0 -> "null";
      case 1 -> Boolean.toString(r.nextBoolean());
      case 2 ->
          pick(
              r,
              List.of(
                  "0", "-1", "1e309", "99999999999999999999", "1.5", "-0", "9223372036854775807"));
      case 3 -> Long.toString(1000 + r.nextInt(1_000_000));
      case 6 -> "[" + jsonValue(r, depth + 1) + "," + jsonValue(r, depth + 1) + "]";
      case 7 -> "{" + quote(pick(r, FIELDS)) + ":" + jsonValue(r, depth + 1) + "}";
      default -> quote(edge(r));
    };
  }

  String csv(Random r) {
    StringBuilder sb =
        new StringBuilder(
            r.nextBoolean()
                ? "name,credit_code,address,region_code,has_union,union_org_id\n"
                : edge(r) + "\n");
    for (int i = 0; i < r.nextInt(5); i++) {
      sb.append(edge(r).replace("\n", " "))
          .append(',')
          .append(edge(r))
          .append(",x,")
          .append(edge(r))
          .append(",是,")
          .append(edge(r))
          .append('\n');
    }
    return sb.toString();
  }

  static String quote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.append('"').toString();
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
