package cn.union.enrollment;

import cn.union.calendar.WorkingCalendar;
import cn.union.member.MemberService;
import cn.union.member.Membership;
import cn.union.org.Org;
import cn.union.org.OrgLevel;
import cn.union.org.OrgService;
import cn.union.platform.Copy;
import cn.union.platform.DataProtection;
import cn.union.platform.Masking;
import cn.union.platform.PlatformConfig;
import cn.union.shared.DomainException;
import cn.union.shared.PageResult;
import cn.union.staff.Caller;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applications to join (扫码入会) after the worker's form: routing to the employer's union or the city
 * federation, review by the target org's admins within {@value #REVIEW_WORKING_DAYS} working days,
 * and the member record on approval.
 */
@Service
public class EnrollmentService {

  public static final int REVIEW_WORKING_DAYS = 3;
  public static final int MAX_REASON = 200;

  private static final Copy COPY = Copy.load("enrollment");

  /**
   * An application as admins see it: ID number and phone masked.
   *
   * @param overdue still under review after its due date (3 working days)
   * @param unionBuilding routed to the city federation because the employer has no union (or is not
   *     in the register): the city should follow up on building one
   * @param escalated the review sweep found it overdue and told the parent org
   * @param supervisedCount how many times an org above pressed it (督办), the last note beside
   * @param noticeStatus how the worker's notice of the decision went: PENDING (waiting for an
   *     attempt), SENT, FAILED, UNCERTAIN (may or may not have reached the worker; not sent again);
   *     {@code null} while under review
   */
  public record EnrollmentView(
      long id,
      String status,
      String name,
      String idNumber,
      String mobile,
      String employer,
      String creditCode,
      boolean creditCodeWarning,
      Long orgId,
      String orgName,
      boolean unionBuilding,
      long qrcodeId,
      long posterOrgId,
      OffsetDateTime submittedAt,
      LocalDate dueDate,
      boolean overdue,
      OffsetDateTime decidedAt,
      String reason,
      String memberNumber,
      String orgPath,
      boolean escalated,
      int supervisedCount,
      String supervisionNote,
      String noticeStatus) {}

  /** What a staff member sees when checking a member card's code. */
  public record CardCheck(boolean valid, String memberNumber, String name, String orgName) {}

  private record Route(Org org, boolean unionBuilding) {}

  private final Applications applications;
  private final JdbcTemplate jdbc;
  private final EmployerRegister register;
  private final OrgService orgs;
  private final MemberService members;
  private final DataProtection protection;
  private final WorkingCalendar calendar;
  private final ApplicationEventPublisher events;
  private final NoticeOutbox notices;
  private final Clock clock;

  public EnrollmentService(
      Applications applications,
      JdbcTemplate jdbc,
      EmployerRegister register,
      OrgService orgs,
      MemberService members,
      DataProtection protection,
      WorkingCalendar calendar,
      ApplicationEventPublisher events,
      NoticeOutbox notices,
      Clock clock) {
    this.applications = applications;
    this.jdbc = jdbc;
    this.register = register;
    this.orgs = orgs;
    this.members = members;
    this.protection = protection;
    this.calendar = calendar;
    this.events = events;
    this.notices = notices;
    this.clock = clock;
  }

  /**
   * Routes and submits a complete draft, taking the person's one pending slot.
   *
   * @return the submitted application, or {@code null} when the draft was no longer a draft (a
   *     retry that came second)
   * @throws org.springframework.dao.DuplicateKeyException another application of the person is
   *     under review
   */
  @Transactional
  Application submit(Application draft) {
    Route route = route(draft);
    LocalDateTime now = now();
    LocalDate due = calendar.addWorkingDays(now.toLocalDate(), REVIEW_WORKING_DAYS);
    if (!applications.submit(
        draft.id(), route.org().getId(), route.org().getPath(), route.unionBuilding(), now, due)) {
      return null;
    }
    events.publishEvent(
        new EnrollmentSubmitted(
            draft.id(), route.org().getId(), route.org().getPath(), route.unionBuilding(), due));
    return applications.find(draft.id());
  }

