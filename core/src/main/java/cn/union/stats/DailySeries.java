package cn.union.stats;

import cn.union.org.Org;
import cn.union.org.OrgService;
import cn.union.staff.Caller;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * 受理量 and 已办结 of an org subtree day by day, for the console's chart. Counted as the KPIs are
 * (README, 统计口径): by the day a case was submitted, closed meaning a reply has left for the worker;
 * read from the org's own rows of the daily summary, one row per day and category.
 */
@Service
public class DailySeries {

  /** One day of the period; days without cases are present with zeros, so a chart has no gaps. */
  public record Day(LocalDate day, long received, long closed) {}

  private final JdbcTemplate jdbc;
  private final OrgService orgs;
  private final KpiSummary summary;
  private final StatsService stats;

  DailySeries(JdbcTemplate jdbc, OrgService orgs, KpiSummary summary, StatsService stats) {
    this.jdbc = jdbc;
    this.orgs = orgs;
    this.summary = summary;
    this.stats = stats;
  }

  /**
   * The org (the caller's own when {@code orgId} is null; 404 outside the subtree), each day of
   * {@code [from, to]}.
   */
  public List<Day> days(Caller caller, Long orgId, LocalDate from, LocalDate to) {
    Org org = orgId == null ? orgs.get(caller.orgId()) : orgs.visibleIn(caller.orgPath(), orgId);
    LocalDate[] period = stats.period(from, to);
    summary.refresh();
    Map<LocalDate, long[]> byDay = new LinkedHashMap<>();
    for (LocalDate d = period[0]; !d.isAfter(period[1]); d = d.plusDays(1)) {
      byDay.put(d, new long[2]);
    }
    jdbc.query(
        "SELECT submitted_day, SUM(received), SUM(answered) FROM help_kpi_daily WHERE org_id = ?"
            + " AND submitted_day >= ? AND submitted_day <= ? GROUP BY submitted_day",
        rs -> {
          long[] sums = byDay.get(rs.getObject(1, LocalDate.class));
          if (sums != null) {
            sums[0] += rs.getLong(2);
            sums[1] += rs.getLong(3);
          }
        },
        org.getId(),
        period[0],
        period[1]);
    List<Day> days = new ArrayList<>(byDay.size());
    byDay.forEach((d, sums) -> days.add(new Day(d, sums[0], sums[1])));
    return days;
  }
}
