package cn.union.admin.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Security headers on every answer of the server. The console and the sandbox load scripts and
 * styles only as files of this origin (including {@code /webjars/**}): no inline script, no {@code
 * eval}, so the policy allows {@code 'self'} and nothing else, and no page may be framed. Answers
 * of the APIs and the WeChat callback carry personal data (a revealed ID number, a worker's phone,
 * a case), so none of them may be stored by a browser or a proxy.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class SecurityHeaders extends OncePerRequestFilter {

  static final String POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:;"
          + " font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none';"
          + " form-action 'self'";

  /**
   * The API documentation page (springdoc's Swagger UI) sets styles inline; it holds no personal
   * data.
   */
  static final String DOCS_POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline';"
          + " img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    response.setHeader(
        "Content-Security-Policy", path.startsWith("/swagger-ui") ? DOCS_POLICY : POLICY);
    response.setHeader("X-Frame-Options", "DENY");
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("Referrer-Policy", "no-referrer");
    if (carriesPersonalData(path)) {
      response.setHeader("Cache-Control", "no-store");
      response.setHeader("Pragma", "no-cache");
    }
    chain.doFilter(request, response);
  }

  /** Everything but the static files of the console, the sandbox, the WebJars and the docs page. */
  static boolean carriesPersonalData(String path) {
    boolean staticFile =
        (path.startsWith("/admin/") && !path.startsWith("/admin/api/"))
            || (path.startsWith("/sandbox/") && !path.startsWith("/sandbox/api/"))
            || path.startsWith("/webjars/")
            || path.startsWith("/swagger-ui");
    return !staticFile;
  }
}
