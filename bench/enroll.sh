#!/usr/bin/env bash
# 企业法人库 at scale: imports 1,000,000 register rows through the admin API into a fresh MariaDB
# database, then measures lookups by credit code and by name while a second import runs, next to
# baselines measured in the same run. See bench/README.md.
# Only 127.0.0.1 is contacted (MariaDB on 3306 as root, Redis on 6379, the app on a free port).
#
#   bench/enroll.sh
#
# Environment (all optional): ROWS (default 1000000), DURATION (s per wrk run, default 10),
# REDIS_DB (default 12), KEEP_DB=1 (keep the database), JAR (another build of wechat-app.jar).
set -euo pipefail

# shellcheck source=bench/common.sh
. "$(dirname "$0")/common.sh"
ROWS=${ROWS:-1000000}
DURATION=${DURATION:-10}
REDIS_DB=${REDIS_DB:-12}
DB="union_bench_enroll_$(date +%s)"
PASSWORD='Bench#2026enroll'
MYSQL=(mysql -h127.0.0.1 -uroot --batch --skip-column-names)

ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

command -v mysql >/dev/null || fail "the mysql client is needed"
command -v curl >/dev/null || fail "curl is needed"
command -v wrk >/dev/null || fail "wrk is needed (apt-get install wrk)"
"${MYSQL[@]}" -e "SELECT 1" >/dev/null || fail "no MariaDB on 127.0.0.1:3306"

LOAD=$(cut -d' ' -f1 /proc/loadavg)
echo "== load average before the run: $LOAD ($(nproc) cores)"

WORK=$(mktemp -d)
APP_PID=""
BG_PID=""
cleanup() {
  if [ -n "$BG_PID" ]; then kill "$BG_PID" 2>/dev/null || true; wait "$BG_PID" 2>/dev/null || true; fi
  if [ -n "$APP_PID" ]; then kill "$APP_PID" 2>/dev/null || true; wait "$APP_PID" 2>/dev/null || true; fi
  if [ "${KEEP_DB:-0}" != 1 ]; then "${MYSQL[@]}" -e "DROP DATABASE IF EXISTS $DB" || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

"${MYSQL[@]}" -e "CREATE DATABASE $DB CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
PORT=$(free_port)
BASE="http://127.0.0.1:$PORT"
API="$BASE/admin/api/v1"
echo "== starting the app on $PORT against database $DB"
DB_URL="jdbc:mysql://127.0.0.1:3306/$DB?useSSL=false&allowPublicKeyRetrieval=true&characterEncoding=utf8&rewriteBatchedStatements=true" \
  DB_USER=root DB_PASSWORD= REDIS_URL="redis://127.0.0.1:6379/$REDIS_DB" ADMIN_PASSWORD="$PASSWORD" UNION_DATA_DIR="$WORK" \
  java -jar "$JAR" --server.port="$PORT" --union.admin.password="$PASSWORD" --union.sla.sweep-enabled=false \
  --union.wx.push-menu-on-start=false >"$WORK/app.log" 2>&1 &
APP_PID=$!
for _ in $(seq 1 120); do
  curl -fs "$BASE/actuator/health" >/dev/null 2>&1 && break
  kill -0 "$APP_PID" 2>/dev/null || { tail -50 "$WORK/app.log"; fail "the app did not start"; }
  sleep 1
done
curl -fs "$BASE/actuator/health" >/dev/null || fail "the app did not become healthy"
TOKEN=$(curl -fs -H 'Content-Type: application/json' -d "{\"username\":\"admin\",\"password\":\"$PASSWORD\"}" \
  "$API/auth/login" | sed -E 's/.*"token":"([^"]+)".*/\1/')
AUTH=(-H "Authorization: Bearer $TOKEN")
sql() { "${MYSQL[@]}" "$DB" -e "$1"; }
ROOT_ID=$(sql "SELECT id FROM org_unit WHERE parent_id IS NULL")

# make_csv FILE COUNT OFFSET: COUNT rows with unique credit codes (a correct check character), one in
# five with a union (the province's org), names of the shape 宜昌<n>号机械制造有限公司 over 12 regions.
make_csv() {
  awk -v n="$2" -v off="$3" -v org="$ROOT_ID" 'BEGIN {
    cs = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    split("1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28", w, " ")
    split("宜昌 襄阳 十堰 荆州 黄石 孝感 武汉 鄂州 荆门 黄冈 咸宁 随州", city, " ")
    split("机械制造 商贸 建筑工程 物流 餐饮管理 科技 纺织 电子 化工 食品", trade, " ")
    print "name,credit_code,address,region_code,has_union,union_org_id"
    for (i = off; i < off + n; i++) {
      code = "914205"; v = i
      body = ""
      for (k = 0; k < 11; k++) { body = substr(cs, v % 31 + 1, 1) body; v = int(v / 31) }
      code = code body
      sum = 0
      for (k = 1; k <= 17; k++) sum += (index(cs, substr(code, k, 1)) - 1) * w[k]
      code = code substr(cs, (31 - sum % 31) % 31 + 1, 1)
      c = i % 12 + 1
      union = (i % 5 == 0) ? "是," org : "否,"
      printf "%s%d号%s有限公司,%s,%s市%d路%d号,42%02d%02d,%s\n", city[c], i, trade[i % 10 + 1], code, city[c], i % 97, i % 1000, c, i % 7 + 1, union
    }
  }' > "$1"
}

