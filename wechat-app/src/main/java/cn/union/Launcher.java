package cn.union;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The jar's entry point. The build leaves a class-data archive next to the jar
 * ({@code wechat-app.jsa}, recorded by a training start of this very build); a JVM only uses one
 * when told on its command line, so this starts the server in a second JVM with it. On a machine
 * of two cores or fewer that JVM also compiles with C1 only: there the C2 compiler would take a
 * whole core for the first minute, and the server's work (I/O, the database, Redis) gains little
 * from it. Both are defaults: JVM options given to {@code java} come after them and win, e.g.
 * {@code java -XX:TieredStopAtLevel=4 -jar …}. Figures in bench/README.md. The first JVM only waits:
 * it passes its own JVM options, arguments, environment, working folder and console on, forwards
 * a stop (SIGTERM, Ctrl-C) and exits with the server's exit code; the server stops on its own if
 * the first JVM is killed outright.
 *
 * <p>Without the archive (a build with {@code -Dunion.cds.skip}, the stand-alone jar, an IDE), or
 * with {@code UNION_LAUNCHER=inline}, the server starts in this JVM as usual.
 */
public final class Launcher {

  /** Set on the server JVM's command line; tells its Launcher to start the application. */
  static final String CHILD = "union.launcher.child";

  private Launcher() {}

  public static void main(String[] args) throws Exception {
    // UnionApplication.main checks the prod variables itself.
    if (Boolean.getBoolean(CHILD)) {
      watchParent();
      UnionApplication.main(args);
      return;
    }
    Path jar = jarOfThisJvm();
    Path archive = jar == null ? null : archiveNextTo(jar);
    if (archive == null || "inline".equalsIgnoreCase(System.getenv("UNION_LAUNCHER"))) {
      UnionApplication.main(args);
      return;
    }
    // Refused here too, so that no second JVM is started for nothing.
    UnionApplication.refuseIncompleteProd(args);
    System.exit(runServer(jar, archive, args));
  }

  /** The jar this JVM was started with ({@code java -jar}), or null (a class path, an IDE). */
  static Path jarOfThisJvm() {
    String classPath = System.getProperty("java.class.path", "");
    if (classPath.isEmpty() || classPath.contains(java.io.File.pathSeparator) || !classPath.endsWith(".jar")) {
      return null;
    }
    return Path.of(classPath).toAbsolutePath().normalize();
  }

  /** {@code wechat-app.jsa} beside {@code wechat-app.jar}, if the build left one. */
  static Path archiveNextTo(Path jar) {
    String name = jar.getFileName().toString();
    Path archive = jar.resolveSibling(name.substring(0, name.length() - ".jar".length()) + ".jsa");
    return Files.isRegularFile(archive) ? archive : null;
  }

  private static int runServer(Path jar, Path archive, String[] args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-XX:SharedArchiveFile=" + archive);
    command.add("-Xshare:auto");
    // An archive from another JDK or another build is ignored; start-up is then just slower.
    command.add("-Xlog:cds=off");
    command.add("-Xlog:cds+dynamic=off");
    if (Runtime.getRuntime().availableProcessors() <= 2) {
      command.add("-XX:TieredStopAtLevel=1");
    }
    command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    command.add("-D" + CHILD + "=true");
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(List.of(args));
    Process server = new ProcessBuilder(command).inheritIO().start();
    Thread stop = new Thread(() -> {
      if (server.isAlive()) {
        server.destroy(); // SIGTERM: the server shuts down gracefully
        try {
          if (!server.waitFor(60, TimeUnit.SECONDS)) {
            server.destroyForcibly();
          }
        } catch (InterruptedException e) {
          server.destroyForcibly();
          Thread.currentThread().interrupt();
        }
      }
    }, "launcher-stop");
    Runtime.getRuntime().addShutdownHook(stop);
    return server.waitFor();
  }

  /** The server exits (gracefully) if the launching JVM goes away without telling it. */
  private static void watchParent() {
    ProcessHandle.current().parent().ifPresent(parent ->
        parent.onExit().thenRun(() -> {
          System.err.println("The launching process has exited; stopping.");
          System.exit(1);
        }));
  }
}
