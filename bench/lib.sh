# Shared by the bench scripts (callback.sh, intake.sh): prerequisites, starting the jar exactly like
# the README's run command (PROFILE=embedded, the default) or on the prod profile against the local
# MariaDB and Redis (PROFILE=prod), starting the baseline (bench/empty-app, java -jar with the JVM's
# defaults), wrk runs that report one parsed line, and clean-up. Source it after setting LUA (the wrk
# script) and optionally DURATION (s per measured run), WARMUP (s), ROUNDS (baseline/step pairs),
# CONNECTIONS, THREADS, JAVA_OPTS, JAR, PROFILE.
# Only 127.0.0.1 is ever contacted.
# shellcheck shell=bash

# shellcheck source=bench/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

DURATION=${DURATION:-10}
WARMUP=${WARMUP:-20}
ROUNDS=${ROUNDS:-3}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
JAVA_OPTS=${JAVA_OPTS:-}
TOKEN=sandboxtoken
PROFILE=${PROFILE:-embedded}
case "$PROFILE" in
  embedded) TARGET_RATIO=0.5 ;;
  prod) TARGET_RATIO=0.3 ;;
  *) fail "PROFILE must be embedded or prod, not $PROFILE" ;;
esac
EMPTY_JAR="$ROOT/bench/empty-app/target/empty-app.jar"


# --- prerequisites -----------------------------------------------------------------------------
if ! command -v wrk >/dev/null; then
  echo "== installing wrk"
  apt-get install -y -q wrk >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q wrk >/dev/null; }
fi
command -v curl >/dev/null || fail "curl is needed"
command -v jcmd >/dev/null || fail "jcmd (JDK) is needed"
if [ ! -f "$EMPTY_JAR" ] || [ -n "$(find "$ROOT/bench/empty-app/pom.xml" "$ROOT/bench/empty-app/src" -newer "$EMPTY_JAR" -type f | head -1)" ]; then
  echo "== building the baseline, bench/empty-app"
  mvn -B -q -f "$ROOT/bench/empty-app/pom.xml" package || fail "could not build bench/empty-app"
