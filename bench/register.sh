#!/usr/bin/env bash
# 企业法人库 at scale: imports 1,000,000 register rows through the admin API into a fresh MariaDB
# database (the prod profile), then measures lookups by credit code, by name prefix and by trade
# name (字号) while imports of 200,000 rows refresh existing ones one after the other and workers enroll by
# conversation (bench/enroll-load.py), next to the baselines of
# the same run: bench/empty-app under the same load, and MariaDB's own copy of the rows. See
# bench/README.md. Only 127.0.0.1 is contacted (MariaDB on 3306 as root, Redis on 6379).
#
#   bench/register.sh
#
# Environment (all optional): ROWS (default 1000000), DURATION (s per wrk run, default 10),
# LOOKUP_RATE (lookups per second of the paced runs, default 200), ENROLL_RATE (enrollments started
# per second during the lookups, default 5), BENCH_REDIS_DB (default 15), KEEP_DB=1 (keep the database), JAR (another build of wechat-app.jar).
set -euo pipefail

PROFILE=prod
LUA="$(cd "$(dirname "$0")" && pwd)/register.lua"
ROWS=${ROWS:-1000000}
LOOKUP_RATE=${LOOKUP_RATE:-200}
ENROLL_RATE=${ENROLL_RATE:-5}
# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"
DURATION=${DURATION:-10}

echo "== load average before the run: $LOAD ($(nproc) cores)"
# The app's Tomcat writes an access log with each request's time inside the server (%D, in
# microseconds: from reading the request to the last byte of the answer), so that a lookup's own
# time can be told apart from the round trip on the machine (the client, the kernel, waking threads).
mkdir -p "$WORK/access"
export SERVER_TOMCAT_ACCESSLOG_ENABLED=true SERVER_TOMCAT_ACCESSLOG_DIRECTORY="$WORK/access" \
  SERVER_TOMCAT_ACCESSLOG_PREFIX=app SERVER_TOMCAT_ACCESSLOG_SUFFIX=.log SERVER_TOMCAT_ACCESSLOG_ROTATE=false \
  SERVER_TOMCAT_ACCESSLOG_BUFFERED=false SERVER_TOMCAT_ACCESSLOG_PATTERN='%m %U %s %D'
start_measured_app
admin_login
# The floor (bench/floor-app): the same lookup by credit code as one plain indexed read of this
# run's register table, no sign-in, nothing else; what any implementation of the lookup waits for.
echo "== starting the floor (bench/floor-app, JVM defaults) on the app's database $BENCH_DB"
start_floor --spring.datasource.url="jdbc:mysql://127.0.0.1:3306/$BENCH_DB?useSSL=false&allowPublicKeyRetrieval=true&characterEncoding=utf8" \
  --spring.datasource.username=root --spring.datasource.password= --floor.redis=
ROOT_ID=$(sql "SELECT id FROM org_unit WHERE parent_id IS NULL")

# make_csv FILE COUNT OFFSET: COUNT rows with unique credit codes (a correct check character), one in
# five with a union (the province's org), names of the shape 宜昌<n>号机械制造有限公司 over 12 cities,
# one in three with the city's 市 (宜昌市<n>号…), as registers write them.
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
      place = (i % 3 == 0) ? city[c] "市" : city[c]
      printf "%s%d号%s有限公司,%s,%s市%d路%d号,42%02d%02d,%s\n", place, i, trade[i % 10 + 1], code, city[c], i % 97, i % 1000, c, i % 7 + 1, union
    }
  }' > "$1"
}

import_csv() {
  local file=$1 id status
  id=$(curl -fs -X POST "${AUTH[@]}" -H 'Content-Type: text/csv' --data-binary "@$file" "$ADMIN_API/register/imports" \
    | sed -E 's/.*"id":([0-9]+).*/\1/')
  while true; do
    status=$(curl -fs "${AUTH[@]}" "$ADMIN_API/register/imports/$id")
    case "$status" in *'"RUNNING"'*) echo "   progress: $(echo "$status" | sed -E 's/.*"rowsRead":([0-9]+),"rowsSaved":([0-9]+).*/\1 checked, \2 written/')" >&2; sleep 2 ;; *) break ;; esac
  done
  echo "$status"
}

# queries FILE KIND: the names of FILE as URL-encoded query strings (region 42): KIND prefix takes
# the place and number (宜昌123号, 宜昌市123号), KIND trade the number and trade after it (123号机械).
queries() {
  python3 - "$1" "$2" <<'PY'
import re, sys, urllib.parse
for name in open(sys.argv[1], encoding="utf-8"):
    name = name.strip()
    if sys.argv[2] == "prefix":
        q = name[: name.index("号") + 1]
    elif sys.argv[2] == "inside":
        # the number without its first digit and the trade: no name or trade name starts with it
        rest = re.sub(r"^\D*\d", "", name)
        q = rest[: rest.index("号") + 3]
    else:
        rest = re.sub(r"^\D*", "", name)
        q = rest[: rest.index("号") + 3]
    print("q=" + urllib.parse.quote(q) + "&region=42")
PY
}

