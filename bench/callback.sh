#!/usr/bin/env bash
# Measures the WeChat callback against a separate empty Spring Boot app (bench/empty-app), plus
# start-up time and heap; PROFILE=prod on the local MariaDB + Redis. See bench/README.md.
# Only 127.0.0.1 is ever contacted.
#
#   bench/callback.sh
#
# Environment (all optional): DURATION (s per measured run, default 10), WARMUP (s, default 10),
# ROUNDS (baseline/step pairs, default 3), CONNECTIONS (32),
# THREADS (2), JAVA_OPTS (extra JVM options; empty by default, i.e. the README's run command),
# JAR (another build of wechat-app.jar to measure, e.g. an older commit's, for before/after),
# PROFILE (embedded, the default, or prod: local MariaDB + Redis, database index BENCH_REDIS_DB, 15).
set -euo pipefail

LUA="$(cd "$(dirname "$0")" && pwd)/callback.lua"
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"

start_measured_app
ROWS_BEFORE=$(count_rows)

echo "== warm-up: ${WARMUP} s callback, ${WARMUP} s baseline"
run_wrk warmcallback callback "$WARMUP"
run_wrk warmbase ruler "$WARMUP"

heap_used_kb() { jcmd "$SERVER_PID" GC.heap_info | awk '/ heap .*used/ { for (i = 1; i <= NF; i++) if ($i == "used") { sub(/K,?$/, "", $(i+1)); print $(i+1); exit } }'; }
HEAP_MB=$(( $(heap_used_kb) / 1024 ))
jcmd "$SERVER_PID" GC.run >/dev/null
LIVE_MB=$(( $(heap_used_kb) / 1024 ))
HEAP_COMMITTED_MB=$(( $(jcmd "$SERVER_PID" GC.heap_info | awk '/ heap .*total/ { for (i = 1; i <= NF; i++) if ($i == "total") { sub(/K,?$/, "", $(i+1)); print $(i+1); exit } }') / 1024 ))
echo "   heap after warm-up: ${HEAP_MB} MB used, ${LIVE_MB} MB live after a full GC, ${HEAP_COMMITTED_MB} MB committed after that GC"

measure_step callback
{
  report_head callback
  echo "  startup to healthy: ${STARTUP_MS} ms   (target < 6000 ms: $(verdict "$STARTUP_MS < 6000"))"
  echo "  heap used after warm-up: ${HEAP_MB} MB (live after full GC ${LIVE_MB} MB, committed after that GC ${HEAP_COMMITTED_MB} MB)   (target < 512 MB: $(verdict "$HEAP_MB < 512"))"
  echo "  durability: wx_inbound +${GREW} rows >= ${ACCEPTED} callbacks answered 200"
  figure "start-up to healthy (ms)" "$STARTUP_MS" "< 6000" "$(verdict "$STARTUP_MS < 6000")"
  figure "heap used after warm-up (MB)" "$HEAP_MB" "< 512" "$(verdict "$HEAP_MB < 512")"
} | tee "$OUT/summary.txt"
echo "  (wrk output and app log in bench/out/$STAMP/)"
