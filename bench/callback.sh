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

cd "$(dirname "$0")/.."
ROOT=$(pwd)
JAR=${JAR:-"$ROOT/wechat-app/target/wechat-app.jar"}
LUA="$ROOT/bench/callback.lua"
DURATION=${DURATION:-20}
WARMUP=${WARMUP:-5}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
JAVA_OPTS=${JAVA_OPTS:-}
TOKEN=sandboxtoken

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# --- prerequisites -----------------------------------------------------------------------------
stale_sources() {
  [ -n "$(find pom.xml core admin-api wechat-app/pom.xml wechat-app/src/main sql templates -newer "$JAR" -type f 2>/dev/null | head -1)" ]
}
if [ "$JAR" = "$ROOT/wechat-app/target/wechat-app.jar" ] && { [ ! -f "$JAR" ] || stale_sources; }; then
  echo "== building $JAR"
  mvn -B -q -DskipTests package
fi
if ! command -v wrk >/dev/null; then
  echo "== installing wrk"
  apt-get install -y -q wrk >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q wrk >/dev/null; }
fi
command -v curl >/dev/null || fail "curl is needed"
command -v jcmd >/dev/null || fail "jcmd (JDK) is needed"

free_port() {
  local port
  for _ in $(seq 1 200); do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
  fail "no free port found"
}

LOAD=$(cut -d' ' -f1 /proc/loadavg)
if awk -v l="$LOAD" 'BEGIN { exit !(l > 0.5) }'; then
  echo "WARNING: load average is $LOAD before the run; other work on this machine will skew the figures" >&2
fi

STAMP=$(date -u +%Y%m%dT%H%M%SZ)
OUT="$ROOT/bench/out/$STAMP"
mkdir -p "$OUT"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/union-bench.XXXXXX")
PORT=$(free_port)
BASE="http://127.0.0.1:$PORT"
APP_PID=""

cleanup() {
  local rc=$?
  stop_app
  [ -f "$WORK/app/app.log" ] && cp "$WORK/app/app.log" "$OUT/app.log"
  rm -rf "$WORK"
  exit $rc
}
trap cleanup EXIT INT TERM

# --- start-up ----------------------------------------------------------------------------------
# start_app DIR JAR [JVM options...]: starts the embedded default (none of the configuration
# variables set, like the README's run command) in DIR; sets APP_PID and STARTUP_MS (launch to the
# first 200 from /actuator/health).
CLEAN_ENV=(env -u DB_URL -u DB_USER -u DB_PASSWORD -u REDIS_URL -u DATA_KEY -u WX_APPID -u WX_SECRET -u WX_TOKEN
  -u WX_AES_KEY -u WX_API_BASE -u ADMIN_USERNAME -u ADMIN_PASSWORD -u SPRING_PROFILES_ACTIVE)
start_app() {
  local dir=$1 jar=$2
  shift 2
  mkdir -p "$dir"
  # shellcheck disable=SC2086
  (cd "$dir" && exec "${CLEAN_ENV[@]}" SERVER_PORT="$PORT" java "$@" -jar "$jar" --union.bench.enabled=true \
    >"$dir/app.log" 2>&1) &
  APP_PID=$!
  local t0
  t0=$(date +%s%N)
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/actuator/health" 2>/dev/null || true)" = 200 ]; do
    kill -0 "$APP_PID" 2>/dev/null || { cat "$dir/app.log" >&2; fail "the app exited during start-up"; }
    [ $((($(date +%s%N) - t0) / 1000000000)) -lt 120 ] || { tail -50 "$dir/app.log" >&2; fail "not healthy after 120 s"; }
    sleep 0.05
  done
  STARTUP_MS=$((($(date +%s%N) - t0) / 1000000))
}

stop_app() {
  if [ -n "$APP_PID" ] && kill -0 "$APP_PID" 2>/dev/null; then
    kill "$APP_PID" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$APP_PID" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$APP_PID" 2>/dev/null || true
  fi
  APP_PID=""
}

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

echo "== starting the app on port $PORT in $WORK/app (embedded default, nothing configured)"
# shellcheck disable=SC2086
start_app "$WORK/app" "$JAR" $JAVA_OPTS
echo "   ready after $STARTUP_MS ms ($(grep -o 'Started UnionApplication in [0-9.]* seconds' "$WORK/app/app.log" || true))"

[ "$(curl -s "$BASE/bench/empty")" = success ] || fail "/bench/empty is missing (is the jar stale? delete it and re-run)"
count_rows() { curl -sf "$BASE/bench/inbound-count"; }
ROWS_BEFORE=$(count_rows)

