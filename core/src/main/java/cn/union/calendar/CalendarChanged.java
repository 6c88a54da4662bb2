package cn.union.calendar;

import java.time.LocalDate;

/**
 * Published when an admin edits or clears a calendar day, so features whose dates were computed
 * with the calendar (case due dates) can compute them again.
 *
 * @param day the day whose type may have changed
 */
public record CalendarChanged(LocalDate day) {}
