package cn.union.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The browser tests' scripts ({@code src/test/browser/*.mjs}), run by node in headless Debian
 * chromium through playwright-core. CI installs both (.ci/run); elsewhere a test without them is
 * skipped.
 */
public final class BrowserScript {

  static final File DIR = new File("src/test/browser");

  /** Where the scripts put their screenshots (kept as CI artifacts). */
  public static final String SCREENSHOTS = new File("target/screenshots").getAbsolutePath();

  private BrowserScript() {}

  /** Skips the test unless chromium and playwright-core are installed; on CI they must be. */
  public static void assumeInstalled() {
    boolean ready =
        new File("/usr/bin/chromium").canExecute()
            && new File(DIR, "node_modules/playwright-core").isDirectory();
    if (System.getenv("CI") != null) {
      assertThat(ready)
          .as("CI must have chromium and playwright-core (installed by .ci/run)")
          .isTrue();
    }
    assumeTrue(ready, "chromium or playwright-core missing; run .ci/run once to install them");
  }

  /**
   * Runs {@code node script args…} (skipping the test when the browser is not installed), prints
   * what it wrote, and fails unless it ends within {@code within} with status 0.
   */
  public static void run(Duration within, String script, String... args) throws Exception {
    assumeInstalled();
    List<String> command = new ArrayList<>(List.of("node", script));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).directory(DIR).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(within.toSeconds(), TimeUnit.SECONDS)).isTrue();
    System.out.println(out);
    assertThat(p.exitValue()).as(out).isZero();
  }
}
