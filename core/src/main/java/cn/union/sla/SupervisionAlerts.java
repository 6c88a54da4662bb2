package cn.union.sla;

import static cn.union.platform.PlatformConfig.ZONE;

import cn.union.helpdesk.CaseSupervised;
import java.time.Clock;
import java.time.LocalDateTime;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Raises the SUPERVISION alert for a 督办 in the transaction that writes the note, so the note and
 * its alert commit together; the alert is sent right after the commit and, should that fail, by the
 * sweep.
 */
@Service
public class SupervisionAlerts {

  private final JdbcTemplate jdbc;
  private final Clock clock;

  SupervisionAlerts(JdbcTemplate jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  @EventListener
  void supervised(CaseSupervised s) {
    LocalDateTime now = LocalDateTime.ofInstant(clock.instant(), ZONE);
    jdbc.update(
        "INSERT INTO help_case_alert (case_id, kind, ref_id, case_number, org_id, org_path, target_org_id, due_at,"
            + " note, status, next_try_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        s.caseId(),
        AlertKind.SUPERVISION.name(),
        s.eventId(),
        s.number(),
        s.orgId(),
        s.orgPath(),
        SlaSweep.targetOrg(AlertKind.SUPERVISION, s.orgPath()),
        s.dueAt(),
        s.note(),
        AlertStatus.PENDING.name(),
        now,
        now);
  }

  /** The alert raised for the 督办 whose note is timeline entry {@code eventId}. */
  public long alertFor(long caseId, long eventId) {
    return jdbc.queryForObject(
        "SELECT id FROM help_case_alert WHERE case_id = ? AND kind = ? AND ref_id = ?",
        Long.class,
        caseId,
        AlertKind.SUPERVISION.name(),
        eventId);
  }
}
