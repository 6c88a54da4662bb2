package cn.union.sla;

import static cn.union.platform.PlatformConfig.ZONE;

import cn.union.helpdesk.HelpCase;
import cn.union.helpdesk.HelpCaseEvent;
import cn.union.helpdesk.HelpCaseEventMapper;
import cn.union.helpdesk.HelpCaseMapper;
import cn.union.platform.Copy;
import cn.union.shared.DomainException;
import cn.union.staff.Caller;
import cn.union.staff.Role;
import com.baomidou.mybatisplus.core.conditions.query.LambdaQueryWrapper;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.Map;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * 督办: an admin above the unit that owns a case presses it with a note. The note lands on the
 * case's timeline (SUPERVISED) and a SUPERVISION alert for the unit's informants is raised in the
 * same transaction; the alert is sent right after the commit and, should that fail, by the sweep.
 */
@Service
public class Supervision {

  public static final int MAX_NOTE = 200;

  /** What a 督办 produced: the timeline event and the alert that carries it to the unit. */
  public record Supervised(long caseId, String caseNumber, String orgPath, long eventId, long alertId) {}

  private final HelpCaseMapper cases;
  private final HelpCaseEventMapper events;
  private final JdbcTemplate jdbc;
  private final Copy copy;
  private final Clock clock;

  Supervision(HelpCaseMapper cases, HelpCaseEventMapper events, JdbcTemplate jdbc, @Qualifier("slaCopy") Copy copy,
      Clock clock) {
    this.cases = cases;
    this.events = events;
    this.jdbc = jdbc;
    this.copy = copy;
    this.clock = clock;
  }

  @Transactional
  public Supervised supervise(Caller caller, long caseId, String note) {
    String text = note == null ? "" : note.strip();
    if (text.isEmpty() || text.length() > MAX_NOTE) {
      throw DomainException.invalid("case.supervise-note", "请填写督办意见（不超过" + MAX_NOTE + "个字）");
    }
    if (!caller.is(Role.ORG_ADMIN) && !caller.is(Role.SUPER_ADMIN)) {
      throw DomainException.forbidden("只有上级单位管理员可以督办");
    }
    HelpCase c = cases.selectOne(new LambdaQueryWrapper<HelpCase>().eq(HelpCase::getId, caseId).last("FOR UPDATE"));
    if (c == null || !caller.sees(c.getOrgPath())) {
      throw DomainException.notFound("求助");
    }
    if (c.getOrgPath().equals(caller.orgPath())) {
      throw DomainException.forbidden("督办由上级单位发起；本单位的求助请直接办理");
    }
    if (c.getSealedAt() != null) {
      throw DomainException.conflict("case.supervise-sealed", "求助已办结，无需督办");
    }
    LocalDateTime now = LocalDateTime.ofInstant(clock.instant(), ZONE);
    HelpCaseEvent e = new HelpCaseEvent();
    e.setCaseId(c.getId());
    e.setAt(now);
    e.setKind("SUPERVISED");
    e.setActor(caller.username());
    e.setContent(copy.render("supervision_event", Map.of("note", text)));
    events.insert(e);
    jdbc.update("INSERT INTO help_case_alert (case_id, kind, ref_id, case_number, org_id, org_path, target_org_id, due_at,"
            + " note, status, next_try_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        c.getId(), AlertKind.SUPERVISION.name(), e.getId(), c.getNumber(), c.getOrgId(), c.getOrgPath(),
        SlaSweep.targetOrg(AlertKind.SUPERVISION, c.getOrgPath()), c.getDueAt(), text, AlertStatus.PENDING.name(), now, now);
    Long alertId = jdbc.queryForObject("SELECT id FROM help_case_alert WHERE case_id = ? AND kind = ? AND ref_id = ?",
        Long.class, c.getId(), AlertKind.SUPERVISION.name(), e.getId());
    return new Supervised(c.getId(), c.getNumber(), c.getOrgPath(), e.getId(), alertId);
  }
}
