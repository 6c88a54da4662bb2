package cn.union.calendar;

import com.baomidou.mybatisplus.core.conditions.query.LambdaQueryWrapper;
import com.baomidou.mybatisplus.core.conditions.update.LambdaUpdateWrapper;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

/** The calendar's rows in {@code calendar_day}, through MyBatis-Plus. */
@Component
class MapperCalendarStore implements CalendarStore {

  private final CalendarDayMapper mapper;

  MapperCalendarStore(CalendarDayMapper mapper) {
    this.mapper = mapper;
  }

  @Override
  public Map<LocalDate, DayType> overridesOf(int year) {
    Map<LocalDate, DayType> days = new HashMap<>();
    for (CalendarDay row :
        mapper.selectList(inYear(year).select(CalendarDay::getCalDate, CalendarDay::getType))) {
      days.put(row.getCalDate(), row.getType());
    }
    return days;
  }

  @Override
  public java.util.List<CalendarDay> daysOf(int year) {
    return mapper.selectList(inYear(year).orderByAsc(CalendarDay::getCalDate));
  }

  @Override
  public boolean hasOfficialData(int year) {
    return mapper.exists(inYear(year).eq(CalendarDay::getSource, CalendarDay.Source.OFFICIAL));
  }

  @Override
  public void save(CalendarDay day) {
    if (update(day) > 0) {
      return;
    }
    try {
      mapper.insert(day);
    } catch (DuplicateKeyException e) {
      // Another edit inserted the same date between our update and insert: overwrite it, as an
      // edit that came a moment later would have.
      if (update(day) == 0) {
        throw e;
      }
    }
  }

  @Override
  public boolean delete(LocalDate day) {
    return mapper.deleteById(day) > 0;
  }

  // Every column is set explicitly: updateById skips null fields, and a cleared name must be
  // cleared.
  private int update(CalendarDay day) {
    return mapper.update(
        new LambdaUpdateWrapper<CalendarDay>()
            .set(CalendarDay::getType, day.getType())
            .set(CalendarDay::getName, day.getName(), "jdbcType=VARCHAR")
            .set(CalendarDay::getSource, day.getSource())
            .set(CalendarDay::getUpdatedAt, day.getUpdatedAt())
            .set(CalendarDay::getUpdatedBy, day.getUpdatedBy(), "jdbcType=VARCHAR")
            .eq(CalendarDay::getCalDate, day.getCalDate()));
  }

  private static LambdaQueryWrapper<CalendarDay> inYear(int year) {
    return new LambdaQueryWrapper<CalendarDay>()
        .ge(CalendarDay::getCalDate, LocalDate.of(year, 1, 1))
        .lt(CalendarDay::getCalDate, LocalDate.of(year + 1, 1, 1));
  }
}
