package cn.union.enrollment;

import cn.union.notify.StaffChannel;
import cn.union.notify.StaffChannel.StaffNotice;
import cn.union.platform.Copy;
import cn.union.platform.Masking;
import cn.union.platform.PlatformConfig;
import cn.union.staff.Role;
import cn.union.staff.StaffContacts;
import cn.union.staff.StaffContacts.Contact;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The review alerts of applications ({@code enroll_review_alert}): raised under a unique key, so an
 * alert exists once whatever retries or nodes do; then sent to the admins of the alert's org who
 * bound their WeChat. A send is claimed for a while first, so the sweep and a 督办's immediate send
 * never both send it; a failed send is tried again by later sweeps, up to {@value #MAX_ATTEMPTS}
 * times. A send that reached WeChat without an answer in time (UNCERTAIN) is not: it may have
 * arrived, and a template message sent again arrives twice.
 */
@Component
class ReviewAlerts {

  private static final Logger log = LoggerFactory.getLogger(ReviewAlerts.class);
  static final int MAX_ATTEMPTS = 5;
  private static final Duration CLAIM = Duration.ofMinutes(2);

  /** What an alert is about; the admins of the application's org, or of its parent for OVERDUE. */
  enum Kind {
    REMINDER,
    OVERDUE,
    SUPERVISION
  }

  private record Alert(
      long id, long enrollmentId, Kind kind, long targetOrgId, LocalDate dueDate, int attempts) {}

  private final JdbcTemplate jdbc;
  private final StaffContacts staff;
  private final StaffChannel channel;
  private final Copy copy;
  private final Clock clock;

  ReviewAlerts(
      JdbcTemplate jdbc,
      StaffContacts staff,
      StaffChannel channel,
      @Qualifier("enrollmentCopy") Copy copy,
      Clock clock) {
    this.jdbc = jdbc;
    this.staff = staff;
    this.channel = channel;
    this.copy = copy;
    this.clock = clock;
  }

  /** Raises an alert unless it exists; its id either way. */
  long raise(
      long enrollmentId,
      Kind kind,
      long refId,
      long targetOrgId,
      LocalDate dueDate,
      String note,
      String by) {
    jdbc.update(
        "INSERT IGNORE INTO enroll_review_alert (enrollment_id, kind, ref_id, target_org_id, due_date, note,"
            + " created_by, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'PENDING', ?)",
        enrollmentId,
        kind.name(),
        refId,
        targetOrgId,
        java.sql.Date.valueOf(dueDate),
        note,
        by,
        Timestamp.valueOf(now()));
    return jdbc.queryForObject(
        "SELECT id FROM enroll_review_alert WHERE enrollment_id = ? AND kind = ? AND ref_id = ?",
        Long.class,
        enrollmentId,
        kind.name(),
        refId);
  }

  /** Sends the alerts waiting to be sent, at most {@code limit}; how many it tried. */
  int deliverPending(int limit) {
    List<Long> ids =
        jdbc.queryForList(
            "SELECT id FROM enroll_review_alert WHERE status IN ('PENDING', 'SENDING', 'FAILED')"
                + " AND attempts < ? ORDER BY id LIMIT ?",
            Long.class,
            MAX_ATTEMPTS,
            limit);
    int tried = 0;
    for (long id : ids) {
      if (deliver(id)) {
        tried++;
      }
    }
    return tried;
  }

  /** Sends one alert if no one else is sending it; false when it was not this call's to send. */
  boolean deliver(long id) {
    LocalDateTime now = now();
    if (jdbc.update(
            "UPDATE enroll_review_alert SET status = 'SENDING', claimed_until = ?, attempts = attempts + 1"
                + " WHERE id = ? AND attempts < ? AND (status IN ('PENDING', 'FAILED') OR (status = 'SENDING' AND claimed_until < ?))",
            Timestamp.valueOf(now.plus(CLAIM)),
            id,
            MAX_ATTEMPTS,
            Timestamp.valueOf(now))
        != 1) {
      return false;
    }
    Alert a =
        jdbc.queryForObject(
            "SELECT id, enrollment_id, kind, target_org_id, due_date, attempts FROM enroll_review_alert"
                + " WHERE id = ?",
            (rs, n) ->
                new Alert(
                    rs.getLong(1),
                    rs.getLong(2),
                    Kind.valueOf(rs.getString(3)),
                    rs.getLong(4),
                    rs.getDate(5).toLocalDate(),
                    rs.getInt(6)),
            id);
    List<Contact> admins =
        staff.enabledIn(List.of(a.targetOrgId())).stream()
            .filter(c -> c.role() == Role.ORG_ADMIN)
            .toList();
    List<Contact> bound = admins.stream().filter(Contact::bound).toList();
    if (bound.isEmpty()) {
      finish(a, "CONSOLE_ONLY", admins.size(), 0, null);
      return true;
    }
    StaffNotice notice =
        new StaffNotice(
            copy.render("application_ref", Map.of("id", a.enrollmentId())),
            copy.text("alert_" + a.kind().name().toLowerCase(java.util.Locale.ROOT)),
            copy.render("alert_due", Map.of("dueDate", a.dueDate())));
    int sent = 0;
    int uncertain = 0;
    String error = null;
    for (Contact s : bound) {
      StaffChannel.Result r = channel.send(s.openid(), notice);
      if (r.sent()) {
        sent++;
      } else if (r.uncertain()) {
        uncertain++;
        error = r.error();
        log.warn(
            "Enrollment {} {} to staff {} ({}) may or may not have arrived: {}",
            a.enrollmentId(),
            a.kind(),
            s.id(),
            Masking.openid(s.openid()),
            r.error());
      } else {
        error = r.error();
        log.warn(
            "Enrollment {} {} to staff {} ({}) failed: {}",
            a.enrollmentId(),
            a.kind(),
            s.id(),
            Masking.openid(s.openid()),
            r.error());
      }
    }
    // A send WeChat may have delivered is not repeated: the alert is not tried again then.
    finish(
        a, sent > 0 ? "SENT" : uncertain > 0 ? "UNCERTAIN" : "FAILED", admins.size(), sent, error);
    return true;
  }

  private void finish(Alert a, String status, int recipients, int delivered, String error) {
    jdbc.update(
        "UPDATE enroll_review_alert SET status = ?, recipients = ?, delivered = ?, error = ?, claimed_until = NULL,"
            + " sent_at = ? WHERE id = ?",
        status,
        recipients,
        delivered,
        error,
        Timestamp.valueOf(now()),
        a.id());
  }

  private LocalDateTime now() {
    return LocalDateTime.ofInstant(clock.instant(), PlatformConfig.ZONE);
  }
}
