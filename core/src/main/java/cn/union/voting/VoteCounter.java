package cn.union.voting;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.redisson.api.BatchOptions;
import org.redisson.api.RBatch;
import org.redisson.api.RScoredSortedSet;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.client.protocol.ScoredEntry;
import org.springframework.stereotype.Component;

/**
 * The live counts in Redis. One Lua script checks a vote against the campaign's state and the
 * voter's counts of the day and counts it, atomically, so many nodes and threads voting at once
 * never pass a limit; another undoes a vote whose ledger write did not happen.
 *
 * <p>Keys of a campaign share the hash tag {@code {vote:<id>.<created>}} ({@link #key}): {@code
 * state} (hash: status, window, limits; its absence means the counts must be rebuilt from the
 * ledger), {@code d:<day>:<voter>} (hash: {@code t} votes today, {@code c<id>} votes for a
 * candidate, {@code s<id>} the highest sequence number given out), {@code src:<voter>:<source>}
 * (the result given to a request, so a retry gets the same), {@code rank} and {@code flag} (sorted
 * sets of counted and flagged votes per candidate), {@code b:<id>:<minute>} (burst counter) and
 * {@code pending} (votes counted here whose ledger write has not been confirmed, scored by time).
 */
@Component
class VoteCounter {

  static final Duration DAY_KEY_TTL = Duration.ofHours(50);
  static final Duration SOURCE_TTL = Duration.ofHours(25);

  // KEYS: state, voter-day, src, rank, burst, flag, pending[, per-voter counter, per-address
  // counter]
  // ARGV: now-ms, candidate id, day-key ttl s, src ttl s, pending prefix (voter|source), day,
  // wall-clock ms[, per-voter limit, per-address limit, window s]
  // A request over a rate limit is answered LIMITED and leaves no trace but the counters, so a
  // retry of it later is counted; a repeat of a request already answered is not counted again.
  private static final String VOTE =
      """
      local st = redis.call('HMGET', KEYS[1], 'status', 'start', 'end', 'perDay', 'perCand', 'burst')
      if not st[1] or st[1] == 'REBUILDING' then return {'REBUILD', ''} end
      local prev = redis.call('GET', KEYS[3])
      if prev then return {'REPEAT', prev} end
      for i = 8, #KEYS do
        local hits = redis.call('INCR', KEYS[i])
        if hits == 1 then redis.call('EXPIRE', KEYS[i], ARGV[10]) end
        if hits > tonumber(ARGV[i]) then return {'LIMITED', 'RATE_LIMITED'} end
      end
      local now = tonumber(ARGV[1])
      local result
      if st[1] ~= 'OPEN' then result = st[1]
      elseif now < tonumber(st[2]) then result = 'NOT_STARTED'
      elseif now >= tonumber(st[3]) then result = 'ENDED'
      else
        local cand = ARGV[2]
        local counts = redis.call('HMGET', KEYS[2], 't', 'c' .. cand)
        local total = tonumber(counts[1] or '0')
        local mine = tonumber(counts[2] or '0')
        if total >= tonumber(st[4]) then result = 'DAY_LIMIT:' .. total
        elseif mine >= tonumber(st[5]) then result = 'CANDIDATE_LIMIT:' .. total
        else
          local burst = redis.call('INCR', KEYS[5])
          if burst == 1 then redis.call('EXPIRE', KEYS[5], 120) end
          local flagged = burst > tonumber(st[6])
          redis.call('HINCRBY', KEYS[2], 't', 1)
          redis.call('HINCRBY', KEYS[2], 'c' .. cand, 1)
          local seq = redis.call('HINCRBY', KEYS[2], 's' .. cand, 1)
          redis.call('EXPIRE', KEYS[2], ARGV[3])
          local f = '0'
          if flagged then
            redis.call('ZINCRBY', KEYS[6], 1, cand)
            f = '1'
            result = 'FLAGGED:' .. (total + 1) .. ':' .. seq .. ':' .. ARGV[6] .. ':' .. burst
          else
            redis.call('ZINCRBY', KEYS[4], 1, cand)
            result = 'COUNTED:' .. (total + 1) .. ':' .. seq .. ':' .. ARGV[6] .. ':' .. burst
          end
          redis.call('ZADD', KEYS[7], tonumber(ARGV[7]), ARGV[5] .. '|' .. cand .. '|' .. ARGV[6] .. '|' .. seq .. '|' .. f)
        end
      end
      redis.call('SET', KEYS[3], result, 'EX', ARGV[4])
      return {'NEW', result}
      """;

