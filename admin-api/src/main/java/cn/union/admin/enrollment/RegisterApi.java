package cn.union.admin.enrollment;

import cn.union.admin.web.AuditTrail;
import cn.union.admin.web.Roles;
import cn.union.enrollment.EmployerRegister;
import cn.union.shared.PageResult;
import cn.union.staff.Caller;
import cn.union.staff.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.InputStream;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** 企业法人库: CSV import with progress, and search by credit code or name. */
@RestController
@RequestMapping("/admin/api/v1/register")
@Roles({Role.SUPER_ADMIN, Role.ORG_ADMIN})
@Tag(name = "企业法人库", description = "导入（CSV，进度可查，出错整批不导入）与检索")
class RegisterApi {

  private final EmployerRegister register;
  private final AuditTrail audit;

  RegisterApi(EmployerRegister register, AuditTrail audit) {
    this.register = register;
    this.audit = audit;
  }

  @PostMapping(
      path = "/imports",
      consumes = {"text/csv", "text/plain", "application/octet-stream"})
  @ResponseStatus(HttpStatus.ACCEPTED)
  @Roles(Role.SUPER_ADMIN)
  @io.swagger.v3.oas.annotations.parameters.RequestBody(
      required = true,
      content = @io.swagger.v3.oas.annotations.media.Content(mediaType = "text/csv"))
  @Operation(
      summary = "导入企业法人库（CSV）",
      description =
          "UTF-8，表头 name,credit_code,address,region_code,has_union,union_org_id；有错误行时整批不导入并列出行号")
  EmployerRegister.ImportView startImport(Caller caller, InputStream body) {
    EmployerRegister.ImportView started = register.startImport(caller, body);
    audit.record(
        caller, caller.orgPath(), "register.import-started", "register_import", started.id(), null);
    return started;
  }

  @GetMapping("/imports/{id}")
  @Roles(Role.SUPER_ADMIN)
  @Operation(summary = "导入进度")
  EmployerRegister.ImportView progress(@PathVariable long id) {
    return register.progress(id);
  }

  @GetMapping("/employers")
  @Operation(
      summary = "检索企业",
      description = "18位统一社会信用代码精确查找，或按名称（完全相同、开头相同、包含）排序；region 为行政区划代码前缀")
  PageResult<EmployerRegister.Employer> search(
      @RequestParam String q,
      @RequestParam(required = false) String region,
      @RequestParam(required = false) Integer page,
      @RequestParam(required = false) Integer size) {
    return register.search(q, region, PageResult.page(page), PageResult.size(size));
  }
}
