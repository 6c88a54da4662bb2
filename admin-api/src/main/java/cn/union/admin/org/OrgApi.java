package cn.union.admin.org;

import cn.union.admin.web.AuditTrail;
import cn.union.admin.web.Roles;
import cn.union.org.Org;
import cn.union.org.OrgLevel;
import cn.union.org.OrgNode;
import cn.union.org.OrgService;
import cn.union.shared.PageResult;
import cn.union.staff.Caller;
import cn.union.staff.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The org tree as the caller may see it: their own org and everything under it. */
@RestController
@RequestMapping("/admin/api/v1/orgs")
@Tag(name = "组织", description = "五级工会组织树")
class OrgApi {

  private final OrgService orgs;
  private final AuditTrail audit;

  OrgApi(OrgService orgs, AuditTrail audit) {
    this.orgs = orgs;
    this.audit = audit;
  }

  record OrgCreate(
      @NotNull Long parentId, @NotBlank @Size(max = 128) String name, @NotNull OrgLevel level) {}

  record OrgPatch(@Size(max = 128) String name, Boolean requiresReview) {}

  record OrgView(
      long id, Long parentId, String name, OrgLevel level, boolean requiresReview, boolean demo) {
    static OrgView of(Org o) {
      return new OrgView(
          o.getId(), o.getParentId(), o.getName(), o.getLevel(), o.isRequiresReview(), o.isDemo());
    }
  }

  /** The org if the caller sees it; otherwise 404, so existence does not leak. */
  private Org visible(Caller caller, long id) {
    return orgs.visibleIn(caller.orgPath(), id);
  }

  @GetMapping("/tree")
  @Operation(summary = "本人所在单位及全部下级单位（树）")
  List<OrgNode> tree(Caller caller, @RequestParam(required = false) Integer depth) {
    return List.of(orgs.tree(orgs.get(caller.orgId()), depth));
  }

  @GetMapping
  @Operation(summary = "按名称查找单位（本人辖区内）")
  PageResult<OrgView> search(
      Caller caller,
      @RequestParam(required = false) String q,
      @RequestParam(required = false) Integer page,
      @RequestParam(required = false) Integer size) {
    return orgs.search(orgs.get(caller.orgId()), q, PageResult.page(page), PageResult.size(size))
        .map(OrgView::of);
  }

  @GetMapping("/{id}")
  @Operation(summary = "单位详情")
  OrgView get(Caller caller, @PathVariable long id) {
    return OrgView.of(visible(caller, id));
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  @Roles({Role.SUPER_ADMIN, Role.ORG_ADMIN})
  @Operation(summary = "创建下级单位", description = "level 必须是上级单位的下一级")
  OrgView create(Caller caller, @Valid @RequestBody OrgCreate req) {
    Org parent = visible(caller, req.parentId());
    Org created = orgs.create(parent.getId(), req.name(), req.level(), false);
    audit.record(
        caller, created.getPath(), "org.created", "org", created.getId(), created.getName());
    return OrgView.of(created);
  }

  @PatchMapping("/{id}")
  @Roles({Role.SUPER_ADMIN, Role.ORG_ADMIN})
  @Operation(summary = "修改单位名称或“下级答复需上级审核”选项")
  OrgView update(Caller caller, @PathVariable long id, @Valid @RequestBody OrgPatch req) {
    Org org = visible(caller, id);
    orgs.checkMayChangeReview(caller.orgPath(), org, req.requiresReview());
    Org updated = orgs.update(org.getId(), req.name(), req.requiresReview());
    audit.record(
        caller,
        updated.getPath(),
        "org.updated",
        "org",
        id,
        "name=" + updated.getName() + ", requiresReview=" + updated.isRequiresReview());
    return OrgView.of(updated);
  }
}
