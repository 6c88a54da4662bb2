package cn.union.wechat;

import cn.union.support.MutableClock;
import java.time.Duration;
import org.redisson.api.RedissonClient;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The orphan sweep for tests of other packages: a sweep as a node runs it (its own memory of how
 * far it swept), and what a node that died mid-handler leaves behind.
 */
public final class OrphanSweeps {

  private OrphanSweeps() {}

  /** Runs one sweep as a freshly started node would; returns how many messages it handled. */
  public static int sweep(ApplicationContext context) {
    return new InboundOrphans(
            context.getBean(JdbcTemplate.class),
            context.getBean(RedissonClient.class),
            context.getBean(InboundDispatcher.class),
            context.getBean(InboundClaims.class),
            context.getBean(MutableClock.class),
            context.getBean(WxProperties.class),
            Duration.ofMinutes(30),
            true)
        .sweep();
  }

  /**
   * Removes the outcome of the worker's message with this MsgId, as a node killed after the handler
   * did its work and before the outcome was committed leaves it; returns the message's id.
   */
  public static long loseOutcome(ApplicationContext context, long msgId) {
    JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
    long id =
        jdbc.queryForObject(
            "SELECT id FROM wx_inbound WHERE dedupe_key = ?", Long.class, "m:" + msgId);
    jdbc.update("DELETE FROM wx_inbound_outcome WHERE inbound_id = ?", id);
    return id;
  }

  /** The stored reply of a message. */
  public static String reply(ApplicationContext context, long inboundId) {
    return context
        .getBean(JdbcTemplate.class)
        .queryForObject(
            "SELECT reply FROM wx_inbound_outcome WHERE inbound_id = ?", String.class, inboundId);
  }
}
