package cn.union.admin.calendar;

import cn.union.admin.web.AuditTrail;
import cn.union.admin.web.Roles;
import cn.union.calendar.CalendarDay;
import cn.union.calendar.DayType;
import cn.union.calendar.WorkingCalendar;
import cn.union.platform.Copy;
import cn.union.shared.DomainException;
import cn.union.staff.Caller;
import cn.union.staff.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The working-day calendar: deadlines, and the province's edits of holidays and make-up workdays.
 */
@RestController
@RequestMapping("/admin/api/v1/calendar")
@Tag(name = "工作日历", description = "法定节假日与调休上班日")
class CalendarApi {

  private static final Copy COPY = Copy.load("admin");

  static final int MAX_WORKING_DAYS = 60;

  private final WorkingCalendar calendar;
  private final AuditTrail audit;
  private final Clock clock;

  CalendarApi(WorkingCalendar calendar, AuditTrail audit, Clock clock) {
    this.calendar = calendar;
    this.audit = audit;
    this.clock = clock;
  }

  record Deadline(LocalDate dueDate) {}

  record DayEdit(@NotNull DayType type, @Size(max = 64) String name) {}

  record DayView(LocalDate date, DayType type, String name, String source) {
    static DayView of(CalendarDay d) {
      return new DayView(d.getCalDate(), d.getType(), d.getName(), d.getSource().name());
    }
  }

  /**
   * @param officialDataMissing the year has no published schedule: it falls back to Mon–Fri and the
   *     console shows a warning
   */
  record YearView(int year, boolean officialDataMissing, List<DayView> days) {}

  record Status(List<Integer> missingYears) {}

  @GetMapping("/deadline")
  @Operation(summary = "计算期限", description = "from 所在日之后的第 N 个工作日（调休上班日计入，节假日不计）")
  Deadline deadline(@RequestParam String from, @RequestParam int workingDays) {
    LocalDateTime start;
    try {
      start = LocalDateTime.parse(from);
    } catch (DateTimeParseException e) {
      throw DomainException.invalid("calendar.from", COPY.text("calendar.from"));
    }
    if (workingDays < 0 || workingDays > MAX_WORKING_DAYS) {
      throw DomainException.invalid(
          "calendar.working-days",
          COPY.render("calendar.working-days", Map.of("max", MAX_WORKING_DAYS)));
    }
    return new Deadline(calendar.addWorkingDays(start.toLocalDate(), workingDays));
  }

  @GetMapping("/years/{year}")
  @Operation(summary = "某年的节假日与调休安排")
  YearView year(@PathVariable int year) {
    checkYear(year);
    return new YearView(
        year,
        !calendar.hasOfficialData(year),
        calendar.daysOf(year).stream().map(DayView::of).toList());
  }

  @GetMapping("/status")
  @Operation(summary = "今明两年是否已有官方安排", description = "缺失时控制台显示提醒")
  Status status() {
    int year = LocalDate.now(clock).getYear();
    return new Status(calendar.missingYears(year, year + 1));
  }

  @PutMapping("/days/{date}")
  @Roles(Role.SUPER_ADMIN)
  @Operation(summary = "设置某日为工作日或休息日")
  DayView setDay(Caller caller, @PathVariable LocalDate date, @Valid @RequestBody DayEdit edit) {
    checkYear(date.getYear());
    calendar.setDay(date, edit.type(), edit.name(), caller.username());
    audit.record(
        caller,
        caller.orgPath(),
        "calendar.day-set",
        "calendar",
        date,
        edit.type() + " " + edit.name());
    return calendar.daysOf(date.getYear()).stream()
        .filter(d -> d.getCalDate().equals(date))
        .findFirst()
        .map(DayView::of)
        .orElseThrow(() -> new IllegalStateException("saved day not found: " + date));
  }

  @DeleteMapping("/days/{date}")
  @Roles(Role.SUPER_ADMIN)
  @Operation(summary = "取消对某日的设置，恢复周一至周五工作")
  ResponseEntity<Void> clearDay(Caller caller, @PathVariable LocalDate date) {
    calendar.clearDay(date);
    audit.record(caller, caller.orgPath(), "calendar.day-cleared", "calendar", date, null);
    return ResponseEntity.noContent().build();
  }

  private static void checkYear(int year) {
    if (year < 2000 || year > 2100) {
      throw DomainException.invalid("calendar.year", COPY.text("calendar.year"));
    }
  }
}
