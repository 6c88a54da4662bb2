package cn.union.admin.stats;

import cn.union.admin.web.Roles;
import cn.union.staff.Caller;
import cn.union.staff.Role;
import cn.union.stats.DailySeries;
import cn.union.stats.Kpi;
import cn.union.stats.KpiExport;
import cn.union.stats.StatsService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** 统计: KPIs of an org subtree over a period, the ranking of its child orgs, CSV. */
@RestController
@RequestMapping("/admin/api/v1/stats")
@Roles({Role.INFORMANT, Role.ORG_ADMIN, Role.SUPER_ADMIN})
@Tag(name = "统计", description = "受理量、办结、按期办结率、超期件、满意率与排行")
class StatsApi {

  private final StatsService stats;
  private final KpiExport export;
  private final DailySeries daily;

  StatsApi(StatsService stats, KpiExport export, DailySeries daily) {
    this.stats = stats;
    this.export = export;
    this.daily = daily;
  }

  record Daily(long orgId, LocalDate from, LocalDate to, List<DailySeries.Day> days) {}

  /** CONTRACT.md's shape plus the extra figures; children carry the same fields. */
  record Overview(
      long orgId,
      String orgName,
      LocalDate from,
      LocalDate to,
      long received,
      long closed,
      Double onTimeRate,
      long overdue,
      Double satisfactionRate,
      long onTime,
      long rated,
      Double avgReplyWorkingHours,
      Map<String, Long> byCategory,
      List<Overview> children) {
    static Overview of(Kpi k, LocalDate from, LocalDate to) {
      return new Overview(
          k.orgId(),
          k.orgName(),
          from,
          to,
          k.received(),
          k.closed(),
          k.onTimeRate(),
          k.overdue(),
          k.satisfactionRate(),
          k.onTime(),
          k.rated(),
          k.avgReplyWorkingHours(),
          k.byCategory(),
          k.children().stream().map(c -> of(c, from, to)).toList());
    }
  }

  record RankItem(
      int rank,
      long orgId,
      String orgName,
      Double value,
      long received,
      Double onTimeRate,
      Double satisfactionRate) {}

  record Ranking(long orgId, String by, LocalDate from, LocalDate to, List<RankItem> items) {}

  @GetMapping("/overview")
  @Operation(summary = "统计概览", description = "按提交日期区间 [from, to]（默认本月）；本单位及各直属下级单位")
  Overview overview(
      Caller caller,
      @RequestParam(required = false) Long orgId,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
    LocalDate[] period = stats.period(from, to);
    return Overview.of(stats.overview(caller, orgId, period[0], period[1]), period[0], period[1]);
  }

  @GetMapping("/ranking")
  @Operation(summary = "下级单位排行榜", description = "by = onTimeRate（按期办结率）或 satisfactionRate（满意率）")
  Ranking ranking(
      Caller caller,
      @RequestParam(required = false) Long orgId,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
      @RequestParam(defaultValue = "onTimeRate") String by) {
    StatsService.RankBy key = StatsService.RankBy.parse(by);
    LocalDate[] period = stats.period(from, to);
    List<RankItem> items =
        stats.ranking(caller, orgId, period[0], period[1], key).stream()
            .map(
                r ->
                    new RankItem(
                        r.rank(),
                        r.kpi().orgId(),
                        r.kpi().orgName(),
                        key == StatsService.RankBy.onTimeRate
                            ? r.kpi().onTimeRate()
                            : r.kpi().satisfactionRate(),
                        r.kpi().received(),
                        r.kpi().onTimeRate(),
                        r.kpi().satisfactionRate()))
            .toList();
    Long top = orgId == null ? caller.orgId() : orgId;
    return new Ranking(top, key.name(), period[0], period[1], items);
  }

  @GetMapping("/daily")
  @Operation(summary = "逐日受理量与已办结", description = "按提交日期逐日统计（与概览口径相同）；区间内每天一项，无求助的日子为 0")
  Daily daily(
      Caller caller,
      @RequestParam(required = false) Long orgId,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
    LocalDate[] period = stats.period(from, to);
    return new Daily(
        orgId == null ? caller.orgId() : orgId,
        period[0],
        period[1],
        daily.days(caller, orgId, period[0], period[1]));
  }

  @GetMapping("/overview.csv")
  @Operation(summary = "统计概览（CSV）", description = "UTF-8 带 BOM，中文表头")
  void overviewCsv(
      Caller caller,
      @RequestParam(required = false) Long orgId,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
      HttpServletResponse response)
      throws IOException {
    LocalDate[] period = stats.period(from, to);
    Kpi kpi = stats.overview(caller, orgId, period[0], period[1]);
    response.setContentType("text/csv;charset=UTF-8");
    response.setHeader(
        "Content-Disposition",
        "attachment; filename=\"kpi.csv\"; filename*=UTF-8''%E7%BB%9F%E8%AE%A1.csv");
    Writer out = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
    export.writeKpis(kpi, out);
    out.flush();
  }
}
