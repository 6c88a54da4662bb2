package cn.union.enrollment;

import cn.union.org.OrgService;
import cn.union.platform.Copy;
import cn.union.platform.PlatformConfig;
import cn.union.shared.DomainException;
import cn.union.shared.PageResult;
import cn.union.staff.Caller;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * 企业法人库: employers by unified social credit code, with whether they have a union and which org it
 * is. Imported from CSV, looked up when a worker names an employer, searched by admins.
 *
 * <p>An import reads the upload once from a spooled file, in one transaction: every line is checked
 * and, while all are good, written in multi-row statements; with a bad line the rest is only
 * checked (all bad lines are reported with their numbers) and the transaction rolled back, so a
 * register is never half-imported. Progress is on the import's row.
 */
@Service
public class EmployerRegister {

  private static final Logger log = LoggerFactory.getLogger(EmployerRegister.class);

  /** The header an import must start with. */
  public static final List<String> COLUMNS =
      List.of("name", "credit_code", "address", "region_code", "has_union", "union_org_id");

  static final int MAX_ERRORS = 100;
  private static final int BATCH = 2000;

  public record Employer(
      long id,
      String creditCode,
      String name,
      String address,
      String regionCode,
      boolean hasUnion,
      Long unionOrgId) {}

  /**
   * An import: {@code RUNNING}, then {@code DONE} or {@code FAILED} (with the bad lines; nothing
   * written).
   *
   * @param rowsRead lines checked so far
   * @param rowsSaved rows written; while the import's transaction is open, the rows written into it
   *     so far (seen on the node that runs it), committed all at once at the end
   */
  public record ImportView(
      long id, String status, long rowsRead, long rowsSaved, List<String> errors) {}

  record Row(
      String name,
      String creditCode,
      String address,
      String regionCode,
      boolean hasUnion,
      Long unionOrgId) {}

  private final JdbcTemplate jdbc;
  private final TransactionTemplate tx;

  /** Progress, committed apart from the import's transaction. */
  private final TransactionTemplate progress;

  private final OrgService orgs;
  private final Executor executor;
  private final RegisterSearch search;
  private final Copy copy;
  private final Clock clock;

  /** Rows written so far by the imports this node runs; they commit together at the end. */
  private final Map<Long, java.util.concurrent.atomic.AtomicLong> writing =
      new java.util.concurrent.ConcurrentHashMap<>();

