package cn.union.stats;

import static cn.union.platform.PlatformConfig.ZONE;

import cn.union.helpdesk.CaseDeadlines;
import cn.union.helpdesk.Categories;
import cn.union.org.Org;
import cn.union.org.OrgService;
import cn.union.platform.Copy;
import cn.union.shared.DomainException;
import cn.union.staff.Caller;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * KPIs of an org subtree from the daily summary ({@link KpiSummary}): the org's own rows and its
 * children's rows for the period, a few thousand rows at most. The one figure that moves with the
 * clock, unanswered cases past due, is the summary's open cases minus those not yet due, counted
 * live on the due_at index (only the last few days' cases are not yet due).
 */
@Service
public class StatsService {

  private static final Copy COPY = Copy.load("stats");

  /** Longest period one request may cover. */
  static final int MAX_YEARS = 3;

  public static final int MAX_DAYS = MAX_YEARS * 366;

  /** Ranking keys: an allow-list, never request text in SQL. */
  public enum RankBy {
    onTimeRate(Kpi::onTimeRate),
    satisfactionRate(Kpi::satisfactionRate);

    private final Function<Kpi, Double> value;

    RankBy(Function<Kpi, Double> value) {
      this.value = value;
    }

    public static RankBy parse(String text) {
      for (RankBy b : values()) {
        if (b.name().equals(text)) {
          return b;
        }
      }
      throw DomainException.invalid("stats.rank-by", COPY.text("error_rank_by"));
    }
  }

  /** A ranked child org. */
  public record Ranked(int rank, Kpi kpi) {}

  private static final class Sums {
    long received,
        answered,
        onTime,
        late,
        open,
        rated,
        satisfied,
        replyMinutes,
        repliesTimed,
        notYetDue;
    final Map<Long, Long> byCategory = new HashMap<>();
  }

  private final JdbcTemplate jdbc;
  private final OrgService orgs;
  private final Categories categories;
  private final CaseDeadlines deadlines;
  private final KpiSummary summary;
  private final Clock clock;

  StatsService(
      JdbcTemplate jdbc,
      OrgService orgs,
      Categories categories,
      CaseDeadlines deadlines,
      KpiSummary summary,
      Clock clock) {
    this.jdbc = jdbc;
    this.orgs = orgs;
    this.categories = categories;
    this.deadlines = deadlines;
    this.summary = summary;
    this.clock = clock;
  }

  /**
   * The org (caller's own when {@code orgId} is null; 404 outside the subtree) with its children.
   */
  public Kpi overview(Caller caller, Long orgId, LocalDate from, LocalDate to) {
    Org org = orgId == null ? orgs.get(caller.orgId()) : orgs.visibleIn(caller.orgPath(), orgId);
    LocalDate[] period = period(from, to);
    // Cheap when nothing changed (one MAX(id)); makes a reply given a second ago count.
    summary.refresh();
    Map<Long, String> categoryNames = categories.names();

    Sums own = new Sums();
    jdbc.query(
        "SELECT category_id, "
            + SUMS
            + " FROM help_kpi_daily WHERE org_id = ? AND submitted_day >= ? AND submitted_day <= ?"
            + " GROUP BY category_id",
        rs -> {
          Sums s = read(rs);
          own.byCategory.merge(rs.getLong(1), s.received, Long::sum);
          add(own, s);
        },
        org.getId(),
        period[0],
        period[1]);
    Map<Long, Sums> children = new LinkedHashMap<>();
    List<Org> childOrgs = orgs.children(org.getId());
    for (Org child : childOrgs) {
      children.put(child.getId(), new Sums());
    }
    jdbc.query(
        "SELECT org_id, category_id, "
            + SUMS
            + " FROM help_kpi_daily WHERE parent_id = ? AND submitted_day >= ? AND submitted_day <= ?"
            + " GROUP BY org_id, category_id",
        rs -> {
          Sums s = read(rs);
          Sums target = children.computeIfAbsent(rs.getLong(1), k -> new Sums());
          target.byCategory.merge(rs.getLong(2), s.received, Long::sum);
          add(target, s);
        },
        org.getId(),
        period[0],
        period[1]);

    LocalDateTime now = LocalDateTime.ofInstant(clock.instant(), ZONE);
    int depth = org.getPath().length();
    deadlines
        .notYetDueByOrgPath(
            org.getPath(), now, period[0].atStartOfDay(), period[1].plusDays(1).atStartOfDay())
        .forEach(
            (path, n) -> {
              own.notYetDue += n;
              if (path.length() > depth) {
                long child = Long.parseLong(path.substring(depth, path.indexOf('/', depth)));
                Sums s = children.get(child);
                if (s != null) {
                  s.notYetDue += n;
                }
              }
            });

    Map<Long, String> names =
        childOrgs.stream().collect(Collectors.toMap(Org::getId, Org::getName));
    List<Kpi> childKpis = new ArrayList<>();
    children.forEach((id, s) -> childKpis.add(kpi(id, names.get(id), s, categoryNames, List.of())));
    return kpi(org.getId(), org.getName(), own, categoryNames, childKpis);
  }

  /** The child orgs, best first by {@code by}; orgs with nothing to rate come last. */
  public List<Ranked> ranking(Caller caller, Long orgId, LocalDate from, LocalDate to, RankBy by) {
    List<Kpi> children = new ArrayList<>(overview(caller, orgId, from, to).children());
    children.sort(
        Comparator.comparing(
                (Kpi k) -> by.value.apply(k), Comparator.nullsLast(Comparator.reverseOrder()))
            .thenComparing(Kpi::received, Comparator.reverseOrder())
            .thenComparing(Kpi::orgId));
    List<Ranked> ranked = new ArrayList<>();
    for (int i = 0; i < children.size(); i++) {
      ranked.add(new Ranked(i + 1, children.get(i)));
    }
    return ranked;
  }

  /** {@code [from, to]} checked; defaults: the current month up to today. */
  public LocalDate[] period(LocalDate from, LocalDate to) {
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZONE);
    LocalDate f = from == null ? today.withDayOfMonth(1) : from;
    LocalDate t = to == null ? today : to;
    if (t.isBefore(f)) {
      throw DomainException.invalid("stats.period", COPY.text("error_period_order"));
    }
    if (f.plusDays(MAX_DAYS).isBefore(t)) {
      throw DomainException.invalid(
          "stats.period", COPY.render("error_period_length", Map.of("years", MAX_YEARS)));
    }
    return new LocalDate[] {f, t};
  }

  private static final String SUMS =
      "SUM(received), SUM(answered), SUM(on_time), SUM(late), SUM(open_cases), SUM(rated),"
          + " SUM(satisfied), SUM(reply_minutes), SUM(replies_timed)";

  private static Sums read(java.sql.ResultSet rs) throws java.sql.SQLException {
    int base = rs.getMetaData().getColumnCount() - 9;
    Sums s = new Sums();
    s.received = rs.getLong(base + 1);
    s.answered = rs.getLong(base + 2);
    s.onTime = rs.getLong(base + 3);
    s.late = rs.getLong(base + 4);
    s.open = rs.getLong(base + 5);
    s.rated = rs.getLong(base + 6);
    s.satisfied = rs.getLong(base + 7);
    s.replyMinutes = rs.getLong(base + 8);
    s.repliesTimed = rs.getLong(base + 9);
    return s;
  }

  private static void add(Sums into, Sums s) {
    into.received += s.received;
    into.answered += s.answered;
    into.onTime += s.onTime;
    into.late += s.late;
    into.open += s.open;
    into.rated += s.rated;
    into.satisfied += s.satisfied;
    into.replyMinutes += s.replyMinutes;
    into.repliesTimed += s.repliesTimed;
  }

  private static Kpi kpi(
      long orgId, String name, Sums s, Map<Long, String> categoryNames, List<Kpi> children) {
    // A case submitted after the last refresh can be "not yet due" before the summary counts it
    // open.
    long openPastDue = Math.max(0, s.open - s.notYetDue);
    long decided = s.answered + openPastDue;
    Map<String, Long> byCategory = new LinkedHashMap<>();
    s.byCategory.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e ->
                byCategory.merge(
                    categoryNames.getOrDefault(e.getKey(), "#" + e.getKey()),
                    e.getValue(),
                    Long::sum));
    return new Kpi(
        orgId,
        name,
        s.received,
        s.answered,
        s.onTime,
        s.late + openPastDue,
        ratio(s.onTime, decided),
        s.rated,
        ratio(s.satisfied, s.rated),
        s.repliesTimed == 0 ? null : Math.round(s.replyMinutes * 10.0 / 60 / s.repliesTimed) / 10.0,
        byCategory,
        children);
  }

  /** A rate rounded to 4 decimals (e.g. 0.8333), null when there is nothing to divide by. */
  private static Double ratio(long part, long whole) {
    return whole == 0 ? null : Math.round(part * 10000.0 / whole) / 10000.0;
  }
}