echo "== writing $ROWS register rows as CSV"
t=$(date +%s%N)
make_csv "$WORK/register.csv" "$ROWS" 0
echo "   $(wc -l < "$WORK/register.csv") lines, $(du -h "$WORK/register.csv" | cut -f1) in $(ms "$t") ms"

echo "== import of $ROWS rows through POST /register/imports (upload, check every line, write in one transaction)"
LOAD_IMPORT=$(cut -d' ' -f1 /proc/loadavg)
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

echo "== lookups while imports of 200,000 rows (refreshing existing ones) run one after the other"
make_csv "$WORK/second.csv" 200000 0
sql "SELECT credit_code FROM enroll_employer ORDER BY RAND() LIMIT 2000" > "$WORK/codes.txt"
sql "SELECT name FROM enroll_employer ORDER BY RAND() LIMIT 1000" > "$WORK/names.raw"
# By name prefix: the place and number (宜昌123号, 宜昌市123号); by trade name: number and trade (123号机械).
queries "$WORK/names.raw" prefix > "$WORK/prefix.txt"
queries "$WORK/names.raw" trade > "$WORK/trade.txt"
# Inside the name (23号机械 of 宜昌123号机械…): neither index range finds it, so the register is read.
queries "$WORK/names.raw" inside > "$WORK/inside.txt"
# Two loads: PACED, a fixed offered load of LOOKUP_RATE requests per second (8 connections, each
# waiting 8000 / LOOKUP_RATE ms after an answer), where the latency is the lookup's own; and
# SATURATED, 8 connections sending as fast as answers come, where it is mostly the time a request
# queues behind the others on two cores (the throughput and the worst case).
PACE=$(awk -v r="$LOOKUP_RATE" 'BEGIN { printf "%d", 8000 / r }')
# lookup PATH FILE: one wrk run; prints the round trip's p50/p95/p99, and the same of the time in the
# server (the access log's lines of the run, for the register's path only: enrollments and import
# polls share the log) as server_p50 … server_p99.
lookup() {
  local before line
  before=$(wc -l < "$WORK/access/app.log")
  line=$(PACE_MS=$PACE_MS wrk -t2 -c8 -d"${DURATION}s" --timeout 10s -s "$LUA" "$BASE" -- lookup "$ADMIN_TOKEN" "$1" "$2" | tail -1)
  echo "$line $(tail -n +"$((before + 1))" "$WORK/access/app.log" | awk '$2 == "/admin/api/v1/register/employers" { print $4 / 1000 }' \
    | sort -n | awk '{ v[NR] = $1 } END { printf "server_p50=%.2f server_p95=%.2f server_p99=%.2f", v[int(NR * 0.50) + 1], v[int(NR * 0.95) + 1], v[int(NR * 0.99) + 1] }')"
}
floor() { PACE_MS=$PACE_MS wrk -t2 -c8 -d"${DURATION}s" --timeout 10s -s "$LUA" "$BASE_FLOOR" -- lookup none "/floor/employers?code=" "$WORK/codes.txt" | tail -1; }
ruler() { PACE_MS=$PACE_MS wrk -t2 -c8 -d"${DURATION}s" --timeout 10s -s "$LUA" "$BASE_EMPTY" -- ruler | tail -1; }
PACE_MS=$PACE

echo "== warm-up: ${DURATION} s each of the app's lookup, the floor's and the ruler, as fast as answers come"
PACE_MS=0 lookup "/admin/api/v1/register/employers?q=" "$WORK/codes.txt" >/dev/null
PACE_MS=0 floor >/dev/null
PACE_MS=0 ruler >/dev/null

echo "== paced lookups by credit code with nothing else running (the lookup's own floor)"
I_BASE=$(ruler)
I_CODE=$(lookup "/admin/api/v1/register/employers?q=" "$WORK/codes.txt")
I_FLOOR=$(floor)

# Enrollments by conversation (bench/enroll-load.py) at ENROLL_RATE per second on a poster of the
# province's org, for as long as the lookups run: scan, the form's four answers (two in three give a
# credit code of the register, which the enrollment looks up), and 1 to submit.
sql "INSERT INTO enroll_qrcode (scene_str, org_id, org_path, label, permanent, created_by, created_at)
     SELECT 'JOIN_bench', id, path, 'bench', TRUE, 'bench', NOW(3) FROM org_unit WHERE parent_id IS NULL"
