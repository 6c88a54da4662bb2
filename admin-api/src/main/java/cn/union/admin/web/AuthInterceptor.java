package cn.union.admin.web;

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
 * The one gate of the admin API: a valid Bearer token (401 otherwise), a role the endpoint
 * allows (403), and a changed first password before anything else can be done.
 */
@Component
public class AuthInterceptor implements HandlerInterceptor {

  public static final String CALLER = AuthInterceptor.class.getName() + ".caller";
  public static final String TOKEN = AuthInterceptor.class.getName() + ".token";

  private final StaffService staff;

  public AuthInterceptor(StaffService staff) {
    this.staff = staff;
  }

  @Override
  public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
    if (!(handler instanceof HandlerMethod method)) {
      return true;
    }
    if (method.hasMethodAnnotation(Public.class)) {
      return true;
    }
    String header = request.getHeader("Authorization");
    String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
    Caller caller = token == null ? null : staff.authenticate(token);
    if (caller == null) {
      throw new ApiException(HttpStatus.UNAUTHORIZED, "auth.required", "请先登录，或登录已过期");
    }
    request.setAttribute(CALLER, caller);
    request.setAttribute(TOKEN, token);
    if (caller.mustChangePassword() && !method.hasMethodAnnotation(AllowedBeforePasswordChange.class)) {
      throw new ApiException(HttpStatus.FORBIDDEN, "auth.password-change-required", "首次登录请先修改密码");
    }
    Roles roles = method.getMethodAnnotation(Roles.class);
    if (roles == null) {
      roles = method.getBeanType().getAnnotation(Roles.class);
    }
    if (roles != null && Arrays.stream(roles.value()).noneMatch(r -> r == caller.role())) {
      throw new ApiException(HttpStatus.FORBIDDEN, "auth.role", "您的角色无权进行此操作");
    }
    return true;
  }

  /** Marks the few endpoints a user with a must-change password can still call. */
  @java.lang.annotation.Retention(java.lang.annotation.RetentionPolicy.RUNTIME)
  @java.lang.annotation.Target(java.lang.annotation.ElementType.METHOD)
  public @interface AllowedBeforePasswordChange {}

}
