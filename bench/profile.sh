#!/usr/bin/env bash
# Where the server's CPU goes under callback (or intake) load: a JFR recording of the server JVM
# during one measured run, summarised as the hottest methods (self time) and the share of samples
# whose stack passes through each layer (inclusive). See bench/README.md.
#
#   bench/profile.sh                 # STEP=intake for the intake step; PROFILE=prod; WARMUP, DURATION, JAVA_OPTS
#   STEP=vote-h5 bench/profile.sh    # H5 votes, as bench/vote.sh sends them (prod profile: MariaDB + Redis)
#   PROFILER=async bench/profile.sh  # async-profiler (CPU, native and kernel frames too) instead of JFR
#
# JFR samples Java frames only: time a thread spends in the kernel (socket writes, futex waits) or
# in native code is missing from its shares. async-profiler (tools.profiler:async-profiler from
# Maven Central) samples CPU time whatever the frame; it is loaded at the server JVM's start, so
# its samples cover the warm-up as well as the recorded run (the start-up itself and the JIT
# compiler threads are left out of the figures).
#
# Only 127.0.0.1 is ever contacted. The recording stays in bench/out/<time>/server.jfr (open it
# with JDK Mission Control, or `jfr print`).
set -euo pipefail

STEP=${STEP:-callback}
HERE="$(cd "$(dirname "$0")" && pwd)"
LUA="$HERE/$STEP.lua"
MODE=$STEP
DURATION=${DURATION:-20}
if [ "$STEP" = vote-h5 ]; then
  PROFILE=prod
  BENCH_REDIS_DB=${BENCH_REDIS_DB:-13}
  MODE=h5
fi
PROFILER=${PROFILER:-jfr}
# shellcheck source=bench/lib.sh
. "$HERE/lib.sh"
command -v jfr >/dev/null || fail "jfr (JDK) is needed"
if [ "$PROFILER" = async ]; then
  AP_VERSION=4.1
  AP_JAR="$HOME/.m2/repository/tools/profiler/async-profiler/$AP_VERSION/async-profiler-$AP_VERSION.jar"
  [ -f "$AP_JAR" ] || mvn -q dependency:get -Dartifact="tools.profiler:async-profiler:$AP_VERSION" \
    || fail "could not fetch async-profiler from Maven Central"
  (cd "$WORK" && unzip -q -o "$AP_JAR" 'linux-x64/*') || fail "could not unpack async-profiler"
  # %p: the pid, so the launcher JVM (which passes its options on) and the server write apart
  JAVA_OPTS="$JAVA_OPTS -agentpath:$WORK/linux-x64/libasyncProfiler.so=start,event=cpu,interval=2ms,file=$OUT/cpu-%p.collapsed,collapsed"
fi
if [ "$STEP" = vote-h5 ]; then
  # shellcheck source=bench/vote-lib.sh
  . "$HERE/vote-lib.sh"
  # as bench/vote.sh: the load's voters all come from 127.0.0.1 and vote many times a minute
  JAVA_OPTS="$JAVA_OPTS -Dunion.voting.h5-votes-per-minute-per-ip=2000000000 -Dunion.voting.h5-votes-per-minute-per-voter=1000000"
fi

start_measured_app
if [ "$STEP" = vote-h5 ]; then
  make_campaign
  make_sessions "${SESSIONS:-5000}"
fi
echo "== warm-up: ${WARMUP} s $STEP"
run_wrk warmstep "$MODE" "$WARMUP"
if [ "$PROFILER" = async ]; then
  echo "== recording ${DURATION} s of $STEP (async-profiler, since the server's start)"
  run_wrk recorded "$MODE" "$DURATION"
  stop_app # the profile is written when the server JVM exits
  for _ in $(seq 1 100); do [ -s "$OUT/cpu-$SERVER_PID.collapsed" ] && break; sleep 0.2; done
  [ -s "$OUT/cpu-$SERVER_PID.collapsed" ] || fail "async-profiler wrote no profile"
  # one line per sample, frames top first, joined by ';' (as from JFR below); start-up and the
  # JIT compiler threads left out
  grep -v -e 'SpringApplication.run' -e 'CompileBroker' "$OUT/cpu-$SERVER_PID.collapsed" | awk '{
    n = $NF; line = $0; sub(/ [0-9]+$/, "", line); gsub(/\//, ".", line)
    k = split(line, f, ";"); s = f[k]; for (i = k - 1; i >= 1; i--) s = s ";" f[i]
    for (j = 0; j < n; j++) print s }' >"$OUT/stacks.txt"
