package cn.union.enrollment;

import cn.union.member.IdNumbers;
import cn.union.member.MemberService;
import cn.union.member.Membership;
import cn.union.org.Org;
import cn.union.org.OrgService;
import cn.union.platform.Copy;
import cn.union.platform.DataProtection;
import cn.union.platform.Masking;
import cn.union.platform.PlatformConfig;
import cn.union.platform.RedisPipeline;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

/**
 * The H5 form of 扫码入会: the same application as the conversation (the row a scan opened), filled in
 * one go. Fields are checked with the conversation's messages; an ID number and mobile already
 * given may be left empty to keep them. The employer is looked up in the register as the worker
 * types.
 */
@Service
public class EnrollmentForm {

  /** How many register matches the form suggests. */
  static final int SUGGESTIONS = 6;

  /**
   * What the form shows: {@code DRAFT} (fill in), {@code SUBMITTED}, {@code MEMBER} or {@code NONE}
   * (scan a poster first), with a message for every state but {@code DRAFT}.
   */
  public record FormState(
      String state,
      String org,
      String message,
      String name,
      String idNumberMasked,
      String mobileMasked,
      String employer) {}

  /**
   * What the worker typed; {@code null} or blank ID number and mobile keep the ones already given.
   */
  public record FormInput(String name, String idNumber, String mobile, String employer) {}

  /**
   * The answer to a submission: either {@code submitted} with its message, or the problems per
   * field ({@code name}, {@code idNumber}, {@code mobile}, {@code employer}; {@code form} for the
   * whole).
   */
  public record FormResult(
      boolean submitted, String message, Map<String, String> errors, String warning) {}

  /**
   * A register match offered while typing, and the soft warning of a credit code with a bad check
   * digit.
   */
  public record Suggestions(List<Suggestion> matches, String warning) {}

  public record Suggestion(String name, String creditCode) {}

  private final Applications applications;
  private final EnrollmentService service;
  private final EmployerRegister register;
  private final MemberService members;
  private final OrgService orgs;
  private final DataProtection protection;
  private final RedisPipeline redis;
  private final Copy copy;
  private final FormChecks checks;
  private final Clock clock;

  public EnrollmentForm(
      Applications applications,
      EnrollmentService service,
      EmployerRegister register,
      MemberService members,
      OrgService orgs,
      DataProtection protection,
      RedisPipeline redis,
      @Qualifier("enrollmentCopy") Copy copy,
      Clock clock) {
    this.applications = applications;
    this.service = service;
    this.register = register;
    this.members = members;
    this.orgs = orgs;
    this.protection = protection;
    this.redis = redis;
    this.copy = copy;
    this.checks = new FormChecks(copy);
    this.clock = clock;
  }

  public FormState state(String openid) {
    Membership m = members.findByOpenid(openid);
    if (m != null) {
      return new FormState(
          "MEMBER",
          orgName(m.getOrgId()),
          copy.render(
              "already_member",
              Map.of(
                  "org",
                  orgName(m.getOrgId()),
                  "number",
                  m.getMemberNumber() == null ? "—" : m.getMemberNumber())),
          null,
          null,
          null,
          null);
    }
    Application a = applications.findOpen(openid);
    if (a == null) {
      return new FormState("NONE", null, copy.text("join_hint"), null, null, null, null);
    }
    if (a.status() == EnrollmentStatus.SUBMITTED) {
      return new FormState(
          "SUBMITTED", orgName(a.targetOrgId()), pending(a), null, null, null, null);
    }
    String employer = a.employerName() != null ? a.employerName() : a.creditCode();
    return new FormState(
        "DRAFT",
        orgName(a.posterOrgId()),
        null,
        a.name(),
        a.idNumberEnc() == null ? null : Masking.idNumber(protection.decrypt(a.idNumberEnc())),
        a.mobileEnc() == null ? null : Masking.mobile(protection.decrypt(a.mobileEnc())),
        employer);
  }

