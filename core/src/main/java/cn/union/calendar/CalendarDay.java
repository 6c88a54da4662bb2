package cn.union.calendar;

import com.baomidou.mybatisplus.annotation.IdType;
import com.baomidou.mybatisplus.annotation.TableId;
import com.baomidou.mybatisplus.annotation.TableName;
import java.time.LocalDate;
import java.time.LocalDateTime;

/** One row of {@code calendar_day}: a day that departs from the Mon–Fri week, and who said so. */
@TableName("calendar_day")
public class CalendarDay {

  /** Where a row came from; an admin edit of an official day makes it {@code ADMIN}. */
  public enum Source {
    OFFICIAL,
    ADMIN
  }

  @TableId(value = "cal_date", type = IdType.INPUT)
  private LocalDate calDate;

  private DayType type;
  private String name;
  private Source source;
  private LocalDateTime updatedAt;
  private String updatedBy;

  public CalendarDay() {}

  CalendarDay(
      LocalDate calDate,
      DayType type,
      String name,
      Source source,
      LocalDateTime updatedAt,
      String updatedBy) {
    this.calDate = calDate;
    this.type = type;
    this.name = name;
    this.source = source;
    this.updatedAt = updatedAt;
    this.updatedBy = updatedBy;
  }

  public LocalDate getCalDate() {
    return calDate;
  }

  public void setCalDate(LocalDate calDate) {
    this.calDate = calDate;
  }

  public DayType getType() {
    return type;
  }

  public void setType(DayType type) {
    this.type = type;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public Source getSource() {
    return source;
  }

  public void setSource(Source source) {
    this.source = source;
  }

  public LocalDateTime getUpdatedAt() {
    return updatedAt;
  }

  public void setUpdatedAt(LocalDateTime updatedAt) {
    this.updatedAt = updatedAt;
  }

  public String getUpdatedBy() {
    return updatedBy;
  }

  public void setUpdatedBy(String updatedBy) {
    this.updatedBy = updatedBy;
  }
}
