package cn.union.admin.helpdesk;

import static cn.union.platform.PlatformConfig.ZONE;

import cn.union.admin.web.AuditTrail;
import cn.union.admin.web.Roles;
import cn.union.helpdesk.CaseAttachments;
import cn.union.helpdesk.CaseDetails;
import cn.union.helpdesk.CaseSearch;
import cn.union.helpdesk.CaseStatus;
import cn.union.helpdesk.CaseViews;
import cn.union.helpdesk.CaseWorkflow;
import cn.union.notify.WorkerChannel;
import cn.union.org.OrgService;
import cn.union.shared.PageResult;
import cn.union.staff.Caller;
import cn.union.staff.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** 求助件: the cases of the caller's subtree, their timeline and what informants do with them. */
@RestController
@RequestMapping("/admin/api/v1/cases")
@Roles({Role.INFORMANT, Role.ORG_ADMIN, Role.SUPER_ADMIN})
@Tag(name = "求助", description = "职工求助的签收、答复、审核、改派、退回与归档校验")
class CaseApi {

  private final CaseWorkflow helpdesk;
  private final CaseDetails details;
  private final CaseSearch search;
  private final OrgService orgs;
  private final CaseAttachments attachments;
  private final AuditTrail audit;

  CaseApi(
      CaseWorkflow helpdesk,
      CaseDetails details,
      CaseSearch search,
      OrgService orgs,
      CaseAttachments attachments,
      AuditTrail audit) {
    this.helpdesk = helpdesk;
    this.details = details;
    this.search = search;
    this.orgs = orgs;
    this.attachments = attachments;
    this.audit = audit;
  }

  record CaseItem(
      long id,
      String number,
      CaseStatus status,
      String category,
      long orgId,
      String orgName,
      OffsetDateTime submittedAt,
      LocalDate dueDate,
      boolean overdue,
      String excerpt,
      OffsetDateTime repliedAt,
      String rating) {
    static CaseItem of(CaseSearch.Row r) {
      CaseViews.Summary s = r.summary();
      return new CaseItem(
          s.id(),
          s.number(),
          s.status(),
          s.category(),
          s.orgId(),
          s.orgName(),
          at(s.submittedAt()),
          s.dueDate(),
          s.overdue(),
          r.excerpt(),
          at(r.repliedAt()),
          r.rating());
    }
  }

  record CategoryItem(long id, String name, boolean enabled) {}

  record RevealedMobile(String mobile) {}

  record TimelineEntry(
      OffsetDateTime at,
      String kind,
      String actor,
      String content,
      String deliveryVia,
      String deliveryStatus,
      String detail) {}

  record CaseDetail(
      long id,
      String number,
      CaseStatus status,
      String category,
      long orgId,
      String orgName,
      OffsetDateTime submittedAt,
      LocalDate dueDate,
      OffsetDateTime dueAt,
      boolean overdue,
      String description,
      String mobile,
      OffsetDateTime acceptedAt,
      OffsetDateTime repliedAt,
      String rating,
      boolean reopened,
      List<AttachmentApi.AttachmentItem> media,
      List<TimelineEntry> timeline,
      List<Action> actions) {
    static CaseDetail of(
        CaseViews.Detail d, List<CaseAttachments.Attachment> attachments, List<Action> actions) {
      CaseViews.Summary s = d.summary();
      return new CaseDetail(
          s.id(),
          s.number(),
          s.status(),
          s.category(),
          s.orgId(),
          s.orgName(),
          at(s.submittedAt()),
          s.dueDate(),
          at(d.dueAt()),
          s.overdue(),
          d.description(),
          d.mobileMasked(),
          at(d.acceptedAt()),
          at(d.repliedAt()),
          d.rating(),
          d.reopened(),
          attachments.stream().map(a -> AttachmentApi.AttachmentItem.of(s.id(), a)).toList(),
          d.timeline().stream()
              .map(
                  e ->
                      new TimelineEntry(
                          at(e.at()),
                          e.kind(),
                          e.actor(),
                          e.content(),
                          e.deliveryVia(),
                          e.deliveryStatus(),
                          e.detail()))
              .toList(),
          actions);
    }
  }

  /**
   * What the caller may do with the case now, so the console shows only those buttons. The service
   * still checks every call; this list only spares people buttons that would answer 403 or 409.
   */
  enum Action {
    ACCEPT,
    REPLY,
    PHONE_ANSWER,
    TRANSFER,
    RETURN,
    APPROVE,
    REJECT,
    SUPERVISE,
    REVEAL_MOBILE
  }

