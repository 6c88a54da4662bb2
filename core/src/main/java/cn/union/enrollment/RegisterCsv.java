package cn.union.enrollment;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reading a register CSV: the header, then each line split into its fields, with line numbers. */
final class RegisterCsv {

  private RegisterCsv() {}

  interface RowHandler {
    void row(long line, List<String> fields);
  }

  /**
   * Hands each line after the header to {@code handler}; a wrong header or a line with an open
   * quote goes to {@code errors}, worded by {@code lines}.
   */
  static void forEachRow(Path file, RegisterLines lines, List<String> errors, RowHandler handler) {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8))) {
      String header = in.readLine();
      if (header != null && header.startsWith("\uFEFF")) {
        header = header.substring(1);
      }
      if (header == null || !EmployerRegister.COLUMNS.equals(split(header.strip()))) {
        errors.add(lines.at(1, lines.badHeader()));
        return;
      }
      String text;
      long line = 1;
      while ((text = in.readLine()) != null) {
        line++;
        if (text.isBlank()) {
          continue;
        }
        List<String> fields = split(text);
        if (fields == null) {
          errors.add(lines.at(line, lines.openQuote()));
          continue;
        }
        handler.row(line, fields);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * One CSV line (RFC 4180 quoting, no line breaks inside a field); {@code null} when a quote is
   * left open.
   */
  static List<String> split(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        out.add(field.toString().strip());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    if (quoted) {
      return null;
    }
    out.add(field.toString().strip());
    return out;
  }
}
