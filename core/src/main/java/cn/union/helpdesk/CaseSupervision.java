package cn.union.helpdesk;

import cn.union.platform.Copy;
import cn.union.shared.DomainException;
import cn.union.staff.Caller;
import cn.union.staff.Role;
import java.util.Map;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * 督办: an admin above the unit that owns a case presses it with a note. The note lands on the case's
 * timeline (SUPERVISED) and {@link CaseSupervised} is published in the same transaction, so reply
 * tracking raises the alert that carries the note to the unit together with the entry.
 */
@Service
public class CaseSupervision {

  public static final int MAX_NOTE = 200;

  /** What a 督办 produced: the timeline entry that holds the note. */
  public record Supervised(long caseId, String caseNumber, String orgPath, long eventId) {}

  private final CaseRecords cases;
  private final CaseTimeline timeline;
  private final ApplicationEventPublisher publisher;
  private final Copy copy;

  CaseSupervision(
      CaseRecords cases,
      CaseTimeline timeline,
      ApplicationEventPublisher publisher,
      @Qualifier("helpdeskCopy") Copy copy) {
    this.cases = cases;
    this.timeline = timeline;
    this.publisher = publisher;
    this.copy = copy;
  }

  @Transactional
  public Supervised supervise(Caller caller, long caseId, String note) {
    String text = note == null ? "" : note.strip();
    if (text.isEmpty() || text.length() > MAX_NOTE) {
      throw DomainException.invalid(
          "case.supervise-note", copy.render("error_supervise_note", Map.of("max", MAX_NOTE)));
    }
    if (!caller.is(Role.ORG_ADMIN) && !caller.is(Role.SUPER_ADMIN)) {
      throw DomainException.forbidden(copy.text("error_supervise_role"));
    }
    HelpCase c = cases.visibleForUpdate(caller, caseId);
    if (c.getOrgPath().equals(caller.orgPath())) {
      throw DomainException.forbidden(copy.text("error_supervise_own"));
    }
    if (c.getSealedAt() != null) {
      throw DomainException.conflict("case.supervise-sealed", copy.text("error_supervise_sealed"));
    }
    HelpCaseEvent e =
        timeline.append(
            c,
            "SUPERVISED",
            caller.username(),
            copy.render("supervision_event", Map.of("note", text)),
            null,
            null);
    publisher.publishEvent(
        new CaseSupervised(
            c.getId(), c.getNumber(), c.getOrgId(), c.getOrgPath(), c.getDueAt(), e.getId(), text));
    return new Supervised(c.getId(), c.getNumber(), c.getOrgPath(), e.getId());
  }
}
