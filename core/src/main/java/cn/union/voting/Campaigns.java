package cn.union.voting;

import cn.union.platform.Copy;
import cn.union.platform.PlatformConfig;
import cn.union.shared.DomainException;
import cn.union.staff.Caller;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Component;

/**
 * Table access for {@code vote_campaign} and {@code vote_candidate}, with a short-lived cache for
 * the vote path (a campaign's rules and its candidates by number are read on every vote; the
 * binding rules, open/paused/closed and the limits, are checked again in Redis, so a stale cache
 * can never let a vote through that the current rules refuse).
 */
@Component
class Campaigns {

  private static final Duration CACHE_FOR = Duration.ofSeconds(5);

  private static final Copy COPY = Copy.load("voting");

  private final JdbcTemplate jdbc;
  private final Clock clock;
  private final Map<Long, Cached> cache = new ConcurrentHashMap<>();
  private volatile CachedOpen open;

  private record Cached(Campaign campaign, Map<Integer, Candidate> byNumber, Instant until) {}

  private record CachedOpen(List<Campaign> campaigns, Instant until) {}

  Campaigns(JdbcTemplate jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  static final RowMapper<Campaign> CAMPAIGN =
      (rs, i) ->
          new Campaign(
              rs.getLong("id"),
              rs.getLong("org_id"),
              rs.getString("org_path"),
              rs.getString("title"),
              rs.getString("description"),
              instant(rs, "start_at"),
              instant(rs, "end_at"),
              rs.getInt("votes_per_day"),
              rs.getInt("votes_per_candidate"),
              rs.getBoolean("members_only"),
              rs.getInt("burst_per_minute"),
              CampaignStatus.valueOf(rs.getString("status")),
              instant(rs, "created_at"),
              instant(rs, "closed_at"));

  static final RowMapper<Candidate> CANDIDATE =
      (rs, i) ->
          new Candidate(
              rs.getLong("id"),
              rs.getLong("campaign_id"),
              rs.getInt("number"),
              rs.getString("name"),
              rs.getString("unit"),
              rs.getString("photo_url"),
              rs.getString("story"));

  static Instant instant(ResultSet rs, String column) throws SQLException {
    LocalDateTime t = rs.getObject(column, LocalDateTime.class);
    return t == null ? null : t.atZone(PlatformConfig.ZONE).toInstant();
  }

  static LocalDateTime local(Instant i) {
    return i == null ? null : LocalDateTime.ofInstant(i, PlatformConfig.ZONE);
  }

  long insert(Campaign c) {
    KeyHolder keys = new GeneratedKeyHolder();
    jdbc.update(
        con -> {
          var ps =
              con.prepareStatement(
                  "INSERT INTO vote_campaign (org_id, org_path, title, description, start_at, end_at,"
                      + " votes_per_day, votes_per_candidate, members_only, burst_per_minute, status, created_at)"
                      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  new String[] {"id"});
          ps.setLong(1, c.orgId());
          ps.setString(2, c.orgPath());
          ps.setString(3, c.title());
          ps.setString(4, c.description());
          ps.setObject(5, local(c.startAt()));
          ps.setObject(6, local(c.endAt()));
          ps.setInt(7, c.votesPerDay());
          ps.setInt(8, c.votesPerCandidate());
          ps.setBoolean(9, c.membersOnly());
          ps.setInt(10, c.burstPerMinute());
          ps.setString(11, c.status().name());
          ps.setObject(12, local(c.createdAt()));
          return ps;
        },
        keys);
    forgetOpen();
    return keys.getKey().longValue();
  }

  void update(Campaign c) {
    jdbc.update(
        "UPDATE vote_campaign SET title = ?, description = ?, start_at = ?, end_at = ?, votes_per_day = ?,"
            + " votes_per_candidate = ?, members_only = ?, burst_per_minute = ? WHERE id = ?",
        c.title(),
        c.description(),
        local(c.startAt()),
        local(c.endAt()),
        c.votesPerDay(),
        c.votesPerCandidate(),
        c.membersOnly(),
        c.burstPerMinute(),
        c.id());
    forget(c.id());
  }

  /** Moves the status if it still is {@code from}; false when another request moved it first. */
  boolean move(long id, CampaignStatus from, CampaignStatus to, Instant at) {
    int n =
        jdbc.update(
            "UPDATE vote_campaign SET status = ?, closed_at = ? WHERE id = ? AND status = ?",
            to.name(),
            to == CampaignStatus.CLOSED ? local(at) : null,
            id,
            from.name());
    forget(id);
    return n == 1;
  }

  /**
   * The campaign when the caller's org subtree holds it; otherwise 404, so existence does not leak.
   */
  Campaign visible(Caller caller, long id) {
    Campaign c = find(id);
    if (c == null || !caller.sees(c.orgPath())) {
      throw DomainException.notFound(COPY.text("what_campaign"));
    }
    return c;
  }

  Campaign find(long id) {
    List<Campaign> rows = jdbc.query("SELECT * FROM vote_campaign WHERE id = ?", CAMPAIGN, id);
    return rows.isEmpty() ? null : rows.get(0);
  }

  /** Campaigns of a subtree, newest first. */
  List<Campaign> list(String orgPathPrefix, int offset, int limit) {
    return jdbc.query(
        "SELECT * FROM vote_campaign WHERE org_path LIKE ? ORDER BY id DESC LIMIT ? OFFSET ?",
        CAMPAIGN,
        orgPathPrefix + "%",
        limit,
        offset);
  }

  long count(String orgPathPrefix) {
    Long n =
        jdbc.queryForObject(
            "SELECT COUNT(*) FROM vote_campaign WHERE org_path LIKE ?",
            Long.class,
            orgPathPrefix + "%");
    return n == null ? 0 : n;
  }

  /** Campaigns taking votes now, soonest-ending first (cached briefly). */
  List<Campaign> openNow() {
    Instant now = clock.instant();
    return activeNow().stream().filter(x -> x.openAt(now)).toList();
  }

  /** Campaigns inside their window and not closed, paused ones too (cached briefly). */
  List<Campaign> activeNow() {
    Instant now = clock.instant();
    CachedOpen c = open;
    if (c == null || now.isAfter(c.until()) || Instant.now().isAfter(c.until())) {
      List<Campaign> rows =
          jdbc.query(
              "SELECT * FROM vote_campaign WHERE status <> 'CLOSED' AND end_at > ?"
                  + " ORDER BY end_at, id",
              CAMPAIGN,
              local(now));
      c = new CachedOpen(rows, Instant.now().plus(CACHE_FOR));
      open = c;
    }
    return c.campaigns().stream().filter(x -> x.activeAt(now)).toList();
  }

  /** Campaigns that are not closed (the ones whose counts live in Redis). */
  List<Campaign> notClosed() {
    return jdbc.query("SELECT * FROM vote_campaign WHERE status <> 'CLOSED'", CAMPAIGN);
  }

  long insertCandidate(Candidate c, Instant at) {
    KeyHolder keys = new GeneratedKeyHolder();
    jdbc.update(
        con -> {
          var ps =
              con.prepareStatement(
                  "INSERT INTO vote_candidate (campaign_id, number, name, unit, photo_url, story,"
                      + " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                  new String[] {"id"});
          ps.setLong(1, c.campaignId());
          ps.setInt(2, c.number());
          ps.setString(3, c.name());
          ps.setString(4, c.unit());
          ps.setString(5, c.photoUrl());
          ps.setString(6, c.story());
          ps.setObject(7, local(at));
          return ps;
        },
        keys);
    forget(c.campaignId());
    return keys.getKey().longValue();
  }

  void updateCandidate(Candidate c) {
    jdbc.update(
        "UPDATE vote_candidate SET name = ?, unit = ?, photo_url = ?, story = ? WHERE id = ?",
        c.name(),
        c.unit(),
        c.photoUrl(),
        c.story(),
        c.id());
    forget(c.campaignId());
  }

  List<Candidate> candidates(long campaignId) {
    return jdbc.query(
        "SELECT * FROM vote_candidate WHERE campaign_id = ? ORDER BY number",
        CANDIDATE,
        campaignId);
  }

  Integer maxNumber(long campaignId) {
    return jdbc.queryForObject(
        "SELECT MAX(number) FROM vote_candidate WHERE campaign_id = ?", Integer.class, campaignId);
  }

  /** The campaign as the vote path sees it (cached a few seconds), or {@code null}. */
  Campaign cached(long id) {
    Cached c = cachedEntry(id, false);
    return c == null ? null : c.campaign();
  }

  /**
   * A candidate by number, read again from the table on a miss (a candidate added on another node).
   */
  Candidate candidate(long campaignId, int number) {
    Cached c = cachedEntry(campaignId, false);
    if (c == null) {
      return null;
    }
    Candidate cand = c.byNumber().get(number);
    if (cand == null) {
      c = cachedEntry(campaignId, true);
      cand = c == null ? null : c.byNumber().get(number);
    }
    return cand;
  }

  Map<Integer, Candidate> candidatesByNumber(long campaignId) {
    Cached c = cachedEntry(campaignId, false);
    return c == null ? Map.of() : c.byNumber();
  }

  private Cached cachedEntry(long id, boolean reload) {
    Cached c = cache.get(id);
    if (reload || c == null || Instant.now().isAfter(c.until())) {
      Campaign campaign = find(id);
      if (campaign == null) {
        cache.remove(id);
        return null;
      }
      Map<Integer, Candidate> byNumber = new ConcurrentHashMap<>();
      for (Candidate cand : candidates(id)) {
        byNumber.put(cand.number(), cand);
      }
      c = new Cached(campaign, byNumber, Instant.now().plus(CACHE_FOR));
      cache.put(id, c);
    }
    return c;
  }

  void forget(long id) {
    cache.remove(id);
    forgetOpen();
  }

  private void forgetOpen() {
    open = null;
  }

  static Timestamp ts(Instant i) {
    return Timestamp.valueOf(local(i));
  }
}
