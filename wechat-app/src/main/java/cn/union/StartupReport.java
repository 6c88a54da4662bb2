package cn.union;

import cn.union.platform.Copy;
import cn.union.platform.PlatformProperties;
import cn.union.wechat.WxProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** Tells a newcomer where everything is once the app is ready. */
@Component
class StartupReport {

  private static final Logger log = LoggerFactory.getLogger(StartupReport.class);
  private static final Copy COPY = Copy.load("wechat");

  private final Environment env;
  private final PlatformProperties platform;
  private final WxProperties wx;

  StartupReport(Environment env, PlatformProperties platform, WxProperties wx) {
    this.env = env;
    this.platform = platform;
    this.wx = wx;
  }

  @EventListener(ApplicationReadyEvent.class)
  void report(ApplicationReadyEvent event) {
    log.info(text());
  }

  String text() {
    String port = env.getProperty("local.server.port", env.getProperty("server.port", "8080"));
    String base = "http://localhost:" + port;
    StringBuilder out = new StringBuilder("\n\n  " + COPY.text("startup.name") + " is ready\n");
    out.append("  Admin console   ").append(base).append("/admin/\n");
    out.append("  API docs        ").append(base).append("/v3/api-docs\n");
    out.append("  WeChat callback ").append(base).append("/wx/portal\n");
    if (platform.embedded()) {
      out.append("  WeChat sandbox  ").append(base).append("/sandbox/\n");
    }
    // Only the built-in sandbox value, when WX_TOKEN was not given: a token someone chose is a
    // secret and is never printed, in the embedded default either.
    if (platform.embedded() && env.getProperty("WX_TOKEN") == null) {
      out.append("  Callback token  ")
          .append(wx.token())
          .append(" (sandbox value; set WX_TOKEN for a real account)\n");
    }
    return out.toString();
  }
}
