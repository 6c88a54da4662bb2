package cn.union.helpdesk;

import static cn.union.platform.PlatformConfig.ZONE;

import cn.union.org.Org;
import cn.union.org.OrgService;
import cn.union.platform.Copy;
import cn.union.shared.DomainException;
import cn.union.shared.PageResult;
import cn.union.staff.Caller;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * 常用语: per-org answer templates ({@code help_answer_template}) with placeholders such as {@code
 * {编号}}, filled in for a case when the informant picks one in the reply box. A template belongs to
 * an org; it is edited by anyone whose subtree holds that org, and offered for every case of that
 * org and of the orgs below it (so a province writes standard wording once).
 */
@Service
public class AnswerTemplates {

  public static final int MAX_TITLE = 50;
  public static final int MAX_CONTENT = CaseWorkflow.MAX_REPLY;

  /** A placeholder an informant may write, and what it stands for. */
  public record Placeholder(String name, String description) {}

  /** The placeholders, in the order the reply box offers them. */
  public static final List<Placeholder> PLACEHOLDERS = AnswerPlaceholders.ALL;

  /**
   * A template as the console shows it.
   *
   * @param editable whether the caller may change it (its org lies in the caller's subtree)
   * @param rendered the text with the placeholders filled in for a case; {@code null} outside a
   *     case
   */
  public record View(
      long id,
      long orgId,
      String orgName,
      String title,
      String content,
      String updatedBy,
      Instant updatedAt,
      boolean editable,
      String rendered) {}

  private record Row(
      long id,
      long orgId,
      String orgPath,
      String title,
      String content,
      String updatedBy,
      LocalDateTime updatedAt) {}

  private static final String COLUMNS =
      "id, org_id, org_path, title, content, updated_by, updated_at";

  private final JdbcTemplate jdbc;
  private final OrgService orgs;
  private final HelpCaseMapper cases;
  private final HelpCategoryMapper categories;
  private final Copy copy;
  private final Clock clock;

  AnswerTemplates(
      JdbcTemplate jdbc,
      OrgService orgs,
      HelpCaseMapper cases,
      HelpCategoryMapper categories,
      @Qualifier("helpdeskCopy") Copy copy,
      Clock clock) {
    this.jdbc = jdbc;
    this.orgs = orgs;
    this.cases = cases;
    this.categories = categories;
    this.copy = copy;
    this.clock = clock;
  }

  /**
   * The templates of the caller's subtree (or of one org's subtree in it), optionally containing a
   * text.
   */
  public PageResult<View> list(Caller caller, Long orgId, String text, int page, int size) {
    String scope =
        orgId == null ? caller.orgPath() : orgs.visibleIn(caller.orgPath(), orgId).getPath();
    StringBuilder where = new StringBuilder(" WHERE org_path LIKE ?");
    List<Object> args = new ArrayList<>(List.of(likePrefix(scope)));
    if (text != null && !text.isBlank()) {
      where.append(" AND (title LIKE ? OR content LIKE ?)");
      String like = "%" + escapeLike(text.strip()) + "%";
      args.add(like);
      args.add(like);
    }
    Long total =
        jdbc.queryForObject(
            "SELECT COUNT(*) FROM help_answer_template" + where, Long.class, args.toArray());
    List<Object> pageArgs = new ArrayList<>(args);
    pageArgs.add(size);
    pageArgs.add((long) (page - 1) * size);
    List<Row> rows =
        jdbc.query(
            "SELECT "
                + COLUMNS
                + " FROM help_answer_template"
                + where
                + " ORDER BY org_path, title, id LIMIT ? OFFSET ?",
            this::row,
            pageArgs.toArray());
    Map<Long, String> names = new LinkedHashMap<>();
    return new PageResult<>(
        rows.stream().map(r -> view(caller, r, names, null)).toList(),
        total == null ? 0 : total,
        page,
        size);
  }

  /**
   * The templates offered for a case: those of the case's org and of every org above it, the
   * nearest org first, each rendered for the case. A case outside the caller's subtree: 404.
   */
  public List<View> forCase(Caller caller, long caseId) {
    HelpCase c = cases.selectById(caseId);
    if (c == null || !caller.sees(c.getOrgPath())) {
      throw DomainException.notFound(copy.text("what_case"));
    }
    List<String> prefixes = new ArrayList<>();
    String path = c.getOrgPath();
    for (int slash = path.indexOf('/', 1); slash > 0; slash = path.indexOf('/', slash + 1)) {
      prefixes.add(path.substring(0, slash + 1));
    }
    String marks = String.join(",", Collections.nCopies(prefixes.size(), "?"));
    List<Row> rows =
        jdbc.query(
            "SELECT "
                + COLUMNS
                + " FROM help_answer_template WHERE org_path IN ("
                + marks
                + ")"
                + " ORDER BY title, id",
            this::row,
            prefixes.toArray());
    List<Row> nearestFirst = new ArrayList<>(rows);
    nearestFirst.sort((a, b) -> Integer.compare(b.orgPath().length(), a.orgPath().length()));
    Map<String, String> values = valuesFor(c);
    Map<Long, String> names = new LinkedHashMap<>();
    return nearestFirst.stream()
        .map(r -> view(caller, r, names, AnswerPlaceholders.render(r.content(), values)))
        .toList();
  }