  /** The register's entry for a credit code, or {@code null}. */
  EmployerRegister.Employer registerLookup(String creditCode) {
    return register.byCreditCode(creditCode);
  }

  /**
   * The employer's union when the register knows the employer and its union; otherwise the city
   * federation above the poster's org (挂靠), flagged for union-building follow-up.
   */
  private Route route(Application a) {
    EmployerRegister.Employer employer =
        a.creditCode() != null
            ? register.byCreditCode(a.creditCode())
            : a.employerName() == null ? null : register.byExactName(a.employerName());
    if (employer != null && employer.hasUnion() && employer.unionOrgId() != null) {
      Org union = orgs.find(employer.unionOrgId());
      if (union != null) {
        return new Route(union, false);
      }
    }
    return new Route(cityOf(orgs.get(a.posterOrgId())), true);
  }

  /**
   * The city federation an org belongs to: itself at city level or above, else its city ancestor.
   */
  Org cityOf(Org org) {
    if (org.getLevel() == OrgLevel.CITY || org.getLevel() == OrgLevel.PROVINCE) {
      return org;
    }
    return orgs.ancestors(org).stream()
        .filter(o -> o.getLevel() == OrgLevel.CITY)
        .findFirst()
        .orElse(org);
  }

  /**
   * Applications routed into the caller's subtree, oldest due first.
   *
   * @param status filter; {@code null} for every state but drafts
   * @param unionBuilding {@code true}: only those flagged for union-building follow-up
   */
  public PageResult<EnrollmentView> list(
      Caller caller,
      EnrollmentStatus status,
      Boolean unionBuilding,
      Long orgId,
      int page,
      int size) {
    StringBuilder where = new StringBuilder(" WHERE e.target_org_path LIKE ?");
    List<Object> args = new ArrayList<>(List.of(caller.orgPath() + "%"));
    if (status != null) {
      where.append(" AND e.status = ?");
      args.add(status.name());
    } else {
      where.append(" AND e.status <> 'DRAFT' AND e.status <> 'CANCELLED'");
    }
    if (Boolean.TRUE.equals(unionBuilding)) {
      where.append(" AND e.union_building = TRUE");
    }
    if (orgId != null) {
      Org org = orgs.visibleIn(caller.orgPath(), orgId);
      where.append(" AND e.target_org_path LIKE ?");
      args.add(org.getPath() + "%");
    }
    Long total =
        jdbc.queryForObject(
            "SELECT COUNT(*) FROM enrollment e" + where, Long.class, args.toArray());
    args.add(size);
    args.add((long) (page - 1) * size);
    List<Application> rows =
        jdbc.query(
            "SELECT "
                + Applications.COLUMNS
                + " FROM enrollment e"
                + where
                + " ORDER BY e.due_date, e.id LIMIT ? OFFSET ?",
            Applications.ROW,
            args.toArray());
    Map<Long, String> noticeStates = notices.statesOf(rows.stream().map(Application::id).toList());
    return new PageResult<>(
        rows.stream().map(a -> view(a, noticeStates.get(a.id()))).toList(),
        total == null ? 0 : total,
        page,
        size);
  }

  public EnrollmentView get(Caller caller, long id) {
    return view(visible(caller, id));
  }

  /**
   * Approves an application: the worker becomes a member of the target org, with a member number.
   */
  @Transactional
  public EnrollmentView approve(Caller caller, long id) {
    Application a = visible(caller, id);
    if (!a.status().canMoveTo(EnrollmentStatus.APPROVED)) {
      throw DomainException.conflict(
          "enrollment.state", COPY.render("error_not_approvable", Map.of("status", a.status())));
    }
    Membership m =
        members.enroll(
            new MemberService.MemberData(
                a.name(),
                protection.decrypt(a.idNumberEnc()),
                protection.decrypt(a.mobileEnc()),
                a.employerName(),
                a.targetOrgId(),
                a.openid()));
    if (!applications.decide(
        id,
        EnrollmentStatus.APPROVED,
        caller.username(),
        null,
        m.getId(),
        m.getMemberNumber(),
        now())) {
      throw DomainException.conflict("enrollment.state", COPY.text("error_decided_by_other"));
    }
    events.publishEvent(
        new MemberEnrolled(id, m.getId(), m.getMemberNumber(), m.getOrgId(), m.getOrgPath()));
    return view(applications.find(id));
  }

