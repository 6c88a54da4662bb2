package cn.union.enrollment;

import cn.union.platform.Copy;
import cn.union.platform.PlatformConfig;
import cn.union.shared.DomainException;
import cn.union.staff.Caller;
import cn.union.staff.Role;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * 督办 of an application under review: an admin of an org above the one reviewing it presses it with
 * a note. The note is kept on the application and a SUPERVISION alert for the reviewing org's
 * admins is raised in the same transaction; it is sent right after the commit ({@link #send}) and,
 * should that fail, by the review sweep.
 */
@Service
public class EnrollmentSupervision {

  public static final int MAX_NOTE = 200;

  private static final Copy COPY = Copy.load("enrollment");

  /** A 督办 done: the application, where it sits (for the audit) and the alert that carries it. */
  public record Supervised(long enrollmentId, String orgPath, int count, long alertId) {}

  private final Applications applications;
  private final ReviewAlerts alerts;
  private final JdbcTemplate jdbc;
  private final Clock clock;

  EnrollmentSupervision(
      Applications applications, ReviewAlerts alerts, JdbcTemplate jdbc, Clock clock) {
    this.applications = applications;
    this.alerts = alerts;
    this.jdbc = jdbc;
    this.clock = clock;
  }

  @Transactional
  public Supervised supervise(Caller caller, long id, String note) {
    String text = note == null ? "" : note.strip();
    if (text.isEmpty() || text.length() > MAX_NOTE) {
      throw DomainException.invalid(
          "enrollment.supervise-note",
          COPY.render("error_supervise_note", Map.of("max", MAX_NOTE)));
    }
    if (!caller.is(Role.ORG_ADMIN) && !caller.is(Role.SUPER_ADMIN)) {
      throw DomainException.forbidden(COPY.text("error_supervise_role"));
    }
    Application a = applications.find(id);
    if (a == null || a.targetOrgPath() == null || !caller.sees(a.targetOrgPath())) {
      throw DomainException.notFound(COPY.text("what_application"));
    }
    if (a.targetOrgPath().equals(caller.orgPath())) {
      throw DomainException.forbidden(COPY.text("error_supervise_own"));
    }
    LocalDateTime now = LocalDateTime.ofInstant(clock.instant(), PlatformConfig.ZONE);
    if (jdbc.update(
            "UPDATE enrollment SET supervised_count = supervised_count + 1, supervision_note = ?, updated_at = ?"
                + " WHERE id = ? AND status = 'SUBMITTED'",
            text,
            Timestamp.valueOf(now),
            id)
        != 1) {
      throw DomainException.conflict(
          "enrollment.supervise-decided", COPY.text("error_supervise_decided"));
    }
    Integer count =
        jdbc.queryForObject(
            "SELECT supervised_count FROM enrollment WHERE id = ?", Integer.class, id);
    long alertId =
        alerts.raise(
            id,
            ReviewAlerts.Kind.SUPERVISION,
            count,
            a.targetOrgId(),
            a.dueDate(),
            text,
            caller.username());
    return new Supervised(id, a.targetOrgPath(), count, alertId);
  }

  /** Sends a raised alert now (after the 督办's commit); the sweep tries again if this fails. */
  public void send(long alertId) {
    alerts.deliver(alertId);
  }
}
