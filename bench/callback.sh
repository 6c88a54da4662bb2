#!/usr/bin/env bash
# Measures the WeChat callback against an empty Spring MVC endpoint of the same app, plus
# start-up time and heap. See bench/README.md. Only 127.0.0.1 is ever contacted.
#
#   bench/callback.sh
#
# Environment (all optional): DURATION (s, default 20), WARMUP (s, default 5), CONNECTIONS (32),
# THREADS (2), JAVA_OPTS (extra JVM options; empty by default, i.e. the README's run command),
# CDS=1 (also measure start-up of the extracted jar with an AppCDS archive; adds about a minute),
# JAR (another build of wechat-app.jar to measure, e.g. an older commit's, for before/after).
set -euo pipefail

LUA="$(cd "$(dirname "$0")" && pwd)/callback.lua"
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"

CDS_MS=""
if [ "${CDS:-0}" = 1 ]; then
  # Optional: the same jar extracted (java -Djarmode=tools ... extract) and started with an AppCDS
  # archive made by a training run. Not needed by the README's command; measured for comparison.
  echo "== AppCDS: extracting the jar and recording a class archive (training run)"
  java -Djarmode=tools -jar "$JAR" extract --destination "$WORK/cds" >/dev/null
  (mkdir -p "$WORK/train" && cd "$WORK/train" && "${CLEAN_ENV[@]}" SERVER_PORT="$PORT" java -XX:ArchiveClassesAtExit="$WORK/cds/app.jsa" -Dspring.context.exit=onRefresh \
    -jar "$WORK/cds/wechat-app.jar" >"$WORK/train/app.log" 2>&1) || { tail -30 "$WORK/train/app.log" >&2; fail "CDS training run failed"; }
  # shellcheck disable=SC2086
  start_app "$WORK/cds-run" "$WORK/cds/wechat-app.jar" -XX:SharedArchiveFile="$WORK/cds/app.jsa" $JAVA_OPTS
  CDS_MS=$STARTUP_MS
  echo "   extracted jar + AppCDS: ready after $CDS_MS ms"
  stop_app
fi

start_measured_app
ROWS_BEFORE=$(count_rows)

echo "== warm-up: ${WARMUP} s callback, ${WARMUP} s baseline"
run_wrk warmcb callback "$WARMUP"
run_wrk warmbase empty "$WARMUP"

heap_used_kb() { jcmd "$APP_PID" GC.heap_info | awk '/ heap .*used/ { for (i = 1; i <= NF; i++) if ($i == "used") { sub(/K,?$/, "", $(i+1)); print $(i+1); exit } }'; }
HEAP_MB=$(( $(heap_used_kb) / 1024 ))
jcmd "$APP_PID" GC.run >/dev/null
LIVE_MB=$(( $(heap_used_kb) / 1024 ))
HEAP_COMMITTED_MB=$(( $(jcmd "$APP_PID" GC.heap_info | awk '/ heap .*total/ { for (i = 1; i <= NF; i++) if ($i == "total") { sub(/K,?$/, "", $(i+1)); print $(i+1); exit } }') / 1024 ))
echo "   heap after warm-up: ${HEAP_MB} MB used, ${LIVE_MB} MB live after a full GC, ${HEAP_COMMITTED_MB} MB committed after that GC"

echo "== measuring: ${DURATION} s each, $CONNECTIONS connections, $THREADS threads"
run_wrk baseline empty "$DURATION"
run_wrk callback callback "$DURATION"

# --- durability check --------------------------------------------------------------------------
ACCEPTED=$((warmcb_ok200 + callback_ok200))
check_rows_grew "$ROWS_BEFORE" "$ACCEPTED"

# --- report ------------------------------------------------------------------------------------
RATIO=$(ratio "$callback_rps" "$baseline_rps")
{
  echo
  echo "callback benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(java -version 2>&1 | head -1)"
  echo "  load: wrk ${THREADS} threads, ${CONNECTIONS} connections, ${DURATION} s after ${WARMUP} s warm-up; JAVA_OPTS='${JAVA_OPTS}'"
  print_pair callback
  echo "  ratio callback/baseline req/s: $RATIO   (target >= 0.5: $(verdict "$RATIO >= 0.5"))"
  echo "  callback p99: ${callback_p99_ms} ms   (target < 50 ms: $(verdict "$callback_p99_ms < 50"))"
  echo "  startup to healthy: ${STARTUP_MS} ms   (target < 6000 ms: $(verdict "$STARTUP_MS < 6000"))"
  [ -z "$CDS_MS" ] || echo "  startup to healthy, extracted jar + AppCDS (optional): ${CDS_MS} ms   (target < 6000 ms: $(verdict "$CDS_MS < 6000"))"
  echo "  heap used after warm-up: ${HEAP_MB} MB (live after full GC ${LIVE_MB} MB, committed after that GC ${HEAP_COMMITTED_MB} MB)   (target < 512 MB: $(verdict "$HEAP_MB < 512"))"
  echo "  durability: wx_inbound +${GREW} rows >= ${ACCEPTED} callbacks answered 200"
} | tee "$OUT/summary.txt"
echo "  (wrk output and app log in bench/out/$STAMP/)"
