package cn.union.enrollment;

import cn.union.shared.PageResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Search of the register by name, on two index ranges instead of a scan: names starting with the
 * text ({@code idx_enroll_employer_name}) and names whose part after the leading place starts with
 * it ({@code name_core}, see {@link EmployerNames}). Ranked exact → prefix → after the place,
 * shorter names first. Each range reads at most {@value #CAP} rows, so a very broad text (宜昌)
 * answers in bounded time with at most that many counted.
 */
@Component
class RegisterSearch {

  static final int CAP = 1000;

  private final JdbcTemplate jdbc;

  RegisterSearch(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  PageResult<EmployerRegister.Employer> byName(
      String q,
      String regionPrefix,
      int page,
      int size,
      org.springframework.jdbc.core.RowMapper<EmployerRegister.Employer> map) {
    String prefix = escapeLike(q) + "%";
    Map<Long, EmployerRegister.Employer> found = new LinkedHashMap<>();
    for (String column : List.of("name", "name_core")) {
      for (EmployerRegister.Employer e :
          jdbc.query(
              EmployerRegister.SELECT
                  + " WHERE "
                  + column
                  + " LIKE ?"
                  + " AND region_code LIKE ? ORDER BY "
                  + column
                  + " LIMIT "
                  + CAP,
              map,
              prefix,
              regionPrefix + "%")) {
        found.putIfAbsent(e.id(), e);
      }
    }
    List<EmployerRegister.Employer> ranked = new ArrayList<>(found.values());
    ranked.sort(
        Comparator.<EmployerRegister.Employer>comparingInt(e -> rank(e.name(), q))
            .thenComparingInt(e -> e.name().length())
            .thenComparingLong(EmployerRegister.Employer::id));
    int from = Math.min(ranked.size(), (page - 1) * size);
    return new PageResult<>(
        ranked.subList(from, Math.min(ranked.size(), from + size)), ranked.size(), page, size);
  }

  private static int rank(String name, String q) {
    return name.equals(q) ? 0 : name.startsWith(q) ? 1 : 2;
  }

  static String escapeLike(String s) {
    return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }
}
