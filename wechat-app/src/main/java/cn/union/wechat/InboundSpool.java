package cn.union.wechat;

import cn.union.platform.DataProtection;
import cn.union.platform.PlatformProperties;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * This node's local spool of what the inbound log could not take while the database did not answer:
 * messages as received, and outcomes of messages already logged. One file per entry in {@code
 * <union.data-dir>/inbound-spool}, written under a temporary name, forced to disk, renamed and the
 * folder forced, so an entry either is complete on disk before the answer leaves or does not exist
 * (a {@code .tmp} left by a kill was never answered and is removed). Names sort in the order of
 * writing. {@link InboundReplayer} writes them into the log once the database is back.
 *
 * <p>A spooled message keeps the worker's text unmasked (it is handled from it, e.g. a phone the
 * intake asked for); the file lives only until the replay, in the node's own data folder. A spooled
 * failure carries, as the outcome row does, the message as received when its retry needs it
 * (already encrypted by {@link InboundLog}).
 */
@Component
class InboundSpool {

  static final String MESSAGE = "M";
  static final String OUTCOME = "O";

  /**
   * A logged message whose answer left while its handler still ran (a slow handler): removed once
   * its outcome is stored. Left by a process that died, it is replayed like a spooled message (the
   * log then finds it logged without an outcome and it is handled), after every other entry, so a
   * spooled outcome of it is stored first.
   */
  static final String PENDING = "P";

  /** A message the inbound log could not take. */
  record SpooledMessage(String requestKey, Instant receivedAt, String xml) {}

  /**
   * An outcome of a logged message that could not be stored; {@code payloadEnc} is the message as
   * received, already encrypted with the data key, when a retry needs it.
   */
  record SpooledOutcome(
      long inboundId,
      String status,
      String reply,
      String error,
      LocalDateTime at,
      String payloadEnc) {}

  private final Path dir;
  private final DataProtection data;
  private final AtomicLong sequence = new AtomicLong();

  /** The pending entries of handlers still running in this process: not replayed. */
  private final Set<Path> running = ConcurrentHashMap.newKeySet();

  @org.springframework.beans.factory.annotation.Autowired
  InboundSpool(PlatformProperties props, DataProtection data) throws IOException {
    this(Path.of(props.dataDir(), "inbound-spool"), data);
  }

  /**
   * A spool in {@code dir}. The message text and the reply are encrypted with the data key, as
   * personal data is everywhere else: a worker's phone or ID number may be in them.
   */
  InboundSpool(Path dir, DataProtection data) throws IOException {
    this.data = data;
    this.dir = Files.createDirectories(dir);
    try (Stream<Path> files = Files.list(dir)) {
      for (Path leftover :
          files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList()) {
        Files.deleteIfExists(leftover);
      }
    }
  }

  Path dir() {
    return dir;
  }

  /** Spools a message; returns once it is on disk. */
  void message(String requestKey, Instant receivedAt, String xml) {
    Properties p = new Properties();
    p.setProperty("kind", MESSAGE);
    p.setProperty("requestKey", requestKey);
    p.setProperty("receivedAt", Long.toString(receivedAt.toEpochMilli()));
    p.setProperty("xml", data.encrypt(xml));
    write(p);
  }

  /**
   * Notes on disk a logged message whose answer is about to leave while its handler still runs;
   * returns the entry, to {@link #settled} once the outcome is stored or spooled.
   */
  Path pending(String requestKey, Instant receivedAt, String xml) {
    Properties p = new Properties();
    p.setProperty("kind", PENDING);
    p.setProperty("requestKey", requestKey);
    p.setProperty("receivedAt", Long.toString(receivedAt.toEpochMilli()));
    p.setProperty("xml", data.encrypt(xml));
    Path entry = write(p);
    running.add(entry);
    return entry;
  }

  /** The handler of a pending entry is done and its outcome stored (or spooled): removes it. */
  void settled(Path entry) throws IOException {
    try {
      Files.deleteIfExists(entry);
    } finally {
      running.remove(entry);
    }
  }

  /** Spools an outcome; returns once it is on disk. */
  void outcome(
      long inboundId,
      String status,
      String reply,
      String error,
      LocalDateTime at,
      String payloadEnc) {
    Properties p = new Properties();
    p.setProperty("kind", OUTCOME);
    p.setProperty("inboundId", Long.toString(inboundId));
    p.setProperty("status", status);
    if (reply != null) {
      p.setProperty("reply", data.encrypt(reply));
    }
    if (error != null) {
      p.setProperty("error", error);
    }
    p.setProperty("at", at.toString());
    if (payloadEnc != null) {
      p.setProperty("payloadEnc", payloadEnc);
    }
    write(p);
  }

  /**
   * The entries to replay, oldest first, the pending ones last; none whose handler still runs here.
   */
  List<Path> entries() {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(p -> p.getFileName().toString().endsWith(".spool") && !running.contains(p))
          .sorted(
              Comparator.comparing((Path p) -> p.getFileName().toString().endsWith("-P.spool"))
                  .thenComparing(p -> p.getFileName().toString()))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  boolean isEmpty() {
    return entries().isEmpty();
  }

  /** The entry: a {@link SpooledMessage} (spooled or pending) or a {@link SpooledOutcome}. */
  Object read(Path entry) throws IOException {
    Properties p = new Properties();
    p.load(new StringReader(Files.readString(entry, StandardCharsets.UTF_8)));
    if (MESSAGE.equals(p.getProperty("kind")) || PENDING.equals(p.getProperty("kind"))) {
      return new SpooledMessage(
          p.getProperty("requestKey"),
          Instant.ofEpochMilli(Long.parseLong(p.getProperty("receivedAt"))),
          data.decrypt(p.getProperty("xml")));
    }
    return new SpooledOutcome(
        Long.parseLong(p.getProperty("inboundId")),
        p.getProperty("status"),
        data.decrypt(p.getProperty("reply")),
        p.getProperty("error"),
        LocalDateTime.parse(p.getProperty("at")),
        p.getProperty("payloadEnc"));
  }

  void remove(Path entry) throws IOException {
    Files.deleteIfExists(entry);
  }

  private Path write(Properties p) {
    StringWriter text = new StringWriter();
    try {
      p.store(text, null);
      String name =
          String.format(
              "%016d-%010d-%s",
              System.currentTimeMillis(), sequence.incrementAndGet(), p.getProperty("kind"));
      Path tmp = dir.resolve(name + ".tmp");
      try (FileChannel out =
          FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
          out.write(bytes);
        }
        out.force(true);
      }
      Path entry = dir.resolve(name + ".spool");
      Files.move(tmp, entry, StandardCopyOption.ATOMIC_MOVE);
      try (FileChannel folder = FileChannel.open(dir, StandardOpenOption.READ)) {
        folder.force(true);
      }
      return entry;
    } catch (IOException e) {
      throw new UncheckedIOException("the inbound spool could not be written", e);
    }
  }
}
