package cn.union.sla;

import static cn.union.platform.PlatformConfig.ZONE;

import cn.union.notify.StaffChannel;
import cn.union.notify.StaffChannel.StaffNotice;
import cn.union.platform.Copy;
import cn.union.platform.Masking;
import cn.union.staff.StaffContacts;
import cn.union.staff.StaffContacts.Contact;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Sends raised alerts to the staff they concern and records how it went. Alerts are claimed (their
 * {@code next_try_at} pushed by a lease, under a claim token) before anything is sent, each
 * recipient's delivery row is written before the send, and a recipient already SENT is never sent
 * again: so a crash, a retry or a second node can repeat the work but not the message. Nor is a
 * recipient whose send reached WeChat without an answer in time (UNCERTAIN: it may have arrived);
 * only a send that surely failed is tried again. A batch is claimed, read and (for alerts nobody
 * can receive on WeChat) finished in a handful of statements.
 */
@Service
public class AlertDelivery {

  private static final Logger log = LoggerFactory.getLogger(AlertDelivery.class);
  private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  private record Claimed(
      long id,
      AlertKind kind,
      String caseNumber,
      long targetOrg,
      LocalDateTime dueAt,
      int attempts) {}

  private final JdbcTemplate jdbc;
  private final StaffContacts contacts;
  private final StaffChannel channel;
  private final Copy copy;
  private final SlaProperties props;
  private final Clock clock;

  AlertDelivery(
      JdbcTemplate jdbc,
      StaffContacts contacts,
      StaffChannel channel,
      @Qualifier("slaCopy") Copy copy,
      SlaProperties props,
      Clock clock) {
    this.jdbc = jdbc;
    this.contacts = contacts;
    this.channel = channel;
    this.copy = copy;
    this.props = props;
    this.clock = clock;
  }

  /**
   * Claims and sends one batch of the pending alerts whose time has come, oldest first.
   *
   * @return how many alerts were looked at (a full batch means there may be more)
   */
  int deliverDue(int limit) {
    List<Long> ids =
        jdbc.queryForList(
            "SELECT id FROM help_case_alert WHERE status = ? AND next_try_at <= ?"
                + " ORDER BY next_try_at, id LIMIT "
                + limit,
            Long.class,
            AlertStatus.PENDING.name(),
            now());
    if (!ids.isEmpty()) {
      send(claim(ids));
    }
    return ids.size();
  }

  /**
   * Claims and sends one alert.
   *
   * @return whether this call claimed it (false: already done, or claimed by another run)
   */
  public boolean deliver(long alertId) {
    List<Claimed> claimed = claim(List.of(alertId));
    send(claimed);
    return !claimed.isEmpty();
  }

  /** Takes the alerts no other run holds; the token tells which of them this call got. */
  private List<Claimed> claim(Collection<Long> ids) {
    LocalDateTime now = now();
    String token = UUID.randomUUID().toString();
    String in = ids.stream().map(String::valueOf).collect(Collectors.joining(","));
    jdbc.update(
        "UPDATE help_case_alert SET next_try_at = ?, attempts = attempts + 1, claim_token = ?"
            + " WHERE id IN ("
            + in
            + ") AND status = ? AND next_try_at <= ?",
        now.plus(props.deliveryLease()),
        token,
        AlertStatus.PENDING.name(),
        now);
    return jdbc.query(
        "SELECT id, kind, case_number, target_org_id, due_at, attempts FROM help_case_alert"
            + " WHERE id IN ("
            + in
            + ") AND claim_token = ? AND status = ?",
        (rs, i) ->
            new Claimed(
                rs.getLong(1),
                AlertKind.valueOf(rs.getString(2)),
                rs.getString(3),
                rs.getLong(4),
                rs.getObject(5, LocalDateTime.class),
                rs.getInt(6)),
        token,
        AlertStatus.PENDING.name());
  }

