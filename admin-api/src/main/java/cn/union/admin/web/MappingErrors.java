package cn.union.admin.web;

import cn.union.platform.Copy;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Requests refused before any handler was chosen (a body type no endpoint consumes, an Accept no
 * endpoint can answer; unknown paths and methods: {@link UnmatchedRequests}): {@link ApiErrors} is
 * scoped to the API's controllers and never sees them, so without this they got Spring's English
 * problem. Same Chinese problems as {@link ApiErrors}.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
class MappingErrors {

  private static final Copy COPY = Copy.load("admin");

  @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
  ResponseEntity<ProblemDetail> mediaType(HttpMediaTypeNotSupportedException e) {
    return ApiErrors.problem(
        HttpStatus.UNSUPPORTED_MEDIA_TYPE, "media-type", COPY.text("problem.media-type"), null);
  }

  @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
  ResponseEntity<ProblemDetail> notAcceptable(HttpMediaTypeNotAcceptableException e) {
    return ApiErrors.problem(
        HttpStatus.NOT_ACCEPTABLE, "accept", COPY.text("problem.accept"), null);
  }
}
