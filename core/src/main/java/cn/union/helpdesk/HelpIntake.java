package cn.union.helpdesk;

import cn.union.helpdesk.IntakeState.Step;
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
import cn.union.shared.PageResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * The 我要求助 intake: 类别 → 描述 → 单位 → 手机 (only when not known) → 确认. One intake per worker, kept in
 * Redis ({@code helpdesk:intake:<openid>}) for 30 minutes after the last message, so any node can
 * take the next step and an abandoned intake disappears on its own.
 *
 * <p>Every prompt says what to send and that 取消 leaves; an answer that does not fit says what was
 * wrong with it. A new worker reaches the case number in six messages: the tap, the category, the
 * description, a unit search with one match (chosen without a pick), the phone and the
 * confirmation; a worker whose phone is known needs five.
 */
@Component
public class HelpIntake implements Conversation {

  /** The texts that start (or restart) an intake; the menu button does the same. */
  public static final Set<String> TRIGGERS = IntakeWords.TRIGGERS;

  static final int UNIT_MATCHES = 9;
  static final int MAX_MEDIA = 9;

  /** A description shorter than this says nothing an informant can act on. */
  static final int MIN_DESCRIPTION = 4;

  private static final Pattern MOBILE = Pattern.compile("1[3-9]\\d{9}");

  private final IntakeStore store;
  private final IntakeCategories categories;
  private final WorkerCases helpdesk;
  private final OrgService orgs;
  private final MemberService members;
  private final DataProtection data;
  private final Copy copy;

  HelpIntake(
      IntakeStore store,
      IntakeCategories categories,
      WorkerCases helpdesk,
      OrgService orgs,
      MemberService members,
      DataProtection data,
      @Qualifier("helpdeskCopy") Copy copy) {
    this.store = store;
    this.categories = categories;
    this.helpdesk = helpdesk;
    this.orgs = orgs;
    this.members = members;
    this.data = data;
    this.copy = copy;
  }

  @Override
  public boolean inProgress(String openid) {
    return store.exists(openid);
  }

  /** Starts a fresh intake, dropping any earlier one of this worker. */
  public Reply start(Inbound in) {
    if (in.again() && stale(in, store.load(in.openid()))) {
      return Reply.none();
    }
    IntakeState s = new IntakeState();
    s.step = Step.CATEGORY;
    return saved(in, s, Reply.text(categories.firstPrompt()));
  }

  /**
   * What the step taken from this message answered: the intake records, with each step, the message
   * it was taken from and its answer, and on submitting or cancelling keeps both for an hour
   * ({@link IntakeStore#close}).
   */
  @Override
  public Reply applied(Inbound in) {
    IntakeState s = store.load(in.openid());
    if (s != null && s.lastInbound != null && s.lastInbound == in.inboundId()) {
      return Reply.text(s.lastReply);
    }
    IntakeStore.Closed closed = store.closed(in.openid());
    if (closed == null || closed.inboundId() != in.inboundId()) {
      return null;
    }
    if (s != null && (s.lastInbound == null || s.lastInbound < in.inboundId())) {
      // The intake was closed by this message, but its handling stopped before the state went.
      store.forget(in.openid());
    }
    return Reply.text(closed.reply());
  }

  /**
   * Whether a message handled again is older than the step the intake last took (from a later
   * message, or the close of the intake): the worker has moved on, and it changes nothing.
   */
  private boolean stale(Inbound in, IntakeState s) {
    if (s != null && s.lastInbound != null && s.lastInbound > in.inboundId()) {
      return true;
    }
    IntakeStore.Closed closed = store.closed(in.openid());
    return closed != null && closed.inboundId() > in.inboundId();
  }

  /** Saves a step taken from {@code in} with its answer, in one write. */
  private Reply saved(Inbound in, IntakeState s, Reply reply) {
    s.lastInbound = in.inboundId();
    s.lastReply = reply.text();
    store.save(in.openid(), s);
    return reply;
  }

  /** Ends the intake with the step taken from {@code in} (submitted or cancelled). */
  private Reply closed(Inbound in, Reply reply) {
    store.close(in.openid(), in.inboundId(), reply.text());
    return reply;
  }

