#!/usr/bin/env bash
# Server CPU per request, by thread group, for the baseline and the callback: where a callback's
# CPU goes (request threads, the inbound-log writer, Redis event loops, the handler pool, JIT, GC).
# Reads /proc/<server pid>/task/*/stat before and after each wrk run. See bench/README.md.
#
#   bench/threads.sh            # WARMUP (s, default 10), DURATION (s, default 12); STEP=intake for the intake step
set -euo pipefail

STEP=${STEP:-callback}
[ "$STEP" = callback ] || [ "$STEP" = intake ] || { echo "STEP must be callback or intake" >&2; exit 2; }
LUA="$(cd "$(dirname "$0")" && pwd)/$STEP.lua"
WARMUP=${WARMUP:-10}
DURATION=${DURATION:-12}
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"

start_measured_app
run_wrk warmstep "$STEP" "$WARMUP"
run_wrk warmbase empty 4

# thread name (digits folded to N) and its user+system ticks, summed per name
snapshot() {
  local t name ticks
  for t in /proc/"$SERVER_PID"/task/*; do
    name=$(tr ' ' '_' <"$t/comm" 2>/dev/null) || continue
    ticks=$(sed 's/^.*) //' "$t/stat" 2>/dev/null | awk '{ print $12 + $13 }') || continue
    echo "$(echo "$name" | sed -E 's/[0-9]+/N/g') $ticks"
  done | awk '{ a[$1] += $2 } END { for (k in a) print k, a[k] }' | sort
}

HZ=$(getconf CLK_TCK)
for mode in empty "$STEP"; do
  snapshot >"$WORK/before"
  run_wrk "cpu_$mode" "$mode" "$DURATION"
  snapshot >"$WORK/after"
  ok=$(eval echo "\$cpu_${mode}_ok200")
  echo "== $mode: server CPU per request (µs), by thread"
  join "$WORK/before" "$WORK/after" | awk -v n="$ok" -v hz="$HZ" '
    { d = ($3 - $2) * 1000000 / hz / n; t += d; if (d >= 3) printf "   %-28s %6.0f\n", $1, d }
    END { printf "   %-28s %6.0f\n", "TOTAL", t }' | sort -k2 -n -r
done
