package cn.union.calendar;

import com.baomidou.mybatisplus.core.mapper.BaseMapper;
import org.apache.ibatis.annotations.Mapper;

/**
 * Table access for {@code calendar_day}; the queries themselves live in {@link
 * MapperCalendarStore}.
 */
@Mapper
interface CalendarDayMapper extends BaseMapper<CalendarDay> {}
