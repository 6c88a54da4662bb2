#!/usr/bin/env bash
# Measures the first step of a help-request intake (我要求助 from a new worker) through the WeChat
# callback against a separate empty Spring Boot app (bench/empty-app), in the same run; PROFILE=prod
# on the local MariaDB + Redis. See bench/README.md.
# Only 127.0.0.1 is ever contacted.
#
#   bench/intake.sh
#
# Environment (all optional): DURATION (s per measured run, default 10), WARMUP (s, default 10),
# ROUNDS (baseline/step pairs, default 3), CONNECTIONS (32),
# THREADS (2), JAVA_OPTS, JAR (another build of wechat-app.jar), PROFILE (embedded or prod).
set -euo pipefail

LUA="$(cd "$(dirname "$0")" && pwd)/intake.lua"
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"

start_measured_app
ROWS_BEFORE=$(count_rows)

echo "== warm-up: ${WARMUP} s intake, ${WARMUP} s baseline"
run_wrk warmintake intake "$WARMUP"
run_wrk warmbase ruler "$WARMUP"

measure_step intake
{
  report_head intake
  echo "  durability: wx_inbound +${GREW} rows >= ${ACCEPTED} intake steps answered 200"
} | tee "$OUT/summary.txt"
echo "  (wrk output and app log in bench/out/$STAMP/)"
