package cn.union.admin.helpdesk;

import cn.union.admin.web.AuditTrail;
import cn.union.admin.web.Roles;
import cn.union.helpdesk.CaseExport;
import cn.union.helpdesk.CaseSearch;
import cn.union.helpdesk.CaseStatus;
import cn.union.org.Org;
import cn.union.staff.Caller;
import cn.union.staff.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** 求助导出: the cases of a subtree and period as CSV (Excel-ready), written as they are read. */
@RestController
@RequestMapping("/admin/api/v1/cases")
@Roles({Role.INFORMANT, Role.ORG_ADMIN, Role.SUPER_ADMIN})
@Tag(name = "求助", description = "职工求助的签收、答复、改派与退回")
class CaseExportApi {

  private final CaseExport export;
  private final AuditTrail audit;

  CaseExportApi(CaseExport export, AuditTrail audit) {
    this.export = export;
    this.audit = audit;
  }

  @GetMapping("/export.csv")
  @Operation(
      summary = "导出求助（CSV）",
      description = "与求助列表相同的筛选条件（不指定日期时为本月）；最新提交在前；" + "手机号脱敏；UTF-8 带 BOM，Excel 可直接打开；导出记入审计日志")
  void exportCsv(
      Caller caller,
      @RequestParam(required = false) Long orgId,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
      @RequestParam(required = false) CaseStatus status,
      @RequestParam(required = false) Boolean overdue,
      @RequestParam(required = false) Long categoryId,
      @RequestParam(required = false) String q,
      HttpServletResponse response)
      throws IOException {
    CaseSearch.Query query =
        new CaseSearch.Query(status, overdue, orgId, categoryId, from, to, q, null);
    Org org = export.scope(caller, orgId);
    audit.record(
        caller,
        org.getPath(),
        "case.exported",
        "org",
        org.getId(),
        from
            + "~"
            + to
            + (status == null ? "" : " status=" + status)
            + (overdue == null ? "" : " overdue=" + overdue)
            + (categoryId == null ? "" : " category=" + categoryId)
            + (query.text() == null ? "" : " q"));
    response.setContentType("text/csv;charset=UTF-8");
    response.setHeader(
        "Content-Disposition",
        "attachment; filename=\"cases.csv\"; filename*=UTF-8''%E6%B1%82%E5%8A%A9%E4%BB%B6.csv");
    Writer out = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
    export.writeCases(org, query, out);
    out.flush();
  }
}
