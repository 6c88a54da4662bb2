package cn.union.admin.web;

import cn.union.platform.Copy;
import cn.union.staff.Caller;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/** Lets a controller method take the authenticated {@link Caller} as a parameter. */
class CallerArgumentResolver implements HandlerMethodArgumentResolver {

  private static final Copy COPY = Copy.load("admin");

  @Override
  public boolean supportsParameter(MethodParameter parameter) {
    return parameter.getParameterType() == Caller.class;
  }

  @Override
  public Object resolveArgument(
      MethodParameter parameter,
      ModelAndViewContainer mav,
      NativeWebRequest request,
      WebDataBinderFactory binderFactory) {
    Object caller = request.getAttribute(AuthInterceptor.CALLER, RequestAttributes.SCOPE_REQUEST);
    if (caller == null) {
      throw new ApiException(HttpStatus.UNAUTHORIZED, "auth.required", COPY.text("auth.no-caller"));
    }
    return caller;
  }
}
