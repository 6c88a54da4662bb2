package cn.union.admin.web;

import cn.union.platform.Copy;
import cn.union.staff.Caller;
import cn.union.staff.StaffService;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Arrays;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * The one gate of the admin API: a valid Bearer token (401 otherwise), a role the endpoint allows
 * (403), and a changed first password before anything else can be done.
 */
@Component
public class AuthInterceptor implements HandlerInterceptor {

  public static final String CALLER = AuthInterceptor.class.getName() + ".caller";
  public static final String TOKEN = AuthInterceptor.class.getName() + ".token";

  private static final Copy COPY = Copy.load("admin");

  private final StaffService staff;

  public AuthInterceptor(StaffService staff) {
    this.staff = staff;
  }

  @Override
  public boolean preHandle(
      HttpServletRequest request, HttpServletResponse response, Object handler) {
    if (!(handler instanceof HandlerMethod method)) {
      return true;
    }
    checkContentType(request.getContentType());
    if (method.hasMethodAnnotation(Public.class)) {
      return true;
    }
    String header = request.getHeader("Authorization");
    String token =
        header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
            ? header.substring(7).trim()
            : null;
    Caller caller = token == null ? null : staff.authenticate(token);
    if (caller == null) {
      throw new ApiException(HttpStatus.UNAUTHORIZED, "auth.required", COPY.text("auth.required"));
    }
    request.setAttribute(CALLER, caller);
    request.setAttribute(TOKEN, token);
    if (caller.mustChangePassword()
        && !method.hasMethodAnnotation(AllowedBeforePasswordChange.class)) {
      throw new ApiException(
          HttpStatus.FORBIDDEN,
          "auth.password-change-required",
          COPY.text("auth.password-change-required"));
    }
    Roles roles = method.getMethodAnnotation(Roles.class);
    if (roles == null) {
      roles = method.getBeanType().getAnnotation(Roles.class);
    }
    if (roles != null && Arrays.stream(roles.value()).noneMatch(r -> r == caller.role())) {
      throw new ApiException(HttpStatus.FORBIDDEN, "auth.role", COPY.text("auth.role"));
    }
    return true;
  }

  /**
   * A body's Content-Type must name one type: a wildcard ({@code *}{@code /*}) or a malformed one
   * would otherwise fail deep in message conversion as a 500.
   */
  private static void checkContentType(String contentType) {
    if (contentType == null) {
      return;
    }
    try {
      org.springframework.http.MediaType type =
          org.springframework.http.MediaType.parseMediaType(contentType);
      if (type.isWildcardType() || type.isWildcardSubtype()) {
        throw new ApiException(
            HttpStatus.UNSUPPORTED_MEDIA_TYPE, "media-type", COPY.text("problem.media-type"));
      }
    } catch (org.springframework.util.InvalidMimeTypeException e) {
      throw new ApiException(
          HttpStatus.BAD_REQUEST, "content-type", COPY.text("problem.content-type"));
    }
  }

  /** Marks the few endpoints a user with a must-change password can still call. */
  @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
  @java.lang.annotation.Target(java.lang.annotation.ElementType.METHOD)
  public @interface AllowedBeforePasswordChange {}
}