  // KEYS: voter-day, src, rank, flag, pending   ARGV: candidate id, pending member, flagged (0/1)
  // Undoes a count exactly once: only the caller that removes the pending entry undoes it.
  private static final String UNDO =
      """
      if redis.call('ZREM', KEYS[5], ARGV[2]) == 0 then return 0 end
      redis.call('HINCRBY', KEYS[1], 't', -1)
      redis.call('HINCRBY', KEYS[1], 'c' .. ARGV[1], -1)
      if ARGV[3] == '1' then redis.call('ZINCRBY', KEYS[4], -1, ARGV[1])
      else redis.call('ZINCRBY', KEYS[3], -1, ARGV[1]) end
      redis.call('DEL', KEYS[2])
      return 1
      """;

  private final RedissonClient redisson;

  VoteCounter(RedissonClient redisson) {
    this.redisson = redisson;
  }

  /**
   * The key prefix of a campaign: its id and creation instant, so keys left in Redis by a database
   * that was since reset or replaced can never be taken for this campaign's.
   */
  static String key(Campaign c) {
    return "vote:{" + c.id() + "." + c.createdAt().toEpochMilli() + "}:";
  }

  static String state(String k) {
    return k + "state";
  }

  static String voterDay(String k, LocalDate day, String voter) {
    return k + "d:" + day + ":" + voter;
  }

  static String src(String k, String voter, String source) {
    return k + "src:" + voter + ":" + source;
  }

  static String rank(String k) {
    return k + "rank";
  }

  static String flag(String k) {
    return k + "flag";
  }

  static String pending(String k) {
    return k + "pending";
  }

  static String burst(String k, long candidateId, long minute) {
    return k + "b:" + candidateId + ":" + minute;
  }

  /**
   * Rate limits checked in the same script as the vote, so a vote costs one round trip: a fixed
   * window of {@code window} per voter and per client address. Their counters carry the campaign's
   * hash tag (the script's keys must share one slot), so the limits are per campaign.
   */
  record Limits(String voter, int perVoter, String address, int perAddress, Duration window) {

    /** The counters' keys for the window that holds {@code now}. */
    List<String> keys(String k, Instant now) {
      long window = now.getEpochSecond() / this.window.toSeconds();
      return List.of(k + "rl:v:" + voter + ":" + window, k + "rl:ip:" + address + ":" + window);
    }
  }

  /** The script's answer: {@code kind} NEW, REPEAT, LIMITED or REBUILD, and the result text. */
  record Counted(String kind, String result) {

    String code() {
      int colon = result.indexOf(':');
      return colon < 0 ? result : result.substring(0, colon);
    }

    /** For COUNTED/FLAGGED: votes today, seq, day, burst; for limits: votes today. */
    String[] parts() {
      return result.split(":");
    }
  }

  Counted vote(
      String k,
      String voter,
      String source,
      long candidateId,
      LocalDate day,
      Instant now,
      Limits limits) {
    long minute = now.getEpochSecond() / 60;
    List<Object> keys =
        new ArrayList<>(
            List.of(
                state(k),
                voterDay(k, day, voter),
                src(k, voter, source),
                rank(k),
                burst(k, candidateId, minute),
                flag(k),
                pending(k)));
    List<String> args =
        new ArrayList<>(
            List.of(
                Long.toString(now.toEpochMilli()),
                Long.toString(candidateId),
                Long.toString(DAY_KEY_TTL.toSeconds()),
                Long.toString(SOURCE_TTL.toSeconds()),
                voter + "|" + source,
                day.toString(),
                Long.toString(System.currentTimeMillis())));
    if (limits != null) {
      keys.addAll(limits.keys(k, now));
      args.add(Integer.toString(limits.perVoter()));
      args.add(Integer.toString(limits.perAddress()));
      args.add(Long.toString(limits.window().toSeconds() * 2));
    }
    List<Object> out =
        redisson
            .getScript(StringCodec.INSTANCE)
            .eval(RScript.Mode.READ_WRITE, VOTE, RScript.ReturnType.LIST, keys, args.toArray());
    return new Counted(String.valueOf(out.get(0)), String.valueOf(out.get(1)));
  }

  static String pendingMember(
      String voter, String source, long candidateId, LocalDate day, int seq, boolean flagged) {
    return voter
        + "|"
        + source
        + "|"
        + candidateId
        + "|"
        + day
        + "|"
        + seq
        + "|"
        + (flagged ? "1" : "0");
  }

  /** Undoes a counted vote whose pending entry is still there; true when this call undid it. */
  boolean undo(String k, String member) {
    String[] p = member.split("\\|");
    String voter = p[0];
    String source = p[1];
    long candidateId = Long.parseLong(p[2]);
    LocalDate day = LocalDate.parse(p[3]);
    List<Object> keys =
        List.of(voterDay(k, day, voter), src(k, voter, source), rank(k), flag(k), pending(k));
    Long n =
        redisson
            .getScript(StringCodec.INSTANCE)
            .eval(
                RScript.Mode.READ_WRITE,
                UNDO,
                RScript.ReturnType.LONG,
                keys,
                Long.toString(candidateId),
                member,
                p[5]);
    return n != null && n == 1;
  }

