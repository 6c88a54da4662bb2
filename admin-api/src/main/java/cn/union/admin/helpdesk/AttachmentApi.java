package cn.union.admin.helpdesk;

import static cn.union.platform.PlatformConfig.ZONE;

import cn.union.admin.web.AuditTrail;
import cn.union.admin.web.Roles;
import cn.union.helpdesk.CaseAttachments;
import cn.union.staff.Caller;
import cn.union.staff.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The pictures and voice messages a worker sent with a case: the stored copy, for download. */
@RestController
@RequestMapping("/admin/api/v1/cases")
@Roles({Role.INFORMANT, Role.ORG_ADMIN, Role.SUPER_ADMIN})
@Tag(name = "求助")
class AttachmentApi {

  private final CaseAttachments attachments;
  private final AuditTrail audit;

  AttachmentApi(CaseAttachments attachments, AuditTrail audit) {
    this.attachments = attachments;
    this.audit = audit;
  }

  /**
   * An attachment in the case detail.
   *
   * @param type {@code image} or {@code voice}
   * @param source {@code INTAKE} (sent while asking) or {@code FOLLOW_UP} (补充)
   * @param status {@code PENDING} (being fetched from WeChat), {@code STORED}, {@code EXPIRED},
   *     {@code FAILED}
   * @param downloadPath the download, under the API base; {@code null} until stored
   */
  record AttachmentItem(
      long id,
      String type,
      String source,
      String status,
      String contentType,
      Long sizeBytes,
      OffsetDateTime receivedAt,
      OffsetDateTime storedAt,
      String error,
      String downloadPath) {
    static AttachmentItem of(long caseId, CaseAttachments.Attachment a) {
      return new AttachmentItem(
          a.id(),
          a.type(),
          a.source(),
          a.status(),
          a.contentType(),
          a.sizeBytes(),
          at(a.receivedAt()),
          at(a.storedAt()),
          a.error(),
          "STORED".equals(a.status())
              ? "/cases/" + caseId + "/attachments/" + a.id() + "/content"
              : null);
    }
  }

  @GetMapping("/{id}/attachments/{attachmentId}/content")
  @Operation(
      summary = "下载职工发送的图片或语音",
      description = "返回保存的原文件（图片为 JPEG/PNG，语音多为 AMR）；下载前校验保存时的 SHA-256；记入审计日志")
  ResponseEntity<byte[]> download(
      Caller caller, @PathVariable long id, @PathVariable long attachmentId) {
    CaseAttachments.Download d = attachments.download(caller, id, attachmentId);
    audit.record(
        caller,
        attachments.orgPathOf(caller, id),
        "case.attachment-read",
        "case",
        id,
        "attachment " + attachmentId);
    return ResponseEntity.ok()
        .contentType(MediaType.parseMediaType(d.contentType()))
        .contentLength(d.content().length)
        .header(
            HttpHeaders.CONTENT_DISPOSITION,
            ContentDisposition.attachment().filename(d.fileName()).build().toString())
        .header("X-Content-Type-Options", "nosniff")
        // Personal data: no copy in a browser's or proxy's cache.
        .cacheControl(CacheControl.noStore())
        .body(d.content());
  }

  private static OffsetDateTime at(Instant instant) {
    return instant == null ? null : instant.atZone(ZONE).toOffsetDateTime();
  }
}
