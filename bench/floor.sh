#!/usr/bin/env bash
# What the prod profile's parts allow at all on this machine: the floor app (bench/floor-app: a
# durable vote is one Lua script in Redis and a group-committed row in MariaDB; a durable callback
# is a signature check, a safe XML parse and a group-committed row; nothing else) beside the
# application and the ruler (bench/empty-app), all in the same run, through the same wrk scripts.
# The floor app is what any implementation of these two answers must at least do, written plainly
# with the same frameworks, so floor/ruler bounds what app/ruler can reach here. See bench/README.md.
#
#   bench/floor.sh                       # WARMUP (s, 20), DURATION (s, 10), ROUNDS (2), CONNECTIONS (64)
#   PROFILE=embedded bench/floor.sh      # callbacks only: the embedded default, the floor on an H2 file
#
# Only 127.0.0.1 is contacted. PROFILE=prod (the default here): MariaDB on 3306, Redis on 6379
# (BENCH_REDIS_DB).
set -euo pipefail

PROFILE=${PROFILE:-prod}
BENCH_REDIS_DB=${BENCH_REDIS_DB:-13}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-20}
ROUNDS=${ROUNDS:-2}
CONNECTIONS=${CONNECTIONS:-64}
HERE="$(cd "$(dirname "$0")" && pwd)"
LUA="$HERE/vote-h5.lua"
# shellcheck source=bench/lib.sh
. "$HERE/lib.sh"
# shellcheck source=bench/vote-lib.sh
. "$HERE/vote-lib.sh"
JAVA_OPTS="$JAVA_OPTS -Dunion.voting.h5-votes-per-minute-per-ip=2000000000 -Dunion.voting.h5-votes-per-minute-per-voter=1000000"

