package cn.union.enrollment;

import cn.union.platform.PlatformConfig;
import cn.union.shared.DomainException;
import cn.union.staff.Caller;
import cn.union.staff.Role;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDateTime;
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
      throw DomainException.invalid("enrollment.supervise-note", "请填写督办意见（不超过" + MAX_NOTE + "个字）");
    }
    if (!caller.is(Role.ORG_ADMIN) && !caller.is(Role.SUPER_ADMIN)) {
      throw DomainException.forbidden("只有上级单位管理员可以督办");
    }
    Application a = applications.find(id);
    if (a == null || a.targetOrgPath() == null || !caller.sees(a.targetOrgPath())) {
      throw DomainException.notFound("入会申请");
    }
    if (a.targetOrgPath().equals(caller.orgPath())) {
      throw DomainException.forbidden("督办由上级单位发起；本单位的入会申请请直接审核");
    }
    LocalDateTime now = LocalDateTime.ofInstant(clock.instant(), PlatformConfig.ZONE);
    if (jdbc.update(
            "UPDATE enrollment SET supervised_count = supervised_count + 1, supervision_note = ?, updated_at = ?"
                + " WHERE id = ? AND status = 'SUBMITTED'",
            text,
            Timestamp.valueOf(now),
            id)
        != 1) {
      throw DomainException.conflict("enrollment.supervise-decided", "该申请已审核完毕，无需督办");
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
