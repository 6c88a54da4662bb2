#!/usr/bin/env bash
# Two nodes of the jar (prod profile) on one fresh MariaDB database and one Redis database index,
# behind nothing: signed WeChat callbacks (callback.lua) from two wrk processes at once, one per
# node, half the connections each; then the same load on node A alone, and the separate empty app
# (bench/empty-app, JVM defaults) as the ruler, in the same run. Afterwards every callback either
# node answered 200 must be stored in wx_inbound with its outcome. See bench/README.md.
# Only 127.0.0.1 is contacted.
#
#   bench/two-nodes.sh
#
# Environment (all optional): DURATION (s per measured run, 10), WARMUP (s, 10), ROUNDS (3),
# CONNECTIONS (32 in all: half per node when both run), THREADS (2: one per node), JAVA_OPTS, JAR,
# BENCH_REDIS_DB (Redis database index of the two nodes, 14).
set -euo pipefail

PROFILE=prod
BENCH_REDIS_DB=${BENCH_REDIS_DB:-14}
WARMUP=${WARMUP:-10}
LUA="$(cd "$(dirname "$0")" && pwd)/callback.lua"
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"

PORT_B=$(free_port)
BASE_A=$BASE
BASE_B="http://127.0.0.1:$PORT_B"
echo "== node A on port $PORT (it migrates the fresh database), then node B on $PORT_B; Redis db $BENCH_REDIS_DB"
start_measured_app
STARTUP_A=$STARTUP_MS
NODE_PORT=$PORT_B start_app "$WORK/b" "$JAR" $JAVA_OPTS
echo "   node A ready after $STARTUP_A ms, node B after $STARTUP_MS ms (database $BENCH_DB)"
[ "$(curl -s "$BASE_B/bench/empty")" = success ] || fail "node B has no /bench/empty"
ROWS_BEFORE=$(count_rows)

HALF_C=$(( CONNECTIONS / 2 > 0 ? CONNECTIONS / 2 : 1 ))
HALF_T=$(( THREADS / 2 > 0 ? THREADS / 2 : 1 ))
# both NAME SECONDS: NAME_a against node A and NAME_b against node B at the same time, each with
# half the connections and threads; NAME_rps is their sum, NAME_p99_ms the worse of the two.
both() {
  local name=$1 secs=$2 tag_a tag_b pid_a pid_b
  next_tag; tag_a=$TAG
  next_tag; tag_b=$TAG
  CONNECTIONS=$HALF_C THREADS=$HALF_T wrk_exec "${name}_a" callback "$secs" "$tag_a" "$BASE_A" &
  pid_a=$!
  CONNECTIONS=$HALF_C THREADS=$HALF_T wrk_exec "${name}_b" callback "$secs" "$tag_b" "$BASE_B" &
  pid_b=$!
  wait "$pid_a" || fail "wrk against node A failed ($name)"
  wait "$pid_b" || fail "wrk against node B failed ($name)"
  wrk_result "${name}_a"
  wrk_result "${name}_b"
  eval "${name}_ok200=$(( $(eval echo "\$${name}_a_ok200 + \$${name}_b_ok200") ))"
  eval "${name}_rps=$(awk "BEGIN { printf \"%.1f\", $(eval echo "\$${name}_a_rps + \$${name}_b_rps") }")"
  eval "${name}_p99_ms=$(printf '%s\n%s\n' "$(eval echo "\$${name}_a_p99_ms")" "$(eval echo "\$${name}_b_p99_ms")" | sort -g | tail -1)"
}

echo "== warm-up: ${WARMUP} s on both nodes, ${WARMUP} s on node A alone, ${WARMUP} s baseline"
both warmboth "$WARMUP"
run_wrk warmone callback "$WARMUP"
run_wrk warmbase ruler "$WARMUP"
ACCEPTED=$((warmboth_ok200 + warmone_ok200))

echo "== measuring: $ROUNDS rounds of ${DURATION} s baseline, node A alone, both nodes; $CONNECTIONS connections in all"
sum_base=0; sum_one=0; sum_both=0; sum_a=0; sum_b=0; p99_base=0; p99_one=0; p99_both=0; p99_a=0; p99_b=0
worst() { printf '%s\n%s\n' "$1" "$2" | sort -g | tail -1; }
add() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a + b }'; }
for r in $(seq 1 "$ROUNDS"); do
  run_wrk "baseline$r" ruler "$DURATION"
  run_wrk "one$r" callback "$DURATION"
  both "both$r" "$DURATION"
  ACCEPTED=$((ACCEPTED + $(eval echo "\$one${r}_ok200 + \$both${r}_ok200")))
  sum_base=$(add "$sum_base" "$(eval echo "\$baseline${r}_rps")")
  sum_one=$(add "$sum_one" "$(eval echo "\$one${r}_rps")")
  sum_both=$(add "$sum_both" "$(eval echo "\$both${r}_rps")")
  sum_a=$(add "$sum_a" "$(eval echo "\$both${r}_a_rps")")
  sum_b=$(add "$sum_b" "$(eval echo "\$both${r}_b_rps")")
  p99_base=$(worst "$p99_base" "$(eval echo "\$baseline${r}_p99_ms")")
  p99_one=$(worst "$p99_one" "$(eval echo "\$one${r}_p99_ms")")
  p99_both=$(worst "$p99_both" "$(eval echo "\$both${r}_p99_ms")")
  p99_a=$(worst "$p99_a" "$(eval echo "\$both${r}_a_p99_ms")")
  p99_b=$(worst "$p99_b" "$(eval echo "\$both${r}_b_p99_ms")")
