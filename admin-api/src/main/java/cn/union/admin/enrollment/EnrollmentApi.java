package cn.union.admin.enrollment;

import cn.union.admin.web.AuditTrail;
import cn.union.admin.web.Roles;
import cn.union.enrollment.EnrollmentService;
import cn.union.enrollment.EnrollmentService.EnrollmentView;
import cn.union.enrollment.EnrollmentStatus;
import cn.union.enrollment.EnrollmentSupervision;
import cn.union.enrollment.PosterService;
import cn.union.platform.Copy;
import cn.union.shared.DomainException;
import cn.union.shared.PageResult;
import cn.union.staff.Caller;
import cn.union.staff.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.Locale;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Review of applications to join, by the admins of the org the application was routed to (or of an
 * org above it); the union-building follow-up list; the funnel; member-card checks. Every read of
 * personal data is audited, as for members.
 */
@RestController
@RequestMapping("/admin/api/v1")
@Roles({Role.SUPER_ADMIN, Role.ORG_ADMIN})
@Tag(name = "入会审核", description = "扫码入会申请的审核、建会跟进、漏斗统计与会员证核验")
class EnrollmentApi {

  private static final Copy COPY = Copy.load("admin");

  private final EnrollmentService enrollments;
  private final PosterService posters;
  private final EnrollmentSupervision supervision;
  private final AuditTrail audit;

  EnrollmentApi(
      EnrollmentService enrollments,
      PosterService posters,
      EnrollmentSupervision supervision,
      AuditTrail audit) {
    this.enrollments = enrollments;
    this.posters = posters;
    this.supervision = supervision;
    this.audit = audit;
  }

  record Rejection(@NotBlank @Size(max = EnrollmentService.MAX_REASON) String reason) {}

  record SuperviseRequest(@NotBlank @Size(max = EnrollmentSupervision.MAX_NOTE) String note) {}

  record SuperviseResult(long enrollmentId, int supervisedCount, long alertId) {}

  @GetMapping("/enrollments")
  @Operation(
      summary = "入会申请列表（脱敏）",
      description = "status: SUBMITTED 审核中, APPROVED, REJECTED；按审核期限排序")
  PageResult<EnrollmentView> list(
      Caller caller,
      @RequestParam(required = false) String status,
      @RequestParam(required = false) Boolean unionBuilding,
      @RequestParam(required = false) Long orgId,
      @RequestParam(required = false) Integer page,
      @RequestParam(required = false) Integer size) {
    PageResult<EnrollmentView> result =
        enrollments.list(
            caller,
            status(status),
            unionBuilding,
            orgId,
            PageResult.page(page),
            PageResult.size(size));
    audit.record(
        caller,
        caller.orgPath(),
        "enrollment.listed",
        "enrollment",
        null,
        "count=" + result.items().size());
    return result;
  }

  @GetMapping("/enrollments/union-building")
  @Operation(summary = "待建会跟进名单", description = "单位未建会或不在企业法人库、挂靠到市总工会的申请")
  PageResult<EnrollmentView> unionBuilding(
      Caller caller,
      @RequestParam(required = false) Long orgId,
      @RequestParam(required = false) Integer page,
      @RequestParam(required = false) Integer size) {
    PageResult<EnrollmentView> result =
        enrollments.list(caller, null, true, orgId, PageResult.page(page), PageResult.size(size));
    audit.record(
        caller,
        caller.orgPath(),
        "enrollment.listed",
        "enrollment",
        null,
        "union-building, count=" + result.items().size());
    return result;
  }

  @GetMapping("/enrollments/funnel")
  @Operation(summary = "入会漏斗", description = "按海报与单位：扫码 → 开始填写 → 提交 → 通过")
  PosterService.Funnel funnel(Caller caller, @RequestParam(required = false) Long orgId) {
    return posters.funnel(caller, orgId);
  }

  @GetMapping("/enrollments/{id}")
  @Operation(
      summary = "入会申请详情（脱敏）",
      description =
          "noticeStatus: 审核结果通知 PENDING 待发送/重试中, SENT 已通知, FAILED 通知失败, UNCERTAIN 可能未送达（不再自动重发）")
  EnrollmentView get(Caller caller, @PathVariable long id) {
    EnrollmentView e = enrollments.get(caller, id);
    audit.record(caller, e.orgPath(), "enrollment.read", "enrollment", id, null);
    return e;
  }

  @PostMapping("/enrollments/{id}/approve")
  @Operation(
      summary = "审核通过",
      description = "登记为会员并分配会员号，通过服务号通知职工；noticeStatus 为通知结果（失败可重试的稍后自动重发）")
  EnrollmentView approve(Caller caller, @PathVariable long id) {
    EnrollmentView e = enrollments.approve(caller, id);
    audit.record(
        caller, e.orgPath(), "enrollment.approved", "enrollment", id, "member " + e.memberNumber());
    // Read again: the worker's notice was tried after the commit, and the reviewer sees how it
    // went.
    return enrollments.get(caller, id);
  }

  @PostMapping("/enrollments/{id}/reject")
  @Operation(summary = "审核不通过", description = "须填写原因，通过服务号告知职工")
  EnrollmentView reject(Caller caller, @PathVariable long id, @Valid @RequestBody Rejection req) {
    EnrollmentView e = enrollments.reject(caller, id, req.reason());
    audit.record(caller, e.orgPath(), "enrollment.rejected", "enrollment", id, null);
    return enrollments.get(caller, id);
  }

  @PostMapping("/enrollments/{id}/supervise")
  @Operation(summary = "督办", description = "仅限审核单位的上级单位管理员；督办意见记在申请上并通知审核单位管理员")
  SuperviseResult supervise(
      Caller caller, @PathVariable long id, @Valid @RequestBody SuperviseRequest req) {
    EnrollmentSupervision.Supervised s = supervision.supervise(caller, id, req.note());
    audit.record(caller, s.orgPath(), "enrollment.supervised", "enrollment", id, null);
    // Sent now, after the commit; a failure stays on the alert and the review sweep tries again.
    supervision.send(s.alertId());
    return new SuperviseResult(id, s.count(), s.alertId());
  }

  @GetMapping("/member-cards/{code}")
  @Roles({Role.SUPER_ADMIN, Role.ORG_ADMIN, Role.INFORMANT})
  @Operation(summary = "核验电子会员证", description = "会员证上的核验码；仅能核验本级及下级工会的会员")
  EnrollmentService.CardCheck checkCard(Caller caller, @PathVariable String code) {
    EnrollmentService.CardCheck check = enrollments.checkCard(caller, code);
    audit.record(
        caller,
        caller.orgPath(),
        "member.card-checked",
        "member",
        check.memberNumber(),
        check.valid() ? "valid" : "invalid");
    return check;
  }

  private static EnrollmentStatus status(String status) {
    if (status == null || status.isBlank()) {
      return null;
    }
    try {
      return EnrollmentStatus.valueOf(status.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw DomainException.invalid("enrollment.status", COPY.text("enrollment.status"));
    }
  }
}
