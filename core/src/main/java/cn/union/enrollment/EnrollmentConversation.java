package cn.union.enrollment;

import cn.union.member.IdNumbers;
import cn.union.member.MemberService;
import cn.union.member.Membership;
import cn.union.notify.Conversation;
import cn.union.notify.Inbound;
import cn.union.notify.Reply;
import cn.union.org.Org;
import cn.union.org.OrgService;
import cn.union.platform.Copy;
import cn.union.platform.DataProtection;
import cn.union.platform.Masking;
import cn.union.platform.PlatformConfig;
import cn.union.platform.RedisPipeline;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

/**
 * The worker's side of 扫码入会, by conversation: a scan starts (or resumes) the form for the poster's
 * org; then 姓名 → 身份证号 → 手机 → 工作单位 → 确认. The form itself is the application's row, so a scan days
 * later resumes it where it stopped; a Redis mark ({@code enrollment:form:<openid>}, 30 minutes
 * after the last answer) only tells the router that the worker's next text is an answer.
 */
@Component
public class EnrollmentConversation implements Conversation {

  /** The words a worker types, read before any bean exists: the router's table needs them. */
  private static final Copy WORDS = Copy.load("enrollment");

  /** Texts that show the member card. */
  public static final Set<String> CARD_WORDS = Set.of(WORDS.text("words_card").split(","));

  static final String KEY_PREFIX = "enrollment:form:";
  static final Duration IDLE = Duration.ofMinutes(30);
  private static final String CANCEL = WORDS.text("words_cancel");

  private final PosterService posters;
  private final EnrollmentService service;
  private final Applications applications;
  private final MemberService members;
  private final OrgService orgs;
  private final DataProtection protection;
  private final RedisPipeline redis;
  private final Copy copy;
  private final FormChecks checks;
  private final ObjectProvider<EnrollmentFormLink> formLink;
  private final Clock clock;

  public EnrollmentConversation(
      PosterService posters,
      EnrollmentService service,
      Applications applications,
      MemberService members,
      OrgService orgs,
      DataProtection protection,
      RedisPipeline redis,
      @Qualifier("enrollmentCopy") Copy copy,
      ObjectProvider<EnrollmentFormLink> formLink,
      Clock clock) {
    this.posters = posters;
    this.service = service;
    this.applications = applications;
    this.members = members;
    this.orgs = orgs;
    this.protection = protection;
    this.redis = redis;
    this.copy = copy;
    this.checks = new FormChecks(copy);
    this.formLink = formLink;
    this.clock = clock;
  }

  @Override
  public boolean inProgress(String openid) {
    return redis.exists(KEY_PREFIX + openid);
  }

  /**
   * A poster scanned ({@code subscribe} with {@code qrscene_<scene>} or {@code SCAN} with {@code
   * <scene>}): starts the form for the poster's org, or resumes the worker's open one, or says why
   * there is nothing to fill in.
   */
  public Reply scan(Inbound in) {
    PosterService.Scene scene = posters.resolve(sceneOf(in));
    if (scene == null) {
      return Reply.text(copy.text("scan_unknown"));
    }
    posters.recordScan(in.inboundId(), scene.qrcodeId());
    Reply known = existing(in.openid());
    if (known != null) {
      return known;
    }
    try {
      applications.insertDraft(in.openid(), scene.qrcodeId(), scene.orgId(), now());
    } catch (DuplicateKeyException concurrent) {
      // Another node opened the worker's form a moment ago: resume that one.
      Reply resumed = existing(in.openid());
      if (resumed != null) {
        return resumed;
      }
      throw concurrent;
    }
    mark(in.openid());
    return Reply.text(copy.render("scan_start", Map.of("org", scene.orgName(), "form", form())));
  }

  /** The menu's 入会 button: the worker's membership or application, or how to apply. */
  public Reply join(Inbound in) {
    Reply known = existing(in.openid());
    return known != null ? known : Reply.text(copy.text("join_hint"));
  }

  /** 我的会员: the electronic member card. */
  public Reply card(Inbound in) {
    Membership m = members.findByOpenid(in.openid());
    if (m == null) {
      Application open = applications.findOpen(in.openid());
      return open != null && open.status() == EnrollmentStatus.SUBMITTED
          ? pending(open)
          : Reply.text(copy.text("not_member"));
    }
    String number = m.getMemberNumber() == null ? "—" : m.getMemberNumber();
    String code = m.getMemberNumber() == null ? "—" : service.cardCode(m.getMemberNumber());
    EnrollmentFormLink link = formLink.getIfAvailable();
    String page =
        link == null || m.getMemberNumber() == null
            ? ""
            : copy.render("card_link", Map.of("url", link.cardUrl()));
    return Reply.text(
        copy.render(
            "card",
            Map.of(
                "name",
                m.getName(),
                "number",
                number,
                "org",
                orgName(m.getOrgId()),
                "code",
                code,
                "link",
                page)));
  }