  /**
   * Checks every field and, when all are fine, submits the application as the conversation's 确认
   * does.
   */
  public FormResult submit(String openid, FormInput in) {
    Application a = applications.findOpen(openid);
    if (a == null || a.status() != EnrollmentStatus.DRAFT) {
      FormState s = state(openid);
      return new FormResult("SUBMITTED".equals(s.state()), s.message(), Map.of(), null);
    }
    Map<String, String> errors = new LinkedHashMap<>();
    String name = trim(in.name());
    String problem = checks.name(name);
    if (problem != null) {
      errors.put("name", problem);
    }
    String idEnc = a.idNumberEnc();
    String idHash = a.idNumberHash();
    String typedId = trim(in.idNumber());
    if (!typedId.isEmpty() || idEnc == null) {
      String id = IdNumbers.normalize(typedId);
      problem = checks.idNumber(id, today());
      if (problem == null && members.isMember(id)) {
        problem = copy.text("already_member_elsewhere");
      }
      if (problem == null && applications.pendingFor(protection.lookupHash(id))) {
        problem = copy.text("pending_elsewhere");
      }
      if (problem != null) {
        errors.put("idNumber", problem);
      } else {
        idEnc = protection.encrypt(id);
        idHash = protection.lookupHash(id);
      }
    }
    String mobileEnc = a.mobileEnc();
    String typedMobile = FormChecks.mobileDigits(trim(in.mobile()));
    if (!typedMobile.isEmpty() || mobileEnc == null) {
      problem = checks.mobile(typedMobile);
      if (problem != null) {
        errors.put("mobile", problem);
      } else {
        mobileEnc = protection.encrypt(typedMobile);
      }
    }
    FormChecks.EmployerInput employer = FormChecks.employer(trim(in.employer()));
    if (employer == null) {
      errors.put("employer", checks.employerProblem());
    }
    if (!errors.isEmpty()) {
      return new FormResult(false, copy.text("form_fix"), errors, null);
    }
    String employerName = employer.name();
    if (employer.creditCode() != null) {
      EmployerRegister.Employer known = register.byCreditCode(employer.creditCode());
      employerName = known == null ? null : known.name();
    }
    applications.saveForm(
        a.id(),
        name,
        idEnc,
        idHash,
        mobileEnc,
        employerName,
        employer.creditCode(),
        employer.warning(),
        now());
    Application done;
    try {
      done = service.submit(applications.find(a.id()));
    } catch (DuplicateKeyException pendingElsewhere) {
      return new FormResult(
          false, copy.text("form_fix"), Map.of("idNumber", copy.text("pending_elsewhere")), null);
    }
    redis.delete(EnrollmentConversation.KEY_PREFIX + openid);
    if (done == null) {
      FormState s = state(openid);
      return new FormResult("SUBMITTED".equals(s.state()), s.message(), Map.of(), null);
    }
    return new FormResult(
        true,
        copy.render(
            "submitted", Map.of("org", orgName(done.targetOrgId()), "dueDate", done.dueDate())),
        Map.of(),
        employer.warning() ? copy.text("credit_code_warning").strip() : null);
  }

  /**
   * Register matches for what the worker has typed in the employer field: the employer of a credit
   * code, or names ranked exact → prefix → contains; a credit code with a bad check digit is warned
   * of.
   */
  public Suggestions suggest(String typed) {
    String q = trim(typed);
    if (q.length() < 2) {
      return new Suggestions(List.of(), null);
    }
    String warning = null;
    if (CreditCodes.looksLikeOne(q) && CreditCodes.check(q) == CreditCodes.Verdict.CHECK_MISMATCH) {
      warning = copy.text("credit_code_warning").strip();
    }
    List<Suggestion> found =
        register.search(q, null, 1, SUGGESTIONS).items().stream()
            .map(e -> new Suggestion(e.name(), e.creditCode()))
            .toList();
    return new Suggestions(found, warning);
  }

  private String pending(Application a) {
    return copy.render("pending", Map.of("org", orgName(a.targetOrgId()), "dueDate", a.dueDate()));
  }

  private String orgName(Long orgId) {
    Org org = orgId == null ? null : orgs.find(orgId);
    return org == null ? copy.text("org_unknown") : org.getName();
  }

  private static String trim(String s) {
    return s == null ? "" : s.strip();
  }

  private LocalDateTime now() {
    return LocalDateTime.ofInstant(clock.instant(), PlatformConfig.ZONE);
  }

  private LocalDate today() {
    return LocalDate.ofInstant(clock.instant(), PlatformConfig.ZONE);
  }
}
