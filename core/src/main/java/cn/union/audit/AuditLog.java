package cn.union.audit;

import cn.union.platform.DataProtection;
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
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The append-only, tamper-evident audit trail (等保 2.0). Each record's hash is an HMAC, under a key
 * derived from {@code DATA_KEY} that the database never holds, of the chain's id, its content and
 * the previous hash; the head row holds the last hash, and {@link ChainAnchor} remembers the head
 * outside the database. So editing, inserting or deleting records, or cutting off the newest ones
 * and moving the head back, is found by {@link #verify()}, even by someone who can rewrite the
 * whole table. Records written before the chain was keyed (up to {@code legacy_last_id}) keep their
 * plain SHA-256 hashes; the first keyed record covers the last of them.
 */
@Service
public class AuditLog {

  public static final int RETENTION_DAYS = 180;
  private static final int MAX_DETAIL = 1000;

  private final AuditRecordMapper mapper;
  private final JdbcTemplate jdbc;
  private final Clock clock;
  private final DataProtection protection;
  private final ChainAnchor anchor;

  AuditLog(
      AuditRecordMapper mapper,
      JdbcTemplate jdbc,
      Clock clock,
      DataProtection protection,
      ChainAnchor anchor) {
    this.mapper = mapper;
    this.jdbc = jdbc;
    this.clock = clock;
    this.protection = protection;
    this.anchor = anchor;
  }

  /** The head row, with a chain id drawn at the first append or check after the chain was keyed. */
  private Map<String, Object> head(boolean forUpdate) {
    String lock = forUpdate ? " FOR UPDATE" : "";
    Map<String, Object> head =
        jdbc.queryForMap(
            "SELECT last_id, last_hash, legacy_last_id, chain_id FROM audit_head WHERE id = 1"
                + lock);
    if (head.get("chain_id") == null) {
      jdbc.update(
          "UPDATE audit_head SET chain_id = ? WHERE id = 1 AND chain_id IS NULL",
          UUID.randomUUID().toString());
      head =
          jdbc.queryForMap(
              "SELECT last_id, last_hash, legacy_last_id, chain_id FROM audit_head WHERE id = 1"
                  + lock);
    }
    return head;
  }

  /** Appends an entry, in the caller's transaction when there is one. */
  @Transactional
  public AuditRecord record(AuditEntry entry) {
    // The head row lock orders appends across threads and nodes.
    Map<String, Object> head = head(true);
    String prev = (String) head.get("last_hash");
    String chainId = ((String) head.get("chain_id")).trim();
    AuditRecord r = new AuditRecord();
    // Whole seconds: not every driver/server pair keeps fractions, and the hash must survive a
    // round trip.
    r.setAt(
        LocalDateTime.ofInstant(clock.instant(), PlatformConfig.ZONE)
            .truncatedTo(ChronoUnit.SECONDS));
    r.setActor(entry.actor());
    r.setActorRole(entry.actorRole());
    r.setOrgPath(entry.orgPath());
    r.setAction(entry.action());
    r.setTargetType(entry.targetType());
    r.setTargetId(entry.targetId());
    String detail = entry.detail();
    r.setDetail(
        detail != null && detail.length() > MAX_DETAIL ? detail.substring(0, MAX_DETAIL) : detail);
    r.setIp(entry.ip());
    r.setPrevHash(prev);
    r.setHash(keyedHash(chainId, r, prev));
    mapper.insert(r);
    jdbc.update(
        "UPDATE audit_head SET last_id = ?, last_hash = ? WHERE id = 1", r.getId(), r.getHash());
    long id = r.getId();
    String hash = r.getHash();
    // Anchored once committed: a record that is rolled back with its transaction was never the
    // head.
    TransactionSynchronizationManager.registerSynchronization(
        new TransactionSynchronization() {
          @Override
          public void afterCommit() {
            anchor.advance(chainId, id, hash);
          }
        });
    return r;
  }

  /** Entries whose org lies under {@code pathPrefix} (all when null), newest first. */
  public PageResult<AuditRecord> list(
      String pathPrefix, String action, String actor, int page, int size) {
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
   * @param firstBrokenId the first record whose hash or link does not hold; {@code null} when
   *     intact
   */
  public record ChainCheck(
      boolean intact, long checked, Long firstBrokenId, String reason, boolean anchored) {
    ChainCheck(boolean intact, long checked, Long firstBrokenId, String reason) {
      this(intact, checked, firstBrokenId, reason, false);
    }
  }

  /**
   * Recomputes the whole chain in batches and compares its end with the head row and with the heads
   * remembered outside the database.
   */
  public ChainCheck verify() {
    Map<String, Object> head = head(false);
    String chainId = ((String) head.get("chain_id")).trim();
    long legacyLastId = ((Number) head.get("legacy_last_id")).longValue();
    String expectedPrev = "0".repeat(64);
    long lastId = 0;
    long checked = 0;
    while (true) {
      List<AuditRecord> batch =
          mapper.selectList(
              new LambdaQueryWrapper<AuditRecord>()
                  .gt(AuditRecord::getId, lastId)
                  .orderByAsc(AuditRecord::getId)
                  .last("LIMIT 1000"));
      if (batch.isEmpty()) {
        break;
      }
      for (AuditRecord r : batch) {
        if (!r.getPrevHash().equals(expectedPrev)) {
          return new ChainCheck(
              false,
              checked,
              r.getId(),
              "link to the previous record is broken (a record was removed)");
        }
        String expected =
            r.getId() <= legacyLastId
                ? hashOf(r, r.getPrevHash())
                : keyedHash(chainId, r, r.getPrevHash());
        if (!expected.equals(r.getHash())) {
          return new ChainCheck(
              false,
              checked,
              r.getId(),
              "content does not match its hash (the record was altered)");
        }
        expectedPrev = r.getHash();
        lastId = r.getId();
        checked++;
      }
    }
    if (!expectedPrev.equals(head.get("last_hash"))
        || ((Number) head.get("last_id")).longValue() != lastId) {
      return new ChainCheck(false, checked, lastId, "the newest records were removed");
    }
    List<ChainAnchor.Anchor> anchors = anchor.read(chainId);
    for (ChainAnchor.Anchor a : anchors) {
      AuditRecord remembered = a.id() > lastId ? null : mapper.selectById(a.id());
      if (remembered == null || !a.hash().equals(remembered.getHash())) {
        return new ChainCheck(
            false,
            checked,
            a.id(),
            "record "
                + a.id()
                + ", the head remembered outside the database ("
                + a.where()
                + "), is missing or changed: the newest records were removed or rewritten",
            true);
      }
    }
    return new ChainCheck(true, checked, null, null, !anchors.isEmpty());
  }

  /** The hash of a keyed record: HMAC of the chain id, the previous hash and the content. */
  private String keyedHash(String chainId, AuditRecord r, String prev) {
    return protection.chainHash(chainId + "\u001f" + canonical(r, prev));
  }

  private static String canonical(AuditRecord r, String prev) {
    return String.join(
        "\u001f",
        prev,
        String.valueOf(r.getAt()),
        nz(r.getActor()),
        nz(r.getActorRole()),
        nz(r.getOrgPath()),
        nz(r.getAction()),
        nz(r.getTargetType()),
        nz(r.getTargetId()),
        nz(r.getDetail()),
        nz(r.getIp()));
  }

  /** The plain SHA-256 of a record written before the chain was keyed. */
  static String hashOf(AuditRecord r, String prev) {
    String canonical = canonical(r, prev);
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(canonical.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
