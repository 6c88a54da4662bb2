package cn.union.admin.web;

import cn.union.platform.Copy;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Requests that reach no controller (an unknown path, a method a path does not take), answered in
 * Chinese like every other error; {@link ApiErrors} only sees requests that reached one of ours.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class UnmatchedRequests {

  private static final Copy COPY = Copy.load("admin");

  @ExceptionHandler(NoResourceFoundException.class)
  ResponseEntity<ProblemDetail> noResource(NoResourceFoundException e) {
    return ApiErrors.problem(
        HttpStatus.NOT_FOUND, "not-found", COPY.text("problem.no-address"), null);
  }

  @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
  ResponseEntity<ProblemDetail> method(HttpRequestMethodNotSupportedException e) {
    return ApiErrors.problem(
        HttpStatus.METHOD_NOT_ALLOWED, "method", COPY.text("problem.method"), null);
  }
}
