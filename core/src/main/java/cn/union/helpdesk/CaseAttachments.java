package cn.union.helpdesk;

import static cn.union.platform.PlatformConfig.ZONE;

import cn.union.notify.WorkerMedia;
import cn.union.platform.Copy;
import cn.union.platform.Exclusive;
import cn.union.platform.Masking;
import cn.union.shared.DomainException;
import cn.union.staff.Caller;
import com.baomidou.mybatisplus.core.conditions.query.LambdaQueryWrapper;
import jakarta.annotation.PreDestroy;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.redisson.api.RedissonClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The pictures and voice messages a worker sends with a request, during intake or later as 补充.
 * WeChat keeps them for 3 days only, so each is copied into {@code help_case_media_content} soon
 * after it is attached: the row is written in the transaction that attaches the media, the fetch
 * runs right after the commit on a small pool of its own (never inside the reply to WeChat), and
 * a job tries again what failed for a reason that may pass, until WeChat says it is gone.
 *
 * <p>Kept in the database, not under {@code ./data}: every node serves every download, one backup
 * holds the case with its evidence, and a copy is stored in the same transaction as its state.
 * The size is bounded by WeChat (an image at most 10 MB, a voice message 2 MB) and by
 * {@link #MAX_PER_CASE}.
 */
@Service
public class CaseAttachments {

  /** WeChat's own limit for an image; voice is smaller. */
  public static final long MAX_BYTES = 10L * 1024 * 1024;
  /** Media a worker may add to one case, intake included. */
  public static final int MAX_PER_CASE = 30;
  /** How long WeChat keeps temporary media. */
  static final Duration KEPT_BY_WECHAT = Duration.ofDays(3);
  /** A claimed fetch that has not finished by then may be claimed again. */
  static final Duration LEASE = Duration.ofMinutes(2);

  static final String JOB = "helpdesk-media-fetch";
  private static final Duration JOB_LEASE = Duration.ofSeconds(300);

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
  public record Attachment(long id, String type, String source, String status, String contentType, Long sizeBytes,
      Instant receivedAt, Instant storedAt, String error) {}

  /** The stored copy, for the download. */
  public record Download(String contentType, String fileName, byte[] content) {}

  /** What a worker's picture or voice outside intake did. */
  public record Attached(boolean added, String number, String refusal) {}

  private final JdbcTemplate jdbc;
  private final HelpCaseMapper cases;
  private final HelpCaseMediaMapper media;
  private final HelpdeskService helpdesk;
  private final WorkerMedia source;
  private final ApplicationEventPublisher publisher;
  private final RedissonClient redisson;
  private final HelpdeskProperties props;
  private final Copy copy;
  private final Clock clock;
  private final ThreadPoolExecutor fetchers;

  CaseAttachments(JdbcTemplate jdbc, HelpCaseMapper cases, HelpCaseMediaMapper media, HelpdeskService helpdesk,
      WorkerMedia source, ApplicationEventPublisher publisher, RedissonClient redisson, HelpdeskProperties props,
      @Qualifier("helpdeskCopy") Copy copy, Clock clock) {
    this.jdbc = jdbc;
    this.cases = cases;
    this.media = media;
    this.helpdesk = helpdesk;
    this.source = source;
    this.publisher = publisher;
    this.redisson = redisson;
    this.props = props;
    this.copy = copy;
    this.clock = clock;
    AtomicInteger n = new AtomicInteger();
    // Small and bounded: a burst waits in the queue; what overflows it is left to the job.
    this.fetchers = new ThreadPoolExecutor(2, 2, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1000), r -> {
      Thread t = new Thread(r, "media-fetch-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    }, new ThreadPoolExecutor.AbortPolicy());
  }

  @PreDestroy
  void stop() throws InterruptedException {
    fetchers.shutdown();
    fetchers.awaitTermination(5, TimeUnit.SECONDS);
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
    jdbc.update("INSERT INTO help_case_media_content (media_id, case_id, source, received_at, expires_at, status,"
        + " attempts, next_attempt_at) SELECT m.id, m.case_id, ?, ?, ?, 'PENDING', 0, ? FROM help_case_media m"
        + " WHERE m.case_id = ? AND NOT EXISTS (SELECT 1 FROM help_case_media_content c WHERE c.media_id = m.id)",
        Source.INTAKE.name(), now, now.plus(KEPT_BY_WECHAT), now, e.caseId());
  }

  /** Right after the commit: fetch what was just attached, off the request's thread. */
  @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
  void fetchSoon(CaseChanged e) {
    if (!"SUBMITTED".equals(e.kind()) && !"FOLLOW_UP".equals(e.kind())) {
      return;
    }
    try {
      fetchers.execute(() -> fetchPendingOf(e.caseId()));
    } catch (RejectedExecutionException full) {
      log.warn("Media fetch queue is full; case {} waits for the fetch job", e.number());
    }
  }

  /**
   * A picture or voice message sent outside intake: added to the worker's newest open case as a
   * 补充, on its timeline, and fetched like the intake's.
   */
  @Transactional
  public Attached attachFollowUp(String openid, String type, String mediaId, Instant receivedAt) {
    HelpCase newest = cases.selectOne(new LambdaQueryWrapper<HelpCase>().eq(HelpCase::getOpenid, openid)
        .notIn(HelpCase::getStatus, CaseStatus.RATED, CaseStatus.SEALED).orderByDesc(HelpCase::getSubmittedAt)
        .orderByDesc(HelpCase::getId).last("LIMIT 1"));
    if (newest == null) {
      return new Attached(false, null, "none_open");
    }
    HelpCase c = cases.selectOne(new LambdaQueryWrapper<HelpCase>().eq(HelpCase::getId, newest.getId())
        .last("FOR UPDATE"));
    if (c.getStatus() == CaseStatus.RATED || c.getStatus() == CaseStatus.SEALED) {
      return new Attached(false, c.getNumber(), "closed");
    }
    Long count = media.selectCount(new LambdaQueryWrapper<HelpCaseMedia>().eq(HelpCaseMedia::getCaseId, c.getId()));
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
    jdbc.update("INSERT INTO help_case_media_content (media_id, case_id, source, received_at, expires_at, status,"
        + " attempts, next_attempt_at) VALUES (?, ?, ?, ?, ?, 'PENDING', 0, ?)", row.getId(), c.getId(),
        Source.FOLLOW_UP.name(), received, received.plus(KEPT_BY_WECHAT), now);
    helpdesk.event(c, "FOLLOW_UP", HelpdeskService.WORKER,
        copy.render("follow_up_media_entry", Map.of("kind", kindWord(type))), null, null);
    publisher.publishEvent(new CaseChanged(c.getId(), c.getNumber(), "FOLLOW_UP", c.getOrgPath()));
    log.info("Media follow-up on case {} by {}", c.getNumber(), Masking.openid(openid));
    return new Attached(true, c.getNumber(), null);
  }

  String kindWord(String type) {
    return copy.text("image".equals(type) ? "kind_image" : "kind_voice");
  }

  // ---------------------------------------------------------------- fetching

  @Scheduled(initialDelayString = "PT45S", fixedDelayString = "${union.helpdesk.media-fetch-every:PT1M}")
  void scheduledFetch() {
    if (props.jobsEnabled()) {
      fetchDue();
    }
  }

  /** One run of the fetch job: the due fetches, oldest first, one batch; empty when another node runs it. */
  public OptionalInt fetchDue() {
    Optional<Integer> done = Exclusive.run(redisson, "job:" + JOB, Duration.ZERO, JOB_LEASE, () -> {
      List<Long> due = jdbc.queryForList("SELECT media_id FROM help_case_media_content WHERE status = 'PENDING'"
          + " AND next_attempt_at <= ? ORDER BY next_attempt_at, media_id LIMIT " + Math.max(1, props.jobBatch()),
          Long.class, now());
      due.forEach(this::fetch);
      return due.size();
    });
    return done.map(OptionalInt::of).orElseGet(OptionalInt::empty);
  }

  private void fetchPendingOf(long caseId) {
    try {
      for (long id : jdbc.queryForList("SELECT media_id FROM help_case_media_content WHERE case_id = ?"
          + " AND status = 'PENDING' AND next_attempt_at <= ? ORDER BY media_id", Long.class, caseId, now())) {
        fetch(id);
      }
    } catch (RuntimeException e) {
      // The rows stay PENDING; the job tries them again.
      log.warn("Fetching the media of case {} failed: {}", caseId, e.getClass().getSimpleName());
    }
  }

  /** One attempt at one media item, if it is due and no other node holds it. */
  void fetch(long id) {
    LocalDateTime now = now();
    if (jdbc.update("UPDATE help_case_media_content SET attempts = attempts + 1, next_attempt_at = ?"
        + " WHERE media_id = ? AND status = 'PENDING' AND next_attempt_at <= ?", now.plus(LEASE), id, now) != 1) {
      return;
    }
    Map<String, Object> row = jdbc.queryForMap("SELECT m.media_id, c.attempts, c.expires_at FROM help_case_media m"
        + " JOIN help_case_media_content c ON c.media_id = m.id WHERE m.id = ?", id);
    WorkerMedia.Fetched got = source.fetch((String) row.get("media_id"), MAX_BYTES);
    int attempts = ((Number) row.get("attempts")).intValue();
    LocalDateTime expires = toLocal(row.get("expires_at"));
    switch (got.outcome()) {
      case FETCHED -> store(id, got);
      case GONE -> finish(id, Status.EXPIRED, copy.text("attachment_gone"));
      case TOO_LARGE, FAILED -> finish(id, Status.FAILED, got.detail());
      case RETRY -> {
        Instant next = clock.instant().plus(props.retryAfter(attempts));
        if (!local(next).isBefore(expires)) {
          finish(id, Status.EXPIRED, copy.render("attachment_expired", Map.of("detail", String.valueOf(got.detail()))));
        } else {
          jdbc.update("UPDATE help_case_media_content SET next_attempt_at = ?, last_error = ? WHERE media_id = ?",
              local(next), cut(got.detail()), id);
        }
      }
    }
  }

  private void store(long id, WorkerMedia.Fetched got) {
    byte[] content = got.content();
    Kind kind = Kind.of(content, got.fileName());
    jdbc.update("UPDATE help_case_media_content SET status = 'STORED', content = ?, size_bytes = ?, sha256 = ?,"
        + " content_type = ?, stored_at = ?, last_error = NULL WHERE media_id = ? AND status = 'PENDING'",
        content, content.length, sha256(content), kind.contentType(), now(), id);
  }

  private void finish(long id, Status status, String error) {
    jdbc.update("UPDATE help_case_media_content SET status = ?, last_error = ? WHERE media_id = ? AND status = 'PENDING'",
        status.name(), cut(error), id);
    log.info("Media {} of a case ended {}", id, status);
  }

  // ---------------------------------------------------------------- reading

  /** The attachments of a case, in the order they were sent. The caller has already seen the case. */
  public List<Attachment> of(long caseId) {
    return jdbc.query("SELECT m.id, m.media_type, c.source, c.status, c.content_type, c.size_bytes, c.received_at,"
        + " c.stored_at, c.last_error FROM help_case_media m LEFT JOIN help_case_media_content c ON c.media_id = m.id"
        + " WHERE m.case_id = ? ORDER BY m.id", (rs, n) -> new Attachment(rs.getLong(1), rs.getString(2),
            rs.getString(3) == null ? Source.INTAKE.name() : rs.getString(3),
            rs.getString(4) == null ? Status.EXPIRED.name() : rs.getString(4), rs.getString(5),
            rs.getObject(6) == null ? null : rs.getLong(6), instant(rs.getObject(7, LocalDateTime.class)),
            instant(rs.getObject(8, LocalDateTime.class)), rs.getString(9)), caseId);
  }

  /**
   * The stored copy of an attachment of a case in the caller's subtree (else 404), checked
   * against the hash taken when it was stored.
   */
  public Download download(Caller caller, long caseId, long attachmentId) {
    HelpCase c = cases.selectById(caseId);
    if (c == null || !caller.sees(c.getOrgPath())) {
      throw DomainException.notFound(copy.text("what_case"));
    }
    record Stored(String status, String sha256, byte[] content) {}
    List<Stored> rows = jdbc.query("SELECT c.status, c.sha256, c.content FROM help_case_media m"
        + " JOIN help_case_media_content c ON c.media_id = m.id WHERE m.id = ? AND m.case_id = ?",
        (rs, n) -> new Stored(rs.getString(1), rs.getString(2), rs.getBytes(3)), attachmentId, caseId);
    if (rows.isEmpty()) {
      throw DomainException.notFound(copy.text("what_attachment"));
    }
    Stored row = rows.get(0);
    if (!Status.STORED.name().equals(row.status())) {
      throw DomainException.conflict("attachment.not-stored", copy.text("error_attachment_not_stored"));
    }
    byte[] content = row.content();
    if (content == null || !sha256(content).equals(row.sha256())) {
      log.error("Attachment {} of case {} no longer matches its hash", attachmentId, c.getNumber());
      throw DomainException.conflict("attachment.altered", copy.text("error_attachment_altered"));
    }
    Kind kind = Kind.of(content, null);
    return new Download(kind.contentType(), c.getNumber() + "-" + attachmentId + "." + kind.extension(), content);
  }

  /** The org path of a case in the caller's subtree (else 404), for audit entries. */
  public String orgPathOf(Caller caller, long caseId) {
    HelpCase c = cases.selectById(caseId);
    if (c == null || !caller.sees(c.getOrgPath())) {
      throw DomainException.notFound(copy.text("what_case"));
    }
    return c.getOrgPath();
  }

  /** What the stored bytes are, by their first bytes; what WeChat's name or header claims is not trusted. */
  record Kind(String contentType, String extension) {

    static Kind of(byte[] b, String fileName) {
      if (starts(b, 0xFF, 0xD8, 0xFF)) {
        return new Kind("image/jpeg", "jpg");
      }
      if (starts(b, 0x89, 'P', 'N', 'G')) {
        return new Kind("image/png", "png");
      }
      if (starts(b, 'G', 'I', 'F', '8')) {
        return new Kind("image/gif", "gif");
      }
      if (starts(b, '#', '!', 'A', 'M', 'R')) {
        return new Kind("audio/amr", "amr");
      }
      if (starts(b, 'O', 'g', 'g', 'S')) {
        return new Kind("audio/ogg", "ogg");
      }
      if (starts(b, 'I', 'D', '3') || starts(b, 0xFF, 0xFB)) {
        return new Kind("audio/mpeg", "mp3");
      }
      String ext = fileName == null ? "" : fileName.substring(fileName.lastIndexOf('.') + 1).toLowerCase();
      return new Kind("application/octet-stream", ext.matches("[a-z0-9]{1,5}") ? ext : "bin");
    }

    private static boolean starts(byte[] b, int... head) {
      if (b == null || b.length < head.length) {
        return false;
      }
      for (int i = 0; i < head.length; i++) {
        if ((b[i] & 0xFF) != head[i]) {
          return false;
        }
      }
      return true;
    }
  }

  private static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String cut(String s) {
    return s != null && s.length() > 200 ? s.substring(0, 200) : s;
  }

  private LocalDateTime now() {
    return local(clock.instant());
  }

  private static LocalDateTime local(Instant instant) {
    return LocalDateTime.ofInstant(instant, ZONE).truncatedTo(ChronoUnit.MILLIS);
  }

  private static LocalDateTime toLocal(Object value) {
    if (value instanceof LocalDateTime l) {
      return l;
    }
    if (value instanceof java.sql.Timestamp t) {
      return t.toLocalDateTime();
    }
    throw new IllegalStateException("unexpected time value " + (value == null ? null : value.getClass()));
  }

  private static Instant instant(LocalDateTime local) {
    return local == null ? null : local.atZone(ZONE).toInstant();
  }
}
