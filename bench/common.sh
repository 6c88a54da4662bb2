# Shared by every bench script: the project root, the jar (built when missing or older than the
# sources), fail and free_port. Sourced; only 127.0.0.1 is ever contacted.
# shellcheck shell=bash

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$(pwd)
JAR=${JAR:-"$ROOT/wechat-app/target/wechat-app.jar"}

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# Sources only: the modules' target/ folders change on every build, and Maven leaves the jar's
# date alone when its content is unchanged (hence the touch after a build).
stale_sources() {
  [ -n "$(find pom.xml core/pom.xml core/src admin-api/pom.xml admin-api/src wechat-app/pom.xml wechat-app/src/main sql \
    templates -newer "$JAR" -type f 2>/dev/null | head -1)" ]
}
if [ "$JAR" = "$ROOT/wechat-app/target/wechat-app.jar" ] && { [ ! -f "$JAR" ] || stale_sources; }; then
  echo "== building $JAR"
  mvn -B -q -DskipTests package
  touch "$JAR"
fi

# shellcheck source=bench/figures.sh
. "$ROOT/bench/figures.sh"

# A port below the kernel's ephemeral range (ip_local_port_range, 32768–60999 here): a port in that
# range that is free when picked may be taken by some outgoing connection's local end before a slow
# JVM start binds it ("Port … was already in use").
free_port() {
  local port low
  low=$(cut -f1 /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)
  [ "$low" -gt 11000 ] || low=32768
  for _ in $(seq 1 200); do
    port=$((10000 + RANDOM % (low - 10000)))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
  fail "no free port found"
}
