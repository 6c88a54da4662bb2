package cn.union.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops the embedded Redis when the JVM that started it dies without shutting down (kill -9, a
 * crash): a small shell process, started next to Redis, waits for this JVM's pid to disappear, then
 * stops that Redis (only if the pid is still a redis-server on our port) and removes the folder its
 * binary was unpacked into and its config file. On a clean stop the application has already stopped
 * Redis and the watchdog finds nothing to do.
 */
final class EmbeddedRedisWatchdog {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedRedisWatchdog.class);
  private static final String SCRIPT =
      "while kill -0 \"$1\" 2>/dev/null; do sleep 1; done; "
          + "if ps -p \"$2\" -o args= 2>/dev/null | grep redis-server | grep -qw -- \"$5\"; then "
          + "kill \"$2\" 2>/dev/null; sleep 2; kill -9 \"$2\" 2>/dev/null; fi; "
          + "if [ -n \"$3\" ]; then rm -rf \"$3\"; fi; if [ -n \"$4\" ]; then rm -f \"$4\"; fi";

  private EmbeddedRedisWatchdog() {}

  /**
   * The temp config file the library wrote for this Redis: the one holding its (fresh, unique)
   * password.
   */
  private static String configFile(Path tmp, String password) {
    try (var files = Files.list(tmp)) {
      return files
          .filter(f -> f.getFileName().toString().startsWith("embedded-redis-server_"))
          .filter(f -> f.getFileName().toString().endsWith(".conf"))
          .filter(
              f -> {
                try {
                  return Files.readString(f).contains("requirepass " + password);
                } catch (IOException e) {
                  return false; // another user's file, or gone meanwhile: not ours
                }
              })
          .map(Path::toString)
          .findFirst()
          .orElse("");
    } catch (IOException e) {
      log.warn(
          "Cannot list {} for the embedded Redis's config file: {}",
          tmp,
          e.getClass().getSimpleName());
      return "";
    }
  }

  static void watch(int port, String password) {
    if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")) {
      log.warn(
          "No watchdog for the embedded Redis on Windows; stop it by hand if this JVM is killed");
      return;
    }
    Optional<ProcessHandle> redis =
        ProcessHandle.current()
            .children()
            // The executable's path (Redis rewrites its command line to "redis-server
            // 127.0.0.1:<port>"); a
            // JVM starts one embedded Redis, so the first is it.
            .filter(p -> p.info().command().orElse("").contains("redis-server"))
            .findFirst();
    if (redis.isEmpty()) {
      log.warn(
          "Embedded Redis on port {} not found among this JVM's processes; it has no watchdog",
          port);
      return;
    }
    Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize();
    String binaryDir =
        redis
            .get()
            .info()
            .command()
            .map(Path::of)
            .map(Path::getParent)
            .filter(
                d ->
                    d.normalize().startsWith(tmp)
                        && d.getFileName().toString().startsWith("redis-"))
            .map(Path::toString)
            .orElse("");
    String config = configFile(tmp, password);
    try {
      new ProcessBuilder(
              "sh",
              "-c",
              SCRIPT,
              "union-redis-watchdog",
              Long.toString(ProcessHandle.current().pid()),
              Long.toString(redis.get().pid()),
              binaryDir,
              config,
              Integer.toString(port))
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.DISCARD)
          .start();
    } catch (IOException e) {
      log.warn(
          "Cannot start the embedded Redis watchdog ({}); stop Redis by hand if this JVM is killed",
          e.getClass().getSimpleName());
    }
  }
}
