package cn.union.helpdesk;

import com.baomidou.mybatisplus.core.mapper.BaseMapper;
import java.time.LocalDate;
import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Param;

@Mapper
public interface HelpCaseEventMapper extends BaseMapper<HelpCaseEvent> {

  /**
   * Marks a submission day for the KPI summary to count again ({@code cn.union.stats.KpiSummary}).
   * Written in the transaction that writes the event, so the mark becomes visible exactly when the
   * change does, however late that transaction commits.
   */
  @Insert("INSERT IGNORE INTO help_kpi_dirty (submitted_day) VALUES (#{day})")
  int markKpiDayDirty(@Param("day") LocalDate day);
}
