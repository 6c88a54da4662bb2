package cn.union.wechat;

import java.util.Set;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.ClassUtils;
import org.springframework.web.accept.ContentNegotiationManager;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The H5 pages' endpoints (the vote page, the enrollment form, the member card) in a handler
 * mapping of their own, asked before the application's main one. A request to a path with a
 * variable, such as {@code POST /h5/api/campaigns/{id}/votes}, makes a mapping match it against
 * every pattern it holds; the main mapping holds the whole admin API, well over a hundred patterns,
 * and measured under a vote burst that search took an eighth of the request's CPU. This mapping
 * holds the pages' dozen. The main mapping still holds them too, unused, since this one answers
 * first; a request for anything else passes through here at the cost of the dozen.
 */
@Configuration(proxyBeanMethods = false)
class H5Mappings {

  /** The H5 controllers; a page added later belongs here. */
  static final Set<Class<?>> PAGES = Set.of(VotePage.class, EnrollPage.class, CardPage.class);

  @Bean
  RequestMappingHandlerMapping h5HandlerMapping(
      @Qualifier("mvcContentNegotiationManager") ContentNegotiationManager negotiation) {
    RequestMappingHandlerMapping mapping =
        new RequestMappingHandlerMapping() {
          @Override
          protected boolean isHandler(Class<?> beanType) {
            return PAGES.contains(ClassUtils.getUserClass(beanType));
          }
        };
    mapping.setOrder(-1);
    mapping.setContentNegotiationManager(negotiation);
    return mapping;
  }
}
