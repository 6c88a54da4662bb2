package cn.union.calendar;

/** What a calendar row makes of its day: a working day (调休上班 on a weekend) or a rest day (节假日). */
public enum DayType {
  WORKDAY,
  HOLIDAY
}
