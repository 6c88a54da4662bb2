#!/usr/bin/env bash
# Runs every benchmark of bench/ one after the other, with short defaults, and prints ONE table:
# each figure, its value, its target and met/MISSED, with the load average before each script. A
# script that fails does not stop the others: its row says FAILED with the script's last FAIL line,
# and all.sh exits 1 at the end. See bench/README.md. Only 127.0.0.1 is contacted.
#
#   bench/all.sh                                   # short trial: a few seconds per measured run
#   DURATION=10 WARMUP=10 ROUNDS=3 bench/all.sh    # the scripts' own lengths (see each script)
#   ONLY="callback two-nodes" bench/all.sh         # some of them (names as in the table's first column)
#
# Environment (all optional; each is passed to the scripts that read it):
#   DURATION (s per measured wrk run, 3), WARMUP (s, 3), ROUNDS (1), CONNECTIONS, JAVA_OPTS, JAR;
#   SESSIONS (H5 voters of vote.sh, 500); ROWS (register rows of register.sh, 20000);
#   CASES (open cases of sla.sh, 20000); BURST, KILL_AFTER (vote-crash.sh, 6 and 3);
#   TRAFFIC (s of traffic of durability.sh, 5), DURABILITY_THREADS (4), DURABILITY_CASES (10);
#   BENCH_REDIS_DB (Redis database index of the prod-profile scripts; each script's own default if unset).
# Not run: profile.sh and threads.sh (diagnostics: a CPU profile, CPU per request by pool size; no target).
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

DURATION=${DURATION:-3}
WARMUP=${WARMUP:-3}
ROUNDS=${ROUNDS:-1}
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
OUT="$ROOT/bench/out/all-$STAMP"
mkdir -p "$OUT"

# name | script | its environment (besides the common DURATION, WARMUP, ROUNDS)
RUNS=(
  "callback|callback.sh|PROFILE=embedded"
  "intake-embedded|intake.sh|PROFILE=embedded"
  "intake-prod|intake.sh|PROFILE=prod"
  "vote|vote.sh|SESSIONS=${SESSIONS:-500}"
  "vote-crash|vote-crash.sh|BURST=${BURST:-6} KILL_AFTER=${KILL_AFTER:-3}"
  "register|register.sh|ROWS=${ROWS:-20000}"
  "sla|sla.sh|CASES=${CASES:-20000}"
  "two-nodes|two-nodes.sh|"
  "durability|durability.sh|TRAFFIC=${TRAFFIC:-5} THREADS=${DURABILITY_THREADS:-4} CASES=${DURABILITY_CASES:-10}"
  "floor-prod|floor.sh|PROFILE=prod"
  "floor-embedded|floor.sh|PROFILE=embedded"
)

selected() { [ -z "${ONLY:-}" ] || [[ " $ONLY " == *" $1 "* ]]; }

TABLE="$OUT/table.tsv"
: >"$TABLE"
FAILED=()
for run in "${RUNS[@]}"; do
  IFS='|' read -r name script extra <<<"$run"
  selected "$name" || continue
  if [ ! -f "bench/$script" ]; then
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "(script bench/$script missing)" "-" "-" "FAILED" "-" >>"$TABLE"
    FAILED+=("$name")
    continue
  fi
  load=$(cut -d' ' -f1-3 /proc/loadavg | tr ' ' '/')
  figures="$OUT/$name.tsv"
  : >"$figures"
  echo "== $name: bench/$script $extra (load average $load); output in $OUT/$name.log"
  t0=$(date +%s)
  # shellcheck disable=SC2086
  env BENCH_FIGURES="$figures" DURATION="$DURATION" WARMUP="$WARMUP" ROUNDS="$ROUNDS" $extra \
    bash "bench/$script" >"$OUT/$name.log" 2>&1
  rc=$?
  secs=$(($(date +%s) - t0))
  while IFS=$'\t' read -r figure value target verdict; do
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$figure" "$value" "$target" "$verdict" "$load" >>"$TABLE"
  done <"$figures"
  if [ "$rc" -ne 0 ]; then
    why=$(grep -h '^FAIL' "$OUT/$name.log" | tail -1)
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "script exit $rc: ${why:-see $name.log}" "-" "-" "FAILED" "$load" >>"$TABLE"
    FAILED+=("$name")
    echo "   FAILED (exit $rc after $secs s): ${why:-see $OUT/$name.log}"
  elif [ ! -s "$figures" ]; then
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "(no figures reported)" "-" "-" "FAILED" "$load" >>"$TABLE"
    FAILED+=("$name")
    echo "   no figures reported ($secs s)"
  else
    echo "   done in $secs s"
  fi
done

{
  echo
  echo "bench/all.sh, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, DURATION=$DURATION WARMUP=$WARMUP ROUNDS=$ROUNDS; load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
  printf '%-16s %-48s %-22s %-8s %-8s %s\n' script figure value target result "load before (1/5/15 min)"
  while IFS=$'\t' read -r name figure value target verdict load; do
    printf '%-16s %-48s %-22s %-8s %-8s %s\n' "$name" "$figure" "$value" "$target" "$verdict" "$load"
  done <"$TABLE"
  met=$(awk -F'\t' '$5 == "met"' "$TABLE" | wc -l)
  missed=$(awk -F'\t' '$5 == "MISSED"' "$TABLE" | wc -l)
  echo "targets met: $met, missed: $missed; scripts failed: ${#FAILED[@]}${FAILED[*]:+ (${FAILED[*]})}"
} | tee "$OUT/summary.txt"
[ "${#FAILED[@]}" -eq 0 ]
