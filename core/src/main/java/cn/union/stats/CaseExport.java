package cn.union.stats;

import static cn.union.platform.PlatformConfig.ZONE;

import cn.union.helpdesk.CaseSearch;
import cn.union.helpdesk.CaseViews;
import cn.union.helpdesk.Rating;
import cn.union.org.OrgUnit;
import cn.union.staff.Caller;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * The cases of a subtree as CSV (the console's filtered list), and the KPIs as CSV. Cases come from
 * {@link CaseSearch#forEach} a page at a time and are written as they come, so a large export never
 * sits in memory. Phones appear masked; openids and ID numbers never appear.
 */
@Service
public class CaseExport {

  public static final List<String> CASE_HEADERS = List.of("编号", "类别", "承办单位", "状态", "提交时间", "答复期限", "答复时间",
      "是否超期", "是否按期答复", "评价", "联系电话");

  public static final List<String> KPI_HEADERS = List.of("单位", "受理量", "已办结", "按期办结", "超期件", "按期办结率", "评价数",
      "满意率", "平均答复时长（工作小时）");

  private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  private final CaseSearch search;
  private final StatsService stats;

  CaseExport(CaseSearch search, StatsService stats) {
    this.search = search;
    this.stats = stats;
  }

  /** The org whose subtree is exported (404 outside the caller's); checked before the response starts. */
  public OrgUnit scope(Caller caller, Long orgId) {
    return search.scope(caller, orgId);
  }

  /**
   * Writes the cases the query finds under {@code org}, newest first, as they are read; returns how
   * many. Without a period, the current month up to today (as the statistics count).
   */
  public long writeCases(OrgUnit org, CaseSearch.Query query, Writer out) {
    CaseSearch.Query q = query;
    if (q.from() == null && q.to() == null) {
      LocalDate[] period = stats.period(null, null);
      q = new CaseSearch.Query(q.status(), q.overdue(), q.orgId(), q.categoryId(), period[0], period[1], q.text(), q.sort());
    }
    try {
      out.write(Csv.BOM);
      Csv.row(out, CASE_HEADERS);
      long written = search.forEach(org, q, row -> {
        CaseViews.Summary s = row.summary();
        LocalDateTime due = local(row.dueAt());
        LocalDateTime replied = local(row.repliedAt());
        try {
          Csv.row(out, Arrays.asList(s.number(), s.category(), s.orgName(), s.status().label(),
              local(s.submittedAt()).format(MINUTES), due.format(MINUTES), replied == null ? "" : replied.format(MINUTES),
              (replied == null ? s.overdue() : replied.isAfter(due)) ? "是" : "否",
              replied == null ? "" : replied.isAfter(due) ? "否" : "是",
              row.rating() == null ? "" : Rating.valueOf(row.rating()).word(),
              row.mobileMasked() == null ? "" : row.mobileMasked()));
        } catch (IOException e) {
          throw new UncheckedIOException("the CSV download was interrupted", e);
        }
      });
      out.flush();
      return written;
    } catch (IOException e) {
      throw new UncheckedIOException("the CSV download was interrupted", e);
    }
  }

  private static LocalDateTime local(Instant instant) {
    return instant == null ? null : LocalDateTime.ofInstant(instant, ZONE);
  }

  /** The org's KPIs and its children's, one row each. */
  public void writeKpis(Kpi kpi, Writer out) {
    try {
      out.write(Csv.BOM);
      Csv.row(out, KPI_HEADERS);
      kpiRow(out, kpi);
      for (Kpi child : kpi.children()) {
        kpiRow(out, child);
      }
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("the CSV download was interrupted", e);
    }
  }

  private static void kpiRow(Writer out, Kpi k) throws IOException {
    Csv.row(out, List.of(k.orgName(), k.received(), k.closed(), k.onTime(), k.overdue(), percent(k.onTimeRate()),
        k.rated(), percent(k.satisfactionRate()), k.avgReplyWorkingHours() == null ? "" : k.avgReplyWorkingHours()));
  }

  private static String percent(Double rate) {
    return rate == null ? "" : String.format("%.1f%%", rate * 100);
  }
}
