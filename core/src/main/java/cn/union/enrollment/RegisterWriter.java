package cn.union.enrollment;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.support.SQLExceptionTranslator;

/**
 * Writes an import's checked rows into {@code enroll_employer} on the import's own connection (its
 * transaction), as multi-row statements: new credit codes inserted, known ones refreshed. The
 * statement for a full batch is prepared once and run for every full batch; only the last, shorter
 * one is prepared apart. Each value is set by its type, so a driver never has to ask the database
 * what type a null is. Measured on a million rows, the parameter handling of a generic setter and
 * the parsing of a 16,000-placeholder statement per batch were most of the import's own CPU.
 */
final class RegisterWriter implements AutoCloseable {

  private static final int COLUMNS = 8;
  private static final String INSERT =
      "INSERT INTO enroll_employer (credit_code, name, name_core, address, region_code, has_union,"
          + " union_org_id, import_id) VALUES ";
  private static final String UPSERT =
      " ON DUPLICATE KEY UPDATE name = VALUES(name), name_core = VALUES(name_core),"
          + " address = VALUES(address), region_code = VALUES(region_code),"
          + " has_union = VALUES(has_union), union_org_id = VALUES(union_org_id),"
          + " import_id = VALUES(import_id)";

  private final Connection connection;
  private final SQLExceptionTranslator translator;
  private final long importId;
  private final int batch;
  private final List<EmployerRegister.Row> rows;

  /** The statement of a full batch: its text, and once prepared, the statement itself. */
  private final String fullSql;

  private PreparedStatement full;

  RegisterWriter(
      Connection connection, SQLExceptionTranslator translator, long importId, int batch) {
    this.connection = connection;
    this.translator = translator;
    this.importId = importId;
    this.batch = batch;
    this.rows = new ArrayList<>(batch);
    this.fullSql = statement(batch);
  }

  /** Adds a checked row; writes the batch once it is full. Returns the rows this call wrote. */
  int add(EmployerRegister.Row row) {
    rows.add(row);
    return rows.size() == batch ? flush() : 0;
  }

  /** Drops the rows not written yet (a bad line was found: nothing more is written). */
  void discard() {
    rows.clear();
  }

  /** Writes the rows added since the last write; returns how many. */
  int flush() {
    int n = rows.size();
    if (n == 0) {
      return 0;
    }
    String sql = n == batch ? fullSql : statement(n);
    try {
      if (n == batch) {
        if (full == null) {
          full = connection.prepareStatement(fullSql);
        }
        write(full);
      } else {
        try (PreparedStatement last = connection.prepareStatement(sql)) {
          write(last);
        }
      }
    } catch (SQLException e) {
      RuntimeException translated = translator.translate("register import", sql, e);
      throw translated != null ? translated : new IllegalStateException(e);
    }
    rows.clear();
    return n;
  }

  private void write(PreparedStatement ps) throws SQLException {
    int p = 1;
    for (EmployerRegister.Row r : rows) {
      ps.setString(p++, r.creditCode());
      ps.setString(p++, r.name());
      ps.setString(p++, EmployerNames.core(r.name()));
      ps.setString(p++, r.address());
      ps.setString(p++, r.regionCode());
      ps.setBoolean(p++, r.hasUnion());
      if (r.unionOrgId() == null) {
        ps.setNull(p++, Types.BIGINT);
      } else {
        ps.setLong(p++, r.unionOrgId());
      }
      ps.setLong(p++, importId);
    }
    ps.executeUpdate();
  }

  private static String statement(int n) {
    StringBuilder sql =
        new StringBuilder(INSERT.length() + UPSERT.length() + n * 26).append(INSERT);
    for (int i = 0; i < n; i++) {
      sql.append(i == 0 ? "(" : ", (");
      for (int c = 0; c < COLUMNS; c++) {
        sql.append(c == 0 ? "?" : ", ?");
      }
      sql.append(')');
    }
    return sql.append(UPSERT).toString();
  }

  @Override
  public void close() {
    if (full != null) {
      try {
        full.close();
      } catch (SQLException e) {
        throw new IllegalStateException("could not close the register import's statement", e);
      }
    }
  }
}
