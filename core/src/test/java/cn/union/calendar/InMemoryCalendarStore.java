package cn.union.calendar;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A {@link CalendarStore} in a map, seeded like V011, that counts how often each year is read. */
final class InMemoryCalendarStore implements CalendarStore {

  final Map<LocalDate, CalendarDay> rows = new TreeMap<>();
  final Map<Integer, AtomicInteger> yearReads = new HashMap<>();

  static InMemoryCalendarStore official() {
    InMemoryCalendarStore store = new InMemoryCalendarStore();
    for (OfficialCsv.Row row : OfficialCsv.rows()) {
      store.rows.put(
          row.date(),
          new CalendarDay(
              row.date(), row.type(), row.name(), CalendarDay.Source.OFFICIAL, null, null));
    }
    return store;
  }

  int reads(int year) {
    AtomicInteger count = yearReads.get(year);
    return count == null ? 0 : count.get();
  }

  @Override
  public synchronized Map<LocalDate, DayType> overridesOf(int year) {
    yearReads.computeIfAbsent(year, y -> new AtomicInteger()).incrementAndGet();
    Map<LocalDate, DayType> days = new HashMap<>();
    rows.values().stream()
        .filter(r -> r.getCalDate().getYear() == year)
        .forEach(r -> days.put(r.getCalDate(), r.getType()));
    return days;
  }

  @Override
  public synchronized java.util.List<CalendarDay> daysOf(int year) {
    return rows.values().stream()
        .filter(r -> r.getCalDate().getYear() == year)
        .sorted(java.util.Comparator.comparing(CalendarDay::getCalDate))
        .toList();
  }

  @Override
  public synchronized boolean hasOfficialData(int year) {
    return rows.values().stream()
        .anyMatch(
            r -> r.getCalDate().getYear() == year && r.getSource() == CalendarDay.Source.OFFICIAL);
  }

  @Override
  public synchronized void save(CalendarDay day) {
    rows.put(day.getCalDate(), day);
  }

  @Override
  public synchronized boolean delete(LocalDate day) {
    return rows.remove(day) != null;
  }
}
