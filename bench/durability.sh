#!/usr/bin/env bash
# Kills the server JVM (SIGKILL) in the middle of traffic and counts what was lost: plain messages
# and whole 我要求助 conversations from THREADS threads through signed XML to /wx/portal; after a
# restart on the same data every message answered 200 must be in wx_inbound with its outcome and
# every case number given must exist (补充 to it is accepted). On the embedded default (H2 file)
# and, when MariaDB and Redis answer on 127.0.0.1, on the prod profile. It runs the same check as
# `mvn verify` (wechat-app/src/test/java/cn/union/DurabilityJarIT.java) with more load.
#
#   bench/durability.sh
#
# Environment (all optional): THREADS (12), TRAFFIC (s of traffic at least before the kill, 20),
# CASES (case numbers given at least before the kill, 50), UNION_IT_REDIS_DB (Redis database index).
# Only 127.0.0.1 is ever contacted.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/figures.sh
. bench/figures.sh
THREADS=${THREADS:-12}
TRAFFIC=${TRAFFIC:-20}
CASES=${CASES:-50}
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
OUT="bench/out/$STAMP"
mkdir -p "$OUT"
echo "== durability: $THREADS threads, at least $TRAFFIC s and $CASES case numbers before the kill; log in $OUT/durability.log"
if mvn -B -pl wechat-app -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=DurabilityJarIT \
  -Dunion.durability.threads="$THREADS" -Dunion.durability.seconds="$TRAFFIC" -Dunion.durability.cases="$CASES" \
  >"$OUT/durability.log" 2>&1; then
  result=passed
else
  result=FAILED
fi
grep -h '^\[durability\]' "$OUT/durability.log" wechat-app/target/failsafe-reports/*DurabilityJarIT*-output.txt 2>/dev/null | sort -u || true
grep -E 'Tests run:.*DurabilityJarIT|Skipped' "$OUT/durability.log" | head -3 || true
echo "durability: $result"
# (no failsafe output file when the test did not run: grep's complaint must not end the script)
{ grep -h '^\[durability\].*after the restart' "$OUT/durability.log" wechat-app/target/failsafe-reports/*DurabilityJarIT*-output.txt 2>/dev/null || true; } \
  | sort -u | sed -nE 's/^\[durability\] ([^:]+): after the restart, lost ([0-9]+) of ([0-9]+) answered messages, ([0-9]+) of ([0-9]+) case numbers.*/\1 \2 \3 \4 \5/p' \
  | while read -r label lost answered lost_cases cases; do
      figure "$label: answered messages lost after kill -9" "$lost of $answered" "0" "$([ "$lost" = 0 ] && echo met || echo MISSED)"
      figure "$label: case numbers lost after kill -9" "$lost_cases of $cases" "0" "$([ "$lost_cases" = 0 ] && echo met || echo MISSED)"
    done
figure "DurabilityJarIT" "$result" "passed" "$([ "$result" = passed ] && echo met || echo MISSED)"
[ "$result" = passed ]
