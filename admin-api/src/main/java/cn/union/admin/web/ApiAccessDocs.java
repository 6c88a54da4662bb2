package cn.union.admin.web;

import cn.union.platform.Copy;
import cn.union.staff.Role;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.Arrays;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document says for every operation who may call it, read from the same annotations
 * {@link AuthInterceptor} enforces: {@code x-public: true} for the few that need no token,
 * otherwise the bearer scheme and {@code x-roles}, the roles allowed. A client knows what to
 * expect, and the security tests walk every operation from this document, so a new endpoint is
 * covered the day it is added.
 */
@Configuration(proxyBeanMethods = false)
class ApiAccessDocs {

  static final String BEARER = "bearer";

  private static final Copy COPY = Copy.load("admin");

  @Bean
  OperationCustomizer accessOfEachOperation() {
    return (operation, handler) -> {
      if (handler.hasMethodAnnotation(Public.class)) {
        operation.addExtension("x-public", true);
        return operation;
      }
      Roles roles = handler.getMethodAnnotation(Roles.class);
      if (roles == null) {
        roles = handler.getBeanType().getAnnotation(Roles.class);
      }
      List<String> allowed =
          Arrays.stream(roles == null ? Role.values() : roles.value()).map(Role::name).toList();
      operation.addExtension("x-roles", allowed);
      operation.addSecurityItem(new SecurityRequirement().addList(BEARER));
      return operation;
    };
  }

  @Bean
  OpenApiCustomizer bearerScheme() {
    return api -> {
      if (api.getComponents() == null) {
        api.setComponents(new Components());
      }
      api.getComponents()
          .addSecuritySchemes(
              BEARER,
              new SecurityScheme()
                  .type(SecurityScheme.Type.HTTP)
                  .scheme("bearer")
                  .description(COPY.text("docs.bearer")));
    };
  }
}
