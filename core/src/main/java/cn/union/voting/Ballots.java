package cn.union.voting;

import cn.union.platform.Exclusive;
import cn.union.platform.PlatformConfig;
import cn.union.voting.VoteCounter.Counted;
import cn.union.voting.VoteCounter.VoterDay;
import cn.union.voting.VoteLedger.Row;
import cn.union.voting.VoteLedger.Written;
import cn.union.voting.VoteOutcome.Result;
import cn.union.voting.VotingEvents.VotesFlagged;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.redisson.api.RedissonClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The vote path: Redis decides (atomically, {@link VoteCounter}) and the ledger records ({@link
 * VoteLedger}); a vote is answered 投票成功 only once its ledger row is committed.
 *
 * <ul>
 *   <li>A counted vote whose ledger write fails is undone in Redis at once and answered 系统繁忙.
 *   <li>One whose write is not confirmed in time stays "pending"; the sweep later keeps it if the
 *       ledger has it and undoes it if not (a node killed between the two steps leaves such votes).
 *   <li>A retry of the same request finds its earlier result in Redis and writes the same ledger
 *       row again (a duplicate is fine: it was recorded); a retry that Redis no longer knows (Redis
 *       restarted) is counted by the script and then found in the ledger by its source, undone in
 *       Redis and answered as it was the first time.
 *   <li>When the campaign's state key is missing (Redis restarted, or a recount), the counts are
 *       rebuilt from the ledger under a lock before any vote of the campaign goes on.
 * </ul>
 */
@Component
class Ballots {

  private static final Logger log = LoggerFactory.getLogger(Ballots.class);
  private static final Duration REBUILD_WAIT = Duration.ofSeconds(20);

  private final VoteCounter counter;
  private final VoteLedger ledger;
  private final Campaigns campaigns;
  private final JdbcTemplate jdbc;
  private final RedissonClient redisson;
  private final VotingProperties props;
  private final ApplicationEventPublisher events;
  private final Clock clock;

  Ballots(
      VoteCounter counter,
      VoteLedger ledger,
      Campaigns campaigns,
      JdbcTemplate jdbc,
      RedissonClient redisson,
      VotingProperties props,
      ApplicationEventPublisher events,
      Clock clock) {
    this.counter = counter;
    this.ledger = ledger;
    this.campaigns = campaigns;
    this.jdbc = jdbc;
    this.redisson = redisson;
    this.props = props;
    this.events = events;
    this.clock = clock;
  }

  /**
   * Casts one vote of a voter (already hashed) for a candidate; the request's source makes it
   * idempotent. {@code limits} (or {@code null}) are rate limits checked in the same step.
   */
  VoteOutcome cast(
      Campaign campaign,
      Candidate cand,
      String voter,
      String source,
      String channel,
      String clientIp,
      VoteCounter.Limits limits) {
    for (int attempt = 0; attempt < 3; attempt++) {
      Instant now = clock.instant();
      LocalDate day = LocalDate.ofInstant(now, PlatformConfig.ZONE);
      Counted counted =
          counter.vote(VoteCounter.key(campaign), voter, source, cand.id(), day, now, limits);
      switch (counted.kind()) {
        case "REBUILD" -> rebuild(campaign.id(), false);
        case "LIMITED" -> {
          return VoteOutcome.of(Result.RATE_LIMITED, campaign, cand, -1);
        }
        case "NEW", "REPEAT" -> {
          return settle(campaign, cand, voter, source, channel, clientIp, counted, now);
        }
        default ->
            throw new IllegalStateException(
                "unexpected answer from the vote script: " + counted.kind());
      }
    }
    log.warn(
        "Campaign {}: counts still rebuilding after three tries; a vote was answered busy",
        campaign.id());
    return VoteOutcome.of(Result.BUSY, campaign, cand, -1);
  }

