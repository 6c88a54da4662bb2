package cn.union.admin.web;

import cn.union.platform.Copy;
import cn.union.shared.DomainException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Every error of the admin API as an RFC 9457 problem, in Chinese a person can act on; never a
 * stack trace. First in line: Spring Boot's own problem-details handler would otherwise answer the
 * framework's exceptions (an empty or invalid body, a missing parameter) in English.
 */
@RestControllerAdvice(basePackages = {"cn.union.admin", "cn.union.wechat"})
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ApiErrors {

  private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);
  private static final MediaType PROBLEM = MediaType.APPLICATION_PROBLEM_JSON;
  private static final Copy COPY = Copy.load("admin");

  private final AuditTrail audit;
  private final jakarta.servlet.http.HttpServletRequest request;

  ApiErrors(AuditTrail audit, jakarta.servlet.http.HttpServletRequest request) {
    this.audit = audit;
    this.request = request;
  }

  /**
   * Audits a 403 or 404 of the admin API (a probe of what the caller may not see or do). Written at
   * the rate {@link AuditTrail#recordRefusal} allows. A failure to write it must not turn the
   * refusal into a 500, so it is logged and the refusal still goes out.
   */
  private void auditRefusal(HttpStatus status, String code) {
    if ((status != HttpStatus.FORBIDDEN && status != HttpStatus.NOT_FOUND)
        || !request.getRequestURI().startsWith("/admin/api/")) {
      return;
    }
    String detail =
        status.value() + " " + code + " " + request.getMethod() + " " + request.getRequestURI();
    try {
      if (request.getAttribute(AuthInterceptor.CALLER) instanceof cn.union.staff.Caller caller) {
        audit.recordRefusal(caller, caller.orgPath(), "access.refused", detail);
      } else {
        audit.recordRefusal("(anonymous)", "/", "access.refused", detail);
      }
    } catch (RuntimeException e) {
      log.warn("A refused call could not be audited: {}", e.getClass().getName());
    }
  }

  static ResponseEntity<ProblemDetail> problem(
      HttpStatus status, String code, String detail, Map<String, ?> extra) {
    ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
    p.setType(URI.create("urn:union:problem:" + code));
    p.setTitle(status.getReasonPhrase());
    p.setProperty("code", code);
    if (extra != null) {
      extra.forEach(p::setProperty);
    }
    return ResponseEntity.status(status).contentType(PROBLEM).body(p);
  }

  @ExceptionHandler(DomainException.class)
  ResponseEntity<ProblemDetail> domain(DomainException e) {
    HttpStatus status =
        switch (e.kind()) {
          case INVALID -> HttpStatus.BAD_REQUEST;
          case NOT_FOUND -> HttpStatus.NOT_FOUND;
          case FORBIDDEN -> HttpStatus.FORBIDDEN;
          case CONFLICT -> HttpStatus.CONFLICT;
          case UNAUTHENTICATED -> HttpStatus.UNAUTHORIZED;
          case THROTTLED -> HttpStatus.TOO_MANY_REQUESTS;
        };
    auditRefusal(status, e.code());
    return problem(status, e.code(), e.getMessage(), null);
  }

  @ExceptionHandler(ApiException.class)
  ResponseEntity<ProblemDetail> api(ApiException e) {
    auditRefusal(e.status(), e.code());
    return problem(e.status(), e.code(), e.getMessage(), null);
  }

  @ExceptionHandler(MethodArgumentNotValidException.class)
  ResponseEntity<ProblemDetail> invalid(MethodArgumentNotValidException e) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (FieldError f : e.getBindingResult().getFieldErrors()) {
      fields.putIfAbsent(f.getField(), rule(f));
    }
    String detail =
        fields.isEmpty()
            ? COPY.text("problem.validation")
            : COPY.render(
                "problem.validation-fields",
                Map.of(
                    "fields",
                    String.join(
                        COPY.text("problem.validation-separator"),
                        fields.entrySet().stream()
                            .map(x -> label(x.getKey()) + x.getValue())
                            .toList())));
    return problem(HttpStatus.BAD_REQUEST, "validation", detail, Map.of("errors", fields));
  }

  /** The broken rule in Chinese, whatever the JVM's locale makes of the validator's own message. */
  private static String rule(FieldError f) {
    String code = f.getCode() == null ? "" : f.getCode();
    return switch (code) {
      case "NotBlank", "NotEmpty", "NotNull" -> COPY.text("rule.required");
      case "Size" -> COPY.text("rule.size");
      case "Min", "Max", "Positive", "PositiveOrZero", "Range" -> COPY.text("rule.range");
      case "Pattern", "Email" -> COPY.text("rule.format");
      default -> COPY.text("rule.other");
    };
  }

  /** Field names of the request bodies as a person reads them on the screen. */
  private static final Map<String, String> LABELS =
      Map.ofEntries(
          Map.entry("content", COPY.text("field.content")),
          Map.entry("reason", COPY.text("field.reason")),
          Map.entry("note", COPY.text("field.note")),
          Map.entry("orgId", COPY.text("field.orgId")),
          Map.entry("parentId", COPY.text("field.parentId")),
          Map.entry("name", COPY.text("field.name")),
          Map.entry("level", COPY.text("field.level")),
          Map.entry("username", COPY.text("field.username")),
          Map.entry("password", COPY.text("field.password")),
          Map.entry("displayName", COPY.text("field.displayName")),
          Map.entry("role", COPY.text("field.role")),
          Map.entry("oldPassword", COPY.text("field.oldPassword")),
          Map.entry("newPassword", COPY.text("field.newPassword")),
          Map.entry("type", COPY.text("field.type")),
          Map.entry("idNumber", COPY.text("field.idNumber")),
          Map.entry("mobile", COPY.text("field.mobile")),
          Map.entry("employer", COPY.text("field.employer")));

  private static String label(String field) {
    return LABELS.getOrDefault(field, field);
  }

  @ExceptionHandler(HandlerMethodValidationException.class)
  ResponseEntity<ProblemDetail> invalidParameters(HandlerMethodValidationException e) {
    return problem(HttpStatus.BAD_REQUEST, "validation", COPY.text("problem.parameters"), null);
  }

  @ExceptionHandler(HttpMessageNotReadableException.class)
  ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e) {
    return problem(HttpStatus.BAD_REQUEST, "unreadable", COPY.text("problem.unreadable"), null);
  }

  @ExceptionHandler({
    MissingServletRequestParameterException.class,
    MethodArgumentTypeMismatchException.class
  })
  ResponseEntity<ProblemDetail> badParameter(Exception e) {
    String name =
        e instanceof MissingServletRequestParameterException m
            ? m.getParameterName()
            : ((MethodArgumentTypeMismatchException) e).getName();
    return problem(
        HttpStatus.BAD_REQUEST,
        "parameter",
        COPY.render("problem.parameter", Map.of("name", name)),
        null);
  }

  @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
  ResponseEntity<ProblemDetail> method(HttpRequestMethodNotSupportedException e) {
    return problem(HttpStatus.METHOD_NOT_ALLOWED, "method", COPY.text("problem.method"), null);
  }

  @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
  ResponseEntity<ProblemDetail> mediaType(HttpMediaTypeNotSupportedException e) {
    return problem(
        HttpStatus.UNSUPPORTED_MEDIA_TYPE, "media-type", COPY.text("problem.media-type"), null);
  }

  /** A Content-Type that cannot be parsed. */
  @ExceptionHandler(org.springframework.util.InvalidMimeTypeException.class)
  ResponseEntity<ProblemDetail> badContentType(Exception e) {
    return problem(HttpStatus.BAD_REQUEST, "content-type", COPY.text("problem.content-type"), null);
  }

  @ExceptionHandler(org.springframework.web.HttpMediaTypeNotAcceptableException.class)
  ResponseEntity<ProblemDetail> notAcceptable(Exception e) {
    return problem(HttpStatus.NOT_ACCEPTABLE, "accept", COPY.text("problem.accept"), null);
  }

  @ExceptionHandler(NoResourceFoundException.class)
  ResponseEntity<ProblemDetail> noResource(NoResourceFoundException e) {
    auditRefusal(HttpStatus.NOT_FOUND, "not-found");
    return problem(HttpStatus.NOT_FOUND, "not-found", COPY.text("problem.no-endpoint"), null);
  }

  /**
   * The client went away while an answer was being written (a console closed during its live
   * stream, a download cancelled): there is nobody to answer, and nothing went wrong on our side.
   */
  @ExceptionHandler(
      org.springframework.web.context.request.async.AsyncRequestNotUsableException.class)
  void clientGone(Exception e) {
    log.debug(
        "Client gone during {} {}: {}",
        request.getMethod(),
        request.getRequestURI(),
        e.getClass().getSimpleName());
  }

  /** Exception classes and SQLState / vendor codes down the cause chain, never a message. */
  static String describe(Throwable e) {
    StringBuilder sb = new StringBuilder();
    for (Throwable t = e;
        t != null && sb.length() < 500;
        t = t.getCause() == t ? null : t.getCause()) {
      sb.append(sb.length() == 0 ? "" : " <- ").append(t.getClass().getName());
      if (t instanceof java.sql.SQLException sql) {
        sb.append(" [SQLState ")
            .append(sql.getSQLState())
            .append(", code ")
            .append(sql.getErrorCode())
            .append(']');
      }
    }
    return sb.toString();
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<ProblemDetail> unexpected(Exception e) {
    if (e instanceof ErrorResponse known && known.getStatusCode().is4xxClientError()) {
      // The framework's other client errors (not acceptable, payload too large, …) keep their
      // status.
      HttpStatusCode code = known.getStatusCode();
      return problem(
          HttpStatus.valueOf(code.value()),
          "request",
          COPY.render("problem.request", Map.of("status", code.value())),
          null);
    }
    if (e instanceof ErrorResponse known && known.getStatusCode().value() == 503) {
      return problem(
          HttpStatus.SERVICE_UNAVAILABLE, "unavailable", COPY.text("problem.unavailable"), null);
    }
    if (e instanceof org.springframework.dao.DataAccessException) {
      // The database's message and MyBatis's quote the statement and its values (names, phones,
      // ID numbers); the log gets the kind of failure only.
      log.error(
          "Database error in the admin API {} {}: {}",
          request.getMethod(),
          request.getRequestURI(),
          describe(e));
    } else {
      log.error("Unexpected error in the admin API", e);
    }
    return problem(
        HttpStatus.INTERNAL_SERVER_ERROR, "internal", COPY.text("problem.internal"), null);
  }
}
