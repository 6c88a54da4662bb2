package cn.union.enrollment;

import cn.union.notify.WorkerChannel;
import cn.union.org.Org;
import cn.union.org.OrgService;
import cn.union.platform.Copy;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Tells the worker how the review went, once the decision is committed: a customer-service message,
 * or the short template notice when the worker's window is closed (the channel decides).
 */
@Component
class EnrollmentNotices {

  private static final Logger log = LoggerFactory.getLogger(EnrollmentNotices.class);

  private final Applications applications;
  private final OrgService orgs;
  private final WorkerChannel worker;
  private final Copy copy;

  EnrollmentNotices(
      Applications applications,
      OrgService orgs,
      WorkerChannel worker,
      @Qualifier("enrollmentCopy") Copy copy) {
    this.applications = applications;
    this.orgs = orgs;
    this.worker = worker;
    this.copy = copy;
  }

  @TransactionalEventListener
  void approved(MemberEnrolled e) {
    Application a = applications.find(e.enrollmentId());
    String text =
        copy.render("approved", Map.of("org", orgName(e.orgId()), "number", e.memberNumber()));
    report(
        e.enrollmentId(),
        worker.sendText(
            a.openid(),
            text,
            new WorkerChannel.Notice(e.memberNumber(), copy.text("approved_short"))));
  }

  @TransactionalEventListener
  void rejected(EnrollmentRejected e) {
    Application a = applications.find(e.enrollmentId());
    String text =
        copy.render("rejected", Map.of("org", orgName(e.targetOrgId()), "reason", e.reason()));
    report(
        e.enrollmentId(),
        worker.sendText(
            a.openid(),
            text,
            new WorkerChannel.Notice(
                copy.render("application_ref", Map.of("id", e.enrollmentId())),
                copy.text("rejected_short"))));
  }

  private static void report(long id, WorkerChannel.Delivery delivery) {
    if (delivery.status() == WorkerChannel.Status.FAILED) {
      log.warn(
          "Enrollment {}: the worker could not be told the decision ({}: {})",
          id,
          delivery.via(),
          delivery.detail());
    } else if (delivery.status() == WorkerChannel.Status.UNCERTAIN) {
      log.warn(
          "Enrollment {}: the decision may or may not have reached the worker ({}: {})",
          id,
          delivery.via(),
          delivery.detail());
    }
  }

  private String orgName(long orgId) {
    Org org = orgs.find(orgId);
    return org == null ? copy.text("org_unknown") : org.getName();
  }
}