  /** The vote is in the ledger: it no longer waits for confirmation. */
  void settle(String k, String member) {
    redisson.getScoredSortedSet(pending(k), StringCodec.INSTANCE).removeAsync(member);
  }

  /**
   * The votes are in the ledger: one command for all of them. Not waited for; a settle that Redis
   * never got leaves the vote pending, and the orphan sweep settles it from the ledger.
   */
  void settleAll(String k, Collection<String> members) {
    redisson.getScoredSortedSet(pending(k), StringCodec.INSTANCE).removeAllAsync(members);
  }

  /**
   * Pending entries counted at or before the instant, to the millisecond (so an age of zero also
   * takes a vote counted in the sweep's own millisecond).
   */
  Collection<String> pendingBefore(String k, Instant before) {
    RScoredSortedSet<String> set = redisson.getScoredSortedSet(pending(k), StringCodec.INSTANCE);
    return set.valueRange(Double.NEGATIVE_INFINITY, true, before.toEpochMilli(), true);
  }

  int pendingCount(String k) {
    return redisson.getScoredSortedSet(pending(k), StringCodec.INSTANCE).size();
  }

  boolean built(String k) {
    return redisson.getMap(state(k), StringCodec.INSTANCE).isExists();
  }

  /**
   * Writes the campaign's rules into its state, when the counts are built (else the rebuild will).
   */
  void updateState(Campaign campaign) {
    var map = redisson.<String, String>getMap(state(key(campaign)), StringCodec.INSTANCE);
    if (map.isExists()) {
      map.putAll(stateOf(campaign));
    }
  }

  void markRebuilding(String k) {
    var map = redisson.<String, String>getMap(state(k), StringCodec.INSTANCE);
    if (map.isExists()) {
      map.fastPut("status", "REBUILDING");
    }
  }

  static Map<String, String> stateOf(Campaign c) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("status", c.status().name());
    m.put("start", Long.toString(c.startAt().toEpochMilli()));
    m.put("end", Long.toString(c.endAt().toEpochMilli()));
    m.put("perDay", Integer.toString(c.votesPerDay()));
    m.put("perCand", Integer.toString(c.votesPerCandidate()));
    m.put("burst", Integer.toString(c.burstPerMinute()));
    return m;
  }

  /** Per-candidate counts of one voter on one day, as the ledger has them. */
  record VoterDay(String voter, long candidateId, long votes, int maxSeq) {}

  /**
   * Replaces the campaign's counts with the ledger's: ranking, flagged, today's voter counts; the
   * state goes last, since its presence is what lets votes through again.
   */
  void rebuild(
      Campaign campaign,
      Map<Long, Long> counted,
      Map<Long, Long> flagged,
      LocalDate day,
      List<VoterDay> today) {
    String k = key(campaign);
    RBatch batch = redisson.createBatch(BatchOptions.defaults());
    batch.getKeys().deleteAsync(rank(k), flag(k), pending(k));
    for (var e : counted.entrySet()) {
      batch
          .getScoredSortedSet(rank(k), StringCodec.INSTANCE)
          .addAsync(e.getValue(), e.getKey().toString());
    }
    for (var e : flagged.entrySet()) {
      batch
          .getScoredSortedSet(flag(k), StringCodec.INSTANCE)
          .addAsync(e.getValue(), e.getKey().toString());
    }
    Map<String, Long> totals = new LinkedHashMap<>();
    for (VoterDay v : today) {
      var hash = batch.<String, String>getMap(voterDay(k, day, v.voter()), StringCodec.INSTANCE);
      hash.fastPutAsync("c" + v.candidateId(), Long.toString(v.votes()));
      hash.fastPutAsync("s" + v.candidateId(), Integer.toString(v.maxSeq()));
      totals.merge(v.voter(), v.votes(), Long::sum);
    }
    for (var e : totals.entrySet()) {
      var hash = batch.<String, String>getMap(voterDay(k, day, e.getKey()), StringCodec.INSTANCE);
      hash.fastPutAsync("t", Long.toString(e.getValue()));
      hash.expireAsync(DAY_KEY_TTL);
    }
    batch.execute();
    redisson.<String, String>getMap(state(k), StringCodec.INSTANCE).putAll(stateOf(campaign));
  }

  /** Counted and flagged votes per candidate, live. */
  Map<Long, Long> live(String k, boolean flagged) {
    Map<Long, Long> out = new LinkedHashMap<>();
    for (ScoredEntry<String> e :
        redisson
            .<String>getScoredSortedSet(flagged ? flag(k) : rank(k), StringCodec.INSTANCE)
            .entryRangeReversed(0, -1)) {
      out.put(Long.parseLong(e.getValue()), Math.round(e.getScore()));
    }
    return out;
  }
}
