package cn.union.enrollment;

import cn.union.org.Org;
import cn.union.org.OrgService;
import cn.union.platform.Copy;
import cn.union.platform.PlatformConfig;
import cn.union.shared.DomainException;
import cn.union.shared.PageResult;
import cn.union.staff.Caller;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Enrollment posters: a QR code per org and poster (campaign, site) whose scene string leads a scan
 * back to the org. Permanent codes are counted against WeChat's account-wide limit of 100,000.
 */
@Service
public class PosterService {

  /**
   * Every enrollment scene starts with it, so the router can tell them from other features' codes.
   */
  public static final String SCENE_PREFIX = "JOIN_";

  /** WeChat's longest life of a temporary code: 30 days. */
  public static final int MAX_TEMPORARY_DAYS = 30;

  public static final int MAX_LABEL = 64;

  private static final Copy COPY = Copy.load("enrollment");

  private static final char[] SCENE_CHARS = "abcdefghijkmnpqrstuvwxyz23456789".toCharArray();

  /**
   * A poster's QR code.
   *
   * @param url what the QR code encodes; the poster draws it
   */
  public record QrCodeView(
      long id,
      String sceneStr,
      String url,
      long orgId,
      String orgName,
      String label,
      boolean permanent,
      OffsetDateTime expiresAt,
      OffsetDateTime createdAt) {}

  /** Permanent codes used of the account's lifetime allowance. */
  public record Quota(int used, int limit, int left) {}

  /** A scan's poster and org, as the worker side needs them. */
  record Scene(long qrcodeId, long orgId, String orgName, String orgPath) {}

  private final JdbcTemplate jdbc;
  private final OrgService orgs;
  private final QrCodeIssuer issuer;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  public PosterService(JdbcTemplate jdbc, OrgService orgs, QrCodeIssuer issuer, Clock clock) {
    this.jdbc = jdbc;
    this.orgs = orgs;
    this.issuer = issuer;
    this.clock = clock;
  }

  /**
   * Creates a poster's code for an org of the caller's subtree. A permanent code takes one of the
   * account's 100,000 for good; the count is raised in the transaction that records the code, and a
   * refusal by WeChat rolls both back.
   *
   * @param expireDays life of a temporary code, 1–30 days (default 30); ignored for a permanent one
   */
  @Transactional
  public QrCodeView create(
      Caller caller, long orgId, String label, boolean permanent, Integer expireDays) {
    Org org = orgs.visibleIn(caller.orgPath(), orgId);
    String cleanLabel = label == null ? "" : label.strip();
    if (cleanLabel.isEmpty() || cleanLabel.length() > MAX_LABEL) {
      throw DomainException.invalid(
          "qrcode.label", COPY.render("error_poster_label", Map.of("max", MAX_LABEL)));
    }
    int days = expireDays == null ? MAX_TEMPORARY_DAYS : expireDays;
    if (!permanent && (days < 1 || days > MAX_TEMPORARY_DAYS)) {
      throw DomainException.invalid(
          "qrcode.expire-days",
          COPY.render("error_poster_days", Map.of("max", MAX_TEMPORARY_DAYS)));
    }
    if (permanent
        && jdbc.update(
                "UPDATE enroll_qr_quota SET used = used + 1 WHERE id = 1 AND used < max_codes")
            != 1) {
      throw DomainException.conflict("qrcode.quota", COPY.text("error_poster_quota"));
    }
    LocalDateTime now = now();
    LocalDateTime expiresAt = permanent ? null : now.plusDays(days);
    String scene = newScene();
    jdbc.update(
        "INSERT INTO enroll_qrcode (scene_str, org_id, org_path, label, permanent, expires_at, created_by, created_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        scene,
        org.getId(),
        org.getPath(),
        cleanLabel,
        permanent,
        expiresAt == null ? null : Timestamp.valueOf(expiresAt),
        caller.username(),
        Timestamp.valueOf(now));
    long id =
        jdbc.queryForObject("SELECT id FROM enroll_qrcode WHERE scene_str = ?", Long.class, scene);
    QrCodeIssuer.Issued issued;
    try {
      issued = issuer.issue(scene, permanent ? null : days * 86_400);
    } catch (IllegalStateException e) {
      throw DomainException.conflict(
          "qrcode.wechat",
          COPY.render("error_poster_wechat", Map.of("detail", String.valueOf(e.getMessage()))));
    }
    jdbc.update(
        "UPDATE enroll_qrcode SET ticket = ?, url = ? WHERE id = ?",
        issued.ticket(),
        issued.url(),
        id);
    return get(caller, id);
  }

