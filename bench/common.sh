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

stale_sources() {
  [ -n "$(find pom.xml core admin-api wechat-app/pom.xml wechat-app/src/main sql templates -newer "$JAR" -type f 2>/dev/null | head -1)" ]
}
if [ "$JAR" = "$ROOT/wechat-app/target/wechat-app.jar" ] && { [ ! -f "$JAR" ] || stale_sources; }; then
  echo "== building $JAR"
  mvn -B -q -DskipTests package
fi

free_port() {
  local port
  for _ in $(seq 1 200); do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
  fail "no free port found"
}
