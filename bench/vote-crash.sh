#!/usr/bin/env bash
# kill -9 in the middle of a burst of votes, then start again on the same database: nothing that
# was answered 投票成功 is lost, nothing is counted twice, and the live counts (rebuilt from the
# ledger, since the embedded Redis dies with the server) match the ledger exactly. Then WeChat's
# retries of the whole burst (the same MsgIds again) add only votes that were never answered.
# Only 127.0.0.1 is contacted.
#
#   bench/vote-crash.sh
#
# Environment (optional): BURST (s of load, default 15), KILL_AFTER (s into the burst, default 5),
# CONNECTIONS, THREADS, JAR as in callback.sh.
set -euo pipefail

LUA="$(cd "$(dirname "$0")" && pwd)/vote.lua"
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=bench/vote-lib.sh
. "$(dirname "$0")/vote-lib.sh"
BURST=${BURST:-15}
KILL_AFTER=${KILL_AFTER:-5}

start_measured_app
make_campaign
echo "   campaign $CAMPAIGN with 10 candidates"

# burst NAME TAG SECONDS: wrk without run_wrk's all-must-succeed check; sets NAME_field=value
burst() {
  local name=$1 tag=$2 secs=$3 line kv
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${secs}s" --timeout 5s -s "$LUA" "$BASE" -- vote "$tag" "$TOKEN" \
    >"$OUT/wrk-$name.txt" 2>&1 || true
  line=$(grep '^BENCH ' "$OUT/wrk-$name.txt") || { cat "$OUT/wrk-$name.txt" >&2; fail "no result from wrk ($name)"; }
  for kv in ${line#BENCH }; do
    eval "${name}_${kv%%=*}=${kv#*=}"
  done
}

# The JVM that answers on the port is the one to kill (behind the jar's launcher it is a child JVM).
listener() { ss -ltnpH "sport = :$PORT" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2; }
SERVER_PID=$(listener)
[ -n "$SERVER_PID" ] || fail "no process listens on port $PORT"
TAG="$(date +%s)1"
echo "== burst of ${BURST} s; kill -9 of the server (and its embedded Redis) after ${KILL_AFTER} s"
REDIS_PIDS=$(pgrep -P "$SERVER_PID" redis-server || true)
burst crash "$TAG" "$BURST" &
WRK_PID=$!
sleep "$KILL_AFTER"
kill -9 "$SERVER_PID"
echo "   killed the server JVM (pid $SERVER_PID) with SIGKILL"
# shellcheck disable=SC2086
[ -z "$REDIS_PIDS" ] || kill -9 $REDIS_PIDS 2>/dev/null || true
wait "$WRK_PID" || true
crash_requests=0; crash_ok200=0; crash_badbody=0; crash_non200=0; crash_read=0; crash_timeout=0
line=$(grep '^BENCH ' "$OUT/wrk-crash.txt") || fail "no result from the burst"
for kv in ${line#BENCH }; do eval "crash_${kv%%=*}=${kv#*=}"; done
# A request the kill cut after it was sent ends as a read error (or a timeout) in wrk, never as a
# request: the server may have counted it without its answer leaving. Writes that failed never
# reached a server.
UNANSWERED=$((crash_read + crash_timeout))
echo "   answered 投票成功: $crash_ok200; other answers: $((crash_badbody + crash_non200)); requests without an answer (cut by the kill): $UNANSWERED"
stop_app
for _ in $(seq 1 100); do [ -z "$(listener)" ] && break; sleep 0.2; done
[ -z "$(listener)" ] || fail "port $PORT is still held by $(listener) after the kill"

echo "== starting again on the same database (a fresh embedded Redis)"
start_app "$WORK/app" "$JAR" $JAVA_OPTS
echo "   ready after $STARTUP_MS ms"
recount false
echo "   ledger $LEDGER_VOTES, live $LIVE_VOTES (rebuilt from the ledger), matches: $MATCHES"
LOST=$((crash_ok200 > LEDGER_VOTES ? crash_ok200 - LEDGER_VOTES : 0))
EXTRA=$((LEDGER_VOTES - crash_ok200))

echo "== WeChat's retries: the burst's messages again, same MsgIds, for ${KILL_AFTER} s"
burst replay "$TAG" "$KILL_AFTER"
BEFORE_REPLAY=$LEDGER_VOTES
recount false
GREW=$((LEDGER_VOTES - BEFORE_REPLAY))
# Counted twice: more votes in the ledger than requests that could have cast one (each request, by
# its MsgId, casts at most one: those answered 投票成功 and those cut by the kill without an answer).
DOUBLED=$((LEDGER_VOTES > crash_ok200 + UNANSWERED ? LEDGER_VOTES - crash_ok200 - UNANSWERED : 0))
{
  echo
  echo "vote crash test, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores"
  echo "  burst: wrk ${THREADS} threads, ${CONNECTIONS} connections, kill -9 after ${KILL_AFTER} s of ${BURST} s"
  echo "  answered 投票成功 before the kill: $crash_ok200; cut without an answer: $UNANSWERED"
  echo "  ledger after restart: $BEFORE_REPLAY   (lost: $LOST, target 0: $(verdict "$LOST == 0"))"
  echo "  counted but never answered (cut mid-flight): $EXTRA   (target <= $UNANSWERED: $(verdict "$EXTRA <= $UNANSWERED"))"
  echo "  retries of the burst: $replay_requests sent, $replay_ok200 answered 投票成功; ledger grew by $GREW"
  echo "  live counts match the ledger: $MATCHES"
  echo "  lost: $LOST   doubled: $DOUBLED"
  echo "  load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$OUT/summary.txt"
figure "votes answered but lost after kill -9" "$LOST" "0" "$(verdict "$LOST == 0")"
figure "votes counted twice" "$DOUBLED" "0" "$(verdict "$DOUBLED == 0")"
figure "live counts = ledger after restart" "$MATCHES" "true" "$(verdict "\"$MATCHES\" == \"true\"")"
[ "$LOST" -eq 0 ] || fail "$LOST votes answered 投票成功 are missing from the ledger"
[ "$EXTRA" -le "$UNANSWERED" ] || fail "the ledger holds $EXTRA votes more than were answered or cut"
[ "$DOUBLED" -eq 0 ] || fail "$DOUBLED votes were counted twice"
[ "$MATCHES" = true ] || fail "the live counts do not match the ledger"
echo "  (wrk output and app logs in bench/out/$STAMP/)"