  private void send(List<Claimed> alerts) {
    if (alerts.isEmpty()) {
      return;
    }
    List<Long> orgs = alerts.stream().map(Claimed::targetOrg).distinct().toList();
    Map<String, List<Contact>> staffByOrgAndRole = new HashMap<>();
    for (Contact p : contacts.enabledIn(orgs)) {
      staffByOrgAndRole
          .computeIfAbsent(p.orgId() + "/" + p.role().name(), k -> new ArrayList<>())
          .add(p);
    }
    List<Object[]> finished = new ArrayList<>();
    for (Claimed alert : alerts) {
      List<Contact> staff =
          staffByOrgAndRole.getOrDefault(
              alert.targetOrg() + "/" + alert.kind().recipients().name(), List.of());
      List<Contact> bound = staff.stream().filter(Contact::bound).toList();
      if (bound.isEmpty()) {
        finished.add(
            new Object[] {
              AlertStatus.CONSOLE_ONLY.name(), null, staff.size(), 0, null, now(), alert.id()
            });
      } else {
        finished.add(sendTo(alert, staff.size(), bound));
      }
    }
    jdbc.batchUpdate(
        "UPDATE help_case_alert SET status = ?, next_try_at = ?, recipients = ?, delivered = ?,"
            + " error = COALESCE(?, error), finished_at = ?, claim_token = NULL WHERE id = ?",
        finished);
  }

  /** Sends one alert to its bound recipients; returns the row's final values. */
  private Object[] sendTo(Claimed alert, int recipients, List<Contact> bound) {
    StaffNotice notice =
        new StaffNotice(
            alert.caseNumber(),
            copy.text("notice_" + alert.kind().name().toLowerCase()),
            alert.dueAt().format(MINUTES));
    int delivered = 0;
    int uncertain = 0;
    String lastError = null;
    for (Contact person : bound) {
      jdbc.update(
          "INSERT IGNORE INTO help_case_alert_delivery (alert_id, staff_user_id, status, updated_at)"
              + " VALUES (?, ?, 'SENDING', ?)",
          alert.id(),
          person.id(),
          now());
      String status =
          jdbc.queryForObject(
              "SELECT status FROM help_case_alert_delivery WHERE alert_id = ? AND staff_user_id = ?",
              String.class,
              alert.id(),
              person.id());
      if ("SENT".equals(status)) {
        delivered++;
        continue;
      }
      if ("UNCERTAIN".equals(status)) {
        // WeChat may have delivered it: a second template message would arrive twice.
        uncertain++;
        continue;
      }
      StaffChannel.Result result = channel.send(person.openid(), notice);
      if (result.sent()) {
        delivered++;
      } else if (result.uncertain()) {
        uncertain++;
        lastError = result.error();
        log.warn(
            "{} {} to staff {} ({}) may or may not have arrived: {}",
            alert.kind(),
            alert.id(),
            person.id(),
            Masking.openid(person.openid()),
            result.error());
      } else {
        lastError = result.error();
        log.warn(
            "{} {} to staff {} ({}) failed: {}",
            alert.kind(),
            alert.id(),
            person.id(),
            Masking.openid(person.openid()),
            result.error());
      }
      jdbc.update(
          "UPDATE help_case_alert_delivery SET status = ?, error = ?, updated_at = ? WHERE alert_id = ? AND staff_user_id = ?",
          result.sent() ? "SENT" : result.uncertain() ? "UNCERTAIN" : "FAILED",
          cut(result.error(), 255),
          now(),
          alert.id(),
          person.id());
    }
    AlertStatus status;
    LocalDateTime nextTry = null;
    if (delivered == bound.size()) {
      status = AlertStatus.SENT;
    } else if (delivered + uncertain == bound.size()) {
      status = AlertStatus.UNCERTAIN;
    } else if (alert.attempts() >= props.maxAttempts()) {
      status = AlertStatus.FAILED;
    } else {
      status = AlertStatus.PENDING;
      nextTry = now().plus(props.retryDelay().multipliedBy(alert.attempts()));
    }
    String error =
        lastError == null
            ? null
            : cut(
                copy.render(
                    "delivery_error",
                    Map.of(
                        "attempt",
                        alert.attempts(),
                        "missed",
                        bound.size() - delivered,
                        "error",
                        lastError)),
                500);
    return new Object[] {
      status.name(),
      nextTry,
      recipients,
      delivered,
      error,
      status == AlertStatus.PENDING ? null : now(),
      alert.id()
    };
  }

  private LocalDateTime now() {
    return LocalDateTime.ofInstant(clock.instant(), ZONE);
  }

  private static String cut(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }
}
