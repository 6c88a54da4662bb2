#!/usr/bin/env bash
# Server CPU per request, by thread group, for the baseline and the callback: where a callback's
# CPU goes (request threads, the inbound-log writer, Redis event loops, the handler pool, JIT, GC).
# Reads /proc/<server pid>/task/*/stat before and after each wrk run. See bench/README.md.
#
#   bench/threads.sh            # WARMUP (s, default 10), DURATION (s, default 12); STEP=intake for the intake step
#   STEP=vote-h5 bench/threads.sh   # H5 votes on the prod profile, as bench/vote.sh sends them
#
# The first table is the app's own /bench/empty (the same JVM, filters and JIT as the step); with
# STEP=vote-h5 it is the separate empty app's (bench/empty-app, the ruler) instead.
set -euo pipefail

STEP=${STEP:-callback}
HERE="$(cd "$(dirname "$0")" && pwd)"
MODE=$STEP
case "$STEP" in
  callback | intake) ;;
  vote-h5) PROFILE=prod BENCH_REDIS_DB=${BENCH_REDIS_DB:-13} MODE=h5 ;;
  *) echo "STEP must be callback, intake or vote-h5" >&2; exit 2 ;;
esac
LUA="$HERE/$STEP.lua"
WARMUP=${WARMUP:-10}
DURATION=${DURATION:-12}
# shellcheck source=bench/lib.sh
. "$HERE/lib.sh"
if [ "$STEP" = vote-h5 ]; then
  # shellcheck source=bench/vote-lib.sh
  . "$HERE/vote-lib.sh"
  JAVA_OPTS="$JAVA_OPTS -Dunion.voting.h5-votes-per-minute-per-ip=2000000000 -Dunion.voting.h5-votes-per-minute-per-voter=1000000"
fi

start_measured_app
if [ "$STEP" = vote-h5 ]; then
  make_campaign
  make_sessions "${SESSIONS:-5000}"
fi
run_wrk warmstep "$MODE" "$WARMUP"
if [ "$STEP" = vote-h5 ]; then
  run_wrk warmruler ruler "$WARMUP"
else
  run_wrk warmbase empty 4
fi

# thread name (digits folded to N), its user+system ticks and its context switches (voluntary:
# the thread waited, e.g. for a lock, a queue or a socket), summed per name
snapshot() {
  local t name ticks switches
  for t in /proc/"$1"/task/*; do
    name=$(tr ' ' '_' <"$t/comm" 2>/dev/null) || continue
    ticks=$(sed 's/^.*) //' "$t/stat" 2>/dev/null | awk '{ print $12 + $13 }') || continue
    switches=$(awk '/^voluntary_ctxt_switches/ { print $2 }' "$t/status" 2>/dev/null) || continue
    echo "$(echo "$name" | sed -E 's/[0-9]+/N/g') $ticks $switches"
  done | awk '{ a[$1] += $2; w[$1] += $3 } END { for (k in a) print k, a[k], w[k] }' | sort
}

HZ=$(getconf CLK_TCK)
MODES="empty $MODE"
[ "$STEP" = vote-h5 ] && MODES="ruler $MODE"
for mode in $MODES; do
  pid=$SERVER_PID
  [ "$mode" = ruler ] && pid=$EMPTY_PID
  snapshot "$pid" >"$WORK/before"
  run_wrk "cpu_$mode" "$mode" "$DURATION"
  snapshot "$pid" >"$WORK/after"
  ok=$(eval echo "\$cpu_${mode}_ok200")
  echo "== $mode: server CPU per request (µs) and waits per request (voluntary context switches), by thread"
  join "$WORK/before" "$WORK/after" | awk -v n="$ok" -v hz="$HZ" '
    { d = ($4 - $2) * 1000000 / hz / n; w = ($5 - $3) / n; t += d; tw += w
      if (d >= 3 || w >= 0.05) printf "   %-28s %6.0f %6.2f\n", $1, d, w }
    END { printf "   %-28s %6.0f %6.2f\n", "TOTAL", t, tw }' | sort -k2 -n -r
done
