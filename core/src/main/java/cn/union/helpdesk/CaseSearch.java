package cn.union.helpdesk;

import static cn.union.platform.PlatformConfig.ZONE;

import cn.union.org.Org;
import cn.union.org.OrgService;
import cn.union.platform.Copy;
import cn.union.platform.DataProtection;
import cn.union.platform.Masking;
import cn.union.shared.DomainException;
import cn.union.shared.PageResult;
import cn.union.staff.Caller;
import cn.union.staff.Role;
import com.baomidou.mybatisplus.core.conditions.query.LambdaQueryWrapper;
import com.baomidou.mybatisplus.extension.plugins.pagination.Page;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;

/**
 * The case list of the console: the caller's subtree filtered and searched, newest first, one page
 * at a time or walked whole for an export; and the worker's phone in the clear for the informants
 * of the owning unit. Every filter is a fixed column with a bound value; request text never reaches
 * SQL.
 */
@Service
public class CaseSearch {

  /** A mobile number as typed by a person looking for a worker: searched by its keyed hash. */
  private static final Pattern MOBILE = Pattern.compile("1\\d{10}");

  static final int MAX_TEXT = 64;
  private static final Copy COPY = Copy.load("helpdesk");
  static final int EXPORT_PAGE = 500;

  /** Orders a page may take: an allow-list. */
  public enum Sort {
    /** newest submission first (the default) */
    newest,
    /** earliest due time first: what needs an answer soonest */
    due;

    public static Sort parse(String text) {
      if (text == null || text.isBlank()) {
        return newest;
      }
      for (Sort s : values()) {
        if (s.name().equals(text)) {
          return s;
        }
      }
      throw DomainException.invalid("case.sort", COPY.text("error_sort"));
    }
  }

  /**
   * Filters of the case list, all optional.
   *
   * @param orgId a unit of the caller's subtree: its cases and those of its own subtree
   * @param from first day of submission (Shanghai), inclusive
   * @param to last day of submission, inclusive
   * @param text a case number (or part of one), a mobile number (11 digits, found by its hash) or
   *     words of the description
   */
  public record Query(
      CaseStatus status,
      Boolean overdue,
      Long orgId,
      Long categoryId,
      LocalDate from,
      LocalDate to,
      String text,
      Sort sort) {

    public Query {
      if (from != null && to != null && to.isBefore(from)) {
        throw DomainException.invalid("case.period", COPY.text("error_period_order"));
      }
      text = text == null || text.isBlank() ? null : text.strip();
      if (text != null && text.length() > MAX_TEXT) {
        throw DomainException.invalid(
            "case.search", COPY.render("error_search_text", Map.of("max", MAX_TEXT)));
      }
      sort = sort == null ? Sort.newest : sort;
    }

    public static Query all() {
      return new Query(null, null, null, null, null, null, null, null);
    }
  }

  /**
   * A line of the list with what a card or a table row shows beyond the summary; the masked mobile
   * only in an export walk (a page of the list does not decrypt phones it does not show).
   */
  public record Row(
      CaseViews.Summary summary,
      String excerpt,
      Instant dueAt,
      Instant repliedAt,
      String rating,
      String mobileMasked) {}

  private final HelpCaseMapper cases;
  private final HelpCategoryMapper categories;
  private final OrgService orgs;
  private final DataProtection data;
  private final Clock clock;

  CaseSearch(
      HelpCaseMapper cases,
      HelpCategoryMapper categories,
      OrgService orgs,
      DataProtection data,
      Clock clock) {
    this.cases = cases;
    this.categories = categories;
    this.orgs = orgs;
    this.data = data;
    this.clock = clock;
  }

  /** The unit whose subtree is searched: the caller's own, or one inside it (404 otherwise). */
  public Org scope(Caller caller, Long orgId) {
    return orgId == null ? orgs.get(caller.orgId()) : orgs.visibleIn(caller.orgPath(), orgId);
  }

  public PageResult<Row> list(Caller caller, Query query, int page, int size) {
    LambdaQueryWrapper<HelpCase> q = where(scope(caller, query.orgId()), query);
    if (query.sort() == Sort.due) {
      q.orderByAsc(HelpCase::getDueAt).orderByAsc(HelpCase::getId);
    } else {
      q.orderByDesc(HelpCase::getSubmittedAt).orderByDesc(HelpCase::getId);
    }
    Page<HelpCase> result = cases.selectPage(Page.of(page, size), q);
    Names names = new Names();
    return new PageResult<>(result.getRecords(), result.getTotal(), page, size)
        .map(c -> row(c, names, false));
  }

  /**
   * Every case the query finds, newest first, read {@value #EXPORT_PAGE} at a time by id so a large
   * export never sits in memory.
   *
   * @return how many were handed to {@code sink}
   */
  public long forEach(Org scope, Query query, Consumer<Row> sink) {
    Names names = new Names();
    long lastId = Long.MAX_VALUE;
    long count = 0;
    while (true) {
      LambdaQueryWrapper<HelpCase> q =
          where(scope, query)
              .lt(HelpCase::getId, lastId)
              .orderByDesc(HelpCase::getId)
              .last("LIMIT " + EXPORT_PAGE);
      List<HelpCase> page = cases.selectList(q);
      for (HelpCase c : page) {
        sink.accept(row(c, names, true));
        lastId = c.getId();
        count++;
      }
      if (page.size() < EXPORT_PAGE) {
        return count;
      }
    }
  }

