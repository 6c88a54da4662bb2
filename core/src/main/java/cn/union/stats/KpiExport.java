package cn.union.stats;

import cn.union.platform.Copy;
import cn.union.shared.Csv;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Arrays;
import java.util.List;
import org.springframework.stereotype.Service;

/** The KPIs of an org and its children as CSV, one row each. */
@Service
public class KpiExport {

  private static final Copy COPY = Copy.load("stats");

  /** The org's KPIs and its children's, one row each. */
  public void writeKpis(Kpi kpi, Writer out) {
    try {
      out.write(Csv.BOM);
      Csv.row(out, Arrays.asList(COPY.text("export_kpi_headers").split(",")));
      kpiRow(out, kpi);
      for (Kpi child : kpi.children()) {
        kpiRow(out, child);
      }
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("the CSV download was interrupted", e);
    }
  }

  private static void kpiRow(Writer out, Kpi k) throws IOException {
    Csv.row(
        out,
        List.of(
            k.orgName(),
            k.received(),
            k.closed(),
            k.onTime(),
            k.overdue(),
            percent(k.onTimeRate()),
            k.rated(),
            percent(k.satisfactionRate()),
            k.avgReplyWorkingHours() == null ? "" : k.avgReplyWorkingHours()));
  }

  private static String percent(Double rate) {
    return rate == null ? "" : String.format("%.1f%%", rate * 100);
  }
}
