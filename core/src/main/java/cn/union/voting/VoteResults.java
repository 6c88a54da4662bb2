package cn.union.voting;

import cn.union.platform.Copy;
import cn.union.shared.DomainException;
import cn.union.shared.PageResult;
import cn.union.staff.Caller;
import cn.union.voting.VotingViews.FlaggedVote;
import cn.union.voting.VotingViews.Recount;
import cn.union.voting.VotingViews.ResultRow;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * What the votes add up to: the ranking (from the ledger, or frozen once closed), its CSV, the
 * recount of the live counts against the ledger, and the review list of flagged votes.
 */
@Service
public class VoteResults {

  private static final Copy COPY = Copy.load("voting");

  private final Campaigns campaigns;
  private final Ballots ballots;
  private final VoteCounter counter;
  private final JdbcTemplate jdbc;

  VoteResults(Campaigns campaigns, Ballots ballots, VoteCounter counter, JdbcTemplate jdbc) {
    this.campaigns = campaigns;
    this.ballots = ballots;
    this.counter = counter;
    this.jdbc = jdbc;
  }

  /** The ranking, most votes first: from the ledger, or from the frozen results once closed. */
  public List<ResultRow> results(Caller caller, long campaignId) {
    return results(campaigns.visible(caller, campaignId));
  }

  List<ResultRow> results(Campaign c) {
    Map<Long, long[]> counts = new HashMap<>();
    if (c.status() == CampaignStatus.CLOSED) {
      jdbc.query(
          "SELECT candidate_id, votes, flagged FROM vote_result WHERE campaign_id = ?",
          rs -> {
            counts.put(
                rs.getLong("candidate_id"),
                new long[] {rs.getLong("votes"), rs.getLong("flagged")});
          },
          c.id());
    } else {
      jdbc.query(
          "SELECT candidate_id, flagged, COUNT(*) AS n FROM vote_ledger WHERE campaign_id = ?"
              + " GROUP BY candidate_id, flagged",
          rs -> {
            counts
                    .computeIfAbsent(rs.getLong("candidate_id"), k -> new long[2])[
                    rs.getBoolean("flagged") ? 1 : 0] =
                rs.getLong("n");
          },
          c.id());
    }
    List<ResultRow> rows = new ArrayList<>();
    for (Candidate cand : campaigns.candidates(c.id())) {
      long[] n = counts.getOrDefault(cand.id(), new long[2]);
      rows.add(new ResultRow(cand.id(), cand.number(), cand.name(), cand.unit(), n[0], n[1]));
    }
    rows.sort(
        Comparator.comparingLong(ResultRow::votes).reversed().thenComparingInt(ResultRow::number));
    return rows;
  }

  /**
   * Freezes the results of a campaign just moved to CLOSED: the votes already counted are written
   * to the ledger first, then the results are stored as they stand.
   */
  List<ResultRow> freeze(Campaign closed) {
    if (counter.built(VoteCounter.key(closed))) {
      counter.updateState(closed);
    } else {
      ballots.rebuild(closed.id(), false);
    }
    ballots.awaitInFlight(closed);
    jdbc.update("DELETE FROM vote_result WHERE campaign_id = ?", closed.id());
    jdbc.update(
        "INSERT INTO vote_result (campaign_id, candidate_id, votes, flagged)"
            + " SELECT c.campaign_id, c.id, COALESCE(SUM(CASE WHEN l.flagged = 0 THEN 1 ELSE 0 END), 0),"
            + " COALESCE(SUM(CASE WHEN l.flagged = 1 THEN 1 ELSE 0 END), 0)"
            + " FROM vote_candidate c LEFT JOIN vote_ledger l ON l.campaign_id = c.campaign_id AND l.candidate_id = c.id"
            + " WHERE c.campaign_id = ? GROUP BY c.campaign_id, c.id",
        closed.id());
    return results(closed);
  }

  /** The results as CSV (UTF-8 with a BOM, so Excel opens it). */
  public void writeResultsCsv(Caller caller, long campaignId, Writer out) throws IOException {
    Campaign c = campaigns.visible(caller, campaignId);
    out.write('\uFEFF');
    out.write(COPY.text("export_headers") + "\r\n");
    int place = 0;
    for (ResultRow r : results(c)) {
      place++;
      out.write(
          place
              + ","
              + r.number()
              + ","
              + csv(r.name())
              + ","
              + csv(r.unit())
              + ","
              + r.votes()
              + ","
              + r.flagged()
              + "\r\n");
    }
  }