  @Override
  public Reply handle(Inbound in) {
    IntakeState s = store.load(in.openid());
    if (s == null) {
      // Expired between routing and now, or reached without an intake: a fresh start is what the
      // worker wants.
      return start(in);
    }
    if (in.again()) {
      if (s.lastInbound != null && s.lastInbound == in.inboundId()) {
        // Handled again after its step was saved: answered as then, not taken as the next answer.
        return Reply.text(s.lastReply);
      }
      if (stale(in, s)) {
        return Reply.none();
      }
    }
    if ("image".equals(in.type()) || "voice".equals(in.type())) {
      return media(in, s);
    }
    String text = in.trimmedContent();
    if (IntakeWords.CANCEL.equals(text)) {
      return closed(in, Reply.text(copy.text("intake_cancelled")));
    }
    if (TRIGGERS.contains(text)) {
      return start(in);
    }
    if (IntakeWords.CHANGE_UNIT.equals(text) && (s.step == Step.MOBILE || s.step == Step.CONFIRM)) {
      s.step = Step.UNIT;
      s.candidates = new ArrayList<>();
      return saved(in, s, Reply.text(copy.text("intake_unit")));
    }
    if (IntakeWords.CHANGE_MOBILE.equals(text) && s.member && s.step == Step.CONFIRM) {
      s.step = Step.MOBILE;
      return saved(in, s, Reply.text(copy.render("intake_mobile", Map.of("unit", s.orgName))));
    }
    return switch (s.step) {
      case CATEGORY -> category(in, s, text);
      case DESCRIPTION -> description(in, s, text);
      case UNIT -> unit(in, s, text);
      case MOBILE -> mobile(in, s, text);
      case CONFIRM -> confirm(in, s, text);
    };
  }

  private Reply category(Inbound in, IntakeState s, String text) {
    IntakeCategories.Choice choice = categories.choose(text);
    if (choice.chosen() == null) {
      return Reply.text(choice.refusal());
    }
    HelpCategory chosen = choice.chosen();
    s.categoryId = chosen.getId();
    s.categoryName = chosen.getName();
    s.step = Step.DESCRIPTION;
    return saved(
        in,
        s,
        Reply.text(
            copy.render(
                "intake_description",
                Map.of(
                    "category",
                    chosen.getName(),
                    "min",
                    MIN_DESCRIPTION,
                    "max",
                    WorkerCases.MAX_DESCRIPTION))));
  }

  private Reply description(Inbound in, IntakeState s, String text) {
    if (text.codePointCount(0, text.length()) < MIN_DESCRIPTION) {
      return Reply.text(copy.render("intake_description_short", Map.of("min", MIN_DESCRIPTION)));
    }
    // Counted as the case's own check counts it (UTF-16 units), so what passes here is accepted
    // there.
    if (text.length() > WorkerCases.MAX_DESCRIPTION) {
      return Reply.text(
          copy.render(
              "intake_description_long",
              Map.of("max", WorkerCases.MAX_DESCRIPTION, "length", text.length())));
    }
    s.description = text;
    if (fromMemberRecord(in.openid(), s)) {
      s.step = Step.CONFIRM;
      return saved(in, s, confirmation(s));
    }
    s.step = Step.UNIT;
    return saved(in, s, Reply.text(copy.text("intake_unit")));
  }

  /**
   * A union member is not asked again for what their member record holds: the unit and the phone.
   */
  private boolean fromMemberRecord(String openid, IntakeState s) {
    Membership member = members.findByOpenid(openid);
    Org org = member == null || member.getOrgId() == null ? null : orgs.find(member.getOrgId());
    if (org == null || member.getMobileEnc() == null) {
      return false;
    }
    s.orgId = org.getId();
    s.orgName = org.getName();
    s.mobileEnc = member.getMobileEnc();
    s.member = true;
    return true;
  }

  private Reply unit(Inbound in, IntakeState s, String text) {
    if (!s.candidates.isEmpty() && IntakeWords.isNumber(text)) {
      Integer n = IntakeWords.number(text, s.candidates.size());
      Org org = n == null ? null : orgs.find(s.candidates.get(n - 1));
      if (org != null) {
        return unitChosen(in, s, org);
      }
      return Reply.text(
          copy.render(
              "intake_unit_bad_number",
              Map.of(
                  "text",
                  IntakeWords.echo(text),
                  "max",
                  s.candidates.size(),
                  "list",
                  unitList(s.candidates))));
    }
    if (text.isEmpty()) {
      return Reply.text(copy.text("intake_unit"));
    }
    PageResult<Org> found = orgs.search(null, text, 1, UNIT_MATCHES);
    if (found.items().isEmpty()) {
      s.candidates = new ArrayList<>();
      return saved(
          in,
          s,
          Reply.text(copy.render("intake_unit_none", Map.of("text", IntakeWords.echo(text)))));
    }
    if (found.total() == 1) {
      // One match: nothing to pick. The next prompt names it and says how to choose again.
      return unitChosen(in, s, found.items().get(0));
    }
    s.candidates =
        found.items().stream().map(Org::getId).collect(Collectors.toCollection(ArrayList::new));
    String reply = copy.render("intake_unit_choices", Map.of("list", names(found.items())));
    if (found.total() > found.items().size()) {
      reply += "\n" + copy.render("intake_unit_more", Map.of("count", found.items().size()));
    }
    return saved(in, s, Reply.text(reply));
  }

