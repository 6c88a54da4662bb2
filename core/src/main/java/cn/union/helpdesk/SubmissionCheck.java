package cn.union.helpdesk;

import cn.union.org.Org;
import cn.union.org.OrgService;
import cn.union.platform.Copy;
import cn.union.shared.DomainException;
import java.time.LocalDateTime;
import java.util.Map;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * What a worker's submission must hold before it becomes a case, and where it goes: a category that
 * exists, a description of the allowed length, the org that will handle it and the time its answer
 * is due.
 */
@Component
class SubmissionCheck {

  /**
   * A submission that passed.
   *
   * @param detail the SUBMITTED timeline entry's detail (category and unit)
   */
  record Checked(
      HelpCategory category, String description, Org org, LocalDateTime dueAt, String detail) {}

  private final Categories categories;
  private final OrgService orgs;
  private final CaseDueDates dueDates;
  private final Copy copy;

  SubmissionCheck(
      Categories categories,
      OrgService orgs,
      CaseDueDates dueDates,
      @Qualifier("helpdeskCopy") Copy copy) {
    this.categories = categories;
    this.orgs = orgs;
    this.dueDates = dueDates;
    this.copy = copy;
  }

  /** Checks a submission made at {@code now}; a bad one is a 400 with the reason. */
  Checked check(WorkerCases.Submission s, LocalDateTime now) {
    HelpCategory category = categories.get(s.categoryId());
    if (category == null) {
      throw DomainException.invalid("case.category", copy.text("error_category"));
    }
    String description = s.description() == null ? "" : s.description().strip();
    if (description.isEmpty() || description.length() > WorkerCases.MAX_DESCRIPTION) {
      throw DomainException.invalid(
          "case.description",
          copy.render("error_description", Map.of("max", WorkerCases.MAX_DESCRIPTION)));
    }
    Org org = orgs.get(s.orgId());
    return new Checked(
        category,
        description,
        org,
        dueDates.dueAt(now),
        copy.render(
            "submitted_detail", Map.of("category", category.getName(), "unit", org.getName())));
  }
}
