package cn.union.helpdesk;

import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * The unanswered cases by due time, for reply tracking: a keyset walk on {@code idx_help_case_due}
 * and the counts of a subtree's overdue and due-today cases. Overdue is never stored: a case is
 * overdue when no reply has left ({@code replied_at} is null) and the clock is past its due time.
 */
@Service
public class CaseDeadlines {

  /** An unanswered case at its due time. */
  public record DueCase(long id, String number, long orgId, String orgPath, LocalDateTime dueAt) {}

  private final JdbcTemplate jdbc;

  CaseDeadlines(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * The unanswered cases due after the position {@code (afterAt, afterId)} and at the latest at
   * {@code bound}, in {@code (due_at, id)} order, at most {@code limit}.
   */
  public List<DueCase> unansweredDue(
      LocalDateTime afterAt, long afterId, LocalDateTime bound, int limit) {
    // Keyset walk on idx_help_case_due: due_at range first, then (due_at, id) past the position.
    return jdbc.query(
        "SELECT id, number, org_id, org_path, due_at FROM help_case"
            + " WHERE due_at >= ? AND due_at <= ? AND (due_at > ? OR id > ?) AND replied_at IS NULL"
            + " ORDER BY due_at, id LIMIT "
            + Math.max(1, limit),
        (rs, i) ->
            new DueCase(
                rs.getLong(1),
                rs.getString(2),
                rs.getLong(3),
                rs.getString(4),
                rs.getObject(5, LocalDateTime.class)),
        afterAt,
        bound,
        afterAt,
        afterId);
  }

  /** Unanswered cases of the subtree whose due time has passed. */
  public long overdue(String orgPath, LocalDateTime now) {
    Long n =
        jdbc.queryForObject(
            "SELECT COUNT(*) FROM help_case WHERE org_path LIKE ? AND replied_at IS NULL"
                + " AND due_at < ?",
            Long.class,
            orgPath + "%",
            now);
    return n == null ? 0 : n;
  }

  /** Unanswered cases of the subtree due later today. */
  public long dueToday(String orgPath, LocalDateTime now) {
    Long n =
        jdbc.queryForObject(
            "SELECT COUNT(*) FROM help_case WHERE org_path LIKE ? AND replied_at IS NULL"
                + " AND due_at >= ? AND due_date = ?",
            Long.class,
            orgPath + "%",
            now,
            now.toLocalDate());
    return n == null ? 0 : n;
  }

  /**
   * The unanswered cases of the subtree submitted in {@code [from, to)} and not yet due, counted
   * per owning org path: what the statistics subtract to know which open cases are already overdue.
   */
  public Map<String, Long> notYetDueByOrgPath(
      String orgPath, LocalDateTime now, LocalDateTime from, LocalDateTime to) {
    Map<String, Long> counts = new HashMap<>();
    jdbc.query(
        "SELECT org_path, COUNT(*) FROM help_case WHERE due_at >= ? AND replied_at IS NULL AND org_path LIKE ?"
            + " AND submitted_at >= ? AND submitted_at < ? GROUP BY org_path",
        rs -> {
          counts.put(rs.getString(1), rs.getLong(2));
        },
        now,
        orgPath + "%",
        from,
        to);
    return counts;
  }
}