done
avg() { awk -v s="$1" -v n="$ROUNDS" 'BEGIN { printf "%.1f", s / n }'; }
BASE_RPS=$(avg "$sum_base"); ONE_RPS=$(avg "$sum_one"); BOTH_RPS=$(avg "$sum_both"); A_RPS=$(avg "$sum_a"); B_RPS=$(avg "$sum_b")

# stored = answered: every callback answered 200 is a wx_inbound row (wrk may cut a few requests at
# the end of a run after the server stored them: more rows than answers is fine, fewer is a loss),
# and every row has its outcome once the handler pool has drained.
check_rows_grew "$ROWS_BEFORE" "$ACCEPTED"
PENDING=""
for _ in $(seq 1 50); do
  PENDING=$(sql "SELECT COUNT(*) FROM wx_inbound i LEFT JOIN wx_inbound_outcome o ON o.inbound_id = i.id WHERE o.inbound_id IS NULL")
  [ "$PENDING" = 0 ] && break
  sleep 0.2
done
RATIO=$(ratio "$BOTH_RPS" "$BASE_RPS")
{
  echo
  echo "two-nodes benchmark, prod profile, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load before $LOAD, $(java -version 2>&1 | head -1)"
  echo "  two jars on one MariaDB database ($BENCH_DB) and Redis db $BENCH_REDIS_DB, no balancer: one wrk per node"
  echo "  load: callback.lua, $CONNECTIONS connections in all ($HALF_C per node when both run); ${WARMUP} s warm-up each, then $ROUNDS rounds of ${DURATION} s"
  printf '  %-18s %10s %10s\n' "" "req/s" "p99 ms"
  printf '  %-18s %10.1f %10.2f\n' baseline "$BASE_RPS" "$p99_base"
  printf '  %-18s %10.1f %10.2f\n' "node A alone" "$ONE_RPS" "$p99_one"
  printf '  %-18s %10.1f %10.2f\n' "both: node A" "$A_RPS" "$p99_a"
  printf '  %-18s %10.1f %10.2f\n' "both: node B" "$B_RPS" "$p99_b"
  printf '  %-18s %10.1f %10.2f\n' "both: combined" "$BOTH_RPS" "$p99_both"
  echo "  ratio two nodes combined/baseline req/s: $RATIO   (target >= $TARGET_RATIO: $(verdict "$RATIO >= $TARGET_RATIO"))   one node alone: $(ratio "$ONE_RPS" "$BASE_RPS")"
  echo "  two nodes p99 (worst run, worse node): ${p99_both} ms   (target < 50 ms: $(verdict "$p99_both < 50"))"
  echo "  durability: wx_inbound +${GREW} rows >= ${ACCEPTED} callbacks answered 200 by either node; rows without an outcome: $PENDING   (target 0: $(verdict "$PENDING == 0"))"
  echo "  load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$OUT/summary.txt"
figure "two nodes: combined/baseline req/s" "$RATIO" ">= $TARGET_RATIO" "$(verdict "$RATIO >= $TARGET_RATIO")"
figure "two nodes: p99 worse node (ms)" "$p99_both" "< 50" "$(verdict "$p99_both < 50")"
figure "two nodes: combined req/s (node A + B)" "$BOTH_RPS ($A_RPS + $B_RPS)" "-" "-"
figure "two nodes: one node alone/baseline req/s" "$(ratio "$ONE_RPS" "$BASE_RPS")" "-" "-"
figure "two nodes: answered 200 but not stored" "$(( GREW >= ACCEPTED ? 0 : ACCEPTED - GREW ))" "0" "$(verdict "$GREW >= $ACCEPTED")"
figure "two nodes: stored without an outcome" "$PENDING" "0" "$(verdict "$PENDING == 0")"
[ "$PENDING" = 0 ] || fail "$PENDING wx_inbound rows have no outcome"
echo "  (wrk output and both nodes' logs in bench/out/$STAMP/)"
