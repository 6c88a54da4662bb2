#!/usr/bin/env bash
# 最美职工 voting under load, on the prod profile (a fresh MariaDB database on 127.0.0.1:3306, Redis
# 6379 database BENCH_REDIS_DB): votes through the H5 page's endpoint (POST
# /h5/api/campaigns/<id>/votes, each with its own Idempotency-Key, from SESSIONS signed-in voters)
# against the separate empty app (bench/empty-app, JVM defaults) in the same run; then votes by
# message ("投票 <campaign>-<n>", signed, through /wx/portal); then the recount: the live Redis counts
# must equal the ledger exactly, and the ledger must hold every vote answered as counted.
# See bench/README.md. Only 127.0.0.1 is contacted.
#
#   bench/vote.sh                      # 60 s of each, sustained
#   DURATION=20 WARMUP=5 bench/vote.sh # a shorter trial
#
# Environment (all optional): DURATION (s per measured run, 60), WARMUP (s, 15), ROUNDS (1),
# CONNECTIONS, THREADS, JAVA_OPTS, JAR as in callback.sh; SESSIONS (H5 voters, 20000);
# BENCH_REDIS_DB (13).
set -euo pipefail

PROFILE=${PROFILE:-prod}
BENCH_REDIS_DB=${BENCH_REDIS_DB:-13}
DURATION=${DURATION:-60}
WARMUP=${WARMUP:-15}
ROUNDS=${ROUNDS:-1}
SESSIONS=${SESSIONS:-20000}
HERE="$(cd "$(dirname "$0")" && pwd)"
LUA="$HERE/vote-h5.lua"
# shellcheck source=bench/lib.sh
. "$HERE/lib.sh"
# shellcheck source=bench/vote-lib.sh
. "$HERE/vote-lib.sh"
[ "$PROFILE" = prod ] || fail "bench/vote.sh measures the prod profile (MariaDB + Redis)"
TARGET_RATIO=0.5
# Every request of the load comes from 127.0.0.1, and each voter votes many times a minute: the H5
# page's per-address and per-voter minute limits (600 and 30 by default) would refuse most of it.
JAVA_OPTS="$JAVA_OPTS -Dunion.voting.h5-votes-per-minute-per-ip=2000000000 -Dunion.voting.h5-votes-per-minute-per-voter=1000000"

start_measured_app
make_campaign
make_sessions "$SESSIONS"
echo "   campaign $CAMPAIGN with 10 candidates; $SESSIONS voters signed in to the H5 page"

# A cold server answers its first requests slowly; at many connections some would pass wrk's 5 s
# timeout and fail the run before any figure. A few seconds at 8 connections first.
echo "== priming: 5 s of H5 votes at 8 connections"
ALL_CONNECTIONS=$CONNECTIONS
CONNECTIONS=8 run_wrk primeh5 h5 5
CONNECTIONS=$ALL_CONNECTIONS
echo "== warm-up: ${WARMUP} s H5 votes, ${WARMUP} s baseline"
run_wrk warmh5 h5 "$WARMUP"
run_wrk warmbase ruler "$WARMUP"
CHECK_INBOUND=0 measure_step h5
H5_ACCEPTED=$((ACCEPTED + primeh5_ok200))
recount false
[ "$MATCHES" = true ] || fail "after the H5 load the live counts do not match the ledger"
# wrk stops mid-request: up to CONNECTIONS requests a run may be counted with their answer unread.
CUT=$((8 + CONNECTIONS * (ROUNDS + 1)))
[ "$LEDGER_VOTES" -ge "$H5_ACCEPTED" ] || fail "the ledger holds $LEDGER_VOTES votes but $H5_ACCEPTED were answered counted"
[ $((LEDGER_VOTES - H5_ACCEPTED)) -le "$CUT" ] || fail "the ledger holds $((LEDGER_VOTES - H5_ACCEPTED)) votes more than answered"
H5_LEDGER=$LEDGER_VOTES

echo "== votes by message through /wx/portal: ${DURATION} s"
LUA="$HERE/vote.lua"
ROWS_BEFORE=$(count_rows)
run_wrk msg vote "$DURATION"
check_rows_grew "$ROWS_BEFORE" "$msg_ok200"
recount false
MSG_LEDGER=$((LEDGER_VOTES - H5_LEDGER))
[ "$MATCHES" = true ] || fail "after the messages the live counts do not match the ledger"
[ "$MSG_LEDGER" -ge "$msg_ok200" ] || fail "the ledger grew by $MSG_LEDGER votes but $msg_ok200 messages were answered 投票成功"
[ $((MSG_LEDGER - msg_ok200)) -le "$CONNECTIONS" ] || fail "the ledger grew by $((MSG_LEDGER - msg_ok200)) votes more than answered"
DB_ROWS=$(ledger_rows)
{
  report_head h5
  echo "  H5 votes answered counted: $H5_ACCEPTED; in the ledger: $H5_LEDGER (the difference: requests wrk cut at the end of a run, at most $CUT)"
  printf '  by message (/wx/portal, 投票 <n>): %.1f votes/s, p50 %.2f ms, p99 %.2f ms, ratio to the baseline %s; %d answered 投票成功, ledger +%d\n' \
    "$msg_rps" "$msg_p50_ms" "$msg_p99_ms" "$(ratio "$msg_rps" "$baseline_rps")" "$msg_ok200" "$MSG_LEDGER"
  echo "  recount: ledger $LEDGER_VOTES (vote_ledger rows $DB_ROWS), live (Redis) $LIVE_VOTES, matches: $MATCHES"
  figure "votes by message/baseline req/s" "$(ratio "$msg_rps" "$baseline_rps")" "-" "-"
  figure "recount: live counts = ledger" "$MATCHES" "true" "$(verdict "\"$MATCHES\" == \"true\"")"
  echo "  load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$OUT/summary.txt"
[ "$DB_ROWS" -eq "$LEDGER_VOTES" ] || fail "vote_ledger holds $DB_ROWS rows, the recount $LEDGER_VOTES"
echo "  (wrk output and app log in bench/out/$STAMP/)"
