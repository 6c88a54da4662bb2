package cn.union.admin.user;

import cn.union.admin.web.AuditTrail;
import cn.union.platform.Copy;
import cn.union.staff.Caller;
import cn.union.staff.StaffWechatBinding;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.OffsetDateTime;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** 绑定微信: the console hands out a one-time code the staff member sends to the account as 绑定 <code>. */
@RestController
@RequestMapping("/admin/api/v1/me/wechat-binding")
@Tag(name = "账号", description = "登录与本人账号")
class WechatBindingApi {

  private static final Copy COPY = Copy.load("admin");

  private final StaffWechatBinding binding;
  private final AuditTrail audit;

  WechatBindingApi(StaffWechatBinding binding, AuditTrail audit) {
    this.binding = binding;
    this.audit = audit;
  }

  record BindingCode(String code, OffsetDateTime expiresAt, String instruction) {}

  record BindingState(boolean bound) {}

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(summary = "获取微信绑定码", description = "6位数字，10分钟内有效，仅可使用一次；向公众号发送“绑定 绑定码”完成绑定")
  BindingCode issue(Caller caller) {
    StaffWechatBinding.Code code = binding.issue(caller);
    audit.record(
        caller, caller.orgPath(), "staff.wechat-binding-code", "user", caller.userId(), null);
    return new BindingCode(
        code.code(),
        code.expiresAt().atZone(cn.union.platform.PlatformConfig.ZONE).toOffsetDateTime(),
        COPY.render("binding.instruction", Map.of("code", code.code())));
  }

  @GetMapping
  @Operation(summary = "本人是否已绑定微信")
  BindingState state(Caller caller) {
    return new BindingState(binding.isBound(caller));
  }

  @DeleteMapping
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(summary = "解除微信绑定")
  void unbind(Caller caller) {
    binding.unbind(caller);
    audit.record(caller, caller.orgPath(), "staff.wechat-unbound", "user", caller.userId(), null);
  }
}