  private Reply unitChosen(Inbound in, IntakeState s, Org org) {
    s.orgId = org.getId();
    s.orgName = org.getName();
    s.candidates = new ArrayList<>();
    if (s.mobileEnc != null || helpdesk.knowsMobile(in.openid())) {
      s.step = Step.CONFIRM;
      return saved(in, s, confirmation(s));
    }
    s.step = Step.MOBILE;
    return saved(in, s, Reply.text(copy.render("intake_mobile", Map.of("unit", org.getName()))));
  }

  private String unitList(List<Long> ids) {
    List<Org> units = new ArrayList<>();
    for (Long id : ids) {
      Org org = orgs.find(id);
      if (org != null) {
        units.add(org);
      }
    }
    return names(units);
  }

  private static String names(List<Org> units) {
    StringBuilder list = new StringBuilder();
    for (int i = 0; i < units.size(); i++) {
      list.append(i == 0 ? "" : "\n").append(i + 1).append(". ").append(units.get(i).getName());
    }
    return list.toString();
  }

  private Reply mobile(Inbound in, IntakeState s, String text) {
    String digits = text.replaceAll("[\\s-]", "");
    if (!MOBILE.matcher(digits).matches()) {
      return Reply.text(
          copy.render("intake_mobile_invalid", Map.of("text", IntakeWords.echo(text))));
    }
    // Encrypted even in Redis: the number is personal data, and Redis is not the place it is
    // protected.
    s.mobileEnc = data.encrypt(digits);
    s.step = Step.CONFIRM;
    return saved(in, s, confirmation(s));
  }

  private Reply confirm(Inbound in, IntakeState s, String text) {
    if (!IntakeWords.confirms(text)) {
      return Reply.text(
          copy.render(
              "intake_confirm_invalid",
              Map.of("text", IntakeWords.echo(text), "confirmation", confirmation(s).text())));
    }
    String mobile = s.mobileEnc == null ? null : data.decrypt(s.mobileEnc);
    CaseViews.Submitted done =
        helpdesk.submit(
            new WorkerCases.Submission(
                in.inboundId(),
                in.openid(),
                s.categoryId,
                s.description,
                s.orgId,
                mobile,
                s.media));
    return closed(
        in,
        Reply.text(
            copy.render(
                "intake_done",
                Map.of(
                    "number",
                    done.number(),
                    "unit",
                    done.orgName(),
                    "dueDate",
                    done.dueDate().toString(),
                    "days",
                    WorkerCases.WORKING_DAYS_TO_ANSWER))));
  }

  private Reply media(Inbound in, IntakeState s) {
    String kind = copy.text("image".equals(in.type()) ? "kind_image" : "kind_voice");
    Reply reply =
        Reply.text(copy.render("intake_media", Map.of("kind", kind, "prompt", prompt(s))));
    if (in.mediaId() != null && !in.mediaId().isBlank() && s.media.size() < MAX_MEDIA) {
      s.media.add(new CaseViews.Media(in.type(), in.mediaId()));
      return saved(in, s, reply);
    }
    return reply;
  }

  /** What the current step asks, to repeat after something that did not answer it. */
  private String prompt(IntakeState s) {
    return switch (s.step) {
      case CATEGORY -> copy.render("intake_category_prompt", Map.of("list", categories.list()));
      case DESCRIPTION ->
          copy.render(
              "intake_description",
              Map.of(
                  "category",
                  s.categoryName,
                  "min",
                  MIN_DESCRIPTION,
                  "max",
                  WorkerCases.MAX_DESCRIPTION));
      case UNIT -> copy.text("intake_unit");
      case MOBILE -> copy.render("intake_mobile", Map.of("unit", s.orgName));
      case CONFIRM -> confirmation(s).text();
    };
  }

  /**
   * Whether this worker left an intake at its confirmation without confirming it, within the last
   * day: then a bare {@code 1} may mean "submit" rather than a rating (see {@link HelpRating}).
   */
  public boolean leftUnconfirmed(String openid) {
    return store.leftUnconfirmed(openid);
  }

  private Reply confirmation(IntakeState s) {
    String mobile =
        s.mobileEnc == null ? copy.text("mobile_known") : Masking.mobile(data.decrypt(s.mobileEnc));
    String mediaText =
        s.media.isEmpty()
            ? copy.text("no_media")
            : copy.render("media_count", Map.of("count", s.media.size()));
    Map<String, Object> values =
        Map.of(
            "category",
            s.categoryName,
            "description",
            s.description,
            "unit",
            s.orgName,
            "mobile",
            mobile,
            "media",
            mediaText);
    return Reply.text(
        s.member
            ? copy.render("intake_confirm_member", values)
            : copy.render("intake_confirm", values));
  }
}
