package cn.union.helpdesk;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The intake so far. Stored as a URL-encoded form: Redis holds plain strings only (StringCodec).
 */
final class IntakeState {

  /** Where an intake stands: the question the worker is answering. */
  enum Step {
    CATEGORY,
    DESCRIPTION,
    UNIT,
    MOBILE,
    CONFIRM
  }

  Step step;
  Long categoryId;
  String categoryName;
  String description;
  List<Long> candidates = new ArrayList<>();
  Long orgId;
  String orgName;
  String mobileEnc;

  /** Unit and phone were taken from the worker's member record (they may change either). */
  boolean member;

  List<CaseViews.Media> media = new ArrayList<>();

  /** The inbound message the last step was taken from, and what that step answered. */
  Long lastInbound;

  String lastReply;

  String encode() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("step", step.name());
    put(m, "categoryId", categoryId);
    put(m, "categoryName", categoryName);
    put(m, "description", description);
    m.put("candidates", candidates.stream().map(String::valueOf).collect(Collectors.joining(",")));
    put(m, "orgId", orgId);
    put(m, "orgName", orgName);
    put(m, "mobileEnc", mobileEnc);
    if (member) {
      m.put("fromMember", "1");
    }
    m.put(
        "media",
        media.stream()
            .map(x -> enc(x.type()) + ":" + enc(x.mediaId()))
            .collect(Collectors.joining(",")));
    put(m, "last", lastInbound);
    put(m, "lastReply", lastReply);
    return m.entrySet().stream()
        .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
        .collect(Collectors.joining("&"));
  }

  static IntakeState decode(String form) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String pair : form.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        m.put(dec(pair.substring(0, eq)), dec(pair.substring(eq + 1)));
      }
    }
    IntakeState s = new IntakeState();
    s.step = Step.valueOf(m.get("step"));
    s.categoryId = longOrNull(m.get("categoryId"));
    s.categoryName = m.get("categoryName");
    s.description = m.get("description");
    String cands = m.getOrDefault("candidates", "");
    if (!cands.isEmpty()) {
      for (String id : cands.split(",")) {
        s.candidates.add(Long.valueOf(id));
      }
    }
    s.orgId = longOrNull(m.get("orgId"));
    s.orgName = m.get("orgName");
    s.mobileEnc = m.get("mobileEnc");
    s.member = "1".equals(m.get("fromMember"));
    String media = m.getOrDefault("media", "");
    if (!media.isEmpty()) {
      for (String item : media.split(",")) {
        int colon = item.indexOf(':');
        s.media.add(
            new CaseViews.Media(dec(item.substring(0, colon)), dec(item.substring(colon + 1))));
      }
    }
    s.lastInbound = longOrNull(m.get("last"));
    s.lastReply = m.get("lastReply");
    return s;
  }

  private static void put(Map<String, String> m, String key, Object value) {
    if (value != null) {
      m.put(key, String.valueOf(value));
    }
  }

  private static Long longOrNull(String s) {
    return s == null || s.isEmpty() ? null : Long.valueOf(s);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String dec(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
