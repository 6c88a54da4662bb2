package cn.union.support;

import cn.union.notify.Reply;
import cn.union.wechat.WxProperties;
import cn.union.wechat.WxRouteContributor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * A command word, only in tests, whose handler takes longer than the passive-reply window, so tests
 * can see what WeChat and the worker get then.
 */
@TestConfiguration(proxyBeanMethods = false)
public class SlowRoute {

  public static final String WORD = "测试慢处理";
  public static final String REPLY = "慢处理的答复";

  @Bean
  WxRouteContributor slowRoute(WxProperties props) {
    return router ->
        router.command(
            in -> {
              try {
                Thread.sleep(props.replyTimeout().toMillis() + 1000);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return Reply.text(REPLY);
            },
            WORD);
  }
}
