package cn.union.admin.web;

import cn.union.audit.AuditEntry;
import cn.union.audit.AuditLog;
import cn.union.platform.Copy;
import cn.union.staff.Caller;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.Map;
import org.redisson.api.RAtomicLong;
import org.redisson.api.RedissonClient;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Writes an audit entry for the current request's caller and address. */
@Component
public class AuditTrail {

  private static final String REFUSALS = "audit:refusals:";
  private static final Copy COPY = Copy.load("admin");

  private final AuditLog log;
  private final HttpServletRequest request;
  private final RedissonClient redis;
  private final int refusalsWritten;
  private final int refusalsWrittenInAll;
  private final Duration refusalWindow;

  public AuditTrail(
      AuditLog log,
      HttpServletRequest request,
      RedissonClient redis,
      @Value("${union.audit.refusals-per-address:3}") int refusalsWritten,
      @Value("${union.audit.refusals-in-all:300}") int refusalsWrittenInAll,
      @Value("${union.audit.refusal-window:PT10M}") Duration refusalWindow) {
    this.log = log;
    this.request = request;
    this.redis = redis;
    this.refusalsWritten = refusalsWritten;
    this.refusalsWrittenInAll = refusalsWrittenInAll;
    this.refusalWindow = refusalWindow;
  }

  public void record(
      Caller caller,
      String orgPath,
      String action,
      String targetType,
      Object targetId,
      String detail) {
    log.record(
        new AuditEntry(
            caller.username(),
            caller.role().name(),
            orgPath,
            action,
            targetType,
            targetId == null ? null : String.valueOf(targetId),
            detail,
            clientIp()));
  }

  /** For events without a logged-in caller. */
  public void recordAnonymous(String actor, String orgPath, String action, String detail) {
    log.record(new AuditEntry(actor, null, orgPath, action, null, null, detail, clientIp()));
  }

  /**
   * A refusal (failed login, 403/404 on the admin API), which anyone can cause at will. Each is
   * counted per action and address in a window (Redis, so all nodes count together); the first few
   * are written, then only the 10th, 100th, 1000th … with the count, so the table grows by a
   * handful of rows per address however many requests arrive. A cap over all addresses bounds a
   * flood from many addresses the same way.
   */
  public void recordRefusal(Caller caller, String orgPath, String action, String detail) {
    refusal(caller.username(), caller.role().name(), orgPath, action, detail);
  }

  /** {@link #recordRefusal(Caller, String, String, String)} without a logged-in caller. */
  public void recordRefusal(String actor, String orgPath, String action, String detail) {
    refusal(actor, null, orgPath, action, detail);
  }

  private void refusal(String actor, String role, String orgPath, String action, String detail) {
    String ip = clientIp();
    long here = count(REFUSALS + action + ":" + actor + ":" + ip);
    long all = count(REFUSALS + "all");
    boolean milestone = isPowerOfTen(here);
    if ((here <= refusalsWritten && all <= refusalsWrittenInAll) || milestone) {
      String counted =
          here <= refusalsWritten
              ? detail
              : COPY.render(
                  "audit.refusal-counted",
                  Map.of("detail", detail, "count", here, "minutes", refusalWindow.toMinutes()));
      log.record(new AuditEntry(actor, role, orgPath, action, null, null, counted, ip));
    }
  }

  private long count(String key) {
    RAtomicLong counter = redis.getAtomicLong(key);
    long n = counter.incrementAndGet();
    if (n == 1 || counter.remainTimeToLive() == -1) {
      counter.expire(refusalWindow);
    }
    return n;
  }

  static boolean isPowerOfTen(long n) {
    if (n < 10) {
      return false;
    }
    while (n % 10 == 0) {
      n /= 10;
    }
    return n == 1;
  }

  private String clientIp() {
    return request.getRemoteAddr();
  }
}
