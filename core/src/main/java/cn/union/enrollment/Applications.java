package cn.union.enrollment;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/**
 * Table access for {@code enrollment}. Every state change is one conditional UPDATE on the state it
 * leaves, so a retried or concurrent step changes a row once; the unique keys on {@code open_key}
 * and {@code pending_hash} keep one open application per worker and one under review per person.
 */
@Repository
class Applications {

  static final String COLUMNS =
      "id, openid, status, step, qrcode_id, poster_org_id, name, id_number_enc, id_number_hash,"
          + " mobile_enc, employer_name, credit_code, credit_code_warning, target_org_id, target_org_path, union_building,"
          + " submitted_at, due_date, decided_at, decided_by, reason, member_id, member_number, created_at,"
          + " escalated_at, supervised_count, supervision_note";

  static final RowMapper<Application> ROW = Applications::map;

  private final JdbcTemplate jdbc;

  Applications(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Opens a draft; {@link org.springframework.dao.DuplicateKeyException} when the worker has an
   * open one.
   */
  long insertDraft(String openid, long qrcodeId, long posterOrgId, LocalDateTime now) {
    KeyHolder keys = new GeneratedKeyHolder();
    jdbc.update(
        c -> {
          var ps =
              c.prepareStatement(
                  "INSERT INTO enrollment (openid, open_key, status, step, qrcode_id, poster_org_id,"
                      + " created_at, updated_at) VALUES (?, ?, 'DRAFT', 'NAME', ?, ?, ?, ?)",
                  new String[] {"id"});
          ps.setString(1, openid);
          ps.setString(2, openid);
          ps.setLong(3, qrcodeId);
          ps.setLong(4, posterOrgId);
          ps.setTimestamp(5, Timestamp.valueOf(now));
          ps.setTimestamp(6, Timestamp.valueOf(now));
          return ps;
        },
        keys);
    return keys.getKey().longValue();
  }

  Application find(long id) {
    List<Application> found =
        jdbc.query("SELECT " + COLUMNS + " FROM enrollment WHERE id = ?", ROW, id);
    return found.isEmpty() ? null : found.get(0);
  }

  /** The worker's open application (draft or under review), or {@code null}. */
  Application findOpen(String openid) {
    List<Application> found =
        jdbc.query("SELECT " + COLUMNS + " FROM enrollment WHERE open_key = ?", ROW, openid);
    return found.isEmpty() ? null : found.get(0);
  }

  /** Whether an application of this person (by ID hash) is under review. */
  boolean pendingFor(String idNumberHash) {
    Integer n =
        jdbc.queryForObject(
            "SELECT COUNT(*) FROM enrollment WHERE pending_hash = ?", Integer.class, idNumberHash);
    return n != null && n > 0;
  }

  /**
   * Saves an answer of the draft and the step that follows; false when the draft is no longer a
   * draft.
   */
  boolean saveStep(
      long id,
      String column,
      Object value,
      Application.Step next,
      long inboundId,
      LocalDateTime now) {
    if (!List.of("name", "id_number_enc", "mobile_enc", "employer_name").contains(column)) {
      throw new IllegalArgumentException("not a form column: " + column);
    }
    return jdbc.update(
            "UPDATE enrollment SET "
                + column
                + " = ?, step = ?, last_inbound_id = ?, updated_at = ? WHERE id = ? AND status = 'DRAFT'",
            value,
            next.name(),
            inboundId,
            Timestamp.valueOf(now),
            id)
        == 1;
  }

  boolean saveIdNumber(
      long id, String enc, String hash, Application.Step next, long inboundId, LocalDateTime now) {
    return jdbc.update(
            "UPDATE enrollment SET id_number_enc = ?, id_number_hash = ?, step = ?, last_inbound_id = ?,"
                + " updated_at = ? WHERE id = ? AND status = 'DRAFT'",
            enc,
            hash,
            next.name(),
            inboundId,
            Timestamp.valueOf(now),
            id)
        == 1;
  }

  boolean saveEmployer(
      long id, String name, String creditCode, boolean warning, long inboundId, LocalDateTime now) {
    return jdbc.update(
            "UPDATE enrollment SET employer_name = ?, credit_code = ?, credit_code_warning = ?, step = 'CONFIRM',"
                + " last_inbound_id = ?, updated_at = ? WHERE id = ? AND status = 'DRAFT'",
            name,
            creditCode,
            warning,
            inboundId,
            Timestamp.valueOf(now),
            id)
        == 1;
  }

  /**
   * The inbound message the conversation last took a step from (saved with the step, or noted on
   * submitting), or {@code null}.
   */
  Long lastInbound(long id) {
    List<Long> found =
        jdbc.queryForList("SELECT last_inbound_id FROM enrollment WHERE id = ?", Long.class, id);
    return found.isEmpty() ? null : found.get(0);
  }

  /** Notes the inbound message the application was submitted with. */
  void noteInbound(long id, long inboundId) {
    jdbc.update("UPDATE enrollment SET last_inbound_id = ? WHERE id = ?", inboundId, id);
  }

  /** Saves the whole form of a draft at once (the H5 form), ready to submit. */
  boolean saveForm(
      long id,
      String name,
      String idEnc,
      String idHash,
      String mobileEnc,
      String employerName,
      String creditCode,
      boolean warning,
      LocalDateTime now) {
    return jdbc.update(
            "UPDATE enrollment SET name = ?, id_number_enc = ?, id_number_hash = ?, mobile_enc = ?,"
                + " employer_name = ?, credit_code = ?, credit_code_warning = ?, step = 'CONFIRM', updated_at = ?"
                + " WHERE id = ? AND status = 'DRAFT'",
            name,
            idEnc,
            idHash,
            mobileEnc,
            employerName,
            creditCode,
            warning,
            Timestamp.valueOf(now),
            id)
        == 1;
  }

  /** DRAFT → CANCELLED; frees the worker's open slot. */
  boolean cancel(long id, LocalDateTime now) {
    return jdbc.update(
            "UPDATE enrollment SET status = 'CANCELLED', open_key = NULL, step = NULL, updated_at = ?"
                + " WHERE id = ? AND status = 'DRAFT'",
            Timestamp.valueOf(now),
            id)
        == 1;
  }

  /**
   * DRAFT → SUBMITTED with its routing and due date; takes the person's pending slot ({@link
   * org.springframework.dao.DuplicateKeyException} when another application of theirs is under
   * review).
   */
  boolean submit(
      long id,
      long targetOrgId,
      String targetOrgPath,
      boolean unionBuilding,
      LocalDateTime now,
      java.time.LocalDate dueDate) {
    return jdbc.update(
            "UPDATE enrollment SET status = 'SUBMITTED', step = NULL, pending_hash = id_number_hash,"
                + " target_org_id = ?, target_org_path = ?, union_building = ?, submitted_at = ?, due_date = ?, updated_at = ?"
                + " WHERE id = ? AND status = 'DRAFT'",
            targetOrgId,
            targetOrgPath,
            unionBuilding,
            Timestamp.valueOf(now),
            java.sql.Date.valueOf(dueDate),
            Timestamp.valueOf(now),
            id)
        == 1;
  }

  /** SUBMITTED → APPROVED or REJECTED; frees both slots. */
  boolean decide(
      long id,
      EnrollmentStatus outcome,
      String by,
      String reason,
      Long memberId,
      String memberNumber,
      LocalDateTime now) {
    return jdbc.update(
            "UPDATE enrollment SET status = ?, open_key = NULL, pending_hash = NULL, decided_at = ?,"
                + " decided_by = ?, reason = ?, member_id = ?, member_number = ?, updated_at = ?"
                + " WHERE id = ? AND status = 'SUBMITTED'",
            outcome.name(),
            Timestamp.valueOf(now),
            by,
            reason,
            memberId,
            memberNumber,
            Timestamp.valueOf(now),
            id)
        == 1;
  }

  private static Application map(ResultSet rs, int n) throws SQLException {
    String step = rs.getString("step");
    long target = rs.getLong("target_org_id");
    Long targetOrgId = rs.wasNull() ? null : target;
    long member = rs.getLong("member_id");
    Long memberId = rs.wasNull() ? null : member;
    java.sql.Date due = rs.getDate("due_date");
    return new Application(
        rs.getLong("id"),
        rs.getString("openid"),
        EnrollmentStatus.valueOf(rs.getString("status")),
        step == null ? null : Application.Step.valueOf(step),
        rs.getLong("qrcode_id"),
        rs.getLong("poster_org_id"),
        rs.getString("name"),
        rs.getString("id_number_enc"),
        rs.getString("id_number_hash"),
        rs.getString("mobile_enc"),
        rs.getString("employer_name"),
        rs.getString("credit_code"),
        rs.getBoolean("credit_code_warning"),
        targetOrgId,
        rs.getString("target_org_path"),
        rs.getBoolean("union_building"),
        time(rs, "submitted_at"),
        due == null ? null : due.toLocalDate(),
        time(rs, "decided_at"),
        rs.getString("decided_by"),
        rs.getString("reason"),
        memberId,
        rs.getString("member_number"),
        time(rs, "created_at"),
        time(rs, "escalated_at"),
        rs.getInt("supervised_count"),
        rs.getString("supervision_note"));
  }

  private static LocalDateTime time(ResultSet rs, String column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toLocalDateTime();
  }
}
