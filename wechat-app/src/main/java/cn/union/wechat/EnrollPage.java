package cn.union.wechat;

import cn.union.enrollment.EnrollmentForm;
import cn.union.enrollment.EnrollmentForm.FormInput;
import cn.union.enrollment.EnrollmentForm.FormResult;
import cn.union.enrollment.EnrollmentFormLink;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The H5 enrollment form ({@code /h5/enroll}), offered by a scan's reply beside the conversation:
 * the worker is signed in through OAuth {@code snsapi_base}, fills name, ID number, mobile and
 * employer (the register suggests employers as they type) and submits; the answers carry the same
 * messages as the conversation. Its script and style sheet are files (no inline code).
 */
@RestController
class EnrollPage implements EnrollmentFormLink {

  static final String PATH = "/h5/enroll";

  private final H5Session session;
  private final EnrollmentForm form;
  private final String configuredBase;
  private final String address;
  private volatile int port;

  EnrollPage(
      H5Session session,
      EnrollmentForm form,
      @Value("${union.h5.base-url:}") String configuredBase,
      @Value("${server.address:127.0.0.1}") String address) {
    this.session = session;
    this.form = form;
    this.configuredBase = configuredBase.strip().replaceAll("/+$", "");
    this.address = address.equals("0.0.0.0") || address.isBlank() ? "127.0.0.1" : address;
  }

  @EventListener
  void started(WebServerInitializedEvent e) {
    port = e.getWebServer().getPort();
  }

  /** {@code union.h5.base-url} (H5_BASE_URL) when set: the public address WeChat users reach. */
  @Override
  public String url() {
    return base() + PATH;
  }

  @Override
  public String cardUrl() {
    return base() + CardPage.PATH;
  }

  private String base() {
    return configuredBase.isEmpty() ? "http://" + address + ":" + port : configuredBase;
  }

  @GetMapping(PATH)
  ResponseEntity<?> page(
      @RequestParam(required = false) String code,
      @RequestParam(required = false) String state,
      HttpServletRequest request,
      HttpServletResponse response)
      throws IOException {
    return session.page("h5/enroll.html", code, state, request, response);
  }

  @GetMapping(path = "/h5/api/enrollment", produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<?> state(HttpServletRequest request) {
    String openid = session.openid(request);
    if (openid == null) {
      return H5Session.signedOut();
    }
    return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(form.state(openid));
  }

  @PostMapping(
      path = "/h5/api/enrollment",
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<?> submit(@RequestBody FormInput body, HttpServletRequest request) {
    String openid = session.openid(request);
    if (openid == null) {
      return H5Session.signedOut();
    }
    FormResult r = form.submit(openid, body == null ? new FormInput(null, null, null, null) : body);
    HttpStatus status = r.errors().isEmpty() ? HttpStatus.OK : HttpStatus.UNPROCESSABLE_CONTENT;
    return ResponseEntity.status(status).cacheControl(CacheControl.noStore()).body(r);
  }

  @GetMapping(path = "/h5/api/register", produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<?> suggest(@RequestParam(required = false) String q, HttpServletRequest request) {
    if (session.openid(request) == null) {
      return H5Session.signedOut();
    }
    return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(form.suggest(q));
  }

  @GetMapping("/h5/enroll.js")
  ResponseEntity<?> script() throws IOException {
    return H5Session.script("h5/enroll.js");
  }

  @GetMapping("/h5/enroll.css")
  ResponseEntity<?> styles() throws IOException {
    return H5Session.styles("h5/enroll.css");
  }
}
