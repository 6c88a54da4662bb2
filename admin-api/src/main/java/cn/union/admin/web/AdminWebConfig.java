package cn.union.admin.web;

import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Puts the admin API behind {@link AuthInterceptor}. */
@Configuration(proxyBeanMethods = false)
class AdminWebConfig implements WebMvcConfigurer {

  static final String API = "/admin/api/v1";

  private final AuthInterceptor auth;

  AdminWebConfig(AuthInterceptor auth) {
    this.auth = auth;
  }

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    registry.addInterceptor(auth).addPathPatterns(API + "/**");
  }

  /** The console: static files under {@code /admin/}, no build step. */
  @Override
  public void addResourceHandlers(
      org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry registry) {
    registry.addResourceHandler("/admin/**").addResourceLocations("classpath:/console/");
  }

  @Override
  public void addViewControllers(
      org.springframework.web.servlet.config.annotation.ViewControllerRegistry registry) {
    registry.addRedirectViewController("/admin", "/admin/");
    registry.addViewController("/admin/").setViewName("forward:/admin/index.html");
  }

  @Override
  public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
    resolvers.add(new CallerArgumentResolver());
  }
}
