package cn.union.calendar;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** The project's copy of the official schedule (templates/calendar), as tests read it. */
final class OfficialCsv {

  static final String RESOURCE = "templates/calendar/cn-workday-calendar-2024-2026.csv";

  record Row(LocalDate date, DayType type, String name) {}

  private OfficialCsv() {}

  static List<Row> rows() {
    try (InputStream in = OfficialCsv.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing " + RESOURCE + " on the classpath");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String header = reader.readLine();
      if (!"date,type,name".equals(header)) {
        throw new IllegalStateException("unexpected header " + header);
      }
      List<Row> rows = new ArrayList<>();
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.isBlank()) {
          continue;
        }
        String[] cells = line.split(",", -1);
        rows.add(new Row(LocalDate.parse(cells[0]), DayType.valueOf(cells[1]), cells[2]));
      }
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