  public QrCodeView get(Caller caller, long id) {
    List<QrCodeView> found = jdbc.query(SELECT + " WHERE q.id = ?", this::view, id);
    if (found.isEmpty() || !caller.sees(pathOf(id))) {
      throw DomainException.notFound(COPY.text("what_qrcode"));
    }
    return named(found).get(0);
  }

  /** The caller's subtree's codes, newest first; with {@code orgId}, that org's own. */
  public PageResult<QrCodeView> list(Caller caller, Long orgId, int page, int size) {
    String where = " WHERE q.org_path LIKE ?";
    List<Object> args = new ArrayList<>(List.of(caller.orgPath() + "%"));
    if (orgId != null) {
      where += " AND q.org_id = ?";
      args.add(orgId);
    }
    Long total =
        jdbc.queryForObject(
            "SELECT COUNT(*) FROM enroll_qrcode q" + where, Long.class, args.toArray());
    args.add(size);
    args.add((long) (page - 1) * size);
    List<QrCodeView> items =
        named(
            jdbc.query(
                SELECT + where + " ORDER BY q.id DESC LIMIT ? OFFSET ?",
                this::view,
                args.toArray()));
    return new PageResult<>(items, total == null ? 0 : total, page, size);
  }

  public Quota quota() {
    return jdbc.queryForObject(
        "SELECT used, max_codes FROM enroll_qr_quota WHERE id = 1",
        (rs, n) -> new Quota(rs.getInt(1), rs.getInt(2), rs.getInt(2) - rs.getInt(1)));
  }

  /** The poster behind a scanned scene, or {@code null} when it is unknown or expired. */
  Scene resolve(String scene) {
    if (scene == null || !scene.startsWith(SCENE_PREFIX)) {
      return null;
    }
    List<long[]> found =
        jdbc.query(
            "SELECT id, org_id, expires_at FROM enroll_qrcode WHERE scene_str = ?",
            (rs, n) -> {
              Timestamp expires = rs.getTimestamp(3);
              if (expires != null && !now().isBefore(expires.toLocalDateTime())) {
                return null;
              }
              return new long[] {rs.getLong(1), rs.getLong(2)};
            },
            scene);
    if (found.isEmpty() || found.get(0) == null) {
      return null;
    }
    Org org = orgs.find(found.get(0)[1]);
    return org == null
        ? null
        : new Scene(found.get(0)[0], org.getId(), org.getName(), org.getPath());
  }

  /** Counts a scan once per inbound message (a retried event is the same message). */
  void recordScan(long inboundId, long qrcodeId) {
    try {
      jdbc.update(
          "INSERT INTO enroll_scan (inbound_id, qrcode_id, scanned_at) VALUES (?, ?, ?)",
          inboundId,
          qrcodeId,
          Timestamp.valueOf(now()));
    } catch (DuplicateKeyException retried) {
      // The same scan event again: it was counted the first time.
    }
  }

  /** One stage count of the funnel. */
  public record Stages(long scans, long started, long submitted, long approved) {

    Stages plus(Stages o) {
      return new Stages(
          scans + o.scans, started + o.started, submitted + o.submitted, approved + o.approved);
    }
  }

  public record PosterFunnel(long qrcodeId, String label, long orgId, Stages stages) {}

  /** Scans → started → submitted → approved for the posters of an org's subtree, and their sum. */
  public record Funnel(long orgId, Stages total, List<PosterFunnel> posters) {}

