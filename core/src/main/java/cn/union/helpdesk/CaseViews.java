package cn.union.helpdesk;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** What the helpdesk shows of its cases, free of table rows and of personal data in the clear. */
public final class CaseViews {

  private CaseViews() {}

  /** A line of the case list; {@code overdue}: the due time passed and no reply went out. */
  public record Summary(
      long id,
      String number,
      CaseStatus status,
      String category,
      long orgId,
      String orgName,
      Instant submittedAt,
      LocalDate dueDate,
      boolean overdue) {}

  /** One case with its timeline; the mobile is masked. */
  public record Detail(
      Summary summary,
      String description,
      String mobileMasked,
      Instant dueAt,
      Instant acceptedAt,
      Instant repliedAt,
      String rating,
      boolean reopened,
      List<Event> timeline,
      List<Media> media) {}

  public record Event(
      Instant at,
      String kind,
      String actor,
      String content,
      String deliveryVia,
      String deliveryStatus,
      String detail) {}

  public record Media(String type, String mediaId) {}

  /** A help category; a disabled one is no longer offered to workers, but its old cases keep it. */
  public record Category(long id, String name, boolean enabled) {}

  /**
   * The seal chain walked from its start.
   *
   * @param firstBrokenCaseId the first sealed case whose content, link or place in the chain does
   *     not hold; {@code null} when intact
   */
  public record SealCheck(
      boolean intact,
      long checked,
      Long firstBrokenCaseId,
      String firstBrokenNumber,
      String reason) {}

  /** What a worker's intake produced. */
  public record Submitted(long id, String number, LocalDate dueDate, String orgName) {}
}
