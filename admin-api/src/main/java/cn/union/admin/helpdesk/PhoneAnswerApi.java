package cn.union.admin.helpdesk;

import static cn.union.platform.PlatformConfig.ZONE;

import cn.union.admin.web.AuditTrail;
import cn.union.admin.web.Roles;
import cn.union.helpdesk.CaseDetails;
import cn.union.helpdesk.PhoneAnswers;
import cn.union.notify.WorkerChannel;
import cn.union.staff.Caller;
import cn.union.staff.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** 电话答复: an informant records a call to the worker; it counts as the answer. */
@RestController
@RequestMapping("/admin/api/v1/cases")
@Roles({Role.INFORMANT, Role.ORG_ADMIN, Role.SUPER_ADMIN})
@Tag(name = "求助")
class PhoneAnswerApi {

  private final PhoneAnswers phoneAnswers;
  private final CaseDetails helpdesk;
  private final AuditTrail audit;

  PhoneAnswerApi(PhoneAnswers phoneAnswers, CaseDetails helpdesk, AuditTrail audit) {
    this.phoneAnswers = phoneAnswers;
    this.helpdesk = helpdesk;
    this.audit = audit;
  }

  /**
   * @param calledAt when the call took place (ISO-8601 with offset); absent: now
   * @param calledBy who called; absent: the caller's username
   */
  record PhoneAnswerRequest(
      OffsetDateTime calledAt,
      @Size(max = PhoneAnswers.MAX_CALLED_BY) String calledBy,
      @NotBlank @Size(max = PhoneAnswers.MAX_SUMMARY) String summary) {}

  /** How the WeChat note telling the worker about the call left. */
  record PhoneAnswerResult(WorkerChannel.Via noteVia, WorkerChannel.Status noteStatus) {}

  @PostMapping("/{id}/phone-answers")
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(
      summary = "记录电话答复",
      description =
          "通话即答复：首次答复（微信或电话，取较早者）停止2个工作日的计时并计入统计；"
              + "求助转为待评价，职工收到“工会已电话联系您”的微信通知（通话要点随通知发送）。已签收后可记录，办结后不可。")
  PhoneAnswerResult record(
      Caller caller, @PathVariable long id, @Valid @RequestBody PhoneAnswerRequest req) {
    WorkerChannel.Delivery note =
        phoneAnswers.record(
            caller,
            id,
            new PhoneAnswers.PhoneAnswer(
                req.calledAt() == null ? null : req.calledAt().toInstant(),
                req.calledBy(),
                req.summary()));
    audit.record(
        caller,
        helpdesk.orgPathOf(caller, id),
        "case.phone-answered",
        "case",
        id,
        "called at "
            + (req.calledAt() == null
                ? "now"
                : req.calledAt().atZoneSameInstant(ZONE).toLocalDateTime())
            + ", note "
            + note.via()
            + "/"
            + note.status());
    return new PhoneAnswerResult(note.via(), note.status());
  }
}
