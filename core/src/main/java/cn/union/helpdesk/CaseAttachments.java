package cn.union.helpdesk;

import static cn.union.platform.PlatformConfig.ZONE;

import cn.union.platform.Copy;
import cn.union.platform.Masking;
import cn.union.shared.DomainException;
import cn.union.staff.Caller;
import com.baomidou.mybatisplus.core.conditions.query.LambdaQueryWrapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The pictures and voice messages a worker sends with a request, during intake or later as 补充.
 * WeChat keeps them for 3 days only, so each is copied into {@code help_case_media_content} soon
 * after it is attached: the row is written in the transaction that attaches the media, and {@link
 * MediaFetcher} copies it right after the commit (or later, when a failure may pass).
 *
 * <p>Kept in the database, not under {@code ./data}: every node serves every download, one backup
 * holds the case with its evidence, and a copy is stored in the same transaction as its state. The
 * size is bounded by WeChat (an image at most 10 MB, a voice message 2 MB) and by {@link
 * #MAX_PER_CASE}.
 */
@Service
public class CaseAttachments {

  /** WeChat's own limit for an image; voice is smaller. */
  public static final long MAX_BYTES = 10L * 1024 * 1024;

  /** Media a worker may add to one case, intake included. */
  public static final int MAX_PER_CASE = 30;

  /** How long WeChat keeps temporary media. */
  static final Duration KEPT_BY_WECHAT = Duration.ofDays(3);

  private static final Logger log = LoggerFactory.getLogger(CaseAttachments.class);

  enum Status {
    PENDING,
    STORED,
    EXPIRED,
    FAILED
  }

  /** Where the media came from: the intake, or a 补充 to an open case. */
  enum Source {
    INTAKE,
    FOLLOW_UP
  }

  /**
   * One attachment as the case detail shows it; {@code content} is served by the download.
   *
   * @param status PENDING (being fetched), STORED, EXPIRED (WeChat no longer had it), FAILED
   * @param error why it is not stored, in words an informant reads
   */
  public record Attachment(
      long id,
      String type,
      String source,
      String status,
      String contentType,
      Long sizeBytes,
      Instant receivedAt,
      Instant storedAt,
      String error) {}

  /** The stored copy, for the download. */
  public record Download(String contentType, String fileName, byte[] content) {}

  /** What a worker's picture or voice outside intake did. */
  public record Attached(boolean added, String number, String refusal) {}

  private final JdbcTemplate jdbc;
  private final HelpCaseMapper cases;
  private final HelpCaseMediaMapper media;
  private final CaseTimeline timeline;
  private final ApplicationEventPublisher publisher;
  private final Copy copy;
  private final Clock clock;

  CaseAttachments(
      JdbcTemplate jdbc,
      HelpCaseMapper cases,
      HelpCaseMediaMapper media,
      CaseTimeline timeline,
      ApplicationEventPublisher publisher,
      @Qualifier("helpdeskCopy") Copy copy,
      Clock clock) {
    this.jdbc = jdbc;
    this.cases = cases;
    this.media = media;
    this.timeline = timeline;
    this.publisher = publisher;
    this.copy = copy;
    this.clock = clock;
  }

  // ---------------------------------------------------------------- attaching

  /**
   * The media of a case just submitted: queued for fetching in the submitting transaction, so a
   * crash after the commit cannot lose them.
   */
  @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT)
  void queueIntakeMedia(CaseChanged e) {
    if (!"SUBMITTED".equals(e.kind())) {
      return;
    }
    LocalDateTime now = now();
    // The intake may have taken a while: a copy of WeChat's clock starts at the case's submission.
    jdbc.update(
        "INSERT INTO help_case_media_content (media_id, case_id, source, received_at, expires_at, status,"
            + " attempts, next_attempt_at) SELECT m.id, m.case_id, ?, ?, ?, 'PENDING', 0, ? FROM help_case_media m"
            + " WHERE m.case_id = ? AND NOT EXISTS (SELECT 1 FROM help_case_media_content c WHERE c.media_id = m.id)",
        Source.INTAKE.name(),
        now,
        now.plus(KEPT_BY_WECHAT),
        now,
        e.caseId());
  }

  /**
   * A picture or voice message sent outside intake: added to the worker's newest open case as a 补充,
   * on its timeline, and fetched like the intake's.
   */
  @Transactional
  public Attached attachFollowUp(
      long inboundId, String openid, String type, String mediaId, Instant receivedAt) {
    HelpCaseEvent earlier = timeline.fromInbound(inboundId);
    if (earlier != null) {
      // The same message again: attached the first time.
      return new Attached(true, cases.selectById(earlier.getCaseId()).getNumber(), null);
    }
    HelpCase newest = cases.newestOpen(openid);
    if (newest == null) {
      return new Attached(false, null, "none_open");
    }
    HelpCase c =
        cases.selectOne(
            new LambdaQueryWrapper<HelpCase>()
                .eq(HelpCase::getId, newest.getId())
                .last("FOR UPDATE"));
    if (c.getStatus() == CaseStatus.RATED || c.getStatus() == CaseStatus.SEALED) {
      return new Attached(false, c.getNumber(), "closed");
    }
    Long count =
        media.selectCount(
            new LambdaQueryWrapper<HelpCaseMedia>().eq(HelpCaseMedia::getCaseId, c.getId()));
    if (count != null && count >= MAX_PER_CASE) {
      return new Attached(false, c.getNumber(), "too_many");
    }
    HelpCaseMedia row = new HelpCaseMedia();
    row.setCaseId(c.getId());
    row.setMediaType(type);
    row.setMediaId(mediaId);
    media.insert(row);
    LocalDateTime now = now();
    LocalDateTime received = receivedAt == null ? now : local(receivedAt);
    jdbc.update(
        "INSERT INTO help_case_media_content (media_id, case_id, source, received_at, expires_at, status,"
            + " attempts, next_attempt_at) VALUES (?, ?, ?, ?, ?, 'PENDING', 0, ?)",
        row.getId(),
        c.getId(),
        Source.FOLLOW_UP.name(),
        received,
        received.plus(KEPT_BY_WECHAT),
        now);
    timeline.appendFrom(
        inboundId,
        c,
        "FOLLOW_UP",
        CaseTimeline.WORKER,
        copy.render("follow_up_media_entry", Map.of("kind", kindWord(type))),
        null);
    publisher.publishEvent(new CaseChanged(c.getId(), c.getNumber(), "FOLLOW_UP", c.getOrgPath()));
    log.info("Media follow-up on case {} by {}", c.getNumber(), Masking.openid(openid));
    return new Attached(true, c.getNumber(), null);
  }

  String kindWord(String type) {
    return copy.text("image".equals(type) ? "kind_image" : "kind_voice");
  }

  // ---------------------------------------------------------------- reading

  /**
   * The attachments of a case, in the order they were sent. The caller has already seen the case.
   */
  public List<Attachment> of(long caseId) {
    return jdbc.query(
        "SELECT m.id, m.media_type, c.source, c.status, c.content_type, c.size_bytes, c.received_at,"
            + " c.stored_at, c.last_error FROM help_case_media m LEFT JOIN help_case_media_content c ON c.media_id = m.id"
            + " WHERE m.case_id = ? ORDER BY m.id",
        (rs, n) ->
            new Attachment(
                rs.getLong(1),
                rs.getString(2),
                rs.getString(3) == null ? Source.INTAKE.name() : rs.getString(3),
                rs.getString(4) == null ? Status.EXPIRED.name() : rs.getString(4),
                rs.getString(5),
                rs.getObject(6) == null ? null : rs.getLong(6),
                instant(rs.getObject(7, LocalDateTime.class)),
                instant(rs.getObject(8, LocalDateTime.class)),
                rs.getString(9)),
        caseId);
  }

  /**
   * The stored copy of an attachment of a case in the caller's subtree (else 404), checked against
   * the hash taken when it was stored.
   */
  public Download download(Caller caller, long caseId, long attachmentId) {
    HelpCase c = cases.selectById(caseId);
    if (c == null || !caller.sees(c.getOrgPath())) {
      throw DomainException.notFound(copy.text("what_case"));
    }
    record Stored(String status, String sha256, byte[] content) {}
    List<Stored> rows =
        jdbc.query(
            "SELECT c.status, c.sha256, c.content FROM help_case_media m"
                + " JOIN help_case_media_content c ON c.media_id = m.id WHERE m.id = ? AND m.case_id = ?",
            (rs, n) -> new Stored(rs.getString(1), rs.getString(2), rs.getBytes(3)),
            attachmentId,
            caseId);
    if (rows.isEmpty()) {
      throw DomainException.notFound(copy.text("what_attachment"));
    }
    Stored row = rows.get(0);
    if (!Status.STORED.name().equals(row.status())) {
      throw DomainException.conflict(
          "attachment.not-stored", copy.text("error_attachment_not_stored"));
    }
    byte[] content = row.content();
    if (content == null || !MediaKind.sha256(content).equals(row.sha256())) {
      log.error("Attachment {} of case {} no longer matches its hash", attachmentId, c.getNumber());
      throw DomainException.conflict("attachment.altered", copy.text("error_attachment_altered"));
    }
    MediaKind kind = MediaKind.of(content, null);
    return new Download(
        kind.contentType(), c.getNumber() + "-" + attachmentId + "." + kind.extension(), content);
  }

  /** The org path of a case in the caller's subtree (else 404), for audit entries. */
  public String orgPathOf(Caller caller, long caseId) {
    HelpCase c = cases.selectById(caseId);
    if (c == null || !caller.sees(c.getOrgPath())) {
      throw DomainException.notFound(copy.text("what_case"));
    }
    return c.getOrgPath();
  }

  private LocalDateTime now() {
    return local(clock.instant());
  }

  private static LocalDateTime local(Instant instant) {
    return LocalDateTime.ofInstant(instant, ZONE).truncatedTo(ChronoUnit.MILLIS);
  }

  private static Instant instant(LocalDateTime local) {
    return local == null ? null : local.atZone(ZONE).toInstant();
  }
}
