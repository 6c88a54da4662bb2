package cn.union.sla;

import java.time.LocalDateTime;
import java.util.List;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The sweep's progress marks in {@code sla_sweep_mark}: the last (instant, id) each pass looked at.
 */
@Component
class SweepMarks {

  /** A position in (instant, id) order. */
  public record Mark(LocalDateTime at, long id) {}

  private final JdbcTemplate jdbc;

  SweepMarks(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** The mark, or {@code null} when the pass never ran. */
  public Mark get(String name) {
    List<Mark> marks =
        jdbc.query(
            "SELECT mark_at, mark_id FROM sla_sweep_mark WHERE name = ?",
            (rs, i) -> new Mark(rs.getObject(1, LocalDateTime.class), rs.getLong(2)),
            name);
    return marks.isEmpty() ? null : marks.get(0);
  }

  public void set(String name, Mark mark) {
    if (jdbc.update(
            "UPDATE sla_sweep_mark SET mark_at = ?, mark_id = ? WHERE name = ?",
            mark.at(),
            mark.id(),
            name)
        == 0) {
      try {
        jdbc.update(
            "INSERT INTO sla_sweep_mark (name, mark_at, mark_id) VALUES (?, ?, ?)",
            name,
            mark.at(),
            mark.id());
      } catch (DuplicateKeyException e) {
        jdbc.update(
            "UPDATE sla_sweep_mark SET mark_at = ?, mark_id = ? WHERE name = ?",
            mark.at(),
            mark.id(),
            name);
      }
    }
  }

  /** Moves a mark back to just before {@code at}, so the next pass looks at that instant again. */
  public void rewindTo(String name, LocalDateTime at) {
    jdbc.update(
        "UPDATE sla_sweep_mark SET mark_at = ?, mark_id = 0 WHERE name = ? AND mark_at >= ?",
        at,
        name,
        at);
  }
}
