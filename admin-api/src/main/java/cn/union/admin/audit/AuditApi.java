package cn.union.admin.audit;

import cn.union.admin.web.Roles;
import cn.union.audit.AuditLog;
import cn.union.audit.AuditRecord;
import cn.union.shared.PageResult;
import cn.union.staff.Caller;
import cn.union.staff.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.OffsetDateTime;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Reading the audit log. Auditors read all of it; admins read their subtree's entries. There is no
 * endpoint that changes or deletes an entry.
 */
@RestController
@RequestMapping("/admin/api/v1/audit")
@Tag(name = "审计", description = "只读、防篡改的操作日志")
class AuditApi {

  private final AuditLog audit;

  AuditApi(AuditLog audit) {
    this.audit = audit;
  }

  record AuditView(
      long id,
      OffsetDateTime at,
      String actor,
      String actorRole,
      String action,
      String targetType,
      String targetId,
      String detail,
      String ip) {
    static AuditView of(AuditRecord r) {
      return new AuditView(
          r.getId(),
          r.getAt().atZone(cn.union.platform.PlatformConfig.ZONE).toOffsetDateTime(),
          r.getActor(),
          r.getActorRole(),
          r.getAction(),
          r.getTargetType(),
          r.getTargetId(),
          r.getDetail(),
          r.getIp());
    }
  }

  @GetMapping
  @Roles({Role.AUDITOR, Role.SUPER_ADMIN, Role.ORG_ADMIN})
  @Operation(summary = "操作日志", description = "审计员可查看全部；管理员只能查看本辖区")
  PageResult<AuditView> list(
      Caller caller,
      @RequestParam(required = false) String action,
      @RequestParam(required = false) String actor,
      @RequestParam(required = false) Integer page,
      @RequestParam(required = false) Integer size) {
    String scope = caller.role() == Role.AUDITOR ? null : caller.orgPath();
    return audit
        .list(scope, action, actor, PageResult.page(page), PageResult.size(size))
        .map(AuditView::of);
  }

  @GetMapping("/verify")
  @Roles({Role.AUDITOR})
  @Operation(summary = "校验日志哈希链", description = "发现被修改或删除的记录")
  AuditLog.ChainCheck verify(Caller caller) {
    return audit.verify();
  }
}