fi
if [ "$PROFILE" = prod ]; then
  command -v mysql >/dev/null || fail "the mysql client is needed for PROFILE=prod"
  (exec 3<>/dev/tcp/127.0.0.1/3306) 2>/dev/null || fail "PROFILE=prod needs MariaDB on 127.0.0.1:3306"
  (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null || fail "PROFILE=prod needs Redis on 127.0.0.1:6379"
fi


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
# every jar start_app started (two-nodes.sh runs two at once); cleanup stops them all
APP_PIDS=()
EMPTY_PORT=$(free_port)
BASE_EMPTY="http://127.0.0.1:$EMPTY_PORT"
EMPTY_PID=""
BENCH_DB=""
# the prod profile's WeChat API base: a port where nobody listens, the same for every node
WX_API_PORT=$(free_port)
BG_PID=""
FLOOR_PID=""

cleanup() {
  local rc=$?
  stop_app
  local pid
  for pid in "${APP_PIDS[@]}"; do
    APP_PID=$pid stop_app
  done
  if [ -n "$EMPTY_PID" ]; then
    kill "$EMPTY_PID" 2>/dev/null || true
    wait "$EMPTY_PID" 2>/dev/null || true
  fi
  [ -n "$BG_PID" ] && { kill "$BG_PID" 2>/dev/null || true; wait "$BG_PID" 2>/dev/null || true; }
  [ -n "$FLOOR_PID" ] && { kill "$FLOOR_PID" 2>/dev/null || true; wait "$FLOOR_PID" 2>/dev/null || true; }
  [ -n "$BENCH_DB" ] && [ "${KEEP_DB:-0}" != 1 ] && mysql -h127.0.0.1 -uroot -e "DROP DATABASE IF EXISTS $BENCH_DB" 2>/dev/null
  [ -f "$WORK/app/app.log" ] && cp "$WORK/app/app.log" "$OUT/app.log"
  local node
  for node in "$WORK"/*/; do
    node=$(basename "$node")
    [ "$node" != app ] && [ -f "$WORK/$node/app.log" ] && cp "$WORK/$node/app.log" "$OUT/app-$node.log"
  done
  rm -rf "$WORK"
  exit $rc
}
trap cleanup EXIT INT TERM

# --- start-up ----------------------------------------------------------------------------------
# start_app DIR JAR [JVM options...]: starts the embedded default (none of the configuration
# variables set, like the README's run command) in DIR; sets APP_PID and STARTUP_MS (launch to the
# first 200 from /actuator/health). It listens on NODE_PORT when that is set, else on PORT. With
# PROFILE=prod the first start creates this run's database; later starts (a restart, a second node)
# use the same one.
CLEAN_ENV=(env -u DB_URL -u DB_USER -u DB_PASSWORD -u REDIS_URL -u DATA_KEY -u WX_APPID -u WX_SECRET -u WX_TOKEN
  -u WX_AES_KEY -u WX_API_BASE -u ADMIN_USERNAME -u ADMIN_PASSWORD -u SPRING_PROFILES_ACTIVE)
start_app() {
  local dir=$1 jar=$2
  shift 2
  mkdir -p "$dir"
  local profile_env=() port=${NODE_PORT:-$PORT}
  if [ "$PROFILE" = prod ]; then
    # a fresh database per run, dropped at the end; Redis database BENCH_REDIS_DB (default 15)
    if [ -z "$BENCH_DB" ]; then
      BENCH_DB="union_bench_$(date +%s)_$$"
      mysql -h127.0.0.1 -uroot -e "CREATE DATABASE $BENCH_DB CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci" \
        || fail "could not create database $BENCH_DB"
    fi
    profile_env=(SPRING_PROFILES_ACTIVE=prod
      DB_URL="jdbc:mysql://127.0.0.1:3306/$BENCH_DB?useSSL=false&allowPublicKeyRetrieval=true&characterEncoding=utf8"
      DB_USER=root DB_PASSWORD= REDIS_URL="redis://127.0.0.1:6379/${BENCH_REDIS_DB:-15}"
      DATA_KEY=MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY= WX_APPID=wxbench000000000001 WX_SECRET=bench-secret
      WX_TOKEN="$TOKEN" WX_API_BASE="http://127.0.0.1:$WX_API_PORT" ADMIN_PASSWORD='Bench#2026union')
  fi
  # shellcheck disable=SC2086
  (cd "$dir" && exec "${CLEAN_ENV[@]}" "${profile_env[@]}" SERVER_PORT="$port" java "$@" -jar "$jar" --union.bench.enabled=true \
    >"$dir/app.log" 2>&1) &
  APP_PID=$!
  APP_PIDS+=("$APP_PID")
  local t0
  t0=$(date +%s%N)
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/actuator/health" 2>/dev/null || true)" = 200 ]; do
    kill -0 "$APP_PID" 2>/dev/null || { cat "$dir/app.log" >&2; fail "the app exited during start-up"; }
    [ $((($(date +%s%N) - t0) / 1000000000)) -lt 300 ] || { tail -50 "$dir/app.log" >&2; fail "not healthy after 300 s"; }
    sleep 0.05
  done
  STARTUP_MS=$((($(date +%s%N) - t0) / 1000000))
  # The jar's launcher runs the server in a second JVM (cn.union.Launcher); heap and profiles are
  # that JVM's. Without the class-data archive there is only the one.
  SERVER_PID=$(pgrep -P "$APP_PID" -f union.launcher.child || echo "$APP_PID")
}

stop_app() {
  if [ -n "$APP_PID" ] && kill -0 "$APP_PID" 2>/dev/null; then
    kill "$APP_PID" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$APP_PID" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$APP_PID" 2>/dev/null || true
  fi
  APP_PID=""
}

# start_measured_app: the README's command in a fresh folder (PROFILE=prod: with the prod profile's
# variables); checks the bench endpoints are there. Then starts the baseline.
start_measured_app() {
  if [ "$PROFILE" = prod ]; then
    echo "== starting the app on port $PORT in $WORK/app (prod profile: local MariaDB, Redis db ${BENCH_REDIS_DB:-15})"
  else
    echo "== starting the app on port $PORT in $WORK/app (embedded default, nothing configured)"
  fi
  # shellcheck disable=SC2086
  start_app "$WORK/app" "$JAR" $JAVA_OPTS
  echo "   ready after $STARTUP_MS ms ($(grep -o 'Started UnionApplication in [0-9.]* seconds' "$WORK/app/app.log" || true))"
  [ "$(curl -s "$BASE/bench/empty")" = success ] || fail "/bench/empty is missing (is the jar stale? delete it and re-run)"
  start_baseline
}

# start_baseline: the ruler, bench/empty-app, with java -jar and no JVM options at all
start_baseline() {
  echo "== starting the baseline (bench/empty-app, JVM defaults) on port $EMPTY_PORT"
  # (without the app's access log, should a script have asked for one: register.sh)
  env -u SERVER_TOMCAT_ACCESSLOG_ENABLED java -jar "$EMPTY_JAR" --server.port="$EMPTY_PORT" >"$OUT/empty-app.log" 2>&1 &
  EMPTY_PID=$!
  local t0
  t0=$(date +%s%N)
  until [ "$(curl -s -X POST -d x "$BASE_EMPTY/wx/portal" 2>/dev/null || true)" = success ]; do
    kill -0 "$EMPTY_PID" 2>/dev/null || { cat "$OUT/empty-app.log" >&2; fail "the baseline exited during start-up"; }
    [ $((($(date +%s%N) - t0) / 1000000000)) -lt 300 ] || fail "baseline not answering after 300 s"
    sleep 0.05
  done
}

# start_floor ARGS...: builds bench/floor-app when its sources are newer than its jar, and starts it
# with java -jar and the JVM's defaults, like the ruler, with ARGS (its database, its Redis); sets
# FLOOR_PID, FLOOR_PORT and BASE_FLOOR, and returns once it answers.
start_floor() {
  local jar="$ROOT/bench/floor-app/target/floor-app.jar" t0
  if [ ! -f "$jar" ] || [ -n "$(find "$ROOT/bench/floor-app/pom.xml" "$ROOT/bench/floor-app/src" -newer "$jar" -type f | head -1)" ]; then
    echo "== building the floor, bench/floor-app"
    mvn -B -q -f "$ROOT/bench/floor-app/pom.xml" package || fail "could not build bench/floor-app"
  fi
  FLOOR_PORT=$(free_port)
  BASE_FLOOR="http://127.0.0.1:$FLOOR_PORT"
  env -u SERVER_TOMCAT_ACCESSLOG_ENABLED java -jar "$jar" --server.port="$FLOOR_PORT" "$@" >"$OUT/floor-app.log" 2>&1 &
  FLOOR_PID=$!
  t0=$(date +%s)
  until curl -sf -o /dev/null "$BASE_FLOOR/floor/rows"; do
    kill -0 "$FLOOR_PID" 2>/dev/null || { cat "$OUT/floor-app.log" >&2; fail "the floor exited during start-up"; }
    [ $(($(date +%s) - t0)) -lt 120 ] || fail "the floor is not answering after 120 s"
    sleep 0.2
  done
}

count_rows() { curl -sf "$BASE/bench/inbound-count"; }

# --- scripts on the prod profile's database (PROFILE=prod) ---------------------------------------
ADMIN_API="$BASE/admin/api/v1"
ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
# sql STATEMENTS: runs SQL in this run's fresh database (KEEP_DB=1 keeps it after the run)
sql() { mysql -h127.0.0.1 -uroot --batch --skip-column-names "$BENCH_DB" -e "$1"; }
# admin_login: the super-admin's token (the prod profile's ADMIN_PASSWORD of start_app) as ADMIN_TOKEN and AUTH
admin_login() {
  ADMIN_TOKEN=$(curl -fs -H 'Content-Type: application/json' -d '{"username":"admin","password":"Bench#2026union"}' \
    "$ADMIN_API/auth/login" | sed -E 's/.*"token":"([^"]+)".*/\1/') || fail "admin login failed"
  AUTH=(-H "Authorization: Bearer $ADMIN_TOKEN")
}

# --- load --------------------------------------------------------------------------------------
TAG_SEQ=0
# run_wrk NAME MODE SECONDS: runs $LUA in MODE and sets the BENCH line's fields as NAME_field=value
run_wrk() {
  next_tag
  wrk_exec "$1" "$2" "$3" "$TAG"
  wrk_result "$1"
}

# next_tag: sets TAG, digits only; differs for every wrk run of every bench run, so no MsgId or
# nonce ever repeats. Called in the script's own shell (never in a background job, whose count
# would be lost).
next_tag() {
  TAG_SEQ=$((TAG_SEQ + 1))
  TAG="$(date +%s)${TAG_SEQ}"
}

# wrk_exec NAME MODE SECONDS TAG [BASE]: runs $LUA in MODE against BASE (default: the app, or the
# baseline for MODE ruler); its output in $OUT/wrk-NAME.txt. May run in the background.
wrk_exec() {
  local name=$1 mode=$2 secs=$3 tag=$4 base=${5:-$BASE}
  [ "$mode" = ruler ] && base=$BASE_EMPTY
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${secs}s" --timeout 5s -s "$LUA" "$base" -- "$mode" "$tag" "$TOKEN" \
    >"$OUT/wrk-$name.txt" 2>&1 || { cat "$OUT/wrk-$name.txt" >&2; fail "wrk failed ($name)"; }
}

# wrk_result NAME: the BENCH line of wrk_exec NAME as NAME_field=value; fails on any bad request
wrk_result() {
  local name=$1 line
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

# check_rows_grew BEFORE ACCEPTED: wx_inbound must hold a row for every callback answered 200
check_rows_grew() {
  local before=$1 accepted=$2 after grew
  after=$(count_rows)
  grew=$((after - before))
  [ "$grew" -ge "$accepted" ] || fail "wx_inbound grew by $grew rows but $accepted callbacks were answered 200"
  echo "   wx_inbound grew by $grew rows for $accepted callbacks answered 200"
  GREW=$grew
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }
verdict() { if awk "BEGIN { exit !($1) }"; then echo "met"; else echo "MISSED"; fi; }

# measure_step STEP: ROUNDS rounds of a baseline run then a STEP run (DURATION s each), so a drift
# of the machine during the measurement touches both alike; then the durability check (every STEP
# answered 200 since ROWS_BEFORE, the warm-up run warmSTEP included). Sets, for baseline and STEP,
# NAME_rps (all requests over all seconds of its runs), NAME_p50_ms (the median of the runs' p50)
# and NAME_p99_ms (the worst run's p99), RATIO (STEP_rps / baseline_rps) and ROUND_RATIOS.
measure_step() {
  local step=$1 r name
  echo "== measuring: $ROUNDS rounds of ${DURATION} s baseline, ${DURATION} s $step; $CONNECTIONS connections, $THREADS threads"
  ACCEPTED=$(eval echo "\$warm${step}_ok200")
  ROUND_RATIOS=""
  for r in $(seq 1 "$ROUNDS"); do
    run_wrk "baseline$r" ruler "$DURATION"
    run_wrk "$step$r" "$step" "$DURATION"
    ACCEPTED=$((ACCEPTED + $(eval echo "\$${step}${r}_ok200")))
    ROUND_RATIOS="$ROUND_RATIOS $(ratio "$(eval echo "\$${step}${r}_rps")" "$(eval echo "\$baseline${r}_rps")")"
  done
  for name in baseline "$step"; do
    local reqs=0 secs=0 p50s="" p99s=""
    for r in $(seq 1 "$ROUNDS"); do
      reqs=$((reqs + $(eval echo "\$${name}${r}_ok200")))
      secs="$secs + $(eval echo "\$${name}${r}_seconds")"
      p50s="$p50s $(eval echo "\$${name}${r}_p50_ms")"
      p99s="$p99s $(eval echo "\$${name}${r}_p99_ms")"
    done
    eval "${name}_rps=$(awk "BEGIN { printf \"%.1f\", $reqs / ($secs) }")"
    eval "${name}_p50_ms=$(echo "$p50s" | tr ' ' '\n' | grep . | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')"
    eval "${name}_p99_ms=$(echo "$p99s" | tr ' ' '\n' | grep . | sort -g | tail -1)"
  done
  # Load that writes no wx_inbound row (the H5 vote endpoint) sets CHECK_INBOUND=0 and checks its own.
  [ "${CHECK_INBOUND:-1}" = 0 ] || check_rows_grew "$ROWS_BEFORE" "$ACCEPTED"
  RATIO=$(ratio "$(eval echo "\$${step}_rps")" "$baseline_rps")
}

# report_head STEP: the first lines of a report: what ran, the table, ratio and p99 against the targets
report_head() {
  local step=$1 p99
  p99=$(eval echo "\$${step}_p99_ms")
  echo
  echo "$step benchmark, profile $PROFILE, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load before $LOAD, $(java -version 2>&1 | head -1)"
  echo "  baseline: bench/empty-app (Spring Boot 4.1 webmvc, one controller, java -jar, JVM defaults)"
  echo "  load: wrk ${THREADS} threads, ${CONNECTIONS} connections; ${WARMUP} s warm-up each, then ${ROUNDS} rounds of ${DURATION} s baseline + ${DURATION} s $step; JAVA_OPTS='${JAVA_OPTS}'"
  print_pair "$step"
  echo "  ratio $step/baseline req/s: $RATIO   (target >= $TARGET_RATIO: $(verdict "$RATIO >= $TARGET_RATIO"))   rounds:$ROUND_RATIOS"
  echo "  $step p99 (worst run): ${p99} ms   (target < 50 ms: $(verdict "$p99 < 50"))"
  figure "$step/baseline req/s" "$RATIO" ">= $TARGET_RATIO" "$(verdict "$RATIO >= $TARGET_RATIO")"
  figure "$step p99 worst run (ms)" "$p99" "< 50" "$(verdict "$p99 < 50")"
}

# print_pair NAME: the baseline/NAME table of a report
print_pair() {
  local name=$1
  printf '  %-10s %10s %10s %10s\n' "" "req/s" "p50 ms" "p99 ms"
  printf '  %-10s %10.1f %10.2f %10.2f\n' baseline "$baseline_rps" "$baseline_p50_ms" "$baseline_p99_ms"
  printf '  %-10s %10.1f %10.2f %10.2f\n' "$name" "$(eval echo "\$${name}_rps")" "$(eval echo "\$${name}_p50_ms")" \
    "$(eval echo "\$${name}_p99_ms")"
}
