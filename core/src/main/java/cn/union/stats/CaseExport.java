package cn.union.stats;

import static cn.union.platform.PlatformConfig.ZONE;

import cn.union.helpdesk.CaseStatus;
import cn.union.helpdesk.HelpCategory;
import cn.union.helpdesk.HelpCategoryMapper;
import cn.union.helpdesk.Rating;
import cn.union.org.OrgService;
import cn.union.org.OrgUnit;
import cn.union.platform.DataProtection;
import cn.union.platform.Masking;
import cn.union.staff.Caller;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * The cases of a subtree and period as CSV, and the KPIs as CSV. Cases are read in pages of
 * {@link #PAGE} by id and written as they come, so a large export never sits in memory. Phones
 * appear masked; openids and ID numbers never appear.
 */
@Service
public class CaseExport {

  static final int PAGE = 1000;

  public static final List<String> CASE_HEADERS = List.of("编号", "类别", "承办单位", "状态", "提交时间", "答复期限", "答复时间",
      "是否超期", "是否按期答复", "评价", "联系电话");

  public static final List<String> KPI_HEADERS = List.of("单位", "受理量", "已办结", "按期办结", "超期件", "按期办结率", "评价数",
      "满意率", "平均答复时长（工作小时）");

  private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  private final JdbcTemplate jdbc;
  private final OrgService orgs;
  private final HelpCategoryMapper categories;
  private final DataProtection data;
  private final StatsService stats;
  private final Clock clock;

  CaseExport(JdbcTemplate jdbc, OrgService orgs, HelpCategoryMapper categories, DataProtection data, StatsService stats,
      Clock clock) {
    this.jdbc = jdbc;
    this.orgs = orgs;
    this.categories = categories;
    this.data = data;
    this.stats = stats;
    this.clock = clock;
  }

  /** The org whose subtree is exported (404 outside the caller's); checked before the response starts. */
  public OrgUnit scope(Caller caller, Long orgId) {
    return orgId == null ? orgs.get(caller.orgId()) : orgs.visibleIn(caller.orgPath(), orgId);
  }

  /** Writes the cases submitted in {@code [from, to]} under {@code org}; returns how many. */
  public long writeCases(OrgUnit org, LocalDate from, LocalDate to, Writer out) {
    LocalDate[] period = stats.period(from, to);
    Map<Long, String> categoryNames = categories.selectList(null).stream()
        .collect(Collectors.toMap(HelpCategory::getId, HelpCategory::getName, (a, b) -> a));
    Map<Long, String> orgNames = new HashMap<>();
    LocalDateTime now = LocalDateTime.ofInstant(clock.instant(), ZONE);
    try {
      out.write(Csv.BOM);
      Csv.row(out, CASE_HEADERS);
      long lastId = 0;
      long written = 0;
      while (true) {
        List<Object[]> page = jdbc.query("SELECT id, number, category_id, org_id, status, submitted_at, due_at, replied_at,"
                + " rating, mobile_enc FROM help_case WHERE org_path LIKE ? AND submitted_at >= ? AND submitted_at < ?"
                + " AND id > ? ORDER BY id LIMIT " + PAGE,
            (rs, i) -> new Object[] {rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getString(5),
                rs.getObject(6, LocalDateTime.class), rs.getObject(7, LocalDateTime.class),
                rs.getObject(8, LocalDateTime.class), rs.getString(9), rs.getString(10)},
            org.getPath() + "%", period[0].atStartOfDay(), period[1].plusDays(1).atStartOfDay(), lastId);
        for (Object[] c : page) {
          LocalDateTime due = (LocalDateTime) c[6];
          LocalDateTime replied = (LocalDateTime) c[7];
          boolean overdue = replied == null ? now.isAfter(due) : replied.isAfter(due);
          String mobile = c[9] == null ? "" : Masking.mobile(data.decrypt((String) c[9]));
          List<Object> row = new ArrayList<>();
          row.add(c[1]);
          row.add(categoryNames.get((Long) c[2]));
          row.add(orgNames.computeIfAbsent((Long) c[3], id -> {
            OrgUnit o = orgs.find(id);
            return o == null ? "" : o.getName();
          }));
          row.add(CaseStatus.valueOf((String) c[4]).label());
          row.add(((LocalDateTime) c[5]).format(MINUTES));
          row.add(due.format(MINUTES));
          row.add(replied == null ? "" : replied.format(MINUTES));
          row.add(overdue ? "是" : "否");
          row.add(replied == null ? "" : replied.isAfter(due) ? "否" : "是");
          row.add(c[8] == null ? "" : Rating.valueOf((String) c[8]).word());
          row.add(mobile);
          Csv.row(out, row);
          lastId = (Long) c[0];
          written++;
        }
        out.flush();
        if (page.size() < PAGE) {
          return written;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("the CSV download was interrupted", e);
    }
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
