package cn.union.admin.helpdesk;

import cn.union.admin.web.AuditTrail;
import cn.union.admin.web.Roles;
import cn.union.helpdesk.CaseSupervision;
import cn.union.sla.AlertDelivery;
import cn.union.sla.SupervisionAlerts;
import cn.union.staff.Caller;
import cn.union.staff.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** 督办: an admin above the unit presses it about a case; the note lands on the case's timeline. */
@RestController
@RequestMapping("/admin/api/v1/cases")
@Roles({Role.ORG_ADMIN, Role.SUPER_ADMIN})
@Tag(name = "督办", description = "上级单位对求助的督办意见")
class SupervisionApi {

  private final CaseSupervision supervision;
  private final SupervisionAlerts alerts;
  private final AlertDelivery delivery;
  private final AuditTrail audit;

  SupervisionApi(
      CaseSupervision supervision,
      SupervisionAlerts alerts,
      AlertDelivery delivery,
      AuditTrail audit) {
    this.supervision = supervision;
    this.alerts = alerts;
    this.delivery = delivery;
    this.audit = audit;
  }

  record SuperviseRequest(@NotBlank @Size(max = CaseSupervision.MAX_NOTE) String note) {}

  record SuperviseResult(long caseId, String caseNumber, long alertId) {}

  @PostMapping("/{id}/supervise")
  @Operation(summary = "督办", description = "仅限求助承办单位的上级单位管理员；记入办理记录并通知承办单位信息员")
  SuperviseResult supervise(
      Caller caller, @PathVariable long id, @Valid @RequestBody SuperviseRequest req) {
    CaseSupervision.Supervised s = supervision.supervise(caller, id, req.note());
    audit.record(caller, s.orgPath(), "case.supervised", "case", id, s.caseNumber());
    long alertId = alerts.alertFor(s.caseId(), s.eventId());
    // Sent now, after the commit; a failure stays on the alert row and the sweep tries again.
    delivery.deliver(alertId);
    return new SuperviseResult(s.caseId(), s.caseNumber(), alertId);
  }
}
