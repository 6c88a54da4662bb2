package cn.union.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the tests handed the server that must never show up in its log in full: the openids of the
 * workers they played and the bearer tokens they were given. {@code LogScanIT} reads these lists
 * after the test run and looks for each in the run's whole log ({@code target/it-logs/app.log}).
 */
public final class TestLog {

  public static final Path DIR = Path.of("target", "it-logs");
  private static final Set<String> SEEN = ConcurrentHashMap.newKeySet();

  private TestLog() {}

  public static void openid(String openid) {
    remember("openids.txt", openid);
  }

  public static void token(String token) {
    remember("tokens.txt", token);
  }

  private static void remember(String file, String value) {
    if (value == null || value.length() < 8 || !SEEN.add(file + value)) {
      return;
    }
    try {
      Files.createDirectories(DIR);
      synchronized (TestLog.class) {
        Files.writeString(
            DIR.resolve(file),
            value + "\n",
            StandardCharsets.UTF_8,
            StandardOpenOption.CREATE,
            StandardOpenOption.APPEND);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
