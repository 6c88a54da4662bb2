package cn.union.wechat;

import cn.union.platform.Copy;
import cn.union.platform.PlatformConfig;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * WeChat's customer-service window (WECHAT_FACTS.md, rules since 2023-06-12), in one place: after a
 * worker's message, 5 customer-service messages within 48 hours; after a menu click, a follow or a
 * scan, 3 within 1 minute. The worker's side comes from {@code wx_inbound}, ours from {@code
 * wx_custom_send}. When the platform changes its rules, change the constants here.
 */
@Component
class ReplyWindow {

  static final Duration MESSAGE_WINDOW = Duration.ofHours(48);
  static final int MESSAGE_QUOTA = 5;
  static final Duration INTERACTION_WINDOW = Duration.ofMinutes(1);
  static final int INTERACTION_QUOTA = 3;

  private static final Copy COPY = Copy.load("wechat");
  private static final Map<String, Long> WINDOWS =
      Map.of("hours", MESSAGE_WINDOW.toHours(), "minutes", INTERACTION_WINDOW.toMinutes());

  /** Events that open the short window; other events (VIEW, LOCATION, …) open none. */
  private static final String INTERACTION_EVENTS =
      "'CLICK', 'subscribe', 'SCAN', 'scancode_push', 'scancode_waitmsg'";

  /**
   * What we know of one worker's window.
   *
   * @param lastMessage the worker's last message (text, image, voice, …), or null
   * @param sentSinceMessage customer-service messages accepted since then
   * @param lastInteraction the worker's last click, follow or scan, or null
   * @param sentSinceInteraction customer-service messages accepted since then
   */
  record State(
      Instant lastMessage,
      int sentSinceMessage,
      Instant lastInteraction,
      int sentSinceInteraction) {}

  /** Whether to try a customer-service message, and why (shown on the case's timeline). */
  record Decision(boolean custom, String reason) {}

  private final JdbcTemplate jdbc;
  private final Clock clock;

  ReplyWindow(JdbcTemplate jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  static Decision decide(State s, Instant now) {
    if (s.lastMessage() != null && now.isBefore(s.lastMessage().plus(MESSAGE_WINDOW))) {
      if (s.sentSinceMessage() < MESSAGE_QUOTA) {
        return new Decision(true, COPY.render("window.message-open", WINDOWS));
      }
      if (!opens(s, now)) {
        return new Decision(
            false,
            COPY.render(
                "window.message-used",
                Map.of("hours", MESSAGE_WINDOW.toHours(), "quota", MESSAGE_QUOTA)));
      }
    }
    if (opens(s, now)) {
      return new Decision(true, COPY.render("window.interaction-open", WINDOWS));
    }
    if (s.lastInteraction() != null && now.isBefore(s.lastInteraction().plus(INTERACTION_WINDOW))) {
      return new Decision(
          false,
          COPY.render(
              "window.interaction-used",
              Map.of("minutes", INTERACTION_WINDOW.toMinutes(), "quota", INTERACTION_QUOTA)));
    }
    return new Decision(false, COPY.render("window.closed", WINDOWS));
  }

  private static boolean opens(State s, Instant now) {
    return s.lastInteraction() != null
        && now.isBefore(s.lastInteraction().plus(INTERACTION_WINDOW))
        && s.sentSinceInteraction() < INTERACTION_QUOTA;
  }

  Decision decide(String openid) {
    return decide(state(openid), clock.instant());
  }

  State state(String openid) {
    LocalDateTime now = local(clock.instant());
    // Only the last 48 hours matter; the bound keeps the lookup on the (openid, received_at) index.
    LocalDateTime since = now.minus(MESSAGE_WINDOW);
    LocalDateTime lastMessage =
        jdbc.queryForObject(
            "SELECT MAX(received_at) FROM wx_inbound WHERE openid = ?"
                + " AND received_at >= ? AND msg_type <> 'event'",
            LocalDateTime.class,
            openid,
            since);
    LocalDateTime lastInteraction =
        jdbc.queryForObject(
            "SELECT MAX(received_at) FROM wx_inbound WHERE openid = ?"
                + " AND received_at >= ? AND msg_type = 'event' AND event IN ("
                + INTERACTION_EVENTS
                + ")",
            LocalDateTime.class,
            openid,
            now.minus(INTERACTION_WINDOW));
    return new State(
        instant(lastMessage),
        sentSince(openid, lastMessage),
        instant(lastInteraction),
        sentSince(openid, lastInteraction));
  }

  /** Counts a customer-service message WeChat accepted against the worker's quota. */
  void recordSent(String openid) {
    jdbc.update(
        "INSERT INTO wx_custom_send (openid, sent_at) VALUES (?, ?)",
        openid,
        Timestamp.valueOf(local(clock.instant())));
  }

  private int sentSince(String openid, LocalDateTime since) {
    if (since == null) {
      return 0;
    }
    Integer n =
        jdbc.queryForObject(
            "SELECT COUNT(*) FROM wx_custom_send WHERE openid = ? AND sent_at >= ?",
            Integer.class,
            openid,
            since);
    return n == null ? 0 : n;
  }

  private static LocalDateTime local(Instant instant) {
    return LocalDateTime.ofInstant(instant, PlatformConfig.ZONE);
  }

  private static Instant instant(LocalDateTime local) {
    return local == null ? null : local.atZone(PlatformConfig.ZONE).toInstant();
  }
}
