package cn.union.audit;

import cn.union.platform.PlatformProperties;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The audit chain's head, remembered outside the database: the id and hash of the newest committed
 * record, in Redis (shared by every node, {@code audit:anchor:<chain>}) and in a file under the
 * data folder ({@code audit-anchor}, this node's own appends; it survives a Redis without
 * persistence). Both only move forward. Keyed hashes stop anyone without {@code DATA_KEY} from
 * rewriting records; the anchors catch the one edit keyed hashes cannot: removing the newest
 * records and pointing the head row at an older one.
 */
@Component
class ChainAnchor {

  private static final Logger log = LoggerFactory.getLogger(ChainAnchor.class);
  private static final String KEY = "audit:anchor:";

  /** Sets the anchor only when it moves forward (ids only grow), atomically on the Redis server. */
  private static final String ADVANCE =
      "local cur = redis.call('get', KEYS[1]) "
          + "if cur == false or tonumber(string.match(cur, '^(%d+):')) < tonumber(ARGV[1]) then "
          + "redis.call('set', KEYS[1], ARGV[2]) end return 1";

  /** One remembered head: where it is kept, the record's id and hash. */
  record Anchor(String where, long id, String hash) {}

  private final RedissonClient redis;
  private final Path file;

  ChainAnchor(RedissonClient redis, PlatformProperties props) {
    this.redis = redis;
    this.file = Path.of(props.dataDir(), "audit-anchor");
  }

  /** After a record's commit: remember it as the head, unless a newer one is remembered already. */
  void advance(String chainId, long id, String hash) {
    String value = id + ":" + hash;
    redis
        .getScript()
        .eval(
            RScript.Mode.READ_WRITE,
            ADVANCE,
            RScript.ReturnType.BOOLEAN,
            List.of(KEY + chainId),
            String.valueOf(id),
            value);
    advanceFile(chainId, id, value);
  }

  private synchronized void advanceFile(String chainId, long id, String value) {
    try {
      Anchor current = readFile(chainId);
      if (current != null && current.id() >= id) {
        return;
      }
      Files.createDirectories(file.toAbsolutePath().getParent());
      Path tmp = file.resolveSibling("audit-anchor.tmp");
      Files.writeString(tmp, chainId + ":" + value + "\n", StandardCharsets.US_ASCII);
      try {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      // Redis still holds the anchor; the file is the second copy.
      log.warn("Cannot write the audit anchor file {}: {}", file, e.getClass().getSimpleName());
    }
  }

  /** The remembered heads of this chain (none when neither Redis nor the file has one). */
  List<Anchor> read(String chainId) {
    List<Anchor> found = new ArrayList<>();
    String value = redis.<String>getBucket(KEY + chainId).get();
    if (value != null) {
      found.add(parse("Redis", value));
    }
    try {
      Anchor onDisk = readFile(chainId);
      if (onDisk != null) {
        found.add(onDisk);
      }
    } catch (IOException e) {
      log.warn("Cannot read the audit anchor file {}: {}", file, e.getClass().getSimpleName());
    }
    return found;
  }

  private Anchor readFile(String chainId) throws IOException {
    if (!Files.exists(file)) {
      return null;
    }
    String line = Files.readString(file, StandardCharsets.US_ASCII).strip();
    // A file of another chain (another database used with this data folder) says nothing about this
    // one.
    if (!line.startsWith(chainId + ":")) {
      return null;
    }
    return parse("file " + file.getFileName(), line.substring(chainId.length() + 1));
  }

  private static Anchor parse(String where, String value) {
    int colon = value.indexOf(':');
    return new Anchor(where, Long.parseLong(value.substring(0, colon)), value.substring(colon + 1));
  }
}
