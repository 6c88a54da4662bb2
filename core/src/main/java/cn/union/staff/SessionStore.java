package cn.union.staff;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.redisson.api.RScript;
import org.redisson.api.RSet;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.springframework.stereotype.Component;

/**
 * Opaque console tokens kept in Redis, so every node sees a logout at once. Only a hash of the
 * token is stored. A session ends after 30 idle minutes, and after 12 hours in any case.
 */
@Component
public class SessionStore {

  public static final Duration IDLE_TIMEOUT = Duration.ofMinutes(30);
  public static final Duration MAX_LIFETIME = Duration.ofHours(12);

  /** Longer than any token this store hands out (43 characters); longer ones are not looked up. */
  private static final int MAX_TOKEN = 100;

  private static final String PREFIX = "staff:session:";
  private static final String USER_PREFIX = "staff:user-sessions:";

  /**
   * Where the key of every ended session (logout, disabled account, password change) is announced,
   * for open streams.
   */
  public static final String ENDED_TOPIC = "staff:session-ended";

  private final RedissonClient redis;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  public SessionStore(RedissonClient redis, Clock clock) {
    this.redis = redis;
    this.clock = clock;
  }

  /** A session's owner and when it began. */
  public record Session(long userId, Instant issuedAt) {}

  /** Starts a session; returns the token to hand to the client. */
  public String open(long userId) {
    byte[] raw = new byte[32];
    random.nextBytes(raw);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    String key = hash(token);
    redis
        .<String>getBucket(PREFIX + key)
        .set(userId + ":" + clock.instant().toEpochMilli(), IDLE_TIMEOUT);
    RSet<String> sessions = redis.getSet(USER_PREFIX + userId);
    sessions.add(key);
    sessions.expire(MAX_LIFETIME);
    return token;
  }

  /**
   * Reads a session and extends its idle timeout in one round trip to Redis (every admin API call
   * passes here): the value, or nil when there is none.
   */
  private static final String TOUCH =
      "local v = redis.call('GET', KEYS[1]) "
          + "if v then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end "
          + "return v";

  /** Whether a token can be one this store handed out: worth hashing and looking up. */
  static boolean wellFormed(String token) {
    return token != null && !token.isBlank() && token.length() <= MAX_TOKEN;
  }

  /**
   * The live session of a token, by its key ({@link #keyOf}), extending its idle timeout; {@code
   * null} when there is none.
   */
  Session touch(String sessionKey) {
    String key = PREFIX + sessionKey;
    String value =
        redis
            .getScript(StringCodec.INSTANCE)
            .<String>eval(
                RScript.Mode.READ_WRITE,
                TOUCH,
                RScript.ReturnType.VALUE,
                List.of(key),
                Long.toString(IDLE_TIMEOUT.toMillis()));
    if (value == null) {
      return null;
    }
    int colon = value.indexOf(':');
    Session session =
        new Session(
            Long.parseLong(value.substring(0, colon)),
            Instant.ofEpochMilli(Long.parseLong(value.substring(colon + 1))));
    if (session.issuedAt().plus(MAX_LIFETIME).isBefore(clock.instant())) {
      redis.getBucket(key).delete();
      return null;
    }
    return session;
  }

  public Instant idleExpiry() {
    return clock.instant().plus(IDLE_TIMEOUT);
  }

  /** Ends the session of this key ({@link #keyOf}) and announces it to every node. */
  void close(String sessionKey) {
    redis.getBucket(PREFIX + sessionKey).delete();
    redis.getTopic(ENDED_TOPIC).publish(sessionKey);
  }

  /**
   * Tells {@code listener} the key ({@link #keyOf}) of every session that ends on any node: a
   * logout, a disabled account, a password changed or reset.
   */
  public void onEnded(java.util.function.Consumer<String> listener) {
    redis.getTopic(ENDED_TOPIC).addListener(String.class, (channel, key) -> listener.accept(key));
  }

  /** The key a session is known by (a hash of its token), for those who must follow its end. */
  public static String keyOf(String token) {
    return hash(token);
  }

  /**
   * Whether the session of this key is still open (it ends at logout, when idle, and with its
   * account).
   */
  public boolean isOpen(String key) {
    return redis.getBucket(PREFIX + key).isExists();
  }

  /** Ends every session of a user except the one of {@code keepToken} (may be null). */
  public void closeAll(long userId, String keepToken) {
    String keep = keepToken == null ? null : hash(keepToken);
    RSet<String> sessions = redis.getSet(USER_PREFIX + userId);
    for (String key : sessions.readAll()) {
      if (!key.equals(keep)) {
        redis.getBucket(PREFIX + key).delete();
        sessions.remove(key);
        redis.getTopic(ENDED_TOPIC).publish(key);
      }
    }
  }

  static String hash(String token) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