  record ReplyRequest(@NotBlank @Size(max = CaseWorkflow.MAX_REPLY) String content) {}

  record ReplyResult(WorkerChannel.Via deliveredVia, WorkerChannel.Status status) {}

  record TransferRequest(
      @NotNull Long orgId, @NotBlank @Size(max = CaseWorkflow.MAX_REASON) String reason) {}

  record ReturnRequest(@NotBlank @Size(max = CaseWorkflow.MAX_REASON) String reason) {}

  record RejectRequest(@NotBlank @Size(max = CaseWorkflow.MAX_REASON) String reason) {}

  @GetMapping
  @Operation(
      summary = "求助列表（本人辖区）",
      description =
          "默认最新提交在前（sort=due：期限最早在前）；可按状态、是否超期、" + "类别、单位（含下级）、提交日期区间筛选；q 为编号、11位手机号或描述中的文字")
  PageResult<CaseItem> list(
      Caller caller,
      @RequestParam(required = false) CaseStatus status,
      @RequestParam(required = false) Boolean overdue,
      @RequestParam(required = false) Long orgId,
      @RequestParam(required = false) Long categoryId,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
      @RequestParam(required = false) String q,
      @RequestParam(required = false) String sort,
      @RequestParam(required = false) Integer page,
      @RequestParam(required = false) Integer size) {
    CaseSearch.Query query =
        new CaseSearch.Query(
            status, overdue, orgId, categoryId, from, to, q, CaseSearch.Sort.parse(sort));
    return search
        .list(caller, query, PageResult.page(page), PageResult.size(size))
        .map(CaseItem::of);
  }

  @GetMapping("/categories")
  @Operation(summary = "求助类别（筛选用）", description = "含已停用的类别：旧的求助仍属于它们")
  List<CategoryItem> categories() {
    return search.categories().stream()
        .map(c -> new CategoryItem(c.id(), c.name(), c.enabled()))
        .toList();
  }

  @GetMapping("/{id}")
  @Operation(
      summary = "求助详情与办理记录",
      description = "手机号脱敏显示；查看个人信息记入审计日志；actions 为当前可做的操作；" + "media 为职工发送的图片和语音（保存状态与下载地址）")
  CaseDetail get(Caller caller, @PathVariable long id) {
    CaseViews.Detail detail = details.detail(caller, id);
    String orgPath = details.orgPathOf(caller, id);
    // Reading a worker's request and (masked) phone is access to personal data: 等保 wants it traced.
    audit.record(caller, orgPath, "case.read", "case", id, detail.summary().number());
    return CaseDetail.of(detail, attachments.of(id), actions(caller, detail, orgPath));
  }

  @GetMapping("/{id}/mobile")
  @Roles(Role.INFORMANT)
  @Operation(
      summary = "查看职工完整手机号",
      description = "仅承办单位的信息员（联系职工是其职责）；每次查看记入审计日志；" + "其他单位的求助：403，辖区外：404")
  ResponseEntity<RevealedMobile> mobile(Caller caller, @PathVariable long id) {
    CaseSearch.RevealedMobile r = search.revealMobile(caller, id);
    audit.record(caller, r.orgPath(), "case.mobile-revealed", "case", id, r.number());
    return ResponseEntity.ok()
        .cacheControl(CacheControl.noStore())
        .body(new RevealedMobile(r.mobile()));
  }

  private List<Action> actions(Caller caller, CaseViews.Detail d, String orgPath) {
    CaseStatus s = d.summary().status();
    boolean admin = caller.is(Role.ORG_ADMIN) || caller.is(Role.SUPER_ADMIN);
    boolean above = !orgPath.equals(caller.orgPath());
    List<Action> out = new ArrayList<>();
    // REVIEW → ACCEPTED is the reviewer's rejection, not a 签收.
    if (s != CaseStatus.REVIEW && s.canMoveTo(CaseStatus.ACCEPTED)) {
      out.add(Action.ACCEPT);
    }
    if (s != CaseStatus.REVIEW
        && (s.canMoveTo(CaseStatus.REPLIED) || s.canMoveTo(CaseStatus.REVIEW))) {
      out.add(Action.REPLY);
    }
    // A call is an answer too (POST /cases/{id}/phone-answers); never past a written answer in
    // review.
    if (s != CaseStatus.REVIEW && s.canMoveTo(CaseStatus.REPLIED)) {
      out.add(Action.PHONE_ANSWER);
    }
    if (s.canMoveTo(CaseStatus.TRANSFERRED)) {
      out.add(Action.TRANSFER);
    }
    if (s.canMoveTo(CaseStatus.RETURNED) && orgs.get(d.summary().orgId()).getParentId() != null) {
      out.add(Action.RETURN);
    }
    if (s == CaseStatus.REVIEW && admin && above) {
      out.add(Action.APPROVE);
      out.add(Action.REJECT);
    }
    if (admin && above && s != CaseStatus.SEALED && s != CaseStatus.RATED) {
      out.add(Action.SUPERVISE);
    }
    if (caller.is(Role.INFORMANT)
        && caller.orgId() == d.summary().orgId()
        && d.mobileMasked() != null) {
      out.add(Action.REVEAL_MOBILE);
    }
    return out;
  }

