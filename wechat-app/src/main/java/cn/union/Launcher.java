package cn.union;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * The jar's entry point. It starts the server in a second JVM with a class-data archive kept next
 * to the jar ({@code wechat-app.jsa}); a JVM only uses one when told on its command line. An
 * archive of JDK 17 holds the absolute paths of the jar and {@code lib/} it was recorded with and
 * is ignored anywhere else, so next to it {@code wechat-app.jsa.stamp} says for which jar, lib/ and
 * JDK it was recorded. Where there is no archive for this very place (a fresh copy of the jar, lib/
 * and the build's archive, a new JDK), the server is started without one and records one as soon as
 * it has started ({@link #recordArchiveIfAsked}); every start after that uses it. The build records
 * the first one with a training start through this same path (wechat-app/pom.xml).
 *
 * <p>On a machine of two cores or fewer the server JVM also compiles with C1 only: measured there,
 * C2 took a core for the first minute and gave the server's work (I/O, the database, Redis) nothing
 * measurable. Both are defaults: JVM options given to {@code java} come after them and win, e.g.
 * {@code java -XX:TieredStopAtLevel=4 -jar …}. Figures in bench/README.md. The first JVM only
 * waits: it passes its own JVM options, arguments, environment, working folder and console on,
 * forwards a stop (SIGTERM, Ctrl-C) and exits with the server's exit code; the server stops on its
 * own if the first JVM is killed outright.
 *
 * <p>Without a jar ({@code java -cp}, an IDE), from the stand-alone jar (no {@code lib/}, so
 * nothing to archive), or with {@code UNION_LAUNCHER=inline}, the server starts in this JVM.
 */
public final class Launcher {

  /** Set on the server JVM's command line; tells its Launcher to start the application. */
  static final String CHILD = "union.launcher.child";

  /** Set on the server JVM's command line when it is to record the archive (where to put it). */
  static final String RECORD = "union.launcher.record-archive";

  private Launcher() {}

  public static void main(String[] args) throws Exception {
    // UnionApplication.main checks the prod variables itself.
    if (Boolean.getBoolean(CHILD)) {
      watchParent();
      UnionApplication.main(args);
      return;
    }
    Path jar = jarOfThisJvm();
    if (jar == null
        || !hasLibFolder(jar)
        || "inline".equalsIgnoreCase(System.getenv("UNION_LAUNCHER"))) {
      UnionApplication.main(args);
      return;
    }
    // Refused here too, so that no second JVM is started for nothing.
    UnionApplication.refuseIncompleteProd(args);
    System.exit(runServer(jar, args));
  }

  /** The jar this JVM was started with ({@code java -jar}), or null (a class path, an IDE). */
  static Path jarOfThisJvm() {
    String classPath = System.getProperty("java.class.path", "");
    if (classPath.isEmpty()
        || classPath.contains(java.io.File.pathSeparator)
        || !classPath.endsWith(".jar")) {
      return null;
    }
    return Path.of(classPath).toAbsolutePath().normalize();
  }

  /**
   * Whether the jar's manifest puts lib/ on the class path (the stand-alone jar holds its libraries
   * inside).
   */
  static boolean hasLibFolder(Path jar) throws IOException {
    try (JarFile file = new JarFile(jar.toFile())) {
      Manifest manifest = file.getManifest();
      return manifest != null
          && manifest.getMainAttributes().getValue("Class-Path") != null
          && Files.isDirectory(jar.resolveSibling("lib"));
    }
  }

  /** {@code wechat-app.jsa} beside {@code wechat-app.jar}. */
  static Path archiveOf(Path jar) {
    String name = jar.getFileName().toString();
    return jar.resolveSibling(name.substring(0, name.length() - ".jar".length()) + ".jsa");
  }

  static Path stampOf(Path archive) {
    return archive.resolveSibling(archive.getFileName() + ".stamp");
  }

  /**
   * What an archive recorded here and now must match: this JDK, the jar's place, and the size and
   * time of the jar and of every file in lib/ (the JVM checks these too, and ignores an archive
   * whose jars changed).
   */
  static String stamp(Path jar) throws IOException {
    StringBuilder s =
        new StringBuilder()
            .append("jdk ")
            .append(System.getProperty("java.home"))
            .append(' ')
            .append(System.getProperty("java.vm.version"))
            .append('\n')
            .append(describe(jar));
    try (Stream<Path> lib = Files.list(jar.resolveSibling("lib"))) {
      for (Path p : lib.sorted().toList()) {
        s.append(describe(p));
      }
    }
    return s.toString();
  }

  private static String describe(Path file) throws IOException {
    return file.toAbsolutePath().normalize()
        + " "
        + Files.size(file)
        + " "
        + Files.getLastModifiedTime(file).toMillis()
        + "\n";
  }

  /** The archive, when one exists that was recorded for this very jar, lib/ and JDK. */
  static Path usableArchive(Path jar, String stamp) throws IOException {
    Path archive = archiveOf(jar);
    Path stampFile = stampOf(archive);
    return Files.isRegularFile(archive)
            && Files.isRegularFile(stampFile)
            && Files.readString(stampFile).equals(stamp)
        ? archive
        : null;
  }

  private static int runServer(Path jar, String[] args) throws IOException, InterruptedException {
    String stamp = stamp(jar);
    Path archive = usableArchive(jar, stamp);
    boolean record = archive == null && Files.isWritable(jar.getParent());
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    if (archive != null) {
      command.add("-XX:SharedArchiveFile=" + archive);
      command.add("-Xshare:auto");
    } else if (record) {
      // the server records the archive itself once it has started (recordArchive)
      command.add("-XX:+RecordDynamicDumpInfo");
      command.add("-D" + RECORD + "=" + archiveOf(jar));
    }
    // An archive the JVM finds unusable after all is ignored; start-up is then just slower.
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
    Thread stop =
        new Thread(
            () -> {
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
            },
            "launcher-stop");
    Runtime.getRuntime().addShutdownHook(stop);
    return server.waitFor();
  }

  /**
   * In the server JVM, when the launcher asked for it: records the class-data archive of this start
   * ({@code jcmd VM.cds dynamic_dump}, through the diagnostic-command MBean) under a name of its
   * own, then moves it and its stamp into place. Called once the application has started and
   * answered a request, so the archive holds what a start and a first request load. The JVM stops
   * while it writes (a few seconds on an idle machine), once per place.
   */
  static void recordArchiveIfAsked() {
    String target = System.getProperty(RECORD);
    Path jar = jarOfThisJvm();
    if (target == null || jar == null) {
      return;
    }
    Path archive = Path.of(target);
    Path recording =
        archive.resolveSibling(
            archive.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
    Path stampFile = stampOf(archive);
    Path stampRecording = stampFile.resolveSibling(recording.getFileName() + ".stamp");
    try {
      ManagementFactory.getPlatformMBeanServer()
          .invoke(
              new ObjectName("com.sun.management:type=DiagnosticCommand"),
              "vmCds",
              new Object[] {new String[] {"dynamic_dump", recording.toString()}},
              new String[] {String[].class.getName()});
      if (!Files.isRegularFile(recording) || Files.size(recording) == 0) {
        throw new IOException("the JVM wrote no archive");
      }
      Files.deleteIfExists(stampFile);
      Files.move(
          recording, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      Files.writeString(stampRecording, stamp(jar));
      Files.move(
          stampRecording,
          stampFile,
          StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
      System.out.println(
          "Class-data archive recorded for this place: " + archive + " (used from the next start)");
    } catch (IOException | JMException | RuntimeException e) {
      System.err.println(
          "Could not record the class-data archive " + archive + " (start-up stays slower): " + e);
      try {
        Files.deleteIfExists(recording);
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup);
      }
    }
  }

  /** The server exits (gracefully) if the launching JVM goes away without telling it. */
  private static void watchParent() {
    ProcessHandle.current()
        .parent()
        .ifPresent(
            parent ->
                parent
                    .onExit()
                    .thenRun(
                        () -> {
                          System.err.println("The launching process has exited; stopping.");
                          System.exit(1);
                        }));
  }
}
