package cn.union.admin.enrollment;

import cn.union.admin.web.AuditTrail;
import cn.union.admin.web.Roles;
import cn.union.enrollment.PosterService;
import cn.union.enrollment.PosterService.QrCodeView;
import cn.union.shared.PageResult;
import cn.union.staff.Caller;
import cn.union.staff.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Enrollment posters: QR codes per org and poster, the permanent-code allowance and the poster PNG.
 */
@RestController
@RequestMapping("/admin/api/v1/qrcodes")
@Roles({Role.SUPER_ADMIN, Role.ORG_ADMIN})
@Tag(name = "入会海报", description = "入会二维码（永久/临时）与可打印海报")
class QrCodeApi {

  private final PosterService posters;
  private final PosterRenderer renderer;
  private final AuditTrail audit;

  QrCodeApi(PosterService posters, PosterRenderer renderer, AuditTrail audit) {
    this.posters = posters;
    this.renderer = renderer;
    this.audit = audit;
  }

  /**
   * @param expireDays life of a temporary code in days, 1–30 (default 30)
   */
  record QrCodeCreate(
      @NotNull Long orgId,
      @NotBlank @Size(max = PosterService.MAX_LABEL) String label,
      boolean permanent,
      Integer expireDays) {}

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(summary = "生成入会二维码", description = "永久二维码占用公众号终身限额（100000个）；临时二维码最长30天")
  QrCodeView create(Caller caller, @Valid @RequestBody QrCodeCreate req) {
    QrCodeView created =
        posters.create(caller, req.orgId(), req.label(), req.permanent(), req.expireDays());
    audit.record(
        caller,
        caller.orgPath(),
        "qrcode.created",
        "qrcode",
        created.id(),
        (req.permanent() ? "permanent" : "temporary") + ", org " + created.orgId());
    return created;
  }

  @GetMapping
  @Operation(summary = "入会二维码列表")
  PageResult<QrCodeView> list(
      Caller caller,
      @RequestParam(required = false) Long orgId,
      @RequestParam(required = false) Integer page,
      @RequestParam(required = false) Integer size) {
    return posters.list(caller, orgId, PageResult.page(page), PageResult.size(size));
  }

  @GetMapping("/quota")
  @Operation(summary = "永久二维码用量", description = "每个公众号终身最多100000个永久二维码")
  PosterService.Quota quota() {
    return posters.quota();
  }

  @GetMapping("/{id}")
  @Operation(summary = "入会二维码详情")
  QrCodeView get(Caller caller, @PathVariable long id) {
    return posters.get(caller, id);
  }

  @GetMapping(path = "/{id}/poster.png", produces = MediaType.IMAGE_PNG_VALUE)
  @Operation(summary = "下载入会海报（PNG，A4 150dpi）")
  ResponseEntity<byte[]> poster(Caller caller, @PathVariable long id) {
    QrCodeView code = posters.get(caller, id);
    byte[] png = renderer.render(code.orgName(), code.label(), code.url());
    return ResponseEntity.ok()
        .contentType(MediaType.IMAGE_PNG)
        .cacheControl(CacheControl.noStore())
        .header("Content-Disposition", "inline; filename=\"poster-" + id + ".png\"")
        .body(png);
  }
}
