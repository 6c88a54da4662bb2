package cn.union.admin.sla;

import static cn.union.platform.PlatformConfig.ZONE;

import cn.union.admin.web.AuditTrail;
import cn.union.admin.web.Roles;
import cn.union.shared.PageResult;
import cn.union.sla.AlertKind;
import cn.union.sla.AlertStatus;
import cn.union.sla.Alerts;
import cn.union.sla.SlaSweep;
import cn.union.staff.Caller;
import cn.union.staff.Role;
import cn.union.stats.KpiSummary;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** 提醒/督办: the alerts raised about the caller's subtree's cases, and its overdue count. */
@RestController
@RequestMapping("/admin/api/v1")
@Roles({Role.INFORMANT, Role.ORG_ADMIN, Role.SUPER_ADMIN})
@Tag(name = "提醒与督办", description = "到期提醒、超期督办及其送达情况")
class AlertApi {

  private final Alerts alerts;
  private final SlaSweep sweep;
  private final KpiSummary kpis;
  private final AuditTrail audit;

  AlertApi(Alerts alerts, SlaSweep sweep, KpiSummary kpis, AuditTrail audit) {
    this.alerts = alerts;
    this.sweep = sweep;
    this.kpis = kpis;
    this.audit = audit;
  }

  record AlertItem(
      long id,
      long caseId,
      String caseNumber,
      AlertKind kind,
      String kindLabel,
      long orgId,
      String orgName,
      long targetOrgId,
      String targetOrgName,
      OffsetDateTime dueAt,
      String note,
      AlertStatus status,
      int attempts,
      int recipients,
      int delivered,
      String error,
      OffsetDateTime createdAt) {
    static AlertItem of(Alerts.AlertView v) {
      return new AlertItem(
          v.id(),
          v.caseId(),
          v.caseNumber(),
          v.kind(),
          v.kindLabel(),
          v.orgId(),
          v.orgName(),
          v.targetOrgId(),
          v.targetOrgName(),
          at(v.dueAt()),
          v.note(),
          v.status(),
          v.attempts(),
          v.recipients(),
          v.delivered(),
          v.error(),
          at(v.createdAt()));
    }
  }

  @GetMapping("/alerts")
  @Operation(
      summary = "提醒与督办列表（本人辖区）",
      description =
          "kind: REMINDER、ESCALATION、SUPERVISION；status: PENDING、SENT、CONSOLE_ONLY、FAILED")
  PageResult<AlertItem> list(
      Caller caller,
      @RequestParam(required = false) AlertKind kind,
      @RequestParam(required = false) AlertStatus status,
      @RequestParam(required = false) Integer page,
      @RequestParam(required = false) Integer size) {
    return alerts
        .list(caller, kind, status, PageResult.page(page), PageResult.size(size))
        .map(AlertItem::of);
  }

  @GetMapping("/alerts/summary")
  @Operation(summary = "辖区超期与待发提醒数")
  Alerts.Summary summary(Caller caller) {
    return alerts.summary(caller);
  }

  /** What 立即执行 did: the sweep's run, and the KPI days counted again right after it. */
  record SweepResult(
      boolean ran, int reminders, int escalations, int delivered, int kpiDays, long millis) {}

  @PostMapping("/sla/sweep")
  @Roles(Role.SUPER_ADMIN)
  @Operation(summary = "立即执行一次提醒扫描", description = "与定时扫描相同；其他节点正在扫描时等待至多 10 秒")
  SweepResult sweepNow(Caller caller) {
    SlaSweep.Outcome outcome = sweep.run(Duration.ofSeconds(10));
    audit.record(
        caller,
        caller.orgPath(),
        "sla.sweep",
        null,
        null,
        outcome.ran() ? outcome.millis() + " ms" : "skipped");
    if (!outcome.ran()) {
      return new SweepResult(false, 0, 0, 0, 0, 0);
    }
    long started = System.nanoTime();
    int days = kpis.refresh();
    return new SweepResult(
        true,
        outcome.reminders(),
        outcome.escalations(),
        outcome.delivered(),
        days,
        outcome.millis() + (System.nanoTime() - started) / 1_000_000);
  }

  private static OffsetDateTime at(LocalDateTime local) {
    return local == null ? null : local.atZone(ZONE).toOffsetDateTime();
  }
}