import_csv() {
  local file=$1 id status
  id=$(curl -fs -X POST "${AUTH[@]}" -H 'Content-Type: text/csv' --data-binary "@$file" "$API/register/imports" \
    | sed -E 's/.*"id":([0-9]+).*/\1/')
  while true; do
    status=$(curl -fs "${AUTH[@]}" "$API/register/imports/$id")
    case "$status" in *'"RUNNING"'*) echo "   progress: $(echo "$status" | sed -E 's/.*"rowsRead":([0-9]+),"rowsSaved":([0-9]+).*/\1 checked, \2 written/')" >&2; sleep 2 ;; *) break ;; esac
  done
  echo "$status"
}

echo "== writing $ROWS register rows as CSV"
t=$(date +%s%N)
make_csv "$WORK/register.csv" "$ROWS" 0
echo "   $(wc -l < "$WORK/register.csv") lines, $(du -h "$WORK/register.csv" | cut -f1) in $(ms "$t") ms"

echo "== import of $ROWS rows through POST /register/imports (upload, check every line, write in one transaction)"
t=$(date +%s%N)
RESULT=$(import_csv "$WORK/register.csv")
IMPORT_MS=$(ms "$t")
echo "   $RESULT"
case "$RESULT" in *'"DONE"'*) ;; *) fail "the import did not finish: $RESULT" ;; esac

echo "== baseline: the database's own copy of the same rows (INSERT … SELECT into a table with the same keys)"
sql "CREATE TABLE bench_employer_copy LIKE enroll_employer"
t=$(date +%s%N)
sql "INSERT INTO bench_employer_copy SELECT * FROM enroll_employer"
COPY_MS=$(ms "$t")
sql "DROP TABLE bench_employer_copy"

echo "== lookups while a second import (200,000 rows, refreshing existing ones) runs"
make_csv "$WORK/second.csv" 200000 0
sql "SELECT credit_code FROM enroll_employer ORDER BY RAND() LIMIT 2000" > "$WORK/codes.txt"
# Names: a prefix of a real name (the city and number), and a part from the middle (number and trade).
sql "SELECT name FROM enroll_employer ORDER BY RAND() LIMIT 1000" > "$WORK/names.raw"
awk '{ n = $0; sub(/号.*/, "号", n); print n }' "$WORK/names.raw" \
  | while read -r q; do printf 'q=%s&region=42\n' "$(printf '%s' "$q" | jq -sRr @uri 2>/dev/null || python3 -c 'import sys,urllib.parse;print(urllib.parse.quote(sys.argv[1]))' "$q")"; done \
  > "$WORK/names.txt"
(import_csv "$WORK/second.csv" >/dev/null 2>&1) &
BG_PID=$!
sleep 2
run_wrk() { wrk -t2 -c8 -d"${DURATION}s" --timeout 10s -s bench/enroll.lua "$BASE" -- "$TOKEN" "$1" "$2" | tail -1; }
BY_CODE=$(run_wrk "/admin/api/v1/register/employers?q=" "$WORK/codes.txt")
BY_NAME=$(run_wrk "/admin/api/v1/register/employers?" "$WORK/names.txt")
printf 'x\n' > "$WORK/me.txt"
BASELINE=$(run_wrk "/admin/api/v1/me?" "$WORK/me.txt")
wait "$BG_PID" || true
BG_PID=""

p() { echo "$1" | sed -E "s/.*$2=([0-9.]+).*/\\1/"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f", a / b; else print "n/a" }'; }
echo
echo "================ figures ($(date -u +%FT%TZ), $(nproc) cores, load before run $LOAD) ================"
printf '%-66s %s\n' "register rows" "$(sql "SELECT COUNT(*) FROM enroll_employer")"
printf '%-66s %s ms (target < 60000)\n' "import of $ROWS rows through the API" "$IMPORT_MS"
printf '%-66s %s ms (import / copy = %s)\n' "baseline: INSERT … SELECT of the same rows inside MariaDB" "$COPY_MS" "$(ratio "$IMPORT_MS" "$COPY_MS")"
printf '%-66s %s\n' "lookup by credit code during an import (ms)" "$BY_CODE"
printf '%-66s %s\n' "lookup by name (prefix, ranked, region 42) during an import (ms)" "$BY_NAME"
printf '%-66s %s\n' "baseline: GET /me (token check + one row) during the same import" "$BASELINE"
printf '%-66s p99 %s× baseline, name p95 %s× baseline\n' "ratios" \
  "$(ratio "$(p "$BY_CODE" p99)" "$(p "$BASELINE" p99)")" "$(ratio "$(p "$BY_NAME" p95)" "$(p "$BASELINE" p95)")"
