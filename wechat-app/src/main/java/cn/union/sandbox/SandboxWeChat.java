package cn.union.sandbox;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * State of the built-in stand-in for WeChat's API: the access tokens it issued, every call it
 * received, QR tickets, and errors a test (or a person in the sandbox) asks it to return next.
 */
public class SandboxWeChat {

  /**
   * One call the app made to the WeChat API.
   *
   * @param errcode what the sandbox answered: 0 for success
   */
  public record Call(String path, String body, int errcode, Instant at) {

    public boolean succeeded() {
      return errcode == 0;
    }
  }

  /** A picture or voice message a worker "sent": WeChat keeps it for 3 days under its media id. */
  record Media(String contentType, String fileName, byte[] content, Instant uploadedAt) {}

  /** How long WeChat serves temporary media. */
  static final java.time.Duration MEDIA_KEPT = java.time.Duration.ofDays(3);

  private final String appId;
  private final String secret;
  private final Clock clock;
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final Map<String, Deque<Integer>> scriptedErrors = new ConcurrentHashMap<>();
  private final Map<String, String> tickets = new ConcurrentHashMap<>();
  private final Map<String, String> oauthCodes = new ConcurrentHashMap<>();
  private final Map<String, Media> media = new ConcurrentHashMap<>();
  private final AtomicInteger tokensIssued = new AtomicInteger();
  private final AtomicLong msgIds = new AtomicLong(1000);
  private volatile String validToken;

  public SandboxWeChat(String appId, String secret, Clock clock) {
    this.appId = appId;
    this.secret = secret;
    this.clock = clock;
  }

  boolean credentialsMatch(String appid, String secret) {
    return this.appId.equals(appid) && this.secret.equals(secret);
  }

  synchronized String issueToken() {
    validToken = "sandbox-token-" + UUID.randomUUID();
    tokensIssued.incrementAndGet();
    return validToken;
  }

  boolean tokenValid(String token) {
    return token != null && token.equals(validToken);
  }

  /** Makes the current token stale, as when another party refreshed it (errcode 40001 next). */
  public void invalidateToken() {
    validToken = null;
  }

  public int tokensIssued() {
    return tokensIssued.get();
  }

  /** The next call to {@code path} answers with this errcode instead of succeeding. */
  public void failNext(String path, int errcode) {
    scriptedErrors.computeIfAbsent(path, p -> new ArrayDeque<>()).add(errcode);
  }

  Integer takeScriptedError(String path) {
    Deque<Integer> queue = scriptedErrors.get(path);
    synchronized (this) {
      return queue == null ? null : queue.poll();
    }
  }

  void record(String path, String body, int errcode) {
    calls.add(new Call(path, body, errcode, clock.instant()));
  }

  public List<Call> calls() {
    return new ArrayList<>(calls);
  }

  public List<Call> calls(String path) {
    return calls.stream().filter(c -> c.path().equals(path)).toList();
  }

  /** The calls to {@code path} that succeeded, i.e. the messages WeChat would really deliver. */
  public List<Call> delivered(String path) {
    return calls.stream().filter(c -> c.path().equals(path) && c.succeeded()).toList();
  }

  public void reset() {
    calls.clear();
    scriptedErrors.clear();
  }

  long nextMsgId() {
    return msgIds.incrementAndGet();
  }

  String newTicket(String sceneJson) {
    String ticket = "sandbox-ticket-" + UUID.randomUUID();
    tickets.put(ticket, sceneJson);
    return ticket;
  }

  boolean knowsTicket(String ticket) {
    return tickets.containsKey(ticket);
  }

  /**
   * Keeps media as WeChat does when a worker sends a picture or voice message; the returned id goes
   * into the message's {@code MediaId}.
   */
  public String putMedia(String contentType, String fileName, byte[] content) {
    String id = "sandbox-media-" + UUID.randomUUID().toString().replace("-", "");
    media.put(id, new Media(contentType, fileName, content.clone(), clock.instant()));
    return id;
  }

  /** The media of that id while WeChat would still serve it (3 days), else {@code null}. */
  Media media(String id) {
    Media m = id == null ? null : media.get(id);
    if (m == null || !clock.instant().isBefore(m.uploadedAt().plus(MEDIA_KEPT))) {
      return null;
    }
    return m;
  }

  /** A one-time OAuth code for a worker, as WeChat would put on the redirect. */
  public String issueOauthCode(String openid) {
    String code = "sandbox-code-" + UUID.randomUUID();
    oauthCodes.put(code, openid);
    return code;
  }

  String redeemOauthCode(String code) {
    return code == null ? null : oauthCodes.remove(code);
  }
}