  @Transactional
  public EnrollmentView reject(Caller caller, long id, String reason) {
    String why = reason == null ? "" : reason.strip();
    if (why.isEmpty() || why.length() > MAX_REASON) {
      throw DomainException.invalid(
          "enrollment.reason", COPY.render("error_reason", Map.of("max", MAX_REASON)));
    }
    Application a = visible(caller, id);
    if (!a.status().canMoveTo(EnrollmentStatus.REJECTED)
        || !applications.decide(
            id, EnrollmentStatus.REJECTED, caller.username(), why, null, null, now())) {
      throw DomainException.conflict("enrollment.state", COPY.text("error_not_in_review"));
    }
    events.publishEvent(new EnrollmentRejected(id, a.targetOrgId(), why));
    return view(applications.find(id));
  }

  /**
   * The code printed on a member card: the member number and a keyed check, so it cannot be made
   * up.
   */
  public String cardCode(String memberNumber) {
    return memberNumber
        + "-"
        + protection.lookupHash("member-card:" + memberNumber).substring(0, 10).toUpperCase();
  }

  /**
   * Checks a member card's code for staff at a service site; the member must be in the caller's
   * subtree.
   */
  public CardCheck checkCard(Caller caller, String code) {
    String c = code == null ? "" : code.strip().toUpperCase();
    int cut = c.lastIndexOf('-');
    if (cut <= 0) {
      return new CardCheck(false, null, null, null);
    }
    String number = c.substring(0, cut);
    if (!cardCode(number).equals(c)) {
      return new CardCheck(false, null, null, null);
    }
    Membership m = members.findByNumber(number);
    if (m == null || !caller.sees(m.getOrgPath())) {
      return new CardCheck(false, null, null, null);
    }
    Org org = orgs.find(m.getOrgId());
    return new CardCheck(true, number, m.getName(), org == null ? null : org.getName());
  }

  private Application visible(Caller caller, long id) {
    Application a = applications.find(id);
    if (a == null || a.targetOrgPath() == null || !caller.sees(a.targetOrgPath())) {
      throw DomainException.notFound(COPY.text("what_application"));
    }
    return a;
  }

  private EnrollmentView view(Application a) {
    return view(a, notices.statesOf(List.of(a.id())).get(a.id()));
  }

  private EnrollmentView view(Application a, String noticeStatus) {
    Org org = a.targetOrgId() == null ? null : orgs.find(a.targetOrgId());
    return new EnrollmentView(
        a.id(),
        a.status().name(),
        a.name(),
        Masking.idNumber(protection.decrypt(a.idNumberEnc())),
        Masking.mobile(protection.decrypt(a.mobileEnc())),
        a.employerName(),
        a.creditCode(),
        a.creditCodeWarning(),
        a.targetOrgId(),
        org == null ? null : org.getName(),
        a.unionBuilding(),
        a.qrcodeId(),
        a.posterOrgId(),
        a.submittedAt() == null ? null : PosterService.offset(a.submittedAt()),
        a.dueDate(),
        a.status() == EnrollmentStatus.SUBMITTED
            && a.dueDate() != null
            && now().toLocalDate().isAfter(a.dueDate()),
        a.decidedAt() == null ? null : PosterService.offset(a.decidedAt()),
        a.reason(),
        a.memberNumber(),
        a.targetOrgPath(),
        a.escalatedAt() != null,
        a.supervisedCount(),
        a.supervisionNote(),
        noticeStatus);
  }

  private LocalDateTime now() {
    return LocalDateTime.ofInstant(clock.instant(), PlatformConfig.ZONE);
  }
}
