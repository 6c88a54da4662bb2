package cn.union.sandbox;

import cn.union.wechat.WxProperties;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The sandbox exists only in the embedded default ({@code union.sandbox.enabled}); never in prod,
 * where neither its API nor its page is served.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "union.sandbox.enabled", havingValue = "true")
class SandboxConfig implements WebMvcConfigurer {

  @Bean
  SandboxWeChat sandboxWeChat(WxProperties props, Clock clock) {
    return new SandboxWeChat(props.appId(), props.secret(), clock);
  }

  @Override
  public void addResourceHandlers(ResourceHandlerRegistry registry) {
    registry.addResourceHandler("/sandbox/**").addResourceLocations("classpath:/sandbox-ui/");
  }

  @Override
  public void addViewControllers(ViewControllerRegistry registry) {
    registry.addRedirectViewController("/sandbox", "/sandbox/");
    registry.addViewController("/sandbox/").setViewName("forward:/sandbox/index.html");
  }
}
