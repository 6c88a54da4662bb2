package cn.union.helpdesk;

import static cn.union.platform.PlatformConfig.ZONE;

import cn.union.org.Org;
import cn.union.platform.Copy;
import cn.union.shared.Csv;
import cn.union.staff.Caller;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Service;

/**
 * The cases of a subtree as CSV (the console's filtered list). Cases come from {@link
 * CaseSearch#forEach} a page at a time and are written as they come, so a large export never sits
 * in memory. Phones appear masked; openids and ID numbers never appear.
 */
@Service
public class CaseExport {

  private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  private final CaseSearch search;
  private final Copy copy;
  private final Clock clock;

  CaseExport(CaseSearch search, @Qualifier("helpdeskCopy") Copy copy, Clock clock) {
    this.search = search;
    this.copy = copy;
    this.clock = clock;
  }

  /**
   * The org whose subtree is exported (404 outside the caller's); checked before the response
   * starts.
   */
  public Org scope(Caller caller, Long orgId) {
    return search.scope(caller, orgId);
  }

  /**
   * Writes the cases the query finds under {@code org}, newest first, as they are read; returns how
   * many. Without a period, the current month up to today (as the statistics count).
   */
  public long writeCases(Org org, CaseSearch.Query query, Writer out) {
    CaseSearch.Query q = query;
    if (q.from() == null && q.to() == null) {
      LocalDate today = LocalDate.ofInstant(clock.instant(), ZONE);
      q =
          new CaseSearch.Query(
              q.status(),
              q.overdue(),
              q.orgId(),
              q.categoryId(),
              today.withDayOfMonth(1),
              today,
              q.text(),
              q.sort());
    }
    String yes = copy.text("export_yes");
    String no = copy.text("export_no");
    try {
      out.write(Csv.BOM);
      Csv.row(out, Arrays.asList(copy.text("export_case_headers").split(",")));
      long written =
          search.forEach(
              org,
              q,
              row -> {
                CaseViews.Summary s = row.summary();
                LocalDateTime due = local(row.dueAt());
                LocalDateTime replied = local(row.repliedAt());
                try {
                  Csv.row(
                      out,
                      Arrays.asList(
                          s.number(),
                          s.category(),
                          s.orgName(),
                          s.status().label(),
                          local(s.submittedAt()).format(MINUTES),
                          due.format(MINUTES),
                          replied == null ? "" : replied.format(MINUTES),
                          (replied == null ? s.overdue() : replied.isAfter(due)) ? yes : no,
                          replied == null ? "" : replied.isAfter(due) ? no : yes,
                          row.rating() == null ? "" : Rating.valueOf(row.rating()).word(),
                          row.mobileMasked() == null ? "" : row.mobileMasked()));
                } catch (IOException e) {
                  throw new UncheckedIOException("the CSV download was interrupted", e);
                }
              });
      out.flush();
      return written;
    } catch (IOException e) {
      throw new UncheckedIOException("the CSV download was interrupted", e);
    }
  }

  private static LocalDateTime local(Instant instant) {
    return instant == null ? null : LocalDateTime.ofInstant(instant, ZONE);
  }
}
