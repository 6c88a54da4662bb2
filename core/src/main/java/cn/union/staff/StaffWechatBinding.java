package cn.union.staff;

import cn.union.platform.Copy;
import cn.union.platform.Masking;
import com.baomidou.mybatisplus.core.conditions.update.LambdaUpdateWrapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import org.redisson.api.RAtomicLong;
import org.redisson.api.RBucket;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Binds a staff member's WeChat to their console account, so reminders reach their phone. The
 * console hands out a one-time 6-digit code (Redis, 10 minutes); the staff member sends {@code 绑定
 * <code>} to the official account, which proves the openid is theirs.
 */
@Service
public class StaffWechatBinding {

  public static final Duration CODE_TTL = Duration.ofMinutes(10);
  static final int MAX_FAILURES = 5;

  private static final Logger log = LoggerFactory.getLogger(StaffWechatBinding.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Copy COPY = Copy.load("staff");

  /** The word that starts a binding message: {@code 绑定 <code>}. */
  public static final String KEYWORD = COPY.text("words_bind");

  /** A code handed to the console. */
  public record Code(String code, Instant expiresAt) {}

  private final RedissonClient redisson;
  private final StaffAccountMapper staff;
  private final Clock clock;

  StaffWechatBinding(RedissonClient redisson, StaffAccountMapper staff, Clock clock) {
    this.redisson = redisson;
    this.staff = staff;
    this.clock = clock;
  }

  public Code issue(Caller caller) {
    for (int i = 0; i < 20; i++) {
      String code = String.format("%06d", RANDOM.nextInt(1_000_000));
      RBucket<String> bucket = redisson.getBucket(key(code), StringCodec.INSTANCE);
      if (bucket.setIfAbsent(String.valueOf(caller.userId()), CODE_TTL)) {
        // The Redis TTL runs on real time; the expiry shown follows the same.
        return new Code(code, clock.instant().plus(CODE_TTL));
      }
    }
    throw new IllegalStateException("no free binding code after 20 tries");
  }

  /** Whether the caller's account has a WeChat bound. */
  public boolean isBound(Caller caller) {
    StaffAccount u = staff.selectById(caller.userId());
    return u != null && u.getWxOpenid() != null;
  }

  @Transactional
  public void unbind(Caller caller) {
    staff.update(
        null,
        new LambdaUpdateWrapper<StaffAccount>()
            .eq(StaffAccount::getId, caller.userId())
            .set(StaffAccount::getWxOpenid, null));
  }

  /** Handles {@code 绑定 <code>} from the account; the answer is the passive reply. */
  @Transactional
  public String redeem(String openid, String text) {
    return redeem(openid, text, false);
  }

  /**
   * Handles {@code 绑定 <code>}; {@code again} when the message may have been handled before (see
   * {@link cn.union.notify.Inbound#again}). Binding the same WeChat to the same account twice
   * changes nothing; but the code is used up by the first handling, so a code no longer there while
   * this WeChat is bound is answered as the binding was, and not counted as a wrong code.
   */
  @Transactional
  public String redeem(String openid, String text, boolean again) {
    String code = text == null ? "" : text.replace(KEYWORD, "").strip();
    RAtomicLong failures = redisson.getAtomicLong("union:staff-bind-fail:" + digest(openid));
    if (failures.get() >= MAX_FAILURES) {
      return COPY.render("bind_too_many", Map.of("minutes", CODE_TTL.toMinutes()));
    }
    String userId =
        code.matches("\\d{6}")
            ? redisson.<String>getBucket(key(code), StringCodec.INSTANCE).getAndDelete()
            : null;
    StaffAccount user = userId == null ? null : staff.selectById(Long.parseLong(userId));
    if (user == null || !user.isEnabled()) {
      StaffAccount bound =
          again && userId == null
              ? staff.selectOne(
                  new com.baomidou.mybatisplus.core.conditions.query.LambdaQueryWrapper<
                          StaffAccount>()
                      .eq(StaffAccount::getWxOpenid, openid)
                      .last("LIMIT 1"))
              : null;
      if (bound != null) {
        return COPY.render("bind_ok", Map.of("name", bound.getDisplayName()));
      }
      failures.incrementAndGet();
      failures.expire(CODE_TTL);
      return COPY.text("bind_bad_code");
    }
    // One WeChat speaks for one account: an earlier binding of this openid is dropped.
    staff.update(
        null,
        new LambdaUpdateWrapper<StaffAccount>()
            .eq(StaffAccount::getWxOpenid, openid)
            .set(StaffAccount::getWxOpenid, null));
    staff.update(
        null,
        new LambdaUpdateWrapper<StaffAccount>()
            .eq(StaffAccount::getId, user.getId())
            .set(StaffAccount::getWxOpenid, openid));
    log.info("Staff {} bound WeChat {}", user.getUsername(), Masking.openid(openid));
    return COPY.render("bind_ok", Map.of("name", user.getDisplayName()));
  }

  private static String key(String code) {
    return "union:staff-bind:" + code;
  }

  private static String digest(String openid) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(openid.getBytes(StandardCharsets.UTF_8)))
          .substring(0, 32);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JVM", e);
    }
  }
}
