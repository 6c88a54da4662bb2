package cn.union.helpdesk;

import static cn.union.platform.PlatformConfig.ZONE;

import cn.union.notify.WorkerMedia;
import cn.union.platform.Copy;
import cn.union.platform.Exclusive;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
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
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Copies attached media from WeChat into {@code help_case_media_content} before WeChat forgets them
 * (3 days): right after the commit that attaches them, on a small pool of its own (never inside the
 * reply to WeChat), and again by a job for what failed for a reason that may pass, until WeChat
 * says it is gone.
 */
@Component
class MediaFetcher {

  /** A claimed fetch that has not finished by then may be claimed again. */
  static final Duration LEASE = Duration.ofMinutes(2);

  static final String JOB = "helpdesk-media-fetch";

  private static final Logger log = LoggerFactory.getLogger(MediaFetcher.class);

  private final JdbcTemplate jdbc;
  private final WorkerMedia source;
  private final RedissonClient redisson;
  private final HelpdeskProperties props;
  private final Copy copy;
  private final Clock clock;
  private final ThreadPoolExecutor fetchers;

  MediaFetcher(
      JdbcTemplate jdbc,
      WorkerMedia source,
      RedissonClient redisson,
      HelpdeskProperties props,
      @Qualifier("helpdeskCopy") Copy copy,
      Clock clock) {
    this.jdbc = jdbc;
    this.source = source;
    this.redisson = redisson;
    this.props = props;
    this.copy = copy;
    this.clock = clock;
    AtomicInteger n = new AtomicInteger();
    // Small and bounded: a burst waits in the queue; what overflows it is left to the job.
    this.fetchers =
        new ThreadPoolExecutor(
            2,
            2,
            60,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(1000),
            r -> {
              Thread t = new Thread(r, "media-fetch-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            },
            new ThreadPoolExecutor.AbortPolicy());
  }

  @PreDestroy
  void stop() throws InterruptedException {
    fetchers.shutdown();
    fetchers.awaitTermination(5, TimeUnit.SECONDS);
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

  @Scheduled(
      initialDelayString = "PT45S",
      fixedDelayString = "${union.helpdesk.media-fetch-every:PT1M}")
  void scheduledFetch() {
    if (props.jobsEnabled()) {
      fetchDue();
    }
  }

  /**
   * One run of the fetch job: the due fetches, oldest first, one batch; empty when another node
   * runs it.
   */
  OptionalInt fetchDue() {
    Optional<Integer> done =
        Exclusive.run(
            redisson,
            "job:" + JOB,
            Duration.ZERO,
            () -> {
              List<Long> due =
                  jdbc.queryForList(
                      "SELECT media_id FROM help_case_media_content WHERE status = 'PENDING'"
                          + " AND next_attempt_at <= ? ORDER BY next_attempt_at, media_id LIMIT "
                          + Math.max(1, props.jobBatch()),
                      Long.class,
                      now());
              due.forEach(this::fetch);
              return due.size();
            });
    return done.map(OptionalInt::of).orElseGet(OptionalInt::empty);
  }

  private void fetchPendingOf(long caseId) {
    try {
      for (long id :
          jdbc.queryForList(
              "SELECT media_id FROM help_case_media_content WHERE case_id = ?"
                  + " AND status = 'PENDING' AND next_attempt_at <= ? ORDER BY media_id",
              Long.class,
              caseId,
              now())) {
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
    if (jdbc.update(
            "UPDATE help_case_media_content SET attempts = attempts + 1, next_attempt_at = ?"
                + " WHERE media_id = ? AND status = 'PENDING' AND next_attempt_at <= ?",
            now.plus(LEASE),
            id,
            now)
        != 1) {
      return;
    }
    Map<String, Object> row =
        jdbc.queryForMap(
            "SELECT m.media_id, c.attempts, c.expires_at FROM help_case_media m"
                + " JOIN help_case_media_content c ON c.media_id = m.id WHERE m.id = ?",
            id);
    WorkerMedia.Fetched got = source.fetch((String) row.get("media_id"), CaseAttachments.MAX_BYTES);
    int attempts = ((Number) row.get("attempts")).intValue();
    LocalDateTime expires = toLocal(row.get("expires_at"));
    switch (got.outcome()) {
      case FETCHED -> store(id, got);
      case GONE -> finish(id, CaseAttachments.Status.EXPIRED, copy.text("attachment_gone"));
      case TOO_LARGE, FAILED -> finish(id, CaseAttachments.Status.FAILED, got.detail());
      case RETRY -> {
        Instant next = clock.instant().plus(props.retryAfter(attempts));
        if (!local(next).isBefore(expires)) {
          finish(
              id,
              CaseAttachments.Status.EXPIRED,
              copy.render("attachment_expired", Map.of("detail", String.valueOf(got.detail()))));
        } else {
          jdbc.update(
              "UPDATE help_case_media_content SET next_attempt_at = ?, last_error = ? WHERE media_id = ?",
              local(next),
              cut(got.detail()),
              id);
        }
      }
    }
  }

  private void store(long id, WorkerMedia.Fetched got) {
    byte[] content = got.content();
    MediaKind kind = MediaKind.of(content, got.fileName());
    jdbc.update(
        "UPDATE help_case_media_content SET status = 'STORED', content = ?, size_bytes = ?, sha256 = ?,"
            + " content_type = ?, stored_at = ?, last_error = NULL WHERE media_id = ? AND status = 'PENDING'",
        content,
        content.length,
        MediaKind.sha256(content),
        kind.contentType(),
        now(),
        id);
  }

  private void finish(long id, CaseAttachments.Status status, String error) {
    jdbc.update(
        "UPDATE help_case_media_content SET status = ?, last_error = ? WHERE media_id = ? AND status = 'PENDING'",
        status.name(),
        cut(error),
        id);
    log.info("Media {} of a case ended {}", id, status);
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
    throw new IllegalStateException(
        "unexpected time value " + (value == null ? null : value.getClass()));
  }
}
