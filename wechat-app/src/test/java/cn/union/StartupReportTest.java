package cn.union;

import static org.assertj.core.api.Assertions.assertThat;

import cn.union.platform.PlatformProperties;
import cn.union.wechat.WxProperties;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** The start-up report prints the callback token only when it is the sandbox value nobody chose. */
class StartupReportTest {

  static WxProperties wx(String token) {
    return new WxProperties(
        "wxsandbox0000000001",
        "secret",
        token,
        "",
        "http://127.0.0.1/sandbox",
        false,
        Duration.ofSeconds(4));
  }

  @Test
  void theSandboxTokenIsPrintedAChosenOneNever() {
    PlatformProperties embedded = new PlatformProperties("", "./data", "", true);
    String sandbox = new StartupReport(new MockEnvironment(), embedded, wx("sandboxtoken")).text();
    assertThat(sandbox).contains("Callback token  sandboxtoken");

    MockEnvironment chosen = new MockEnvironment().withProperty("WX_TOKEN", "my-real-secret-token");
    String report = new StartupReport(chosen, embedded, wx("my-real-secret-token")).text();
    assertThat(report)
        .doesNotContain("my-real-secret-token")
        .doesNotContain("Callback token")
        .contains("/admin/");
  }
}