  @Transactional
  public View create(Caller caller, Long orgId, String title, String content) {
    Org org = orgs.visibleIn(caller.orgPath(), orgId == null ? caller.orgId() : orgId);
    String t = title(title);
    String body = content(content);
    LocalDateTime now = LocalDateTime.ofInstant(clock.instant(), ZONE);
    try {
      jdbc.update(
          "INSERT INTO help_answer_template (org_id, org_path, title, content, updated_by, created_at,"
              + " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
          org.getId(),
          org.getPath(),
          t,
          body,
          caller.username(),
          now,
          now);
    } catch (DuplicateKeyException e) {
      throw duplicate(t);
    }
    long id =
        jdbc.queryForObject(
            "SELECT id FROM help_answer_template WHERE org_id = ? AND title = ?",
            Long.class,
            org.getId(),
            t);
    return view(caller, get(id), new LinkedHashMap<>(), null);
  }

  @Transactional
  public View update(Caller caller, long id, String title, String content) {
    Row r = editable(caller, id);
    String t = title(title);
    String body = content(content);
    try {
      jdbc.update(
          "UPDATE help_answer_template SET title = ?, content = ?, updated_by = ?, updated_at = ? WHERE id = ?",
          t,
          body,
          caller.username(),
          LocalDateTime.ofInstant(clock.instant(), ZONE),
          r.id());
    } catch (DuplicateKeyException e) {
      throw duplicate(t);
    }
    return view(caller, get(id), new LinkedHashMap<>(), null);
  }

  /**
   * @return the org path of the deleted template, for the audit entry
   */
  @Transactional
  public String delete(Caller caller, long id) {
    Row r = editable(caller, id);
    jdbc.update("DELETE FROM help_answer_template WHERE id = ?", r.id());
    return r.orgPath();
  }

  /** The org path of a template the caller may edit, for audit entries. */
  public String orgPathOf(Caller caller, long id) {
    return editable(caller, id).orgPath();
  }

  private Map<String, String> valuesFor(HelpCase c) {
    HelpCategory category = categories.selectById(c.getCategoryId());
    Org org = orgs.find(c.getOrgId());
    return AnswerPlaceholders.values(
        c, category == null ? "" : category.getName(), org == null ? "" : org.getName());
  }

  private Row editable(Caller caller, long id) {
    Row r = find(id);
    if (r == null) {
      throw DomainException.notFound(copy.text("what_template"));
    }
    if (!caller.sees(r.orgPath())) {
      // An ancestor's template is offered to the caller (forCase), so its existence is no secret.
      if (caller.orgPath().startsWith(r.orgPath())) {
        throw DomainException.forbidden(copy.text("error_template_of_parent"));
      }
      throw DomainException.notFound(copy.text("what_template"));
    }
    return r;
  }

  private String title(String title) {
    String t = title == null ? "" : title.strip();
    if (t.isEmpty() || t.length() > MAX_TITLE) {
      throw DomainException.invalid(
          "template.title", copy.render("error_template_title", Map.of("max", MAX_TITLE)));
    }
    return t;
  }

  private String content(String content) {
    String body = content == null ? "" : content.strip();
    if (body.isEmpty() || body.length() > MAX_CONTENT) {
      throw DomainException.invalid(
          "template.content", copy.render("error_template_content", Map.of("max", MAX_CONTENT)));
    }
    Set<String> unknown = AnswerPlaceholders.unknown(body);
    if (!unknown.isEmpty()) {
      throw DomainException.invalid(
          "template.placeholder",
          copy.render(
              "error_template_placeholder",
              Map.of(
                  "unknown",
                  String.join("、", unknown),
                  "known",
                  String.join("、", AnswerPlaceholders.written()))));
    }
    return body;
  }

  private DomainException duplicate(String title) {
    return DomainException.conflict(
        "template.duplicate", copy.render("error_template_duplicate", Map.of("title", title)));
  }

  private Row get(long id) {
    return jdbc.queryForObject(
        "SELECT " + COLUMNS + " FROM help_answer_template WHERE id = ?", this::row, id);
  }

  private Row find(long id) {
    List<Row> rows =
        jdbc.query("SELECT " + COLUMNS + " FROM help_answer_template WHERE id = ?", this::row, id);
    return rows.isEmpty() ? null : rows.get(0);
  }

  private Row row(ResultSet rs, int n) throws SQLException {
    return new Row(
        rs.getLong(1),
        rs.getLong(2),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        rs.getString(6),
        rs.getObject(7, LocalDateTime.class));
  }

  private View view(Caller caller, Row r, Map<Long, String> orgNames, String rendered) {
    String orgName =
        orgNames.computeIfAbsent(
            r.orgId(),
            key -> {
              Org org = orgs.find(key);
              return org == null ? null : org.getName();
            });
    return new View(
        r.id(),
        r.orgId(),
        orgName,
        r.title(),
        r.content(),
        r.updatedBy(),
        r.updatedAt().atZone(ZONE).toInstant(),
        caller.sees(r.orgPath()),
        rendered);
  }

  private static String likePrefix(String path) {
    return escapeLike(path) + "%";
  }

  private static String escapeLike(String text) {
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }
}
