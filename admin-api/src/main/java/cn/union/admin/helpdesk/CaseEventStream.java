package cn.union.admin.helpdesk;

import cn.union.helpdesk.CaseChanged;
import cn.union.staff.Caller;
import cn.union.staff.Role;
import cn.union.staff.SessionStore;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.redisson.api.RBucket;
import org.redisson.api.RTopic;
import org.redisson.api.RedissonClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pushes case news to the consoles that are open, on every node: a committed {@link CaseChanged}
 * goes to a Redis topic, and each node forwards what the topic brings to its own Server-Sent Events
 * subscribers whose org subtree contains the case. Consoles re-read the list on an event instead of
 * polling the database every few seconds.
 *
 * <p>A browser's EventSource cannot send an Authorization header, so a logged-in console first
 * takes a ticket (valid one minute, usable once) and opens the stream with it. Tickets are never
 * logged.
 */
@Component
class CaseEventStream {

  static final String TOPIC = "helpdesk:case-events";
  static final Duration TICKET_TTL = Duration.ofMinutes(1);

  /**
   * A console reconnects (with a new ticket) after this; it also bounds a subscriber whose session
   * ended.
   */
  static final Duration STREAM_TIMEOUT = Duration.ofMinutes(30);

  private static final Logger log = LoggerFactory.getLogger(CaseEventStream.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final SecureRandom RANDOM = new SecureRandom();

  /** An open stream, with the key of the console session it was opened under. */
  private record Subscriber(SseEmitter emitter, String orgPath, String session) {}

  /** A redeemed ticket: who, and under which session. */
  record Redeemed(Caller caller, String session) {}

  private final RedissonClient redisson;
  private final Clock clock;
  private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
  private final SessionStore sessions;
  private RTopic topic;
  private int listenerId;
  private RTopic ended;
  private int endedListenerId;

  CaseEventStream(RedissonClient redisson, Clock clock, SessionStore sessions) {
    this.redisson = redisson;
    this.clock = clock;
    this.sessions = sessions;
  }

  @PostConstruct
  void listen() {
    topic = redisson.getTopic(TOPIC);
    listenerId = topic.addListener(String.class, (channel, message) -> fanOut(message));
    // A stream lives no longer than the session that took its ticket: logout, a disabled account
    // or a password change ends it at once, on whichever node it is open.
    ended = redisson.getTopic(SessionStore.ENDED_TOPIC);
    endedListenerId = ended.addListener(String.class, (channel, session) -> endSession(session));
  }

  private void endSession(String session) {
    for (Subscriber s : subscribers) {
      if (s.session().equals(session)) {
        subscribers.remove(s);
        s.emitter().complete();
      }
    }
  }

  /**
   * Ends the open streams as soon as shutdown begins: graceful shutdown waits for requests in
   * flight, and an open stream would hold it for its whole timeout. Consoles reconnect elsewhere.
   */
  @EventListener(ContextClosedEvent.class)
  void closeStreams() {
    subscribers.forEach(s -> s.emitter().complete());
    subscribers.clear();
  }

  @PreDestroy
  void stop() {
    topic.removeListener(listenerId);
    ended.removeListener(endedListenerId);
    closeStreams();
  }

  /** Only once the change is committed: a subscriber that re-reads at once must find it. */
  @TransactionalEventListener(fallbackExecution = true)
  void publish(CaseChanged e) {
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("caseId", e.caseId());
    message.put("number", e.number());
    message.put("kind", e.kind());
    message.put("orgPath", e.orgPath());
    topic.publish(JSON.writeValueAsString(message));
  }

  record Ticket(String ticket, Instant expiresAt) {}

  Ticket issueTicket(Caller caller, String token) {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    String ticket = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    String value =
        String.join(
            "|",
            SessionStore.keyOf(token),
            Long.toString(caller.userId()),
            caller.username(),
            caller.role().name(),
            Long.toString(caller.orgId()),
            caller.orgPath());
    redisson.<String>getBucket(key(ticket)).set(value, TICKET_TTL.toSeconds(), TimeUnit.SECONDS);
    return new Ticket(ticket, clock.instant().plus(TICKET_TTL));
  }

  /**
   * The caller a ticket was issued to, once; {@code null} for an unknown, used or expired ticket,
   * or one whose session ended.
   */
  Redeemed redeem(String ticket) {
    if (ticket == null || !ticket.matches("[A-Za-z0-9_-]{16,64}")) {
      return null;
    }
    RBucket<String> bucket = redisson.getBucket(key(ticket));
    String value = bucket.getAndDelete();
    if (value == null) {
      return null;
    }
    String[] f = value.split("\\|", 6);
    if (!sessions.isOpen(f[0])) {
      return null;
    }
    return new Redeemed(
        new Caller(
            Long.parseLong(f[1]), f[2], Role.valueOf(f[3]), Long.parseLong(f[4]), f[5], false),
        f[0]);
  }

  SseEmitter subscribe(Redeemed redeemed) {
    SseEmitter emitter = new SseEmitter(STREAM_TIMEOUT.toMillis());
    Subscriber s = new Subscriber(emitter, redeemed.caller().orgPath(), redeemed.session());
    emitter.onCompletion(() -> subscribers.remove(s));
    emitter.onTimeout(() -> subscribers.remove(s));
    emitter.onError(e -> subscribers.remove(s));
    subscribers.add(s);
    // Tells the client the subscription is live, so nothing it does from now on is missed.
    send(s, SseEmitter.event().name("ready").data("{}"));
    return emitter;
  }

  /** A comment line now and then keeps proxies from closing a quiet stream and finds dead ones. */
  @Scheduled(fixedDelay = 20_000, initialDelay = 20_000)
  void keepAlive() {
    for (Subscriber s : subscribers) {
      // Also ends a stream whose session ran out while idle (no announcement for that).
      if (!sessions.isOpen(s.session())) {
        subscribers.remove(s);
        s.emitter().complete();
      } else {
        send(s, SseEmitter.event().comment("keep-alive"));
      }
    }
  }

  private void fanOut(String message) {
    JsonNode event = JSON.readTree(message);
    String orgPath = event.get("orgPath").asString();
    String data =
        JSON.writeValueAsString(
            Map.of(
                "caseId",
                event.get("caseId").asLong(),
                "number",
                event.get("number").asString(),
                "kind",
                event.get("kind").asString()));
    for (Subscriber s : subscribers) {
      if (orgPath.startsWith(s.orgPath())) {
        send(s, SseEmitter.event().name("case").data(data));
      }
    }
  }

  private void send(Subscriber s, SseEmitter.SseEventBuilder event) {
    try {
      s.emitter().send(event);
    } catch (IOException | IllegalStateException e) {
      // The console went away; it opens a new stream when it comes back.
      log.debug("SSE subscriber gone: {}", e.getMessage());
      subscribers.remove(s);
      s.emitter().completeWithError(e);
    }
  }

  int subscriberCount() {
    return subscribers.size();
  }

  private static String key(String ticket) {
    return "sse-ticket:" + ticket;
  }
}