else
  jcmd "$SERVER_PID" JFR.start name=bench settings=profile filename="$OUT/server.jfr" >/dev/null
  echo "== recording ${DURATION} s of $STEP"
  run_wrk recorded "$MODE" "$DURATION"
  jcmd "$SERVER_PID" JFR.stop name=bench >/dev/null
  # one line per sample: its frames, top first, joined by ';'
  jfr print --stack-depth 64 --events jdk.ExecutionSample "$OUT/server.jfr" | awk '
    /stackTrace = \[/ { s = ""; inst = 1; next }
    inst && /^[[:space:]]*\]/ { print s; inst = 0; next }
    inst { f = $0; sub(/^[[:space:]]+/, "", f); sub(/[[:space:]]+line:.*/, "", f); s = (s == "" ? f : s ";" f) }
  ' >"$OUT/stacks.txt"
fi
TOTAL=$(wc -l <"$OUT/stacks.txt")
{
  echo
  echo "$STEP profile ($PROFILER), profile $PROFILE, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, ${TOTAL} CPU samples of the server JVM"
  echo "  hottest methods (self):"
  cut -d';' -f1 "$OUT/stacks.txt" | sed 's/(.*//' | sort | uniq -c | sort -rn | awk 'NR <= 25' \
    | awk -v t="$TOTAL" '{ printf "    %5.1f%%  %s\n", 100 * $1 / t, $2 }'
  echo "  share of samples through (inclusive; a sample can count in several):"
  for layer in \
    "request threads (Tomcat):Http11Processor.service" \
    "Tomcat, HTTP:org.apache.(coyote|tomcat|catalina)" \
    "servlet filters (Spring):org.springframework.web.filter|org.springframework.security" \
    "observation, metrics:io.micrometer" \
    "portal: signature, XML:cn.union.wechat.(WxCrypto|WxXml)" \
    "inbound log writer:cn.union.wechat.InboundWriter|cn.union.platform.GroupCommit" \
    "dispatcher, router:cn.union.wechat.(InboundDispatcher|WxRouter)" \
    "handlers (core):cn.union.(helpdesk|member|enrollment|voting|platform.Copy)" \
    "voting:cn.union.voting" \
    "Spring MVC dispatch:org.springframework.web.servlet" \
    "  handler mapping:AbstractHandlerMapping.getHandler" \
    "  reading the body:readWithMessageConverters" \
    "  writing the answer:HandlerMethodReturnValueHandlerComposite.handleReturnValue" \
    "JSON (Jackson):tools.jackson|com.fasterxml.jackson" \
    "H2:org.h2" \
    "MariaDB driver:com.mysql" \
    "Hikari pool:com.zaxxer" \
    "MyBatis:org.apache.ibatis|com.baomidou" \
    "Redis (Redisson, Netty):org.redisson|io.netty" \
    "RedisPipeline:cn.union.platform.RedisPipeline" \
    "logging:ch.qos.logback|org.slf4j" \
    "JDK digests (SHA-1 etc.):sun.security.provider" \
    "parked or waking a thread:LockSupport.(park|unpark)" \
    "kernel (async-profiler only):_\\[k\\]" ; do
    name=${layer%%:*}
    re=${layer#*:}
    n=$(grep -cE "$re" "$OUT/stacks.txt" || true)
    awk -v n="$n" -v t="$TOTAL" -v name="$name" 'BEGIN { printf "    %5.1f%%  %s\n", 100 * n / t, name }'
  done
} | tee "$OUT/summary.txt"
echo "  (recording, stacks, wrk output and app log in bench/out/$STAMP/)"
