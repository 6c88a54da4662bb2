package cn.union.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.baomidou.mybatisplus.core.MybatisConfiguration;
import com.baomidou.mybatisplus.spring.MybatisSqlSessionFactoryBean;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.apache.ibatis.session.SqlSessionFactory;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.mybatis.spring.SqlSessionTemplate;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The calendar against the real migrations and the real mapper: V011 holds exactly the official
 * CSV, the product's example deadlines hold on it, and edits write what they should. Runs on H2
 * (MySQL mode), and on the MariaDB at 127.0.0.1:3306 when it answers.
 */
class CalendarDatabaseTest {

  static final String H2_URL =
      ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE;NON_KEYWORDS=VALUE;DB_CLOSE_DELAY=-1";

  @Test
  void onH2() throws Exception {
    String url =
        "jdbc:h2:mem:cal" + Long.toHexString(ThreadLocalRandom.current().nextLong()) + H2_URL;
    check(new DriverManagerDataSource(url, "sa", ""));
  }

  @Test
  void onMariaDb() throws Exception {
    assumeTrue(
        !Boolean.getBoolean("union.it.embedded") && answers(3306), "no MariaDB on 127.0.0.1:3306");
    String db = "union_cal_" + Long.toHexString(System.nanoTime());
    JdbcTemplate root =
        new JdbcTemplate(
            new DriverManagerDataSource(
                "jdbc:mysql://127.0.0.1:3306/test?useSSL=false&allowPublicKeyRetrieval=true",
                "root",
                ""));
    root.execute("CREATE DATABASE " + db + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
    try {
      check(
          new DriverManagerDataSource(
              "jdbc:mysql://127.0.0.1:3306/" + db + "?useSSL=false&allowPublicKeyRetrieval=true",
              "root",
              ""));
    } finally {
      root.execute("DROP DATABASE " + db);
    }
  }

  private void check(DataSource dataSource) throws Exception {
    Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    seedIsTheOfficialCsv(jdbc);

    CalendarDayMapper mapper = mapper(dataSource);
    List<Object> events = new ArrayList<>();
    WorkingCalendar calendar =
        new WorkingCalendar(
            new MapperCalendarStore(mapper), WorkingCalendarTest.CLOCK, events::add);

    assertThat(calendar.addWorkingDays(LocalDate.parse("2025-01-24"), 2))
        .isEqualTo(LocalDate.parse("2025-01-27"));
    assertThat(calendar.addWorkingDays(LocalDate.parse("2026-02-13"), 2))
        .isEqualTo(LocalDate.parse("2026-02-24"));
    assertThat(calendar.addWorkingDays(LocalDate.parse("2026-09-18"), 2))
        .isEqualTo(LocalDate.parse("2026-09-21"));
    assertThat(calendar.addWorkingDays(LocalDate.parse("2025-12-31"), 2))
        .isEqualTo(LocalDate.parse("2026-01-05"));
    assertThat(calendar.missingYears(2023, 2027)).containsExactly(2023, 2027);

    // Insert path: a day with no row.
    calendar.setDay(LocalDate.parse("2027-01-01"), DayType.HOLIDAY, "元旦", "admin");
    assertThat(calendar.isWorkingDay(LocalDate.parse("2027-01-01"))).isFalse();
    assertThat(calendar.hasOfficialData(2027)).isFalse();
    assertThat(row(jdbc, "2027-01-01"))
        .containsEntry("type", "HOLIDAY")
        .containsEntry("name", "元旦")
        .containsEntry("source", "ADMIN")
        .containsEntry("updated_by", "admin");
    assertThat(
            jdbc.queryForObject(
                "SELECT updated_at FROM calendar_day WHERE cal_date = '2027-01-01'",
                LocalDateTime.class))
        .isEqualTo(LocalDateTime.parse("2025-09-01T10:00"));

    // Update path: an official holiday made a working day, its name and author cleared.
    calendar.setDay(LocalDate.parse("2025-10-08"), DayType.WORKDAY, null, null);
    assertThat(calendar.addWorkingDays(LocalDate.parse("2025-09-30"), 1))
        .isEqualTo(LocalDate.parse("2025-10-08"));
    assertThat(row(jdbc, "2025-10-08"))
        .containsEntry("type", "WORKDAY")
        .containsEntry("name", null)
        .containsEntry("source", "ADMIN")
        .containsEntry("updated_by", null);

    calendar.clearDay(LocalDate.parse("2025-10-08"));
    calendar.clearDay(LocalDate.parse("2025-10-07"));
    assertThat(calendar.isWorkingDay(LocalDate.parse("2025-10-08")))
        .isTrue(); // a bare Wednesday now
    assertThat(calendar.isWorkingDay(LocalDate.parse("2025-10-07"))).isTrue();
    assertThat(
            jdbc.queryForObject(
                "SELECT COUNT(*) FROM calendar_day WHERE cal_date IN ('2025-10-07', '2025-10-08')",
                Integer.class))
        .isZero();
    assertThat(events)
        .containsExactly(
            new CalendarChanged(LocalDate.parse("2027-01-01")),
                new CalendarChanged(LocalDate.parse("2025-10-08")),
            new CalendarChanged(LocalDate.parse("2025-10-08")),
                new CalendarChanged(LocalDate.parse("2025-10-07")));

    // MapperCalendarStore.save relies on a second insert of a date surfacing as
    // DuplicateKeyException.
    CalendarDay again =
        new CalendarDay(
            LocalDate.parse("2027-01-01"),
            DayType.HOLIDAY,
            "元旦",
            CalendarDay.Source.ADMIN,
            LocalDateTime.parse("2025-09-01T10:00"),
            "admin");
    assertThatThrownBy(() -> mapper.insert(again)).isInstanceOf(DuplicateKeyException.class);
  }

  private static void seedIsTheOfficialCsv(JdbcTemplate jdbc) {
    List<OfficialCsv.Row> csv = OfficialCsv.rows();
    List<OfficialCsv.Row> seeded =
        jdbc.query(
            "SELECT cal_date, type, name FROM calendar_day WHERE source = 'OFFICIAL' ORDER BY cal_date",
            (rs, i) ->
                new OfficialCsv.Row(
                    rs.getObject("cal_date", LocalDate.class),
                    DayType.valueOf(rs.getString("type")),
                    rs.getString("name")));
    assertThat(csv).hasSize(108);
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM calendar_day", Integer.class))
        .isEqualTo(csv.size());
    assertThat(seeded).containsExactlyInAnyOrderElementsOf(csv);
  }

  private static Map<String, Object> row(JdbcTemplate jdbc, String day) {
    return jdbc.queryForMap(
        "SELECT type, name, source, updated_by FROM calendar_day WHERE cal_date = ?",
        LocalDate.parse(day));
  }

  // The mapper as the application gets it: MyBatis-Plus configuration, Spring's SqlSessionTemplate
  // (auto-commit, exception translation).
  private static CalendarDayMapper mapper(DataSource dataSource) throws Exception {
    MybatisSqlSessionFactoryBean factoryBean = new MybatisSqlSessionFactoryBean();
    factoryBean.setDataSource(dataSource);
    factoryBean.setConfiguration(new MybatisConfiguration());
    SqlSessionFactory factory = factoryBean.getObject();
    factory.getConfiguration().addMapper(CalendarDayMapper.class);
    return new SqlSessionTemplate(factory).getMapper(CalendarDayMapper.class);
  }

  private static boolean answers(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
