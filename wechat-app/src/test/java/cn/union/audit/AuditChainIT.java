package cn.union.audit;

import static org.assertj.core.api.Assertions.assertThat;

import cn.union.support.ApiClient;
import cn.union.support.IntegrationTest;
import com.baomidou.mybatisplus.core.conditions.query.LambdaQueryWrapper;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Someone who can edit the database, but has neither DATA_KEY nor the anchors outside it, rewrites
 * the audit log the ways a plain hash chain allowed; /audit/verify catches each. Every test puts
 * the table back as it was, so the chain stays intact for the other tests.
 */
class AuditChainIT extends IntegrationTest {

  @Autowired JdbcTemplate jdbc;
  @Autowired AuditRecordMapper mapper;

  ApiClient auditor() {
    ApiClient admin = admin();
    long root = admin.get("/orgs/tree").json().get(0).get("id").asLong();
    return admin.newUser("AUDITOR", root);
  }

  /** A few fresh records at the end of the chain, made through the API; returns their ids. */
  List<Long> someRecords(ApiClient admin, int n) {
    long root = admin.get("/orgs/tree").json().get(0).get("id").asLong();
    for (int i = 0; i < n; i++) {
      admin.newOrg(root, "审计链" + UUID.randomUUID().toString().substring(0, 6), "CITY");
    }
    List<Long> newest =
        new java.util.ArrayList<>(
            jdbc.queryForList("SELECT id FROM audit_log ORDER BY id DESC LIMIT " + n, Long.class));
    java.util.Collections.reverse(newest);
    return newest;
  }

  /** The rows from {@code fromId} on and the head row, to put back after the test. */
  record Snapshot(List<Map<String, Object>> rows, Map<String, Object> head) {}

  Snapshot snapshot(long fromId) {
    return new Snapshot(
        jdbc.queryForList("SELECT * FROM audit_log WHERE id >= ? ORDER BY id", fromId),
        jdbc.queryForMap("SELECT * FROM audit_head WHERE id = 1"));
  }

  void restore(long fromId, Snapshot s) {
    jdbc.update("DELETE FROM audit_log WHERE id >= ?", fromId);
    for (Map<String, Object> r : s.rows()) {
      jdbc.update(
          "INSERT INTO audit_log (id, at, actor, actor_role, org_path, action, target_type, target_id, detail,"
              + " ip, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          r.get("id"),
          r.get("at"),
          r.get("actor"),
          r.get("actor_role"),
          r.get("org_path"),
          r.get("action"),
          r.get("target_type"),
          r.get("target_id"),
          r.get("detail"),
          r.get("ip"),
          r.get("prev_hash"),
          r.get("hash"));
    }
    jdbc.update(
        "UPDATE audit_head SET last_id = ?, last_hash = ?, legacy_last_id = ? WHERE id = 1",
        s.head().get("last_id"),
        s.head().get("last_hash"),
        s.head().get("legacy_last_id"));
  }

  /**
   * What the tester did: rewrite every hash from {@code fromId} on as plain SHA-256 and fix the
   * head.
   */
  void rechainWithPlainSha(long fromId) {
    List<String> before =
        jdbc.queryForList(
            "SELECT hash FROM audit_log WHERE id = (SELECT MAX(id) FROM audit_log WHERE id < ?)",
            String.class,
            fromId);
    String prev = before.isEmpty() ? "0".repeat(64) : before.get(0);
    AuditRecord last = null;
    for (AuditRecord r :
        mapper.selectList(
            new LambdaQueryWrapper<AuditRecord>()
                .ge(AuditRecord::getId, fromId)
                .orderByAsc(AuditRecord::getId))) {
      String hash = AuditLog.hashOf(r, prev);
      jdbc.update(
          "UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?", prev, hash, r.getId());
      prev = hash;
      last = r;
    }
    jdbc.update(
        "UPDATE audit_head SET last_id = ?, last_hash = ? WHERE id = 1", last.getId(), prev);
  }

  JsonNode verify(ApiClient auditor) {
    ApiClient.Res r = auditor.get("/audit/verify");
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    return r.json();
  }

  @Test
  void aRemovedRecordWithTheChainRecomputedIsFound() {
    ApiClient auditor = auditor();
    List<Long> ids = someRecords(admin(), 4);
    JsonNode before = verify(auditor);
    assertThat(before.get("intact").asBoolean()).as(before.toString()).isTrue();
    assertThat(before.get("anchored").asBoolean()).isTrue();
    long removed = ids.get(1);
    long first = jdbc.queryForObject("SELECT MIN(id) FROM audit_log", Long.class);
    Snapshot s = snapshot(first);
    try {
      jdbc.update("DELETE FROM audit_log WHERE id = ?", removed);
      rechainWithPlainSha(ids.get(2));
      JsonNode broken = verify(auditor);
      assertThat(broken.get("intact").asBoolean()).as(broken.toString()).isFalse();
      assertThat(broken.get("firstBrokenId").asLong()).isEqualTo(ids.get(2));

      // Declaring the rewritten records as written before the chain was keyed does not help either:
      // the head remembered outside the database no longer matches.
      jdbc.update(
          "UPDATE audit_head SET legacy_last_id = (SELECT MAX(id) FROM audit_log) WHERE id = 1");
      rechainWithPlainSha(first);
      JsonNode still = verify(auditor);
      assertThat(still.get("intact").asBoolean()).as(still.toString()).isFalse();
      assertThat(still.get("reason").asString()).contains("outside the database");
    } finally {
      restore(first, s);
    }
    assertThat(verify(auditor).get("intact").asBoolean()).isTrue();
  }

  @Test
  void cuttingOffTheNewestRecordsAndMovingTheHeadBackIsFound() {
    ApiClient auditor = auditor();
    List<Long> ids = someRecords(admin(), 3);
    long cut = ids.get(1);
    Snapshot s = snapshot(cut);
    try {
      jdbc.update("DELETE FROM audit_log WHERE id >= ?", cut);
      jdbc.update(
          "UPDATE audit_head SET last_id = ?, last_hash = (SELECT hash FROM audit_log WHERE id = ?) WHERE id = 1",
          ids.get(0),
          ids.get(0));
      JsonNode broken = verify(auditor);
      assertThat(broken.get("intact").asBoolean()).as(broken.toString()).isFalse();
      assertThat(broken.get("firstBrokenId").asLong()).isEqualTo(ids.get(2));
    } finally {
      restore(cut, s);
    }
    assertThat(verify(auditor).get("intact").asBoolean()).isTrue();
  }

  @Test
  void theKeyIsNotInTheDatabase() {
    someRecords(admin(), 1);
    Map<String, Object> last = jdbc.queryForMap("SELECT * FROM audit_log ORDER BY id DESC LIMIT 1");
    AuditRecord r = mapper.selectById(((Number) last.get("id")).longValue());
    // Not the plain hash of the content that the database alone would let anyone compute.
    assertThat(r.getHash()).isNotEqualTo(AuditLog.hashOf(r, r.getPrevHash())).hasSize(64);
  }
}
