package cn.union.sla;

import static cn.union.platform.PlatformConfig.ZONE;

import cn.union.notify.StaffChannel;
import cn.union.notify.StaffChannel.StaffNotice;
import cn.union.platform.Copy;
import cn.union.platform.Masking;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Sends a raised alert to the staff it concerns and records how it went. An alert is claimed (its
 * {@code next_try_at} pushed by a lease) before anything is sent, each recipient's delivery row is
 * written before the send, and a recipient already SENT is never sent again: so a crash, a retry
 * or a second node can repeat the work but not the message.
 */
@Service
public class AlertDelivery {

  private static final Logger log = LoggerFactory.getLogger(AlertDelivery.class);
  private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  private final JdbcTemplate jdbc;
  private final StaffChannel channel;
  private final Copy copy;
  private final SlaProperties props;
  private final Clock clock;

  public AlertDelivery(JdbcTemplate jdbc, StaffChannel channel, @Qualifier("slaCopy") Copy copy, SlaProperties props,
      Clock clock) {
    this.jdbc = jdbc;
    this.channel = channel;
    this.copy = copy;
    this.props = props;
    this.clock = clock;
  }

  /** The pending alerts whose time has come, oldest first, at most one batch. */
  List<Long> due(int limit) {
    return jdbc.queryForList("SELECT id FROM help_case_alert WHERE status = ? AND next_try_at <= ? ORDER BY next_try_at, id"
        + " LIMIT " + limit, Long.class, AlertStatus.PENDING.name(), now());
  }

  /**
   * Claims and sends one alert.
   *
   * @return whether this call claimed it (false: already done, or claimed by another run)
   */
  public boolean deliver(long alertId) {
    LocalDateTime now = now();
    int claimed = jdbc.update("UPDATE help_case_alert SET next_try_at = ?, attempts = attempts + 1"
            + " WHERE id = ? AND status = ? AND next_try_at <= ?",
        now.plus(props.deliveryLease()), alertId, AlertStatus.PENDING.name(), now);
    if (claimed == 0) {
      return false;
    }
    Map<String, Object> alert = jdbc.queryForMap("SELECT kind, case_number, target_org_id, due_at, attempts"
        + " FROM help_case_alert WHERE id = ?", alertId);
    AlertKind kind = AlertKind.valueOf((String) alert.get("kind"));
    long targetOrg = ((Number) alert.get("target_org_id")).longValue();
    int attempts = ((Number) alert.get("attempts")).intValue();
    LocalDateTime dueAt = toLocal(alert.get("due_at"));
    StaffNotice notice = new StaffNotice((String) alert.get("case_number"), copy.text("notice_" + kind.name().toLowerCase()),
        dueAt.format(MINUTES));

    List<Map<String, Object>> staff = jdbc.queryForList("SELECT id, wx_openid FROM staff_user"
        + " WHERE org_id = ? AND role = ? AND enabled = TRUE ORDER BY id", targetOrg, kind.recipients().name());
    int bound = 0;
    int delivered = 0;
    String lastError = null;
    for (Map<String, Object> person : staff) {
      String openid = (String) person.get("wx_openid");
      if (openid == null || openid.isBlank()) {
        continue;
      }
      bound++;
      long staffId = ((Number) person.get("id")).longValue();
      jdbc.update("INSERT IGNORE INTO help_case_alert_delivery (alert_id, staff_user_id, status, updated_at)"
          + " VALUES (?, ?, 'SENDING', ?)", alertId, staffId, now);
      String status = jdbc.queryForObject("SELECT status FROM help_case_alert_delivery WHERE alert_id = ? AND staff_user_id = ?",
          String.class, alertId, staffId);
      if ("SENT".equals(status)) {
        delivered++;
        continue;
      }
      StaffChannel.Result result = channel.send(openid, notice);
      if (result.sent()) {
        delivered++;
      } else {
        lastError = result.error();
        log.warn("{} {} to staff {} ({}) failed: {}", kind, alertId, staffId, Masking.openid(openid), result.error());
      }
      jdbc.update("UPDATE help_case_alert_delivery SET status = ?, error = ?, updated_at = ? WHERE alert_id = ? AND staff_user_id = ?",
          result.sent() ? "SENT" : "FAILED", cut(result.error(), 255), now(), alertId, staffId);
    }

    AlertStatus status;
    LocalDateTime nextTry = null;
    if (bound == 0) {
      status = AlertStatus.CONSOLE_ONLY;
    } else if (delivered == bound) {
      status = AlertStatus.SENT;
    } else if (attempts >= props.maxAttempts()) {
      status = AlertStatus.FAILED;
    } else {
      status = AlertStatus.PENDING;
      nextTry = now().plus(props.retryDelay().multipliedBy(attempts));
    }
    String error = lastError == null ? null : cut("第" + attempts + "次发送：" + (bound - delivered) + "人未送达（" + lastError + "）", 500);
    jdbc.update("UPDATE help_case_alert SET status = ?, next_try_at = ?, recipients = ?, delivered = ?, error = COALESCE(?, error),"
            + " finished_at = ? WHERE id = ?",
        status.name(), nextTry, staff.size(), delivered, error, status == AlertStatus.PENDING ? null : now(), alertId);
    return true;
  }

  private LocalDateTime now() {
    return LocalDateTime.ofInstant(clock.instant(), ZONE);
  }

  static LocalDateTime toLocal(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof LocalDateTime l) {
      return l;
    }
    if (value instanceof java.sql.Timestamp t) {
      return t.toLocalDateTime();
    }
    throw new IllegalArgumentException("not a date-time: " + value.getClass());
  }

  private static String cut(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }
}
