package cn.union.enrollment;

import cn.union.shared.PageResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Search of the register by name. First on two index ranges: names starting with the text ({@code
 * idx_enroll_employer_name}) and names whose part after the leading place starts with it ({@code
 * name_core}, see {@link EmployerNames}). Only when those two find nothing (and the text has two
 * characters or more), names containing the text anywhere (三峡 in 宜昌市长江三峡旅游有限公司): no index serves
 * that, so it reads the register (about 0.4 s for a million rows on two cores, far less when the
 * region narrows it), and stops at {@value #CAP} matches. Ranked exact → prefix → after the place →
 * anywhere, shorter names first. Each query reads at most {@value #CAP} rows, so a very broad text
 * (宜昌) answers in bounded time with at most that many counted.
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
    // id → the tier that found it first: 1 name prefix, 2 after the place, 3 anywhere
    Map<Long, Integer> tier = new HashMap<>();
    Map<Long, EmployerRegister.Employer> found = new LinkedHashMap<>();
    for (String column : List.of("name", "name_core")) {
      int t = column.equals("name") ? 1 : 2;
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
        tier.putIfAbsent(e.id(), t);
      }
    }
    if (found.isEmpty() && q.length() >= 2) {
      for (EmployerRegister.Employer e :
          jdbc.query(
              EmployerRegister.SELECT + " WHERE name LIKE ? AND region_code LIKE ? LIMIT " + CAP,
              map,
              "%" + prefix,
              regionPrefix + "%")) {
        found.putIfAbsent(e.id(), e);
        tier.putIfAbsent(e.id(), 3);
      }
    }
    List<EmployerRegister.Employer> ranked = new ArrayList<>(found.values());
    ranked.sort(
        Comparator.<EmployerRegister.Employer>comparingInt(
                e -> e.name().equals(q) ? 0 : tier.get(e.id()))
            .thenComparingInt(e -> e.name().length())
            .thenComparingLong(EmployerRegister.Employer::id));
    int from = Math.min(ranked.size(), (page - 1) * size);
    return new PageResult<>(
        ranked.subList(from, Math.min(ranked.size(), from + size)), ranked.size(), page, size);
  }

  static String escapeLike(String s) {
    return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }
}
