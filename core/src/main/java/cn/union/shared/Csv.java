package cn.union.shared;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

/** CSV as Excel opens it: UTF-8 with a byte-order mark, CRLF, fields quoted when needed. */
public final class Csv {

  /** The byte-order mark that makes Excel read the file as UTF-8 (Chinese headers intact). */
  public static final String BOM = "\uFEFF";

  private Csv() {}

  public static void row(Writer out, List<?> fields) throws IOException {
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        out.write(',');
      }
      out.write(field(fields.get(i)));
    }
    out.write("\r\n");
  }

  static String field(Object value) {
    if (value == null) {
      return "";
    }
    String s = String.valueOf(value);
    // A leading = + - @ would make Excel evaluate the cell as a formula.
    if (!s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0 && !s.matches("-?\\d+(\\.\\d+)?")) {
      s = "'" + s;
    }
    if (s.indexOf(',') >= 0
        || s.indexOf('"') >= 0
        || s.indexOf('\n') >= 0
        || s.indexOf('\r') >= 0) {
      return '"' + s.replace("\"", "\"\"") + '"';
    }
    return s;
  }
}
