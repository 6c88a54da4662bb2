package cn.union.wechat;

import cn.union.platform.PlatformConfig;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
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
        return new Decision(true, "职工48小时内发过消息，可发客服消息");
      }
      if (!opens(s, now)) {
        return new Decision(false, "48小时内的" + MESSAGE_QUOTA + "条客服消息已用完");
      }
    }
    if (opens(s, now)) {
      return new Decision(true, "职工1分钟内点过菜单、关注或扫码，可发客服消息");
    }
    if (s.lastInteraction() != null && now.isBefore(s.lastInteraction().plus(INTERACTION_WINDOW))) {
      return new Decision(false, "1分钟内的" + INTERACTION_QUOTA + "条客服消息已用完");
    }
    return new Decision(false, "距职工上次发消息已超过48小时，客服消息窗口已关闭");
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
