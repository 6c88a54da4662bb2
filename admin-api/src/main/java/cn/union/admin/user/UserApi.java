package cn.union.admin.user;

import cn.union.admin.web.AuditTrail;
import cn.union.admin.web.Roles;
import cn.union.org.OrgService;
import cn.union.shared.PageResult;
import cn.union.staff.Caller;
import cn.union.staff.Role;
import cn.union.staff.StaffService;
import cn.union.staff.StaffUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Console accounts of the caller's subtree. */
@RestController
@RequestMapping("/admin/api/v1/users")
@Roles({Role.SUPER_ADMIN, Role.ORG_ADMIN})
@Tag(name = "账号", description = "管理员、信息员、审计员账号")
class UserApi {

  private final StaffService staff;
  private final OrgService orgs;
  private final AuditTrail audit;

  UserApi(StaffService staff, OrgService orgs, AuditTrail audit) {
    this.staff = staff;
    this.orgs = orgs;
    this.audit = audit;
  }

  record UserCreate(
      @NotBlank @Size(max = 64) String username,
      @NotBlank @Size(max = 64) String password,
      @NotBlank @Size(max = 64) String displayName,
      @NotNull Role role,
      @NotNull Long orgId) {}

  record UserView(
      long id,
      String username,
      String displayName,
      Role role,
      long orgId,
      String orgName,
      boolean enabled,
      boolean mustChangePassword,
      boolean locked) {}

  record PasswordReset(String temporaryPassword) {}

  private UserView view(StaffUser u) {
    return view(u, orgs.get(u.getOrgId()).getName());
  }

  private static UserView view(StaffUser u, String orgName) {
    return new UserView(
        u.getId(),
        u.getUsername(),
        u.getDisplayName(),
        u.getRole(),
        u.getOrgId(),
        orgName,
        u.isEnabled(),
        u.isMustChangePassword(),
        u.getLockedUntil() != null);
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(summary = "创建账号", description = "初始密码须在首次登录时修改")
  UserView create(Caller caller, @Valid @RequestBody UserCreate req) {
    StaffUser u =
        staff.create(
            caller, req.username(), req.password(), req.displayName(), req.role(), req.orgId());
    audit.record(
        caller,
        orgs.get(u.getOrgId()).getPath(),
        "user.created",
        "user",
        u.getId(),
        u.getUsername() + " " + u.getRole());
    return view(u);
  }

  @GetMapping
  @Operation(summary = "账号列表（本人辖区内）")
  PageResult<UserView> list(
      Caller caller,
      @RequestParam(required = false) Role role,
      @RequestParam(required = false) Long orgId,
      @RequestParam(required = false) String q,
      @RequestParam(required = false) Integer page,
      @RequestParam(required = false) Integer size) {
    PageResult<StaffUser> found =
        staff.list(caller, role, orgId, q, PageResult.page(page), PageResult.size(size));
    Map<Long, String> names = orgs.names(found.items().stream().map(StaffUser::getOrgId).toList());
    return found.map(u -> view(u, names.get(u.getOrgId())));
  }

  @GetMapping("/{id}")
  @Operation(summary = "账号详情")
  UserView get(Caller caller, @PathVariable long id) {
    return view(staff.get(caller, id));
  }

  @PostMapping("/{id}/disable")
  @Operation(summary = "停用账号")
  UserView disable(Caller caller, @PathVariable long id) {
    StaffUser u = staff.setEnabled(caller, id, false);
    audit.record(
        caller, orgs.get(u.getOrgId()).getPath(), "user.disabled", "user", id, u.getUsername());
    return view(u);
  }

  @PostMapping("/{id}/enable")
  @Operation(summary = "启用账号")
  UserView enable(Caller caller, @PathVariable long id) {
    StaffUser u = staff.setEnabled(caller, id, true);
    audit.record(
        caller, orgs.get(u.getOrgId()).getPath(), "user.enabled", "user", id, u.getUsername());
    return view(u);
  }

  @PostMapping("/{id}/reset-password")
  @Operation(summary = "重置密码", description = "返回一次性临时密码，用户登录后须修改")
  PasswordReset reset(Caller caller, @PathVariable long id) {
    String password = staff.resetPassword(caller, id);
    StaffUser u = staff.get(caller, id);
    audit.record(
        caller,
        orgs.get(u.getOrgId()).getPath(),
        "user.password-reset",
        "user",
        id,
        u.getUsername());
    return new PasswordReset(password);
  }
}