  private static String csv(String s) {
    if (s == null) {
      return "";
    }
    // A leading =, +, - or @ would be read by Excel as a formula.
    String safe = !s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0 ? "'" + s : s;
    return "\"" + safe.replace("\"", "\"\"") + "\"";
  }

  /**
   * Live counts against the ledger; with {@code rebuild}, the live counts are first rebuilt from
   * it.
   */
  public Recount recount(Caller caller, long campaignId, boolean rebuild) {
    Campaign c = campaigns.visible(caller, campaignId);
    if (rebuild || !counter.built(VoteCounter.key(c))) {
      ballots.rebuild(campaignId, rebuild);
    } else {
      ballots.awaitInFlight(c);
    }
    List<ResultRow> rows =
        results(c.status() == CampaignStatus.CLOSED ? withStatus(c, CampaignStatus.OPEN) : c);
    Map<Long, Long> live = counter.live(VoteCounter.key(c), false);
    Map<Long, Long> liveFlagged = counter.live(VoteCounter.key(c), true);
    long ledgerVotes = rows.stream().mapToLong(ResultRow::votes).sum();
    long ledgerFlagged = rows.stream().mapToLong(ResultRow::flagged).sum();
    boolean matches = true;
    for (ResultRow r : rows) {
      matches &=
          live.getOrDefault(r.candidateId(), 0L) == r.votes()
              && liveFlagged.getOrDefault(r.candidateId(), 0L) == r.flagged();
    }
    return new Recount(
        campaignId,
        ledgerVotes,
        ledgerFlagged,
        live.values().stream().mapToLong(Long::longValue).sum(),
        liveFlagged.values().stream().mapToLong(Long::longValue).sum(),
        matches,
        rows);
  }

  private static Campaign withStatus(Campaign c, CampaignStatus s) {
    return new Campaign(
        c.id(),
        c.orgId(),
        c.orgPath(),
        c.title(),
        c.description(),
        c.startAt(),
        c.endAt(),
        c.votesPerDay(),
        c.votesPerCandidate(),
        c.membersOnly(),
        c.burstPerMinute(),
        s,
        c.createdAt(),
        c.closedAt());
  }

  /** Votes held back by the anti-fraud rules, newest first. */
  public PageResult<FlaggedVote> flagged(Caller caller, long campaignId, int page, int size) {
    campaigns.visible(caller, campaignId);
    List<FlaggedVote> items =
        jdbc.query(
            "SELECT l.id, l.candidate_id, c.number, c.name, l.voter, l.channel,"
                + " l.flag_reason, l.review, l.cast_at FROM vote_ledger l JOIN vote_candidate c ON c.id = l.candidate_id"
                + " WHERE l.campaign_id = ? AND l.flagged = 1 ORDER BY l.id DESC LIMIT ? OFFSET ?",
            (rs, i) ->
                new FlaggedVote(
                    rs.getLong("id"),
                    rs.getLong("candidate_id"),
                    rs.getInt("number"),
                    rs.getString("name"),
                    rs.getString("voter").substring(0, 8),
                    rs.getString("channel"),
                    rs.getString("flag_reason"),
                    rs.getString("review"),
                    VotingViews.offset(Campaigns.instant(rs, "cast_at"))),
            campaignId,
            size,
            (page - 1) * size);
    Long total =
        jdbc.queryForObject(
            "SELECT COUNT(*) FROM vote_ledger WHERE campaign_id = ? AND flagged = 1",
            Long.class,
            campaignId);
    return new PageResult<>(items, total == null ? 0 : total, page, size);
  }

  /**
   * An admin's verdict on a flagged vote: {@code FRAUD} or {@code GENUINE}; it stays out of {@code
   * votes}.
   */
  public void review(Caller caller, long campaignId, long voteId, String verdict) {
    campaigns.visible(caller, campaignId);
    String v = verdict == null ? "" : verdict.strip().toUpperCase(Locale.ROOT);
    if (!v.equals("FRAUD") && !v.equals("GENUINE")) {
      throw DomainException.invalid("vote.verdict", COPY.text("error_verdict"));
    }
    int n =
        jdbc.update(
            "UPDATE vote_ledger SET review = ? WHERE id = ? AND campaign_id = ? AND flagged = 1",
            v,
            voteId,
            campaignId);
    if (n == 0) {
      throw DomainException.notFound(COPY.text("what_flagged_vote"));
    }
  }
}