start_measured_app
if [ "$PROFILE" = prod ]; then
  make_campaign
  make_sessions "${SESSIONS:-5000}"
  echo "== starting the floor (bench/floor-app, JVM defaults), database $BENCH_DB"
  FLOOR_ARGS=(--spring.datasource.url="jdbc:mysql://127.0.0.1:3306/$BENCH_DB?useSSL=false&allowPublicKeyRetrieval=true&characterEncoding=utf8&rewriteBatchedStatements=true"
    --spring.datasource.username=root --spring.datasource.password= --floor.redis=redis://127.0.0.1:6379 --floor.redis-db="$BENCH_REDIS_DB")
  STEPS="vote:H5 vote|call:callback (帮助)"
else
  echo "== starting the floor (bench/floor-app, JVM defaults), an H2 file with WRITE_DELAY=0 as the app's"
  FLOOR_ARGS=(--spring.datasource.url="jdbc:h2:file:$WORK/floor/floor;MODE=MySQL;WRITE_DELAY=0" --floor.redis=)
  STEPS="call:callback (帮助)"
fi
start_floor "${FLOOR_ARGS[@]}"

# run_at NAME MODE SECONDS LUA BASE: one wrk run of LUA in MODE against BASE
run_at() {
  local saved=$LUA
  LUA=$4
  next_tag
  wrk_exec "$1" "$2" "$3" "$TAG" "$5"
  wrk_result "$1"
  LUA=$saved
}
V="$HERE/vote-h5.lua"
C="$HERE/callback.lua"

# The floor runs on the JVM's defaults (C2 included): a few seconds leave it half compiled and
# slower than the app, so it gets 20 s of warm-up at least, whatever WARMUP says.
FLOOR_WARMUP=$((WARMUP > 20 ? WARMUP : 20))
echo "== warm-up: ${WARMUP} s each (the floor ${FLOOR_WARMUP} s)"
run_at warmruler ruler "$WARMUP" "$C" "$BASE_EMPTY"
if [ "$PROFILE" = prod ]; then
  CONNECTIONS_ALL=$CONNECTIONS
  CONNECTIONS=8 run_at prime h5 5 "$V" "$BASE"
  CONNECTIONS=$CONNECTIONS_ALL
  run_at warmfvote h5 "$FLOOR_WARMUP" "$V" "$BASE_FLOOR"
  run_at warmavote h5 "$WARMUP" "$V" "$BASE"
fi
run_at warmfcall callback "$FLOOR_WARMUP" "$C" "$BASE_FLOOR"
run_at warmacall callback "$WARMUP" "$C" "$BASE"

echo "== measuring: $ROUNDS rounds of ${DURATION} s each; $CONNECTIONS connections, $THREADS threads"
for r in $(seq 1 "$ROUNDS"); do
  run_at "ruler$r" ruler "$DURATION" "$C" "$BASE_EMPTY"
  if [ "$PROFILE" = prod ]; then
    run_at "fvote$r" h5 "$DURATION" "$V" "$BASE_FLOOR"
    run_at "avote$r" h5 "$DURATION" "$V" "$BASE"
  fi
  run_at "fcall$r" callback "$DURATION" "$C" "$BASE_FLOOR"
  run_at "acall$r" callback "$DURATION" "$C" "$BASE"
done

# the floor's own durability check: a row for every vote and callback it answered
rows=$(curl -sf "$BASE_FLOOR/floor/rows") || fail "the floor did not say how many rows it stored"
floor_votes=${rows% *}
floor_msgs=${rows#* }
answered_votes=0
answered_msgs=0
if [ "$PROFILE" = prod ]; then
  for name in warmfvote $(seq -f 'fvote%g' 1 "$ROUNDS"); do answered_votes=$((answered_votes + $(eval echo "\$${name}_ok200"))); done
fi
for name in warmfcall $(seq -f 'fcall%g' 1 "$ROUNDS"); do answered_msgs=$((answered_msgs + $(eval echo "\$${name}_ok200"))); done
[ "$floor_votes" -ge "$answered_votes" ] || fail "the floor stored $floor_votes votes but answered $answered_votes"
[ "$floor_msgs" -ge "$answered_msgs" ] || fail "the floor stored $floor_msgs messages but answered $answered_msgs"

sum_rps() { # NAME: all requests over all seconds of its rounds
  local reqs=0 secs=0 r
  for r in $(seq 1 "$ROUNDS"); do
    reqs=$((reqs + $(eval echo "\$${1}${r}_ok200")))
    secs=$(awk -v a="$secs" -v b="$(eval echo "\$${1}${r}_seconds")" 'BEGIN { print a + b }')
  done
  awk -v a="$reqs" -v b="$secs" 'BEGIN { printf "%.1f", a / b }'
}
worst_p99() { local r; for r in $(seq 1 "$ROUNDS"); do eval echo "\$${1}${r}_p99_ms"; done | sort -g | tail -1; }

ruler_rps=$(sum_rps ruler)
{
  echo
  echo "floor benchmark, profile $PROFILE, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load before $LOAD, $(java -version 2>&1 | head -1)"
  echo "  wrk ${THREADS} threads, ${CONNECTIONS} connections; ${ROUNDS} rounds of ${DURATION} s of each, in turn"
  printf '  %-34s %10s %9s %12s %12s\n' "" "req/s" "p99 ms" "/ ruler" "app / floor"
  printf '  %-34s %10.1f %9.2f\n' "ruler (bench/empty-app)" "$ruler_rps" "$(worst_p99 ruler)"
  IFS='|' read -ra PAIRS <<<"$STEPS"
  for pair in "${PAIRS[@]}"; do
    key=${pair%%:*}
    label=${pair#*:}
    f=$(sum_rps "f$key")
    a=$(sum_rps "a$key")
    printf '  %-34s %10.1f %9.2f %12s\n' "floor: $label" "$f" "$(worst_p99 "f$key")" "$(ratio "$f" "$ruler_rps")"
    printf '  %-34s %10.1f %9.2f %12s %12s\n' "app: $label" "$a" "$(worst_p99 "a$key")" "$(ratio "$a" "$ruler_rps")" "$(ratio "$a" "$f")"
    figure "floor $label/ruler req/s" "$(ratio "$f" "$ruler_rps")" "-" "-"
    figure "app $label/floor req/s" "$(ratio "$a" "$f")" "-" "-"
  done
  echo "  the floor stored every answer: $floor_votes votes for $answered_votes answered, $floor_msgs messages for $answered_msgs"
  echo "  load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$OUT/summary.txt"
echo "  (wrk output and logs in bench/out/$STAMP/)"