LOOKUP_SECONDS=$((DURATION * 12 + 4))
python3 "$(dirname "$0")/enroll-load.py" "$BASE" "$TOKEN" JOIN_bench "$WORK/codes.txt" "$ENROLL_RATE" "$LOOKUP_SECONDS" \
  >"$WORK/enroll.out" 2>&1 &
ENROLL_PID=$!

# Imports of the second file one after the other for as long as the lookups run; each must end DONE.
(n=0; while true; do
  import_csv "$WORK/second.csv" >"$WORK/second.out" 2>/dev/null
  case "$(cat "$WORK/second.out")" in *'"DONE"'*) n=$((n + 1)); echo "$n" >"$WORK/imports.done" ;; *) exit 1 ;; esac
done) &
BG_PID=$!
sleep 2
LOAD_LOOKUPS=$(cut -d' ' -f1 /proc/loadavg)
P_BASE1=$(ruler)
P_CODE=$(lookup "/admin/api/v1/register/employers?q=" "$WORK/codes.txt")
P_FLOOR=$(floor)
P_PREFIX=$(lookup "/admin/api/v1/register/employers?" "$WORK/prefix.txt")
P_TRADE=$(lookup "/admin/api/v1/register/employers?" "$WORK/trade.txt")
P_BASE2=$(ruler)
PACE_MS=0
BASE1=$(ruler)
BY_CODE=$(lookup "/admin/api/v1/register/employers?q=" "$WORK/codes.txt")
BY_PREFIX=$(lookup "/admin/api/v1/register/employers?" "$WORK/prefix.txt")
BY_TRADE=$(lookup "/admin/api/v1/register/employers?" "$WORK/trade.txt")
BY_INSIDE=$(lookup "/admin/api/v1/register/employers?" "$WORK/inside.txt")
BASE2=$(ruler)
kill -0 "$BG_PID" 2>/dev/null || fail "an import during the lookups failed: $(cat "$WORK/second.out")"
kill "$BG_PID" 2>/dev/null || true
wait "$BG_PID" 2>/dev/null || true
BG_PID=""
IMPORTS_DONE=$(cat "$WORK/imports.done" 2>/dev/null || echo 0)
wait "$ENROLL_PID" || fail "an enrollment during the lookups failed: $(cat "$WORK/enroll.out")"
ENROLLS=$(tail -1 "$WORK/enroll.out")

