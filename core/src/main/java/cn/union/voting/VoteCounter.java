package cn.union.voting;

import cn.union.platform.Coalescer;
import cn.union.platform.RedisPipeline;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.redisson.api.BatchOptions;
import org.redisson.api.RBatch;
import org.redisson.api.RScoredSortedSet;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.RedisException;
import org.redisson.client.codec.StringCodec;
import org.redisson.client.protocol.ScoredEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
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
class VoteCounter implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(VoteCounter.class);

  /** Votes in one script run at most; more waiting go in the next. */
  static final int MAX_BATCH = 128;

  /**
   * Votes waiting to be counted at most; beyond it a vote fails at once, as when Redis does not
   * answer.
   */
  static final int MAX_WAITING = 20_000;

  static final Duration DAY_KEY_TTL = Duration.ofHours(50);
  static final Duration SOURCE_TTL = Duration.ofHours(25);

  // One vote, as a function of its keys K and arguments A:
  // K: state, voter-day, src, rank, burst, flag, pending[, per-voter counter, per-address counter]
  // A: now-ms, candidate id, day-key ttl s, src ttl s, pending prefix (voter|source), day,
  // wall-clock ms[, per-voter limit, per-address limit, window s]
  // A request over a rate limit is answered LIMITED and leaves no trace but the counters, so a
  // retry of it later is counted; a repeat of a request already answered is not counted again.
  //
  // The script runs the votes of a batch in order: ARGV[1] is their number, then for each vote
  // its number of keys, its number of arguments and the arguments; KEYS are the votes' keys one
  // after the other. It answers two strings a vote: its kind and its result.
  private static final String VOTES =
      """
      local function vote(K, A)
        local st = redis.call('HMGET', K[1], 'status', 'start', 'end', 'perDay', 'perCand', 'burst')
        if not st[1] or st[1] == 'REBUILDING' then return 'REBUILD', '' end
        local prev = redis.call('GET', K[3])
        if prev then return 'REPEAT', prev end
        for i = 8, #K do
          local hits = redis.call('INCR', K[i])
          if hits == 1 then redis.call('EXPIRE', K[i], A[10]) end
          if hits > tonumber(A[i]) then return 'LIMITED', 'RATE_LIMITED' end
        end
        local now = tonumber(A[1])
        local result
        if st[1] ~= 'OPEN' then result = st[1]
        elseif now < tonumber(st[2]) then result = 'NOT_STARTED'
        elseif now >= tonumber(st[3]) then result = 'ENDED'
        else
          local cand = A[2]
          local counts = redis.call('HMGET', K[2], 't', 'c' .. cand)
          local total = tonumber(counts[1] or '0')
          local mine = tonumber(counts[2] or '0')
          if total >= tonumber(st[4]) then result = 'DAY_LIMIT:' .. total
          elseif mine >= tonumber(st[5]) then result = 'CANDIDATE_LIMIT:' .. total
          else
            local burst = redis.call('INCR', K[5])
            if burst == 1 then redis.call('EXPIRE', K[5], 120) end
            local flagged = burst > tonumber(st[6])
            redis.call('HINCRBY', K[2], 't', 1)
            redis.call('HINCRBY', K[2], 'c' .. cand, 1)
            local seq = redis.call('HINCRBY', K[2], 's' .. cand, 1)
            redis.call('EXPIRE', K[2], A[3])
            local f = '0'
            if flagged then
              redis.call('ZINCRBY', K[6], 1, cand)
              f = '1'
              result = 'FLAGGED:' .. (total + 1) .. ':' .. seq .. ':' .. A[6] .. ':' .. burst
            else
              redis.call('ZINCRBY', K[4], 1, cand)
              result = 'COUNTED:' .. (total + 1) .. ':' .. seq .. ':' .. A[6] .. ':' .. burst
            end
            redis.call('ZADD', K[7], tonumber(A[7]), A[5] .. '|' .. cand .. '|' .. A[6] .. '|' .. seq .. '|' .. f)
          end
        end
        redis.call('SET', K[3], result, 'EX', A[4])
        return 'NEW', result
      end
      local out = {}
      local k, a = 0, 1
      for v = 1, tonumber(ARGV[1]) do
        local nk, na = tonumber(ARGV[a + 1]), tonumber(ARGV[a + 2])
        a = a + 2
        local K, A = {}, {}
        for i = 1, nk do K[i] = KEYS[k + i] end
        for i = 1, na do A[i] = ARGV[a + i] end
        k, a = k + nk, a + na
        -- a vote that fails (a key of the wrong type, say) fails alone: the others still go
        local ok, kind, result = pcall(vote, K, A)
        if not ok then
          kind, result = 'ERROR', type(kind) == 'table' and tostring(kind.err) or tostring(kind)
        end
        out[#out + 1] = kind
        out[#out + 1] = result
      end
      return out
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

  /**
   * How long a vote waits for Redis's answer. Past it the vote fails; should Redis count it after
   * all, the vote has no ledger row and the orphan sweep undoes it.
   */
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final RedissonClient redisson;
  private final Coalescer<Call> calls;

  VoteCounter(RedissonClient redisson) {
    this.redisson = redisson;
    this.calls =
        new Coalescer<>(
            "vote counting",
            MAX_BATCH,
            MAX_WAITING,
            this::send,
            VoteCounter::refuse,
            RedisException::new);
  }

  /** Refuses new votes and waits, within limits, for the batch under way to be answered. */
  @Override
  public void destroy() throws InterruptedException {
    if (!calls.stop(WAIT)) {
      log.warn("Redis did not answer the last {} votes to count within {}", calls.waiting(), WAIT);
    }
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

  /**
   * Counts one vote (or finds the request answered before, or refuses it), atomically in Redis. The
   * votes of all threads that meet go to Redis together ({@link Coalescer}), one script run per
   * campaign for the batch; each caller waits for its own vote's answer only.
   */
  Counted vote(
      String k,
      String voter,
      String source,
      long candidateId,
      LocalDate day,
      Instant now,
      Limits limits) {
    long minute = now.getEpochSecond() / 60;
    List<String> keys = new ArrayList<>(9);
    keys.add(state(k));
    keys.add(voterDay(k, day, voter));
    keys.add(src(k, voter, source));
    keys.add(rank(k));
    keys.add(burst(k, candidateId, minute));
    keys.add(flag(k));
    keys.add(pending(k));
    List<String> args = new ArrayList<>(10);
    args.add(Long.toString(now.toEpochMilli()));
    args.add(Long.toString(candidateId));
    args.add(Long.toString(DAY_KEY_TTL.toSeconds()));
    args.add(Long.toString(SOURCE_TTL.toSeconds()));
    args.add(voter + "|" + source);
    args.add(day.toString());
    args.add(Long.toString(System.currentTimeMillis()));
    if (limits != null) {
      keys.addAll(limits.keys(k, now));
      args.add(Integer.toString(limits.perVoter()));
      args.add(Integer.toString(limits.perAddress()));
      args.add(Long.toString(limits.window().toSeconds() * 2));
    }
    Call call = new Call(k, keys, args, new CompletableFuture<>());
    calls.submit(call);
    return RedisPipeline.await(call.done(), WAIT);
  }

  /** Script runs of batches sent so far (a batch of votes of several campaigns is one). */
  long batches() {
    return calls.batches();
  }

  /** One vote waiting to go to Redis: its campaign's key prefix, keys and arguments. */
  private record Call(
      String k, List<String> keys, List<String> args, CompletableFuture<Counted> done) {}

  /**
   * Sends a batch of votes: one script run per campaign (a run's keys must share the campaign's
   * hash slot), the votes in the order they came.
   */
  private CompletionStage<?> send(List<Call> batch) {
    Map<String, List<Call>> byCampaign = new LinkedHashMap<>();
    for (Call c : batch) {
      // a vote whose caller gave up waiting was answered "not counted": it is not sent
      if (!c.done().isDone()) {
        byCampaign.computeIfAbsent(c.k(), x -> new ArrayList<>()).add(c);
      }
    }
    RScript script = redisson.getScript(StringCodec.INSTANCE);
    List<CompletableFuture<?>> runs = new ArrayList<>(byCampaign.size());
    for (List<Call> votes : byCampaign.values()) {
      List<Object> keys = new ArrayList<>(votes.size() * 9);
      List<Object> args = new ArrayList<>(votes.size() * 12 + 1);
      args.add(Integer.toString(votes.size()));
      for (Call c : votes) {
        keys.addAll(c.keys());
        args.add(Integer.toString(c.keys().size()));
        args.add(Integer.toString(c.args().size()));
        args.addAll(c.args());
      }
      CompletableFuture<List<Object>> run =
          script
              .<List<Object>>evalAsync(
                  RScript.Mode.READ_WRITE, VOTES, RScript.ReturnType.LIST, keys, args.toArray())
              .toCompletableFuture();
      runs.add(
          run.handle(
              (out, failure) -> {
                answer(votes, out, failure);
                return null;
              }));
    }
    return CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new));
  }

  private static void answer(List<Call> votes, List<Object> out, Throwable failure) {
    if (failure == null && (out == null || out.size() != votes.size() * 2)) {
      failure =
          new RedisException(
              "the vote script answered "
                  + (out == null ? "nothing" : out.size() + " values")
                  + " for "
                  + votes.size()
                  + " votes");
    }
    for (int i = 0; i < votes.size(); i++) {
      if (failure != null) {
        votes.get(i).done().completeExceptionally(RedisPipeline.described(failure));
      } else if ("ERROR".equals(String.valueOf(out.get(2 * i)))) {
        votes
            .get(i)
            .done()
            .completeExceptionally(
                new RedisException("the vote script failed: " + out.get(2 * i + 1)));
      } else {
        votes
            .get(i)
            .done()
            .complete(
                new Counted(String.valueOf(out.get(2 * i)), String.valueOf(out.get(2 * i + 1))));
      }
    }
  }

  /** Nothing of the batch was sent (the client is shutting down, say): its votes hear it now. */
  private static void refuse(List<Call> batch, RuntimeException e) {
    RedisException error = RedisPipeline.described(e);
    for (Call c : batch) {
      c.done().completeExceptionally(error);
    }
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
