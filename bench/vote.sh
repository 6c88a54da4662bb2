#!/usr/bin/env bash
# Votes by message through /wx/portal ("投票 <campaign>-<n>", every one counted) against the
# in-app baseline (/bench/empty, the same signed request), then a recount of the live Redis counts
# against the ledger, which must match exactly. See bench/README.md. Only 127.0.0.1 is contacted.
#
#   bench/vote.sh
#
# Environment (all optional): DURATION, WARMUP, ROUNDS, CONNECTIONS, THREADS, JAVA_OPTS, JAR as in
# callback.sh. BASELINE_JAR: a separate minimal Spring Boot app to measure as the baseline instead
# of /bench/empty (it must answer POST /bench/empty with "success"), started on its own port.
set -euo pipefail

LUA="$(cd "$(dirname "$0")" && pwd)/vote.lua"
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=bench/vote-lib.sh
. "$(dirname "$0")/vote-lib.sh"

# The admin's password as a system property (lib.sh starts the jar with JAVA_OPTS before -jar).
JAVA_OPTS="$JAVA_OPTS -Dunion.admin.password=$BENCH_ADMIN_PASSWORD"
start_measured_app
make_campaign
echo "   campaign $CAMPAIGN with 10 candidates"

if [ -n "${BASELINE_JAR:-}" ]; then
  # The baseline runs against the separate app: run_wrk's "empty" mode is pointed at its port.
  BASELINE_PORT=$(free_port)
  echo "== starting the baseline app $BASELINE_JAR on port $BASELINE_PORT"
  (exec "${CLEAN_ENV[@]}" SERVER_PORT="$BASELINE_PORT" java -jar "$BASELINE_JAR" >"$OUT/baseline-app.log" 2>&1) &
  BASELINE_PID=$!
  trap 'kill "$BASELINE_PID" 2>/dev/null || true; cleanup' EXIT INT TERM
  until [ "$(curl -s -X POST "http://127.0.0.1:$BASELINE_PORT/bench/empty" 2>/dev/null || true)" = success ]; do
    kill -0 "$BASELINE_PID" 2>/dev/null || fail "the baseline app exited during start-up"
    sleep 0.1
  done
  eval "$(declare -f run_wrk | sed '1s/run_wrk/run_wrk_app/')"
  run_wrk() {
    if [ "$2" = empty ]; then
      local app_base=$BASE
      BASE="http://127.0.0.1:$BASELINE_PORT"
      run_wrk_app "$@"
      BASE=$app_base
    else
      run_wrk_app "$@"
    fi
  }
fi
ROWS_BEFORE=$(count_rows)

echo "== warm-up: ${WARMUP} s vote, ${WARMUP} s baseline"
run_wrk warmvote vote "$WARMUP"
run_wrk warmbase empty "$WARMUP"
measure_step vote
recount false
{
  report_head vote
  echo "  accepted votes (answered 投票成功): $ACCEPTED; ledger: $LEDGER_VOTES; live (Redis): $LIVE_VOTES; recount matches: $MATCHES"
} | tee "$OUT/summary.txt"
[ "$MATCHES" = true ] || fail "the live counts do not match the ledger"
[ "$LEDGER_VOTES" -ge "$ACCEPTED" ] || fail "the ledger holds $LEDGER_VOTES votes but $ACCEPTED were answered 投票成功"
echo "  (wrk output and app log in bench/out/$STAMP/)"