  @PostMapping("/{id}/accept")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(summary = "签收")
  void accept(Caller caller, @PathVariable long id) {
    helpdesk.accept(caller, id);
    audit.record(caller, details.orgPathOf(caller, id), "case.accepted", "case", id, null);
  }

  @PostMapping("/{id}/replies")
  @Operation(
      summary = "点对点答复",
      description = "按职工的48小时窗口与条数选择客服消息或模板消息；" + "单位设置了上级审核时进入待审核（PENDING）；暂时发送失败时排队重试（PENDING）")
  ReplyResult reply(Caller caller, @PathVariable long id, @Valid @RequestBody ReplyRequest req) {
    WorkerChannel.Delivery delivery = helpdesk.reply(caller, id, req.content());
    audit.record(
        caller,
        details.orgPathOf(caller, id),
        "case.replied",
        "case",
        id,
        delivery.via() + "/" + delivery.status());
    return new ReplyResult(delivery.via(), delivery.status());
  }

  @PostMapping("/{id}/review/approve")
  @Roles({Role.ORG_ADMIN, Role.SUPER_ADMIN})
  @Operation(summary = "审核通过并发送答复", description = "仅承办单位的上级（或更上级）工会管理员")
  ReplyResult approve(Caller caller, @PathVariable long id) {
    WorkerChannel.Delivery delivery = helpdesk.approveReview(caller, id);
    audit.record(
        caller,
        details.orgPathOf(caller, id),
        "case.review-approved",
        "case",
        id,
        delivery.via() + "/" + delivery.status());
    return new ReplyResult(delivery.via(), delivery.status());
  }

  @PostMapping("/{id}/review/reject")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Roles({Role.ORG_ADMIN, Role.SUPER_ADMIN})
  @Operation(summary = "审核驳回", description = "退回承办人（已签收状态），原因记入办理记录")
  void reject(Caller caller, @PathVariable long id, @Valid @RequestBody RejectRequest req) {
    helpdesk.rejectReview(caller, id, req.reason());
    audit.record(caller, details.orgPathOf(caller, id), "case.review-rejected", "case", id, null);
  }

  @GetMapping("/seal/verify")
  @Roles({Role.SUPER_ADMIN, Role.AUDITOR})
  @Operation(summary = "校验已办结求助的哈希链", description = "重新计算每件已归档求助的哈希，报告第一件被改动的求助")
  CaseViews.SealCheck verifySeals(Caller caller) {
    CaseViews.SealCheck check = details.verifySeals();
    audit.record(
        caller,
        caller.orgPath(),
        "case.seal-verified",
        "case",
        check.firstBrokenCaseId(),
        check.intact() ? "intact, " + check.checked() + " sealed" : "broken: " + check.reason());
    return check;
  }

  @PostMapping("/{id}/transfer")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(summary = "分派/改派到辖区内单位", description = "不重新计算答复期限")
  void transfer(Caller caller, @PathVariable long id, @Valid @RequestBody TransferRequest req) {
    String from = details.orgPathOf(caller, id);
    helpdesk.transfer(caller, id, req.orgId(), req.reason());
    audit.record(caller, from, "case.transferred", "case", id, "to org " + req.orgId());
  }

  @PostMapping("/{id}/return")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(summary = "退回上级单位")
  void returnToParent(Caller caller, @PathVariable long id, @Valid @RequestBody ReturnRequest req) {
    String from = details.orgPathOf(caller, id);
    helpdesk.returnToParent(caller, id, req.reason());
    audit.record(caller, from, "case.returned", "case", id, null);
  }

  private static OffsetDateTime at(Instant instant) {
    return instant == null ? null : instant.atZone(ZONE).toOffsetDateTime();
  }
}
