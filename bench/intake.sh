#!/usr/bin/env bash
# Measures the first step of a help-request intake (我要求助 from a new worker) through the WeChat
# callback against the empty endpoint of the same app, in the same run. See bench/README.md.
# Only 127.0.0.1 is ever contacted.
#
#   bench/intake.sh
#
# Environment (all optional): DURATION (s, default 20), WARMUP (s, default 5), CONNECTIONS (32),
# THREADS (2), JAVA_OPTS, JAR (another build of wechat-app.jar).
set -euo pipefail

LUA="$(cd "$(dirname "$0")" && pwd)/intake.lua"
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"

start_measured_app
ROWS_BEFORE=$(count_rows)

echo "== warm-up: ${WARMUP} s intake, ${WARMUP} s baseline"
run_wrk warmin intake "$WARMUP"
run_wrk warmbase empty "$WARMUP"

echo "== measuring: ${DURATION} s each, $CONNECTIONS connections, $THREADS threads"
run_wrk baseline empty "$DURATION"
run_wrk intake intake "$DURATION"

ACCEPTED=$((warmin_ok200 + intake_ok200))
check_rows_grew "$ROWS_BEFORE" "$ACCEPTED"

RATIO=$(ratio "$intake_rps" "$baseline_rps")
{
  echo
  echo "intake benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(java -version 2>&1 | head -1)"
  echo "  load: wrk ${THREADS} threads, ${CONNECTIONS} connections, ${DURATION} s after ${WARMUP} s warm-up; JAVA_OPTS='${JAVA_OPTS}'"
  print_pair intake
  echo "  ratio intake/baseline req/s: $RATIO   (target >= 0.5: $(verdict "$RATIO >= 0.5"))"
  echo "  intake p99: ${intake_p99_ms} ms   (target < 50 ms: $(verdict "$intake_p99_ms < 50"))"
  echo "  durability: wx_inbound +${GREW} rows >= ${ACCEPTED} intake steps answered 200"
} | tee "$OUT/summary.txt"
echo "  (wrk output and app log in bench/out/$STAMP/)"
