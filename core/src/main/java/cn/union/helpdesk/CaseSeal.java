package cn.union.helpdesk;

import cn.union.platform.Copy;
import com.baomidou.mybatisplus.core.conditions.query.LambdaQueryWrapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The tamper-evident chain of sealed cases. Sealing hashes the case as stored (its fields, timeline
 * and media) together with the previous sealed case's hash; {@code help_seal_head} holds the end of
 * the chain and its row lock orders sealing across threads and nodes. {@link #verify()} recomputes
 * the chain and names the first case that no longer matches.
 */
@Component
class CaseSeal {

  static final String GENESIS = "0".repeat(64);
  private static final int BATCH = 200;
  private static final Copy COPY = Copy.load("helpdesk");

  private final HelpCaseMapper cases;
  private final HelpCaseEventMapper events;
  private final HelpCaseMediaMapper media;
  private final JdbcTemplate jdbc;

  CaseSeal(
      HelpCaseMapper cases,
      HelpCaseEventMapper events,
      HelpCaseMediaMapper media,
      JdbcTemplate jdbc) {
    this.cases = cases;
    this.events = events;
    this.media = media;
    this.jdbc = jdbc;
  }

  /**
   * Chains a case whose status is already SEALED and whose SEALED event is written; in the caller's
   * transaction, which holds the case's row lock.
   */
  void seal(long caseId) {
    Map<String, Object> head =
        jdbc.queryForMap("SELECT last_seq, last_hash FROM help_seal_head WHERE id = 1 FOR UPDATE");
    long seq = ((Number) head.get("last_seq")).longValue() + 1;
    String prev = (String) head.get("last_hash");
    // Hash what the database holds, not what this JVM meant to write: a round trip may shorten
    // times.
    HelpCase c = cases.selectById(caseId);
    if (c.getStatus() != CaseStatus.SEALED || c.getSealHash() != null) {
      throw new IllegalStateException("case " + caseId + " is not ready to be sealed");
    }
    c.setSealSeq(seq);
    c.setSealPrevHash(prev);
    String hash = hashOf(c, prev);
    jdbc.update(
        "UPDATE help_case SET seal_seq = ?, seal_prev_hash = ?, seal_hash = ? WHERE id = ?",
        seq,
        prev,
        hash,
        caseId);
    jdbc.update(
        "UPDATE help_seal_head SET last_seq = ?, last_case_id = ?, last_hash = ? WHERE id = 1",
        seq,
        caseId,
        hash);
  }

  CaseViews.SealCheck verify() {
    String expectedPrev = GENESIS;
    long expectedSeq = 1;
    long checked = 0;
    HelpCase last = null;
    while (true) {
      List<HelpCase> batch =
          cases.selectList(
              new LambdaQueryWrapper<HelpCase>()
                  .isNotNull(HelpCase::getSealSeq)
                  .ge(HelpCase::getSealSeq, expectedSeq)
                  .orderByAsc(HelpCase::getSealSeq)
                  .last("LIMIT " + BATCH));
      if (batch.isEmpty()) {
        break;
      }
      for (HelpCase c : batch) {
        if (c.getSealSeq() != expectedSeq) {
          return broken(checked, c, COPY.text("seal_gap"));
        }
        if (!expectedPrev.equals(c.getSealPrevHash())) {
          return broken(checked, c, COPY.text("seal_link"));
        }
        if (c.getStatus() != CaseStatus.SEALED
            || !hashOf(c, c.getSealPrevHash()).equals(c.getSealHash())) {
          return broken(checked, c, COPY.text("seal_altered"));
        }
        expectedPrev = c.getSealHash();
        expectedSeq++;
        checked++;
        last = c;
      }
    }
    Map<String, Object> head =
        jdbc.queryForMap("SELECT last_seq, last_hash FROM help_seal_head WHERE id = 1");
    if (((Number) head.get("last_seq")).longValue() != checked
        || !expectedPrev.equals(head.get("last_hash"))) {
      return last == null
          ? new CaseViews.SealCheck(false, checked, null, null, COPY.text("seal_latest_deleted"))
          : broken(checked, last, COPY.text("seal_later_deleted"));
    }
    return new CaseViews.SealCheck(true, checked, null, null, null);
  }

  private static CaseViews.SealCheck broken(long checked, HelpCase c, String reason) {
    return new CaseViews.SealCheck(false, checked, c.getId(), c.getNumber(), reason);
  }

  String hashOf(HelpCase c, String prev) {
    List<String> parts =
        new ArrayList<>(
            List.of(
                prev,
                "case",
                s(c.getSealSeq()),
                s(c.getId()),
                s(c.getNumber()),
                s(c.getOpenid()),
                s(c.getCategoryId()),
                s(c.getDescription()),
                s(c.getMobileHash()),
                s(c.getOrgId()),
                s(c.getOrgPath()),
                s(c.getStatus()),
                t(c.getSubmittedAt()),
                t(c.getDueAt()),
                d(c.getDueDate()),
                t(c.getAcceptedAt()),
                t(c.getRepliedAt()),
                s(c.getRating()),
                t(c.getSealedAt()),
                s(c.isReopened()),
                s(c.getSourceInboundId())));
    for (HelpCaseEvent e :
        events.selectList(
            new LambdaQueryWrapper<HelpCaseEvent>()
                .eq(HelpCaseEvent::getCaseId, c.getId())
                .orderByAsc(HelpCaseEvent::getId))) {
      parts.addAll(
          List.of(
              "event",
              s(e.getId()),
              t(e.getAt()),
              s(e.getKind()),
              s(e.getActor()),
              s(e.getContent()),
              s(e.getDeliveryVia()),
              s(e.getDeliveryStatus()),
              s(e.getDetail())));
    }
    for (HelpCaseMedia m :
        media.selectList(
            new LambdaQueryWrapper<HelpCaseMedia>()
                .eq(HelpCaseMedia::getCaseId, c.getId())
                .orderByAsc(HelpCaseMedia::getId))) {
      parts.addAll(List.of("media", s(m.getId()), s(m.getMediaType()), s(m.getMediaId())));
    }
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(String.join("\u001f", parts).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String s(Object o) {
    return o == null ? "" : String.valueOf(o);
  }

  /**
   * Whole seconds: not every driver/server pair keeps fractions, and the hash must survive a round
   * trip.
   */
  private static String t(LocalDateTime at) {
    return at == null ? "" : at.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private static String d(LocalDate day) {
    return day == null ? "" : day.toString();
  }
}