  public Funnel funnel(Caller caller, Long orgId) {
    Org org = orgs.visibleIn(caller.orgPath(), orgId == null ? caller.orgId() : orgId);
    String prefix = org.getPath() + "%";
    Map<Long, Long> scans = new HashMap<>();
    jdbc.query(
        "SELECT s.qrcode_id, COUNT(*) FROM enroll_scan s JOIN enroll_qrcode q ON q.id = s.qrcode_id"
            + " WHERE q.org_path LIKE ? GROUP BY s.qrcode_id",
        rs -> {
          scans.put(rs.getLong(1), rs.getLong(2));
        },
        prefix);
    Map<Long, long[]> apps = new HashMap<>();
    jdbc.query(
        "SELECT e.qrcode_id, COUNT(*), SUM(CASE WHEN e.submitted_at IS NULL THEN 0 ELSE 1 END),"
            + " SUM(CASE WHEN e.status = 'APPROVED' THEN 1 ELSE 0 END) FROM enrollment e JOIN enroll_qrcode q ON q.id = e.qrcode_id"
            + " WHERE q.org_path LIKE ? GROUP BY e.qrcode_id",
        rs -> {
          apps.put(rs.getLong(1), new long[] {rs.getLong(2), rs.getLong(3), rs.getLong(4)});
        },
        prefix);
    List<PosterFunnel> posters =
        jdbc.query(
            "SELECT id, label, org_id FROM enroll_qrcode WHERE org_path LIKE ? ORDER BY id",
            (rs, n) -> {
              long id = rs.getLong(1);
              long[] a = apps.getOrDefault(id, new long[3]);
              return new PosterFunnel(
                  id,
                  rs.getString(2),
                  rs.getLong(3),
                  new Stages(scans.getOrDefault(id, 0L), a[0], a[1], a[2]));
            },
            prefix);
    Stages total =
        posters.stream().map(PosterFunnel::stages).reduce(new Stages(0, 0, 0, 0), Stages::plus);
    return new Funnel(org.getId(), total, posters);
  }

  private static final String SELECT =
      "SELECT q.id, q.scene_str, q.url, q.org_id, q.label, q.permanent,"
          + " q.expires_at, q.created_at FROM enroll_qrcode q";

  /** A code as stored; its org's name is filled in by {@link #named}. */
  private QrCodeView view(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
    Timestamp expires = rs.getTimestamp("expires_at");
    return new QrCodeView(
        rs.getLong("id"),
        rs.getString("scene_str"),
        rs.getString("url"),
        rs.getLong("org_id"),
        null,
        rs.getString("label"),
        rs.getBoolean("permanent"),
        expires == null ? null : offset(expires.toLocalDateTime()),
        offset(rs.getTimestamp("created_at").toLocalDateTime()));
  }

  /** The codes with their orgs' names, asked of the org tree once for the whole list. */
  private List<QrCodeView> named(List<QrCodeView> codes) {
    Map<Long, String> names = orgs.names(codes.stream().map(QrCodeView::orgId).toList());
    return codes.stream()
        .map(
            c ->
                new QrCodeView(
                    c.id(),
                    c.sceneStr(),
                    c.url(),
                    c.orgId(),
                    names.get(c.orgId()),
                    c.label(),
                    c.permanent(),
                    c.expiresAt(),
                    c.createdAt()))
        .toList();
  }

  private String pathOf(long id) {
    return jdbc.queryForObject("SELECT org_path FROM enroll_qrcode WHERE id = ?", String.class, id);
  }

  private String newScene() {
    StringBuilder s = new StringBuilder(SCENE_PREFIX);
    for (int i = 0; i < 16; i++) {
      s.append(SCENE_CHARS[random.nextInt(SCENE_CHARS.length)]);
    }
    return s.toString();
  }

  static OffsetDateTime offset(LocalDateTime local) {
    return local.atZone(PlatformConfig.ZONE).toOffsetDateTime();
  }

  private LocalDateTime now() {
    return LocalDateTime.ofInstant(clock.instant(), PlatformConfig.ZONE);
  }
}