  /**
   * What a member, an applicant under review or a worker with a half-filled form is told on a scan.
   */
  private Reply existing(String openid) {
    Membership m = members.findByOpenid(openid);
    if (m != null) {
      return alreadyMember(m);
    }
    Application open = applications.findOpen(openid);
    if (open == null) {
      return null;
    }
    if (open.status() == EnrollmentStatus.SUBMITTED) {
      return pending(open);
    }
    mark(openid);
    return Reply.text(
        copy.render(
            "scan_resume",
            Map.of("org", orgName(open.posterOrgId()), "form", form(), "prompt", prompt(open))));
  }

  /**
   * What the step taken from this message answered: each step saves, with the form, the message it
   * was taken from, and the step's answer is what the form now asks (or, once submitted, the
   * submission's answer).
   */
  @Override
  public Reply applied(Inbound in) {
    Application a = applications.findOpen(in.openid());
    if (a == null) {
      return null;
    }
    Long last = applications.lastInbound(a.id());
    if (last == null || last != in.inboundId()) {
      return null;
    }
    return a.status() == EnrollmentStatus.DRAFT ? Reply.text(prompt(a)) : submitted(a);
  }

  @Override
  public Reply handle(Inbound in) {
    Application a = applications.findOpen(in.openid());
    if (in.again() && a != null) {
      Long last = applications.lastInbound(a.id());
      if (last != null && last == in.inboundId()) {
        return a.status() == EnrollmentStatus.DRAFT ? Reply.text(prompt(a)) : submitted(a);
      }
      if (last != null && last > in.inboundId()) {
        // Older than the step the form last took: the worker has moved on; nothing changes.
        return Reply.none();
      }
    }
    if (a == null || a.status() != EnrollmentStatus.DRAFT) {
      redis.delete(KEY_PREFIX + in.openid());
      return a == null ? Reply.text(copy.text("join_hint")) : pending(a);
    }
    String text = in.trimmedContent();
    if (CANCEL.equals(text)) {
      applications.cancel(a.id(), now());
      redis.delete(KEY_PREFIX + in.openid());
      return Reply.text(copy.text("cancelled"));
    }
    mark(in.openid());
    return switch (a.step()) {
      case NAME -> name(in, a, text);
      case ID_NUMBER -> idNumber(in, a, text);
      case MOBILE -> mobile(in, a, text);
      case EMPLOYER -> employer(in, a, text);
      case CONFIRM -> confirm(in, a, text);
    };
  }

  private Reply name(Inbound in, Application a, String text) {
    String problem = checks.name(text);
    if (problem != null) {
      return Reply.text(problem);
    }
    applications.saveStep(a.id(), "name", text, Application.Step.ID_NUMBER, in.inboundId(), now());
    return Reply.text(copy.text("ask_id_number"));
  }

  private Reply idNumber(Inbound in, Application a, String text) {
    String id = IdNumbers.normalize(text);
    String problem = checks.idNumber(id, today());
    if (problem != null) {
      return Reply.text(problem);
    }
    String hash = protection.lookupHash(id);
    // One person, one membership: by the keyed hash, never by the number itself.
    if (members.isMember(id)) {
      applications.cancel(a.id(), now());
      redis.delete(KEY_PREFIX + in.openid());
      return Reply.text(copy.text("already_member_elsewhere"));
    }
    if (applications.pendingFor(hash)) {
      applications.cancel(a.id(), now());
      redis.delete(KEY_PREFIX + in.openid());
      return Reply.text(copy.text("pending_elsewhere"));
    }
    applications.saveIdNumber(
        a.id(), protection.encrypt(id), hash, Application.Step.MOBILE, in.inboundId(), now());
    return Reply.text(copy.text("ask_mobile"));
  }

  private Reply mobile(Inbound in, Application a, String text) {
    String digits = FormChecks.mobileDigits(text);
    String problem = checks.mobile(digits);
    if (problem != null) {
      return Reply.text(problem);
    }
    applications.saveStep(
        a.id(),
        "mobile_enc",
        protection.encrypt(digits),
        Application.Step.EMPLOYER,
        in.inboundId(),
        now());
    return Reply.text(copy.text("ask_employer"));
  }

