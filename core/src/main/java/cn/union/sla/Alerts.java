package cn.union.sla;

import static cn.union.platform.PlatformConfig.ZONE;

import cn.union.helpdesk.CaseDeadlines;
import cn.union.org.Org;
import cn.union.org.OrgService;
import cn.union.shared.PageResult;
import cn.union.staff.Caller;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * What the console shows of reply tracking: the alerts of the caller's subtree and its overdue
 * count.
 */
@Service
public class Alerts {

  /** One alert as the console lists it. */
  public record AlertView(
      long id,
      long caseId,
      String caseNumber,
      AlertKind kind,
      String kindLabel,
      long orgId,
      String orgName,
      long targetOrgId,
      String targetOrgName,
      LocalDateTime dueAt,
      String note,
      AlertStatus status,
      int attempts,
      int recipients,
      int delivered,
      String error,
      LocalDateTime createdAt) {}

  /** The subtree's figures for the console's header. */
  public record Summary(long overdue, long dueToday, long pendingAlerts, long failedAlerts) {}

  private final JdbcTemplate jdbc;
  private final OrgService orgs;
  private final CaseDeadlines cases;
  private final Clock clock;

  Alerts(JdbcTemplate jdbc, OrgService orgs, CaseDeadlines cases, Clock clock) {
    this.jdbc = jdbc;
    this.orgs = orgs;
    this.cases = cases;
    this.clock = clock;
  }

  /**
   * Alerts about cases of the caller's subtree, newest first; {@code kind}/{@code status} are
   * enums, so allow-listed.
   */
  public PageResult<AlertView> list(
      Caller caller, AlertKind kind, AlertStatus status, int page, int size) {
    StringBuilder where = new StringBuilder(" WHERE org_path LIKE ?");
    List<Object> args = new ArrayList<>(List.of(caller.orgPath() + "%"));
    if (kind != null) {
      where.append(" AND kind = ?");
      args.add(kind.name());
    }
    if (status != null) {
      where.append(" AND status = ?");
      args.add(status.name());
    }
    Long total =
        jdbc.queryForObject(
            "SELECT COUNT(*) FROM help_case_alert" + where, Long.class, args.toArray());
    args.add(size);
    args.add((long) (page - 1) * size);
    Map<Long, String> names = new HashMap<>();
    List<AlertView> items =
        jdbc.query(
            "SELECT id, case_id, case_number, kind, org_id, target_org_id, due_at, note, status,"
                + " attempts, recipients, delivered, error, created_at FROM help_case_alert"
                + where
                + " ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?",
            (rs, i) -> {
              AlertKind k = AlertKind.valueOf(rs.getString(4));
              return new AlertView(
                  rs.getLong(1),
                  rs.getLong(2),
                  rs.getString(3),
                  k,
                  k.label(),
                  rs.getLong(5),
                  name(rs.getLong(5), names),
                  rs.getLong(6),
                  name(rs.getLong(6), names),
                  rs.getObject(7, LocalDateTime.class),
                  rs.getString(8),
                  AlertStatus.valueOf(rs.getString(9)),
                  rs.getInt(10),
                  rs.getInt(11),
                  rs.getInt(12),
                  rs.getString(13),
                  rs.getObject(14, LocalDateTime.class));
            },
            args.toArray());
    return new PageResult<>(items, total == null ? 0 : total, page, size);
  }

  public Summary summary(Caller caller) {
    LocalDateTime now = LocalDateTime.ofInstant(clock.instant(), ZONE);
    String scope = caller.orgPath() + "%";
    long overdue = cases.overdue(caller.orgPath(), now);
    long dueToday = cases.dueToday(caller.orgPath(), now);
    Long pending =
        jdbc.queryForObject(
            "SELECT COUNT(*) FROM help_case_alert WHERE org_path LIKE ? AND status = ?",
            Long.class,
            scope,
            AlertStatus.PENDING.name());
    Long failed =
        jdbc.queryForObject(
            "SELECT COUNT(*) FROM help_case_alert WHERE org_path LIKE ? AND status = ?",
            Long.class,
            scope,
            AlertStatus.FAILED.name());
    return new Summary(overdue, dueToday, pending, failed);
  }

  private String name(long orgId, Map<Long, String> cache) {
    return cache.computeIfAbsent(
        orgId,
        id -> {
          Org o = orgs.find(id);
          return o == null ? "" : o.getName();
        });
  }
}
