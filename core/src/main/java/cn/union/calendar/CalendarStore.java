package cn.union.calendar;

import java.time.LocalDate;
import java.util.Map;

/**
 * Where {@link WorkingCalendar} reads and writes its rows. An interface so the rules can be tested
 * over the real schedule without a database; the production one is {@link MapperCalendarStore}.
 */
interface CalendarStore {

  /** Every stored day of {@code year} with its type, official and admin rows alike. */
  Map<LocalDate, DayType> overridesOf(int year);

  /** Every stored row of {@code year}, by date, for the calendar editor. */
  java.util.List<CalendarDay> daysOf(int year);

  /** Whether the State Council's schedule for {@code year} has been loaded (any OFFICIAL row). */
  boolean hasOfficialData(int year);

  /** Inserts the row, or replaces every column of the existing row for its date. */
  void save(CalendarDay day);

  /** Removes the row for {@code day}; returns whether there was one. */
  boolean delete(LocalDate day);
}
