package cn.union.console;

import static org.assertj.core.api.Assertions.assertThat;

import cn.union.support.BrowserScript;
import cn.union.support.IntegrationTest;
import java.io.File;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Runs the browser flow (src/test/browser/flow.mjs) in headless Debian chromium against this
 * running app: the sandbox, then every console screen by each role at desktop width and at 390 px,
 * under a strict Content-Security-Policy; the flow fails on any page error, console error,
 * unexpected 4xx/5xx or raw code on screen. CI installs chromium and playwright-core (.ci/run);
 * without them the test is skipped.
 */
class ConsoleBrowserIT extends IntegrationTest {

  /** Every screen of the console; each is photographed at both widths. */
  static final String[] SCREENS = {
    "login",
    "cases",
    "case-detail",
    "alerts",
    "stats",
    "orgs",
    "users",
    "user-create",
    "members",
    "posters",
    "poster-create",
    "poster-preview",
    "enrollments",
    "union-building",
    "funnel",
    "register",
    "calendar",
    "audit",
    "checks",
    "account",
    "templates",
    "template-edit",
    "campaigns",
    "campaign-create",
    "campaign-candidates",
    "candidate-photo",
    "campaign-results",
    "campaign-flagged"
  };

  /** Steps of the informant's case photographed at desktop width: 电话答复, a 常用语 written and used. */
  static final String[] DESKTOP_STEPS = {
    "case-phone-answer", "template-create", "case-further-answer"
  };

  @Test
  void aWorkerAndAnAdminUseTheProductInABrowser() throws Exception {
    BrowserScript.run(
        Duration.ofSeconds(600),
        "flow.mjs",
        baseUrl(),
        BrowserScript.SCREENSHOTS,
        ADMIN,
        ADMIN_PASSWORD);
    assertThat(new File("target/screenshots/sandbox.png")).exists();
    for (String screen : SCREENS) {
      for (String width : new String[] {"desktop", "phone"}) {
        assertThat(new File("target/screenshots/" + screen + "-" + width + ".png"))
            .as(screen + " at " + width)
            .exists();
      }
    }
    for (String step : DESKTOP_STEPS) {
      assertThat(new File("target/screenshots/" + step + "-desktop.png")).as(step).exists();
    }
  }
}
