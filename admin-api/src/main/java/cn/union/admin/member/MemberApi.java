package cn.union.admin.member;

import cn.union.admin.web.AuditTrail;
import cn.union.admin.web.Roles;
import cn.union.member.MemberService;
import cn.union.member.MemberService.MemberData;
import cn.union.member.MemberView;
import cn.union.member.Membership;
import cn.union.shared.PageResult;
import cn.union.staff.Caller;
import cn.union.staff.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Members of the caller's subtree. Every read of personal data is audited. */
@RestController
@RequestMapping("/admin/api/v1/members")
@Roles({Role.SUPER_ADMIN, Role.ORG_ADMIN, Role.INFORMANT})
@Tag(name = "会员", description = "会员档案；身份证号、手机号加密保存、脱敏显示")
class MemberApi {

  private final MemberService members;
  private final AuditTrail audit;

  MemberApi(MemberService members, AuditTrail audit) {
    this.members = members;
    this.audit = audit;
  }

  record MemberCreate(
      @NotBlank @Size(max = 64) String name,
      @NotBlank String idNumber,
      String mobile,
      @Size(max = 128) String employer,
      @NotNull Long orgId) {}

  record MemberPatch(
      @Size(max = 64) String name,
      String idNumber,
      String mobile,
      @Size(max = 128) String employer,
      Long orgId) {}

  record Revealed(String idNumber) {}

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  @Roles({Role.SUPER_ADMIN, Role.ORG_ADMIN})
  @Operation(summary = "登记会员")
  MemberView create(Caller caller, @Valid @RequestBody MemberCreate req) {
    Membership m =
        members.create(
            caller,
            new MemberData(
                req.name(), req.idNumber(), req.mobile(), req.employer(), req.orgId(), null));
    audit.record(caller, m.getOrgPath(), "member.created", "member", m.getId(), null);
    return members.view(m);
  }

  @GetMapping
  @Operation(summary = "会员列表（脱敏）", description = "可按姓名、完整身份证号（哈希检索）或所属工会筛选")
  PageResult<MemberView> list(
      Caller caller,
      @RequestParam(required = false) String name,
      @RequestParam(required = false) String idNumber,
      @RequestParam(required = false) Long orgId,
      @RequestParam(required = false) Integer page,
      @RequestParam(required = false) Integer size) {
    PageResult<Membership> result =
        members.list(caller, name, idNumber, orgId, PageResult.page(page), PageResult.size(size));
    audit.record(
        caller,
        caller.orgPath(),
        "member.listed",
        "member",
        null,
        "count="
            + result.items().size()
            + (idNumber != null && !idNumber.isBlank() ? ", by id number" : ""));
    return result.map(members::view);
  }

  @GetMapping("/{id}")
  @Operation(summary = "会员详情（脱敏）")
  MemberView get(Caller caller, @PathVariable long id) {
    Membership m = members.get(caller, id);
    audit.record(caller, m.getOrgPath(), "member.read", "member", id, null);
    return members.view(m);
  }

  @GetMapping("/{id}/id-number")
  @Roles({Role.SUPER_ADMIN, Role.ORG_ADMIN})
  @Operation(summary = "查看完整身份证号", description = "仅管理员；每次查看都记入审计日志")
  Revealed reveal(Caller caller, @PathVariable long id) {
    Membership m = members.get(caller, id);
    audit.record(caller, m.getOrgPath(), "member.id-number-revealed", "member", id, null);
    return new Revealed(members.revealIdNumber(caller, id));
  }

  @PatchMapping("/{id}")
  @Roles({Role.SUPER_ADMIN, Role.ORG_ADMIN})
  @Operation(summary = "修改会员档案")
  MemberView update(Caller caller, @PathVariable long id, @Valid @RequestBody MemberPatch req) {
    Membership m =
        members.update(
            caller,
            id,
            new MemberData(
                req.name(), req.idNumber(), req.mobile(), req.employer(), req.orgId(), null));
    audit.record(caller, m.getOrgPath(), "member.updated", "member", id, null);
    return members.view(m);
  }

  @DeleteMapping("/{id}")
  @Roles({Role.SUPER_ADMIN, Role.ORG_ADMIN})
  @Operation(summary = "删除会员档案")
  ResponseEntity<Void> delete(Caller caller, @PathVariable long id) {
    Membership m = members.get(caller, id);
    members.delete(caller, id);
    audit.record(caller, m.getOrgPath(), "member.deleted", "member", id, null);
    return ResponseEntity.noContent().build();
  }
}