  public EmployerRegister(
      JdbcTemplate jdbc,
      TransactionTemplate tx,
      OrgService orgs,
      @Qualifier("enrollmentImportExecutor") Executor executor,
      RegisterSearch search,
      @Qualifier("enrollmentCopy") Copy copy,
      Clock clock) {
    this.jdbc = jdbc;
    this.tx = tx;
    this.progress = new TransactionTemplate(tx.getTransactionManager());
    this.progress.setPropagationBehavior(
        org.springframework.transaction.TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    this.orgs = orgs;
    this.executor = executor;
    this.search = search;
    this.copy = copy;
    this.clock = clock;
  }

  /** Spools the upload to disk and starts the import in the background; poll {@link #progress}. */
  public ImportView startImport(Caller caller, InputStream csv) {
    Path file;
    try {
      file = Files.createTempFile("register-import-", ".csv");
      Files.copy(csv, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot spool the register upload", e);
    }
    GeneratedKeyHolder keys = new GeneratedKeyHolder();
    jdbc.update(
        c -> {
          var ps =
              c.prepareStatement(
                  "INSERT INTO enroll_register_import (status, created_by, created_at) VALUES ('RUNNING', ?, ?)",
                  new String[] {"id"});
          ps.setString(1, caller.username());
          ps.setTimestamp(2, Timestamp.valueOf(now()));
          return ps;
        },
        keys);
    long id = keys.getKey().longValue();
    executor.execute(() -> run(id, file));
    return progress(id);
  }

  public ImportView progress(long id) {
    List<ImportView> found =
        jdbc.query(
            "SELECT id, status, rows_read, rows_saved, errors FROM enroll_register_import WHERE id = ?",
            (rs, n) -> {
              String errors = rs.getString("errors");
              return new ImportView(
                  rs.getLong("id"),
                  rs.getString("status"),
                  rs.getLong("rows_read"),
                  rs.getLong("rows_saved"),
                  errors == null || errors.isEmpty() ? List.of() : List.of(errors.split("\n")));
            },
            id);
    if (found.isEmpty()) {
      throw DomainException.notFound(copy.text("what_import"));
    }
    ImportView v = found.get(0);
    java.util.concurrent.atomic.AtomicLong written = writing.get(id);
    return written == null || !"RUNNING".equals(v.status())
        ? v
        : new ImportView(v.id(), v.status(), v.rowsRead(), written.get(), v.errors());
  }

  private void run(long id, Path file) {
    try {
      writing.put(id, new java.util.concurrent.atomic.AtomicLong());
      List<String> errors = new ArrayList<>();
      Long saved =
          tx.execute(
              status -> {
                long n = checkAndWrite(id, file, errors);
                if (!errors.isEmpty()) {
                  // Nothing of a file with a bad line is kept.
                  status.setRollbackOnly();
                }
                return n;
              });
      if (errors.isEmpty()) {
        finish(id, "DONE", saved == null ? 0 : saved, null);
      } else {
        finish(id, "FAILED", 0, String.join("\n", errors));
      }
    } catch (RuntimeException e) {
      log.error("Register import {} failed: {}", id, e.getClass().getSimpleName(), e);
      finish(
          id,
          "FAILED",
          0,
          copy.render("register_interrupted", Map.of("error", e.getClass().getSimpleName())));
    } finally {
      writing.remove(id);
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        log.warn("Could not delete spooled import {}: {}", file, e.getMessage());
      }
    }
  }

  /**
   * One pass inside the import's transaction: every line checked (the bad ones collected, numbered
   * from 1, the header), and while none is bad, written in multi-row statements (new codes
   * inserted, known ones refreshed). The caller rolls back when a line was bad. Lines read are
   * committed to the import's row about once a second, apart from the transaction, for every node
   * to show.
   */
  private long checkAndWrite(long id, Path file, List<String> errors) {
    Long written =
        jdbc.execute(
            (ConnectionCallback<Long>)
                connection -> {
                  try (RegisterWriter writer =
                      new RegisterWriter(connection, jdbc.getExceptionTranslator(), id, BATCH)) {
                    return checkAndWrite(id, file, errors, writer);
                  }
                });
    return written == null ? 0 : written;
  }

  private long checkAndWrite(long id, Path file, List<String> errors, RegisterWriter writer) {
    RegisterLines lines = new RegisterLines(copy, org -> orgs.find(org) != null);
    long[] count = {0, 0, System.nanoTime()};
    RegisterCsv.forEachRow(
        file,
        lines,
        errors,
        (line, fields) -> {
          count[0]++;
          if (System.nanoTime() - count[2] > 1_000_000_000L) {
            count[2] = System.nanoTime();
            progress.executeWithoutResult(
                s ->
                    jdbc.update(
                        "UPDATE enroll_register_import SET rows_read = ? WHERE id = ?",
                        count[0],
                        id));
          }
          if (errors.size() >= MAX_ERRORS) {
            return;
          }
          String problem = lines.problem(fields);
          if (problem != null) {
            errors.add(lines.at(line, problem));
            writer.discard();
          }
          if (!errors.isEmpty()) {
            return;
          }
          int n = writer.add(lines.row(fields));
          if (n > 0) {
            count[1] += n;
            writing.get(id).set(count[1]);
          }
        });
    progress.executeWithoutResult(
        s ->
            jdbc.update(
                "UPDATE enroll_register_import SET rows_read = ? WHERE id = ?", count[0], id));
    if (count[0] == 0 && errors.isEmpty()) {
      errors.add(lines.at(1, lines.noRows()));
    }
    return errors.isEmpty() ? count[1] + writer.flush() : 0;
  }

  private void finish(long id, String status, long saved, String errors) {
    jdbc.update(
        "UPDATE enroll_register_import SET status = ?, rows_saved = ?, errors = ?, finished_at = ? WHERE id = ?",
        status,
        saved,
        errors,
        Timestamp.valueOf(now()),
        id);
  }

  /** The employer with this credit code, or {@code null}. */
  public Employer byCreditCode(String code) {
    List<Employer> found =
        jdbc.query(SELECT + " WHERE credit_code = ?", this::map, CreditCodes.normalize(code));
    return found.isEmpty() ? null : found.get(0);
  }

  /** The employer with exactly this name, or {@code null} (or when several share it). */
  Employer byExactName(String name) {
    List<Employer> found = jdbc.query(SELECT + " WHERE name = ? LIMIT 2", this::map, name.strip());
    return found.size() == 1 ? found.get(0) : null;
  }

  /**
   * Employers by exact credit code, or by name: exact name first, then names starting with the
   * text, then names containing it after their leading place (the trade name, see {@link
   * RegisterSearch}), shorter names first. {@code region} (a prefix of the 6-digit code, e.g.
   * {@code 4205} for 宜昌) narrows the search.
   */
  public PageResult<Employer> search(String text, String region, int page, int size) {
    String q = text == null ? "" : text.strip();
    if (q.isEmpty()) {
      throw DomainException.invalid("register.query", copy.text("register_query"));
    }
    String regionPrefix = region == null || region.isBlank() ? "" : region.strip();
    if (!regionPrefix.matches("\\d{0,6}")) {
      throw DomainException.invalid("register.region", copy.text("register_region_prefix"));
    }
    if (CreditCodes.looksLikeOne(q)) {
      List<Employer> exact =
          jdbc.query(
              SELECT + " WHERE credit_code = ? AND region_code LIKE ?",
              this::map,
              CreditCodes.normalize(q),
              regionPrefix + "%");
      return new PageResult<>(exact, exact.size(), 1, size);
    }
    return search.byName(q, regionPrefix, page, size, this::map);
  }

  static final String SELECT =
      "SELECT id, credit_code, name, address, region_code, has_union, union_org_id FROM enroll_employer";

  private Employer map(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
    long org = rs.getLong("union_org_id");
    Long unionOrgId = rs.wasNull() ? null : org;
    return new Employer(
        rs.getLong("id"),
        rs.getString("credit_code"),
        rs.getString("name"),
        rs.getString("address"),
        rs.getString("region_code"),
        rs.getBoolean("has_union"),
        unionOrgId);
  }

  private LocalDateTime now() {
    return LocalDateTime.ofInstant(clock.instant(), PlatformConfig.ZONE);
  }
}