  private Reply employer(Inbound in, Application a, String text) {
    FormChecks.EmployerInput employer = FormChecks.employer(text);
    if (employer == null) {
      return Reply.text(checks.employerProblem());
    }
    String name = employer.name();
    if (employer.creditCode() != null) {
      EmployerRegister.Employer known = service.registerLookup(employer.creditCode());
      name = known == null ? null : known.name();
    }
    applications.saveEmployer(
        a.id(), name, employer.creditCode(), employer.warning(), in.inboundId(), now());
    return confirmation(applications.find(a.id()));
  }

  private Reply confirm(Inbound in, Application a, String text) {
    if (!"1".equals(text) && !"１".equals(text)) {
      return Reply.text(copy.text("confirm_again") + "\n\n" + confirmation(a).text());
    }
    Application done;
    try {
      done = service.submit(a);
    } catch (DuplicateKeyException pendingElsewhere) {
      applications.cancel(a.id(), now());
      redis.delete(KEY_PREFIX + in.openid());
      return Reply.text(copy.text("pending_elsewhere"));
    }
    if (done != null) {
      // Before the mark goes: a handling of this message again then finds it answered.
      applications.noteInbound(a.id(), in.inboundId());
    }
    redis.delete(KEY_PREFIX + in.openid());
    if (done == null) {
      Application now = applications.find(a.id());
      return now.status() == EnrollmentStatus.SUBMITTED
          ? pending(now)
          : Reply.text(copy.text("join_hint"));
    }
    return submitted(done);
  }

  private Reply submitted(Application done) {
    return Reply.text(
        copy.render(
            "submitted", Map.of("org", orgName(done.targetOrgId()), "dueDate", done.dueDate())));
  }

  private Reply confirmation(Application a) {
    String employer =
        a.employerName() == null
            ? a.creditCode()
            : a.creditCode() == null
                ? a.employerName()
                : a.employerName() + "（" + a.creditCode() + "）";
    return Reply.text(
        copy.render(
            "confirm",
            Map.of(
                "name",
                a.name(),
                "idNumber",
                Masking.idNumber(protection.decrypt(a.idNumberEnc())),
                "mobile",
                Masking.mobile(protection.decrypt(a.mobileEnc())),
                "employer",
                employer,
                "warning",
                a.creditCodeWarning() ? copy.text("credit_code_warning") : "")));
  }

  /** What the current step asks, to repeat when the form is resumed. */
  private String prompt(Application a) {
    return switch (a.step()) {
      case NAME -> copy.text("ask_name");
      case ID_NUMBER -> copy.text("ask_id_number");
      case MOBILE -> copy.text("ask_mobile");
      case EMPLOYER -> copy.text("ask_employer");
      case CONFIRM -> confirmation(a).text();
    };
  }

  /** The offer of the H5 form beside the conversation, or nothing when no form is served. */
  private String form() {
    EnrollmentFormLink link = formLink.getIfAvailable();
    return link == null ? "" : copy.render("form_link", Map.of("url", link.url()));
  }

  private Reply pending(Application a) {
    return Reply.text(
        copy.render("pending", Map.of("org", orgName(a.targetOrgId()), "dueDate", a.dueDate())));
  }

  private Reply alreadyMember(Membership m) {
    return Reply.text(
        copy.render(
            "already_member",
            Map.of(
                "org",
                orgName(m.getOrgId()),
                "number",
                m.getMemberNumber() == null ? "—" : m.getMemberNumber())));
  }

  private String orgName(Long orgId) {
    Org org = orgId == null ? null : orgs.find(orgId);
    return org == null ? copy.text("org_unknown") : org.getName();
  }

  /** The scene of a scan event: {@code qrscene_<scene>} on a follow, {@code <scene>} on SCAN. */
  static String sceneOf(Inbound in) {
    String key = in.eventKey();
    if (key == null) {
      return null;
    }
    return key.startsWith("qrscene_") ? key.substring("qrscene_".length()) : key;
  }

  private void mark(String openid) {
    redis.set(KEY_PREFIX + openid, "1", IDLE);
  }

  private LocalDateTime now() {
    return LocalDateTime.ofInstant(clock.instant(), PlatformConfig.ZONE);
  }

  private LocalDate today() {
    return LocalDate.ofInstant(clock.instant(), PlatformConfig.ZONE);
  }
}