# --- load --------------------------------------------------------------------------------------
TAG_SEQ=0
# run_wrk NAME MODE SECONDS: prints the BENCH line's fields as shell assignments NAME_field=value
run_wrk() {
  local name=$1 mode=$2 secs=$3 line
  TAG_SEQ=$((TAG_SEQ + 1))
  # digits only; differs for every wrk run of every bench run, so no MsgId or nonce ever repeats
  local tag="$(date +%s)${TAG_SEQ}"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${secs}s" --timeout 5s -s "$LUA" "$BASE" -- "$mode" "$tag" "$TOKEN" \
    >"$OUT/wrk-$name.txt" 2>&1 || { cat "$OUT/wrk-$name.txt" >&2; fail "wrk failed ($name)"; }
  line=$(grep '^BENCH ' "$OUT/wrk-$name.txt") || { cat "$OUT/wrk-$name.txt" >&2; fail "no result from wrk ($name)"; }
  local kv
  for kv in ${line#BENCH }; do
    eval "${name}_${kv%%=*}=${kv#*=}"
  done
  local bad=$(( $(eval echo "\$${name}_non200 + \$${name}_badbody + \$${name}_connect + \$${name}_read + \$${name}_write + \$${name}_timeout") ))
  if [ "$bad" -ne 0 ]; then
    cat "$OUT/wrk-$name.txt" >&2
    fail "$name: $bad failed requests (non-200, wrong body or socket errors) — see above"
  fi
  local ok; ok=$(eval echo "\$${name}_ok200")
  [ "$ok" -gt 0 ] || fail "$name: no successful request"
  printf '   %-9s %8.1f req/s  p50 %7.2f ms  p99 %7.2f ms  (%d requests, all 200)\n' \
    "$name" "$(eval echo "\$${name}_rps")" "$(eval echo "\$${name}_p50_ms")" "$(eval echo "\$${name}_p99_ms")" "$ok"
}

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
ROWS_AFTER=$(count_rows)
GREW=$((ROWS_AFTER - ROWS_BEFORE))
ACCEPTED=$((warmcb_ok200 + callback_ok200))
[ "$GREW" -ge "$ACCEPTED" ] || fail "wx_inbound grew by $GREW rows but $ACCEPTED callbacks were answered 200"
echo "   wx_inbound grew by $GREW rows for $ACCEPTED callbacks answered 200"

# --- report ------------------------------------------------------------------------------------
RATIO=$(awk -v a="$callback_rps" -v b="$baseline_rps" 'BEGIN { printf "%.3f", a / b }')
verdict() { if awk "BEGIN { exit !($1) }"; then echo "met"; else echo "MISSED"; fi; }
{
  echo
  echo "callback benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(java -version 2>&1 | head -1)"
  echo "  load: wrk ${THREADS} threads, ${CONNECTIONS} connections, ${DURATION} s after ${WARMUP} s warm-up; JAVA_OPTS='${JAVA_OPTS}'"
  printf '  %-10s %10s %10s %10s\n' "" "req/s" "p50 ms" "p99 ms"
  printf '  %-10s %10.1f %10.2f %10.2f\n' baseline "$baseline_rps" "$baseline_p50_ms" "$baseline_p99_ms"
  printf '  %-10s %10.1f %10.2f %10.2f\n' callback "$callback_rps" "$callback_p50_ms" "$callback_p99_ms"
  echo "  ratio callback/baseline req/s: $RATIO   (target >= 0.5: $(verdict "$RATIO >= 0.5"))"
  echo "  callback p99: ${callback_p99_ms} ms   (target < 50 ms: $(verdict "$callback_p99_ms < 50"))"
  echo "  startup to healthy: ${STARTUP_MS} ms   (target < 6000 ms: $(verdict "$STARTUP_MS < 6000"))"
  [ -z "$CDS_MS" ] || echo "  startup to healthy, extracted jar + AppCDS (optional): ${CDS_MS} ms   (target < 6000 ms: $(verdict "$CDS_MS < 6000"))"
  echo "  heap used after warm-up: ${HEAP_MB} MB (live after full GC ${LIVE_MB} MB, committed after that GC ${HEAP_COMMITTED_MB} MB)   (target < 512 MB: $(verdict "$HEAP_MB < 512"))"
  echo "  durability: wx_inbound +${GREW} rows >= ${ACCEPTED} callbacks answered 200"
} | tee "$OUT/summary.txt"
echo "  (wrk output and app log in bench/out/$STAMP/)"