p() { echo "$1" | sed -E "s/(.*[^_]|^)$2=([0-9.]+).*/\\2/"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f", a / b; else print "n/a" }'; }
worse() { awk -v a="$(p "$1" "$3")" -v b="$(p "$2" "$3")" 'BEGIN { print (a > b ? a : b) }'; }
for r in "$I_CODE" "$I_FLOOR" "$P_FLOOR" "$P_CODE" "$P_PREFIX" "$P_TRADE" "$BY_CODE" "$BY_PREFIX" "$BY_TRADE" "$BY_INSIDE"; do
  [ "$(p "$r" non2xx)" = 0 ] || fail "lookups answered non-2xx: $r"
done
RULER_P95=$(worse "$BASE1" "$BASE2" p95)
RULER_P99=$(worse "$BASE1" "$BASE2" p99)
P_RULER_P95=$(worse "$P_BASE1" "$P_BASE2" p95)
P_RULER_P99=$(worse "$P_BASE1" "$P_BASE2" p99)
echo
echo "================ figures ($(date -u +%FT%TZ), $(nproc) cores, load average: $LOAD before, $LOAD_IMPORT at the import, $LOAD_LOOKUPS at the lookups) ================"
printf '%-78s %s\n' "register rows" "$(sql "SELECT COUNT(*) FROM enroll_employer")"
printf '%-78s %s ms (target < 60000: %s)\n' "import of $ROWS rows through the API" "$IMPORT_MS" "$(verdict "$IMPORT_MS < 60000")"
printf '%-78s %s ms (import / copy = %s)\n' "baseline: INSERT … SELECT of the same rows inside MariaDB" "$COPY_MS" "$(ratio "$IMPORT_MS" "$COPY_MS")"
echo "-- paced: $LOOKUP_RATE lookups per second offered, nothing else running"
printf '%-78s %s\n' "lookup by credit code (ms)" "$I_CODE"
printf '%-78s %s\n' "floor: bench/floor-app, the same lookup as one plain indexed read" "$I_FLOOR"
printf '%-78s %s\n' "baseline: bench/empty-app POST /wx/portal at the same pace" "$I_BASE"
echo "-- paced: $LOOKUP_RATE lookups per second offered (8 connections, ${PACE} ms between an answer and the next request), during an import and enrollments"
printf '%-78s %s (p99 target < 5 ms: %s)\n' "lookup by credit code (ms)" "$P_CODE" "$(verdict "$(p "$P_CODE" p99) < 5")"
printf '%-78s %s (p99 under 5 ms: %s)\n' "floor: bench/floor-app, the same lookup as one plain indexed read" "$P_FLOOR" "$(verdict "$(p "$P_FLOOR" p99) < 5")"
printf '%-78s %s (p95 target < 50 ms: %s)\n' "lookup by name prefix (宜昌123号, region 42) (ms)" "$P_PREFIX" "$(verdict "$(p "$P_PREFIX" p95) < 50")"
printf '%-78s %s (p95 target < 50 ms: %s)\n' "lookup by trade name (123号机械, region 42) (ms)" "$P_TRADE" "$(verdict "$(p "$P_TRADE" p95) < 50")"
printf '%-78s %s | %s\n' "baseline: bench/empty-app POST /wx/portal at the same pace, before | after" "$P_BASE1" "$P_BASE2"
printf '%-78s code p99 %s× the ruler and %s× the floor; floor p99 %s× the ruler\n' "ratios, credit code" \
  "$(ratio "$(p "$P_CODE" p99)" "$P_RULER_P99")" "$(ratio "$(p "$P_CODE" p99)" "$(p "$P_FLOOR" p99)")" "$(ratio "$(p "$P_FLOOR" p99)" "$P_RULER_P99")"
printf '%-78s code p99 %s×, prefix p95 %s×, trade p95 %s× (worse ruler run)\n' "ratios to the baseline" \
  "$(ratio "$(p "$P_CODE" p99)" "$P_RULER_P99")" "$(ratio "$(p "$P_PREFIX" p95)" "$P_RULER_P95")" "$(ratio "$(p "$P_TRADE" p95)" "$P_RULER_P95")"
echo "-- saturated: 8 connections sending as fast as answers come, during an import and enrollments"
printf '%-78s %s\n' "lookup by credit code (ms)" "$BY_CODE"
printf '%-78s %s\n' "lookup by name prefix (宜昌123号, region 42) (ms)" "$BY_PREFIX"
printf '%-78s %s\n' "lookup by trade name (123号机械, region 42) (ms)" "$BY_TRADE"
printf '%-78s %s (reads the register)\n' "lookup by text inside the name (23号机械, region 42) (ms)" "$BY_INSIDE"
printf '%-78s %s | %s\n' "baseline: bench/empty-app POST /wx/portal, before | after the lookups" "$BASE1" "$BASE2"
printf '%-78s code p99 %s×, prefix p95 %s×, trade p95 %s× (worse ruler run)\n' "ratios to the baseline" \
  "$(ratio "$(p "$BY_CODE" p99)" "$RULER_P99")" "$(ratio "$(p "$BY_PREFIX" p95)" "$RULER_P95")" "$(ratio "$(p "$BY_TRADE" p95)" "$RULER_P95")"
printf '%-78s %s\n' "enrollments by conversation during the lookups ($ENROLL_RATE/s)" "$ENROLLS"
printf '%-78s %s (one always running)\n' "imports of 200,000 rows completed during the lookups" "$IMPORTS_DONE"
figure "import of $ROWS rows (ms)" "$IMPORT_MS" "< 60000" "$(verdict "$IMPORT_MS < 60000")"
figure "lookup by credit code p99, $LOOKUP_RATE/s (ms)" "$(p "$P_CODE" p99)" "< 5" "$(verdict "$(p "$P_CODE" p99) < 5")"
figure "same, time in the server p99 (ms)" "$(p "$P_CODE" server_p99)" "< 5" "$(verdict "$(p "$P_CODE" server_p99) < 5")"
figure "floor lookup by credit code p99, $LOOKUP_RATE/s (ms)" "$(p "$P_FLOOR" p99)" "-" "-"
figure "empty app round trip p99, $LOOKUP_RATE/s (ms)" "$P_RULER_P99" "-" "-"
figure "lookup by name prefix p95, $LOOKUP_RATE/s (ms)" "$(p "$P_PREFIX" p95)" "< 50" "$(verdict "$(p "$P_PREFIX" p95) < 50")"
figure "lookup by credit code p99, idle, $LOOKUP_RATE/s (ms)" "$(p "$I_CODE" p99)" "-" "-"
figure "same, time in the server p99 (ms)" "$(p "$I_CODE" server_p99)" "-" "-"
figure "lookup by trade name p95, $LOOKUP_RATE/s (ms)" "$(p "$P_TRADE" p95)" "< 50" "$(verdict "$(p "$P_TRADE" p95) < 50")"
figure "lookup by credit code p99, saturated (ms)" "$(p "$BY_CODE" p99)" "-" "-"
figure "lookup by name prefix p95, saturated (ms)" "$(p "$BY_PREFIX" p95)" "-" "-"
figure "lookup by text inside the name p95 (ms)" "$(p "$BY_INSIDE" p95)" "-" "-"
