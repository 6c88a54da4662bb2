package cn.union.admin.web;

import org.springframework.http.HttpStatus;

/** An HTTP-level refusal raised by the web layer itself (missing token, wrong role). */
public class ApiException extends RuntimeException {

  private final HttpStatus status;
  private final String code;

  public ApiException(HttpStatus status, String code, String message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  public HttpStatus status() {
    return status;
  }

  public String code() {
    return code;
  }
}