  private VoteOutcome settle(
      Campaign campaign,
      Candidate cand,
      String voter,
      String source,
      String channel,
      String clientIp,
      Counted counted,
      Instant now) {
    String code = counted.code();
    String[] p = counted.parts();
    if (!code.equals("COUNTED") && !code.equals("FLAGGED")) {
      int votesToday = p.length > 1 ? Integer.parseInt(p[1]) : -1;
      Result r = Result.valueOf(code);
      int remaining = votesToday < 0 ? -1 : Math.max(0, campaign.votesPerDay() - votesToday);
      return VoteOutcome.of(r, campaign, cand, remaining);
    }
    boolean flagged = code.equals("FLAGGED");
    int votesToday = Integer.parseInt(p[1]);
    int seq = Integer.parseInt(p[2]);
    LocalDate day = LocalDate.parse(p[3]);
    long burst = Long.parseLong(p[4]);
    String member = VoteCounter.pendingMember(voter, source, cand.id(), day, seq, flagged);
    Row row =
        new Row(
            campaign.id(),
            voter,
            cand.id(),
            day,
            seq,
            source,
            channel,
            clientIp,
            flagged,
            flagged ? "BURST" : null,
            now);
    Written written;
    try {
      // the ledger settles the pending entry in Redis once the row is committed
      written =
          ledger
              .write(
                  row,
                  new VoteLedger.Pending(
                      VoteCounter.key(campaign), member, counted.kind().equals("REPEAT")))
              .get(props.ledgerWait().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      // Not known whether it will commit: the sweep decides later from the ledger itself.
      log.warn(
          "Campaign {}: a vote's ledger write was not confirmed within {}",
          campaign.id(),
          props.ledgerWait());
      return VoteOutcome.of(Result.BUSY, campaign, cand, -1);
    } catch (ExecutionException e) {
      if (counted.kind().equals("NEW")) {
        counter.undo(VoteCounter.key(campaign), member);
      }
      log.warn(
          "Campaign {}: a vote was not recorded ({}); undone",
          campaign.id(),
          e.getCause().getMessage());
      return VoteOutcome.of(Result.BUSY, campaign, cand, -1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return VoteOutcome.of(Result.BUSY, campaign, cand, -1);
    }
    if (written == Written.DUPLICATE && counted.kind().equals("NEW")) {
      // Redis forgot this request but the ledger has it: keep the ledger's vote, not a second one.
      counter.undo(VoteCounter.key(campaign), member);
      Boolean wasFlagged =
          jdbc.queryForObject(
              "SELECT flagged FROM vote_ledger WHERE campaign_id = ? AND voter = ? AND source = ?",
              Boolean.class,
              campaign.id(),
              voter,
              source);
      return VoteOutcome.of(
          Boolean.TRUE.equals(wasFlagged) ? Result.FLAGGED : Result.COUNTED, campaign, cand, -1);
    }
    if (flagged && counted.kind().equals("NEW") && burst == campaign.burstPerMinute() + 1L) {
      events.publishEvent(new VotesFlagged(campaign.id(), cand.id(), "BURST", now));
      log.warn(
          "Campaign {}: burst on candidate {} ({} votes this minute); further votes are flagged",
          campaign.id(),
          cand.id(),
          burst);
    }
    int remaining = Math.max(0, campaign.votesPerDay() - votesToday);
    return VoteOutcome.of(flagged ? Result.FLAGGED : Result.COUNTED, campaign, cand, remaining);
  }

  /**
   * Rebuilds the campaign's live counts from the ledger, under a lock so one node does it. With
   * {@code force} the counts are rebuilt even when present: votes are held meanwhile, and the ones
   * already counted wait to be written first.
   */
  void rebuild(long campaignId, boolean force) {
    Campaign known = campaigns.find(campaignId);
    if (known == null) {
      return;
    }
    String k = VoteCounter.key(known);
    Exclusive.run(
        redisson,
        k + "rebuild",
        REBUILD_WAIT,
        () -> {
          Campaign campaign = campaigns.find(campaignId);
          Map<String, String> state =
              redisson
                  .<String, String>getMap(
                      VoteCounter.state(k), org.redisson.client.codec.StringCodec.INSTANCE)
                  .readAllMap();
          boolean needed = state.isEmpty() || "REBUILDING".equals(state.get("status"));
          if (!needed && !force) {
            return false;
          }
          if (!state.isEmpty()) {
            counter.markRebuilding(k);
            awaitInFlight(campaign);
          }
          doRebuild(campaign);
          return true;
        });
  }

  /** Waits until every vote counted in Redis for the campaign has been settled or is an orphan. */
  void awaitInFlight(Campaign campaign) {
    String k = VoteCounter.key(campaign);
    ledger.drain(props.ledgerWait());
    long until = System.nanoTime() + props.ledgerWait().plusSeconds(2).toNanos();
    while (System.nanoTime() < until) {
      Instant recent = Instant.now().minus(props.orphanAfter());
      int all = counter.pendingCount(k);
      if (all == 0 || all == counter.pendingBefore(k, recent).size()) {
        return;
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void doRebuild(Campaign campaign) {
    long c = campaign.id();
    Map<Long, Long> counted = new HashMap<>();
    Map<Long, Long> flagged = new HashMap<>();
    jdbc.query(
        "SELECT candidate_id, flagged, COUNT(*) AS n FROM vote_ledger WHERE campaign_id = ?"
            + " GROUP BY candidate_id, flagged",
        rs -> {
          (rs.getBoolean("flagged") ? flagged : counted)
              .put(rs.getLong("candidate_id"), rs.getLong("n"));
        },
        c);
    LocalDate today = LocalDate.ofInstant(clock.instant(), PlatformConfig.ZONE);
    List<VoterDay> voters =
        jdbc.query(
            "SELECT voter, candidate_id, COUNT(*) AS n, MAX(seq) AS s FROM vote_ledger"
                + " WHERE campaign_id = ? AND vote_day = ? GROUP BY voter, candidate_id",
            (rs, i) ->
                new VoterDay(
                    rs.getString("voter"),
                    rs.getLong("candidate_id"),
                    rs.getLong("n"),
                    rs.getInt("s")),
            c,
            today);
    counter.rebuild(campaign, counted, flagged, today, voters);
    log.info(
        "Campaign {}: live counts rebuilt from the ledger ({} candidates, {} voters today)",
        c,
        counted.size(),
        voters.size());
  }

  /**
   * Votes counted in Redis whose ledger write was never confirmed (the node died, or the write
   * timed out): kept when the ledger has them, undone when it does not.
   */
  @Scheduled(initialDelayString = "PT20S", fixedDelayString = "${union.voting.sweep-every:PT15S}")
  void sweepOrphans() {
    Exclusive.run(
        redisson,
        "job:vote-orphans",
        Duration.ZERO,
        () -> {
          for (Campaign c : campaigns.notClosed()) {
            sweepOrphans(c, props.orphanAfter());
          }
          return true;
        });
  }

  /**
   * The orphan check for one campaign, of votes pending longer than {@code age}; the number undone.
   */
  int sweepOrphans(Campaign campaign, Duration age) {
    long campaignId = campaign.id();
    String k = VoteCounter.key(campaign);
    int undone = 0;
    for (String member : counter.pendingBefore(k, Instant.now().minus(age))) {
      String[] p = member.split("\\|");
      Integer n =
          jdbc.queryForObject(
              "SELECT COUNT(*) FROM vote_ledger WHERE campaign_id = ? AND voter = ?"
                  + " AND source = ?",
              Integer.class,
              campaignId,
              p[0],
              p[1]);
      if (n != null && n > 0) {
        counter.settle(k, member);
      } else if (counter.undo(k, member)) {
        undone++;
      }
    }
    if (undone > 0) {
      log.warn(
          "Campaign {}: {} vote(s) counted in Redis but never written to the ledger were undone",
          campaignId,
          undone);
    }
    return undone;
  }
}
