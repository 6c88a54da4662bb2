package cn.union.admin.helpdesk;

import static cn.union.platform.PlatformConfig.ZONE;

import cn.union.admin.web.AuditTrail;
import cn.union.admin.web.Roles;
import cn.union.helpdesk.AnswerTemplates;
import cn.union.shared.PageResult;
import cn.union.staff.Caller;
import cn.union.staff.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * 常用语: answer templates of the caller's subtree, and those offered for a case, filled in for it.
 */
@RestController
@Roles({Role.INFORMANT, Role.ORG_ADMIN, Role.SUPER_ADMIN})
@Tag(name = "常用语", description = "答复常用语（按单位维护，含占位符，下级单位的求助可用上级单位的常用语）")
class AnswerTemplateApi {

  private static final String BASE = "/admin/api/v1/answer-templates";

  private final AnswerTemplates templates;
  private final AuditTrail audit;

  AnswerTemplateApi(AnswerTemplates templates, AuditTrail audit) {
    this.templates = templates;
    this.audit = audit;
  }

  /**
   * @param orgId the org it belongs to; absent: the caller's own org
   */
  record TemplateRequest(
      Long orgId,
      @NotBlank @Size(max = AnswerTemplates.MAX_TITLE) String title,
      @NotBlank @Size(max = AnswerTemplates.MAX_CONTENT) String content) {}

  record TemplateUpdate(
      @NotBlank @Size(max = AnswerTemplates.MAX_TITLE) String title,
      @NotBlank @Size(max = AnswerTemplates.MAX_CONTENT) String content) {}

  record TemplateItem(
      long id,
      long orgId,
      String orgName,
      String title,
      String content,
      String updatedBy,
      OffsetDateTime updatedAt,
      boolean editable) {
    static TemplateItem of(AnswerTemplates.View v) {
      return new TemplateItem(
          v.id(),
          v.orgId(),
          v.orgName(),
          v.title(),
          v.content(),
          v.updatedBy(),
          v.updatedAt().atZone(ZONE).toOffsetDateTime(),
          v.editable());
    }
  }

  /** A template offered for a case, with its text filled in for that case. */
  record CaseTemplate(
      long id, long orgId, String orgName, String title, String content, String rendered) {}

  @GetMapping(BASE)
  @Operation(summary = "常用语列表（本人辖区）", description = "可按单位（含下级）和关键字（标题或内容）筛选")
  PageResult<TemplateItem> list(
      Caller caller,
      @RequestParam(required = false) Long orgId,
      @RequestParam(required = false) String q,
      @RequestParam(required = false) Integer page,
      @RequestParam(required = false) Integer size) {
    return templates
        .list(caller, orgId, q, PageResult.page(page), PageResult.size(size))
        .map(TemplateItem::of);
  }

  @GetMapping(BASE + "/placeholders")
  @Operation(summary = "可用的占位符", description = "在内容中写 {名称}，选用时按求助填入")
  List<AnswerTemplates.Placeholder> placeholders() {
    return AnswerTemplates.PLACEHOLDERS;
  }

  @PostMapping(BASE)
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(summary = "新增常用语", description = "单位须在本人辖区内；不认识的占位符会被拒绝")
  TemplateItem create(Caller caller, @Valid @RequestBody TemplateRequest req) {
    AnswerTemplates.View v = templates.create(caller, req.orgId(), req.title(), req.content());
    audit.record(
        caller,
        templates.orgPathOf(caller, v.id()),
        "template.created",
        "answer-template",
        v.id(),
        v.title());
    return TemplateItem.of(v);
  }

  @PutMapping(BASE + "/{id}")
  @Operation(summary = "修改常用语")
  TemplateItem update(
      Caller caller, @PathVariable long id, @Valid @RequestBody TemplateUpdate req) {
    AnswerTemplates.View v = templates.update(caller, id, req.title(), req.content());
    audit.record(
        caller,
        templates.orgPathOf(caller, id),
        "template.updated",
        "answer-template",
        id,
        v.title());
    return TemplateItem.of(v);
  }

  @DeleteMapping(BASE + "/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(summary = "删除常用语")
  void delete(Caller caller, @PathVariable long id) {
    String orgPath = templates.delete(caller, id);
    audit.record(caller, orgPath, "template.deleted", "answer-template", id, null);
  }

  @GetMapping("/admin/api/v1/cases/{id}/answer-templates")
  @Operation(summary = "答复时可选的常用语", description = "承办单位及其上级单位的常用语，本单位的在前；rendered 为按本求助填好占位符的文本")
  PageResult<CaseTemplate> forCase(Caller caller, @PathVariable long id) {
    List<CaseTemplate> items =
        templates.forCase(caller, id).stream()
            .limit(PageResult.MAX_SIZE)
            .map(
                v ->
                    new CaseTemplate(
                        v.id(), v.orgId(), v.orgName(), v.title(), v.content(), v.rendered()))
            .toList();
    return new PageResult<>(items, items.size(), 1, PageResult.MAX_SIZE);
  }
}
