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

# thread name (digits folded to N), its user+system ticks and its context switches (voluntary:
# the thread waited, e.g. for a lock, a queue or a socket), summed per name
snapshot() {
  local t name ticks switches
  for t in /proc/"$SERVER_PID"/task/*; do
    name=$(tr ' ' '_' <"$t/comm" 2>/dev/null) || continue
    ticks=$(sed 's/^.*) //' "$t/stat" 2>/dev/null | awk '{ print $12 + $13 }') || continue
    switches=$(awk '/^voluntary_ctxt_switches/ { print $2 }' "$t/status" 2>/dev/null) || continue
    echo "$(echo "$name" | sed -E 's/[0-9]+/N/g') $ticks $switches"
  done | awk '{ a[$1] += $2; w[$1] += $3 } END { for (k in a) print k, a[k], w[k] }' | sort
}

HZ=$(getconf CLK_TCK)
for mode in empty "$STEP"; do
  snapshot >"$WORK/before"
  run_wrk "cpu_$mode" "$mode" "$DURATION"
  snapshot >"$WORK/after"
  ok=$(eval echo "\$cpu_${mode}_ok200")
  echo "== $mode: server CPU per request (µs) and waits per request (voluntary context switches), by thread"
  join "$WORK/before" "$WORK/after" | awk -v n="$ok" -v hz="$HZ" '
    { d = ($4 - $2) * 1000000 / hz / n; w = ($5 - $3) / n; t += d; tw += w
      if (d >= 3 || w >= 0.05) printf "   %-28s %6.0f %6.2f\n", $1, d, w }
    END { printf "   %-28s %6.0f %6.2f\n", "TOTAL", t, tw }' | sort -k2 -n -r
done