  /**
   * The categories a case list can be filtered by, in their listed order (disabled ones too: old
   * cases have them).
   */
  public List<CaseViews.Category> categories() {
    return categories
        .selectList(
            new LambdaQueryWrapper<HelpCategory>()
                .orderByAsc(HelpCategory::getSortOrder)
                .orderByAsc(HelpCategory::getId))
        .stream()
        .map(c -> new CaseViews.Category(c.getId(), c.getName(), c.isEnabled()))
        .toList();
  }

  /**
   * What a reveal of the worker's phone gives, with the case it belongs to (for the audit entry).
   */
  public record RevealedMobile(long caseId, String number, String orgPath, String mobile) {}

  /**
   * The worker's phone in the clear, because calling the worker is part of the informant's job:
   * only an informant of the unit that owns the case. Another subtree's case does not exist (404);
   * a case of the subtree owned by another unit is refused (403).
   */
  public RevealedMobile revealMobile(Caller caller, long id) {
    HelpCase c = cases.selectById(id);
    if (c == null || !caller.sees(c.getOrgPath())) {
      throw DomainException.notFound(COPY.text("what_case"));
    }
    if (!caller.is(Role.INFORMANT) || caller.orgId() != c.getOrgId()) {
      throw DomainException.forbidden(COPY.text("error_mobile_forbidden"));
    }
    if (c.getMobileEnc() == null) {
      throw DomainException.notFound(COPY.text("what_mobile"));
    }
    return new RevealedMobile(
        c.getId(), c.getNumber(), c.getOrgPath(), data.decrypt(c.getMobileEnc()));
  }

  private LambdaQueryWrapper<HelpCase> where(Org scope, Query query) {
    LambdaQueryWrapper<HelpCase> q =
        new LambdaQueryWrapper<HelpCase>().likeRight(HelpCase::getOrgPath, scope.getPath());
    if (query.status() != null) {
      q.eq(HelpCase::getStatus, query.status());
    }
    if (query.overdue() != null) {
      LocalDateTime now = LocalDateTime.ofInstant(clock.instant(), ZONE);
      if (query.overdue()) {
        q.lt(HelpCase::getDueAt, now).isNull(HelpCase::getRepliedAt);
      } else {
        q.and(w -> w.ge(HelpCase::getDueAt, now).or().isNotNull(HelpCase::getRepliedAt));
      }
    }
    if (query.categoryId() != null) {
      q.eq(HelpCase::getCategoryId, query.categoryId());
    }
    if (query.from() != null) {
      q.ge(HelpCase::getSubmittedAt, query.from().atStartOfDay());
    }
    if (query.to() != null) {
      q.lt(HelpCase::getSubmittedAt, query.to().plusDays(1).atStartOfDay());
    }
    String text = query.text();
    if (text != null) {
      if (MOBILE.matcher(text).matches()) {
        q.eq(HelpCase::getMobileHash, data.lookupHash(text));
      } else {
        String like = escapeLike(text);
        q.and(w -> w.like(HelpCase::getNumber, like).or().like(HelpCase::getDescription, like));
      }
    }
    return q;
  }

  /** The wildcards a person may type are searched for as themselves. */
  static String escapeLike(String text) {
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }

  /** Category and org names, read once per list. */
  private final class Names {
    private final Map<Long, String> categoryNames =
        categories.selectList(null).stream()
            .collect(Collectors.toMap(HelpCategory::getId, HelpCategory::getName, (a, b) -> a));
    private final Map<Long, String> orgNames = new HashMap<>();

    String org(long id) {
      return orgNames.computeIfAbsent(
          id,
          key -> {
            Org o = orgs.find(key);
            return o == null ? null : o.getName();
          });
    }
  }

  private Row row(HelpCase c, Names names, boolean withMobile) {
    boolean overdue =
        c.getRepliedAt() == null
            && LocalDateTime.ofInstant(clock.instant(), ZONE).isAfter(c.getDueAt());
    CaseViews.Summary s =
        new CaseViews.Summary(
            c.getId(),
            c.getNumber(),
            c.getStatus(),
            names.categoryNames.get(c.getCategoryId()),
            c.getOrgId(),
            names.org(c.getOrgId()),
            instant(c.getSubmittedAt()),
            c.getDueDate(),
            overdue);
    String d = c.getDescription();
    String excerpt = d == null ? "" : d.length() > 60 ? d.substring(0, 60) + "…" : d;
    String mobile =
        !withMobile || c.getMobileEnc() == null
            ? null
            : Masking.mobile(data.decrypt(c.getMobileEnc()));
    return new Row(
        s, excerpt, instant(c.getDueAt()), instant(c.getRepliedAt()), c.getRating(), mobile);
  }

  private static Instant instant(LocalDateTime local) {
    return local == null ? null : local.atZone(ZONE).toInstant();
  }
}
