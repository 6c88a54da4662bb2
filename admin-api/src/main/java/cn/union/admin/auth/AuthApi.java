package cn.union.admin.auth;

import cn.union.admin.web.AuditTrail;
import cn.union.admin.web.AuthInterceptor;
import cn.union.admin.web.AuthInterceptor.AllowedBeforePasswordChange;
import cn.union.admin.web.Public;
import cn.union.org.OrgService;
import cn.union.shared.DomainException;
import cn.union.staff.Caller;
import cn.union.staff.StaffService;
import cn.union.staff.StaffUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Login, logout, own password and identity. */
@RestController
@RequestMapping("/admin/api/v1")
@Tag(name = "认证", description = "登录、退出、修改密码")
class AuthApi {

  private final StaffService staff;
  private final OrgService orgs;
  private final AuditTrail audit;

  AuthApi(StaffService staff, OrgService orgs, AuditTrail audit) {
    this.staff = staff;
    this.orgs = orgs;
    this.audit = audit;
  }

  record LoginRequest(
      @NotBlank @Size(max = 64) String username, @NotBlank @Size(max = 64) String password) {}

  record LoginResponse(String token, OffsetDateTime expiresAt, boolean mustChangePassword) {}

  record PasswordRequest(@NotBlank String oldPassword, @NotBlank String newPassword) {}

  record MeView(
      String username,
      String displayName,
      String role,
      long orgId,
      String orgName,
      String orgLevel,
      boolean mustChangePassword) {}

  @Public
  @PostMapping("/auth/login")
  @Operation(summary = "登录", description = "连续 5 次密码错误锁定 15 分钟；令牌空闲 30 分钟失效")
  LoginResponse login(@Valid @RequestBody LoginRequest req, HttpServletRequest request) {
    String[] reason = {null};
    try {
      StaffService.Login login =
          staff.login(req.username(), req.password(), request.getRemoteAddr(), r -> reason[0] = r);
      StaffUser u = login.user();
      audit.recordAnonymous(u.getUsername(), orgs.get(u.getOrgId()).getPath(), "auth.login", null);
      return new LoginResponse(
          login.token(),
          login.expiresAt().atZone(cn.union.platform.PlatformConfig.ZONE).toOffsetDateTime(),
          u.isMustChangePassword());
    } catch (DomainException e) {
      StaffUser known = staff.findByUsername(req.username());
      String path = known == null ? "/" : orgs.get(known.getOrgId()).getPath();
      // Failed logins are counted, and written only as often as AuditTrail allows, so a flood of
      // guesses cannot flood the table.
      audit.recordRefusal(
          known == null ? "(unknown)" : known.getUsername(),
          path,
          "auth.login-failed",
          e.code() + (reason[0] == null ? "" : ": " + reason[0]));
      throw e;
    }
  }

  @PostMapping("/auth/logout")
  @AllowedBeforePasswordChange
  @Operation(summary = "退出登录")
  ResponseEntity<Void> logout(Caller caller, HttpServletRequest request) {
    staff.logout((String) request.getAttribute(AuthInterceptor.TOKEN));
    audit.record(caller, caller.orgPath(), "auth.logout", "user", caller.userId(), null);
    return ResponseEntity.noContent().build();
  }

  @PostMapping("/auth/password")
  @AllowedBeforePasswordChange
  @Operation(summary = "修改本人密码", description = "至少 8 位，含大写、小写、数字、符号中的三类；不得与最近 5 次相同")
  ResponseEntity<Void> changePassword(
      Caller caller, @Valid @RequestBody PasswordRequest req, HttpServletRequest request) {
    staff.changePassword(
        caller,
        (String) request.getAttribute(AuthInterceptor.TOKEN),
        req.oldPassword(),
        req.newPassword());
    audit.record(caller, caller.orgPath(), "auth.password-changed", "user", caller.userId(), null);
    return ResponseEntity.noContent().build();
  }

  @GetMapping("/me")
  @AllowedBeforePasswordChange
  @Operation(summary = "当前登录用户")
  MeView me(Caller caller) {
    StaffUser u = staff.get(caller, caller.userId());
    var org = orgs.get(caller.orgId());
    return new MeView(
        caller.username(),
        u.getDisplayName(),
        caller.role().name(),
        caller.orgId(),
        org.getName(),
        org.getLevel().name(),
        caller.mustChangePassword());
  }
}
