package cn.union.wechat;

import cn.union.admin.web.AuditTrail;
import cn.union.admin.web.Roles;
import cn.union.platform.Copy;
import cn.union.shared.DomainException;
import cn.union.staff.Caller;
import cn.union.staff.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import me.chanjar.weixin.common.error.WxErrorException;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Lets a super-admin check and push the account menu from {@code templates/menu.json}. */
@RestController
@RequestMapping("/admin/api/v1/wechat/menu")
@Roles(Role.SUPER_ADMIN)
@Tag(name = "公众号菜单")
class MenuApi {

  private final MenuService menus;
  private final AuditTrail audit;
  private final Copy copy;

  MenuApi(MenuService menus, AuditTrail audit, @Qualifier("wechatCopy") Copy copy) {
    this.menus = menus;
    this.audit = audit;
    this.copy = copy;
  }

  record MenuCheck(String menu, List<String> problems) {}

  @GetMapping
  @Operation(summary = "查看菜单及其是否符合微信限制")
  MenuCheck show() {
    String menu = menus.loadMenuJson();
    return new MenuCheck(menu, menus.validate(menu));
  }

  @PostMapping("/push")
  @Operation(summary = "推送菜单到微信（/cgi-bin/menu/create）")
  ResponseEntity<Void> push(Caller caller) {
    try {
      menus.push();
    } catch (MenuService.InvalidMenuException e) {
      throw DomainException.invalid(
          "menu.invalid", copy.render("menu.invalid", Map.of("problem", e.getMessage())));
    } catch (WxErrorException e) {
      throw new DomainException(
          DomainException.Kind.CONFLICT,
          "menu.wechat-refused",
          copy.render("menu.refused", Map.of("code", e.getError().getErrorCode())));
    }
    audit.record(caller, caller.orgPath(), "wechat.menu-pushed", "menu", null, null);
    return ResponseEntity.status(HttpStatus.NO_CONTENT).build();
  }
}
