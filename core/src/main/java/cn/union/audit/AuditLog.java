package cn.union.audit;

import cn.union.platform.PlatformConfig;
import cn.union.shared.PageResult;
import com.baomidou.mybatisplus.core.conditions.query.LambdaQueryWrapper;
import com.baomidou.mybatisplus.extension.plugins.pagination.Page;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The append-only, tamper-evident audit trail (等保 2.0). Each record's hash covers its content
 * and the previous hash; the head row holds the last hash, so editing, deleting or truncating
 * records is found by {@link #verify()}.
 */
@Service
public class AuditLog {

  public static final int RETENTION_DAYS = 180;
  private static final int MAX_DETAIL = 1000;

  private final AuditRecordMapper mapper;
  private final JdbcTemplate jdbc;
  private final Clock clock;

  public AuditLog(AuditRecordMapper mapper, JdbcTemplate jdbc, Clock clock) {
    this.mapper = mapper;
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /** Appends an entry, in the caller's transaction when there is one. */
  @Transactional
  public AuditRecord record(AuditEntry entry) {
    // The head row lock orders appends across threads and nodes.
    Map<String, Object> head = jdbc.queryForMap("SELECT last_id, last_hash FROM audit_head WHERE id = 1 FOR UPDATE");
    String prev = (String) head.get("last_hash");
    AuditRecord r = new AuditRecord();
    // Whole seconds: not every driver/server pair keeps fractions, and the hash must survive a round trip.
    r.setAt(LocalDateTime.ofInstant(clock.instant(), PlatformConfig.ZONE).truncatedTo(ChronoUnit.SECONDS));
    r.setActor(entry.actor());
    r.setActorRole(entry.actorRole());
    r.setOrgPath(entry.orgPath());
    r.setAction(entry.action());
    r.setTargetType(entry.targetType());
    r.setTargetId(entry.targetId());
    String detail = entry.detail();
    r.setDetail(detail != null && detail.length() > MAX_DETAIL ? detail.substring(0, MAX_DETAIL) : detail);
    r.setIp(entry.ip());
    r.setPrevHash(prev);
    r.setHash(hashOf(r, prev));
    mapper.insert(r);
    jdbc.update("UPDATE audit_head SET last_id = ?, last_hash = ? WHERE id = 1", r.getId(), r.getHash());
    return r;
  }

  /** Entries whose org lies under {@code pathPrefix} (all when null), newest first. */
  public PageResult<AuditRecord> list(String pathPrefix, String action, String actor, int page, int size) {
    LambdaQueryWrapper<AuditRecord> q = new LambdaQueryWrapper<>();
    if (pathPrefix != null) {
      q.likeRight(AuditRecord::getOrgPath, pathPrefix);
    }
    if (action != null && !action.isBlank()) {
      q.eq(AuditRecord::getAction, action);
    }
    if (actor != null && !actor.isBlank()) {
      q.eq(AuditRecord::getActor, actor);
    }
    q.orderByDesc(AuditRecord::getId);
    Page<AuditRecord> result = mapper.selectPage(Page.of(page, size), q);
    return new PageResult<>(result.getRecords(), result.getTotal(), page, size);
  }

  /**
   * The result of walking the chain.
   *
   * @param firstBrokenId the first record whose hash or link does not hold; {@code null} when intact
   */
  public record ChainCheck(boolean intact, long checked, Long firstBrokenId, String reason) {}

  /** Recomputes the whole chain in batches and compares its end with the head row. */
  public ChainCheck verify() {
    String expectedPrev = "0".repeat(64);
    long lastId = 0;
    long checked = 0;
    while (true) {
      List<AuditRecord> batch = mapper.selectList(new LambdaQueryWrapper<AuditRecord>()
          .gt(AuditRecord::getId, lastId).orderByAsc(AuditRecord::getId).last("LIMIT 1000"));
      if (batch.isEmpty()) {
        break;
      }
      for (AuditRecord r : batch) {
        if (!r.getPrevHash().equals(expectedPrev)) {
          return new ChainCheck(false, checked, r.getId(), "link to the previous record is broken (a record was removed)");
        }
        if (!hashOf(r, r.getPrevHash()).equals(r.getHash())) {
          return new ChainCheck(false, checked, r.getId(), "content does not match its hash (the record was altered)");
        }
        expectedPrev = r.getHash();
        lastId = r.getId();
        checked++;
      }
    }
    Map<String, Object> head = jdbc.queryForMap("SELECT last_id, last_hash FROM audit_head WHERE id = 1");
    if (!expectedPrev.equals(head.get("last_hash")) || ((Number) head.get("last_id")).longValue() != lastId) {
      return new ChainCheck(false, checked, lastId, "the newest records were removed");
    }
    return new ChainCheck(true, checked, null, null);
  }

  static String hashOf(AuditRecord r, String prev) {
    String canonical = String.join("\u001f", prev, String.valueOf(r.getAt()), nz(r.getActor()), nz(r.getActorRole()),
        nz(r.getOrgPath()), nz(r.getAction()), nz(r.getTargetType()), nz(r.getTargetId()), nz(r.getDetail()),
        nz(r.getIp()));
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
