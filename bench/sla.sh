#!/usr/bin/env bash
# Reply tracking at scale: loads 1,000,000 open cases (over a 5-level tree of 9,361 orgs, submitted
# over the last 365 days) into a fresh MariaDB database, then times the SLA sweep and
# /stats/overview for the province, next to baselines measured in the same run. See bench/README.md.
# Only 127.0.0.1 is contacted (MariaDB on 3306 as root, Redis on 6379, the app on a free port).
#
#   bench/sla.sh
#
# Environment (all optional): CASES (default 1000000), REDIS_DB (default 13), KEEP_DB=1 (keep the
# database for a look afterwards), JAR (another build of wechat-app.jar).
set -euo pipefail

# shellcheck source=bench/common.sh
. "$(dirname "$0")/common.sh"
CASES=${CASES:-1000000}
REDIS_DB=${REDIS_DB:-13}
DB="union_bench_sla_$(date +%s)"
PASSWORD='Bench#2026sla'
MYSQL=(mysql -h127.0.0.1 -uroot --batch --skip-column-names)

ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

command -v mysql >/dev/null || fail "the mysql client is needed"
command -v curl >/dev/null || fail "curl is needed"
"${MYSQL[@]}" -e "SELECT 1" >/dev/null || fail "no MariaDB on 127.0.0.1:3306"


LOAD=$(cut -d' ' -f1 /proc/loadavg)
echo "== load average before the run: $LOAD ($(nproc) cores)"

WORK=$(mktemp -d)
APP_PID=""
cleanup() {
  if [ -n "$APP_PID" ]; then kill "$APP_PID" 2>/dev/null || true; wait "$APP_PID" 2>/dev/null || true; fi
  if [ "${KEEP_DB:-0}" != 1 ]; then "${MYSQL[@]}" -e "DROP DATABASE IF EXISTS $DB" || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

"${MYSQL[@]}" -e "CREATE DATABASE $DB CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
PORT=$(free_port)
BASE="http://127.0.0.1:$PORT"
echo "== starting the app on $PORT against database $DB"
DB_URL="jdbc:mysql://127.0.0.1:3306/$DB?useSSL=false&allowPublicKeyRetrieval=true&characterEncoding=utf8&rewriteBatchedStatements=true" \
  DB_USER=root DB_PASSWORD= REDIS_URL="redis://127.0.0.1:6379/$REDIS_DB" ADMIN_PASSWORD="$PASSWORD" UNION_DATA_DIR="$WORK" \
  java -jar "$JAR" --server.port="$PORT" --union.admin.password="$PASSWORD" --union.sla.sweep-enabled=false --union.wx.push-menu-on-start=false \
  >"$WORK/app.log" 2>&1 &
APP_PID=$!
for _ in $(seq 1 120); do
  curl -fs "$BASE/actuator/health" >/dev/null 2>&1 && break
  kill -0 "$APP_PID" 2>/dev/null || { tail -50 "$WORK/app.log"; fail "the app did not start"; }
  sleep 1
done
curl -fs "$BASE/actuator/health" >/dev/null || fail "the app did not become healthy"
TOKEN=$(curl -fs -H 'Content-Type: application/json' -d "{\"username\":\"admin\",\"password\":\"$PASSWORD\"}" \
  "$BASE/admin/api/v1/auth/login" | sed -E 's/.*"token":"([^"]+)".*/\1/')
AUTH=(-H "Authorization: Bearer $TOKEN")
sql() { "${MYSQL[@]}" "$DB" -e "$1"; }

ROOT_ID=$(sql "SELECT id FROM org_unit WHERE parent_id IS NULL")
ROOT_PATH=$(sql "SELECT path FROM org_unit WHERE id = $ROOT_ID")

echo "== org tree: 16 cities x 8 counties x 8 towns x 8 grassroots unions under the province"
t=$(date +%s%N)
sql "INSERT INTO org_unit (id, parent_id, name, org_level, path, created_at)
     SELECT 100000 + seq, $ROOT_ID, CONCAT('压测', seq, '市总工会'), 'CITY', CONCAT('$ROOT_PATH', 100000 + seq, '/'), NOW(3)
     FROM seq_1_to_16;
     INSERT INTO org_unit (id, parent_id, name, org_level, path, created_at)
     SELECT 200000 + s.seq, p.id, CONCAT('压测', s.seq, '区总工会'), 'COUNTY', CONCAT(p.path, 200000 + s.seq, '/'), NOW(3)
     FROM seq_0_to_127 s JOIN org_unit p ON p.id = 100001 + s.seq DIV 8;
     INSERT INTO org_unit (id, parent_id, name, org_level, path, created_at)
     SELECT 300000 + s.seq, p.id, CONCAT('压测', s.seq, '街道工会'), 'TOWN', CONCAT(p.path, 300000 + s.seq, '/'), NOW(3)
     FROM seq_0_to_1023 s JOIN org_unit p ON p.id = 200000 + s.seq DIV 8;
     INSERT INTO org_unit (id, parent_id, name, org_level, path, created_at)
     SELECT 400000 + s.seq, p.id, CONCAT('压测', s.seq, '企业工会'), 'GRASSROOTS', CONCAT(p.path, 400000 + s.seq, '/'), NOW(3)
     FROM seq_0_to_8191 s JOIN org_unit p ON p.id = 300000 + s.seq DIV 8;"
echo "   $(sql "SELECT COUNT(*) FROM org_unit") orgs in $(ms "$t") ms"

echo "== $CASES open cases, submitted over the last 365 days (Asia/Shanghai), due 2 days later at 17:30"
t=$(date +%s%N)
sql "SET @now = CONVERT_TZ(UTC_TIMESTAMP(3), '+00:00', '+08:00');
     INSERT INTO help_case (number, openid, category_id, description, org_id, org_path, status, submitted_at, due_at, due_date)
     SELECT CONCAT('BENCH-', x.seq), CONCAT('oBench', x.seq MOD 50000), 1 + x.seq MOD 6, '压测求助', o.id, o.path, 'SUBMITTED',
            x.sub, TIMESTAMP(DATE(x.sub) + INTERVAL 2 DAY, '17:30:00'), DATE(x.sub) + INTERVAL 2 DAY
     FROM (SELECT seq, @now - INTERVAL (seq MOD 365) DAY - INTERVAL (seq MOD 480) MINUTE AS sub FROM seq_1_to_$CASES) x
     JOIN org_unit o ON o.id = 400000 + x.seq MOD 8192;"
echo "   $(sql "SELECT COUNT(*) FROM help_case") cases in $(ms "$t") ms"

echo "== first sweep (catch-up): builds the KPI summary for every day, raises the last 7 days' alerts"
sql "INSERT INTO help_kpi_dirty (submitted_day) SELECT DISTINCT DATE(submitted_at) FROM help_case"
t=$(date +%s%N)
FIRST=$(curl -fs -m 1800 -X POST "${AUTH[@]}" "$BASE/admin/api/v1/sla/sweep")
FIRST_MS=$(ms "$t")
echo "   $FIRST"
echo "   help_kpi_daily rows: $(sql "SELECT COUNT(*) FROM help_kpi_daily"), alerts: $(sql "SELECT COUNT(*) FROM help_case_alert")"

sweep() {
  local out
  out=$(curl -fs -m 600 -X POST "${AUTH[@]}" "$BASE/admin/api/v1/sla/sweep")
  echo "$out" | sed -E 's/.*"millis":([0-9]+).*/\1/'
  echo "$out" >&2
}

echo "== the day turns: the reminders of every case due today, as the first run after 00:00 sends them"
DUE_TODAY=$(sql "SELECT COUNT(*) FROM help_case WHERE due_date = DATE(CONVERT_TZ(UTC_TIMESTAMP(), '+00:00', '+08:00')) AND replied_at IS NULL")
sql "DELETE FROM help_case_alert WHERE kind = 'REMINDER' AND due_at >= DATE(CONVERT_TZ(UTC_TIMESTAMP(), '+00:00', '+08:00'));
     UPDATE sla_sweep_mark SET mark_at = DATE(CONVERT_TZ(UTC_TIMESTAMP(), '+00:00', '+08:00')), mark_id = 0 WHERE name = 'REMINDER'"
DAY_MS=$(sweep)
echo "== a quiet run (nothing crossed a threshold since the last one), three times"
QUIET=()
for _ in 1 2 3; do QUIET+=("$(sweep)"); done

echo "== GET /stats/overview for the province over the last 365 days, five times"
FROM=$(date -u -d '+8 hours -364 days' +%F)
TO=$(date -u -d '+8 hours' +%F)
OVERVIEW=()
for _ in 1 2 3 4 5; do
  OVERVIEW+=("$(curl -fs -o "$WORK/overview.json" -w '%{time_total}' "${AUTH[@]}" \
    "$BASE/admin/api/v1/stats/overview?orgId=$ROOT_ID&from=$FROM&to=$TO" | awk '{printf "%d", $1 * 1000}')")
done
RECEIVED=$(sed -E 's/^\{"orgId":[0-9]+,"orgName":"[^"]*","from":"[^"]*","to":"[^"]*","received":([0-9]+).*/\1/' "$WORK/overview.json")
OVERDUE=$(sed -E 's/^[^[]*"overdue":([0-9]+).*/\1/' "$WORK/overview.json")

echo "== baselines in the same run"
ME=()
for _ in 1 2 3 4 5; do
  ME+=("$(curl -fs -o /dev/null -w '%{time_total}' "${AUTH[@]}" "$BASE/admin/api/v1/me" | awk '{printf "%d", $1 * 1000}')")
done
t=$(date +%s%N); sql "SELECT 1" >/dev/null; SELECT1_MS=$(ms "$t")
t=$(date +%s%N)
NAIVE=$(sql "SELECT COUNT(*), SUM(replied_at IS NULL AND due_at < NOW()) FROM help_case WHERE org_path LIKE '$ROOT_PATH%'")
NAIVE_MS=$(ms "$t")
t=$(date +%s%N)
sql "SELECT COUNT(*) FROM help_case WHERE org_path LIKE '$ROOT_PATH%'" >/dev/null
COUNT_MS=$(ms "$t")

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo
echo "================ figures ($(date -u +%FT%TZ), $(nproc) cores, load before run $LOAD) ================"
printf '%-62s %s\n' "cases loaded / received in the overview" "$(sql "SELECT COUNT(*) FROM help_case") / $RECEIVED (overdue $OVERDUE)"
printf '%-62s %s ms\n' "first sweep (catch-up: KPI summary of 365 days + 7 days of alerts)" "$FIRST_MS"
met() { if [ "$1" -lt "$2" ]; then echo met; else echo MISSED; fi; }
printf '%-62s %s ms  (%s reminders; %s)\n' "sweep when the day turns (target < 5000 ms)" "$DAY_MS" "$DUE_TODAY" "$(met "$DAY_MS" 5000)"
printf '%-62s %s ms  (runs: %s)\n' "quiet sweep, median" "$(median "${QUIET[@]}")" "${QUIET[*]}"
printf '%-62s %s ms  (runs: %s; %s)\n' "GET /stats/overview province, 365 days, median (target < 1000)" "$(median "${OVERVIEW[@]}")" "${OVERVIEW[*]}" \
  "$(met "$(median "${OVERVIEW[@]}")" 1000)"
printf '%-62s %s ms  (runs: %s)\n' "baseline: GET /me (token check + one row), median" "$(median "${ME[@]}")" "${ME[*]}"
printf '%-62s %s ms\n' "baseline: SELECT 1 through the mysql client" "$SELECT1_MS"
printf '%-62s %s ms\n' "baseline: COUNT(*) of the province's cases on the path index" "$COUNT_MS"
printf '%-62s %s ms\n' "baseline: one grouped pass over all cases (what the summary avoids)" "$NAIVE_MS"
figure "sweep when the day turns, $CASES cases (ms)" "$DAY_MS" "< 5000" "$(met "$DAY_MS" 5000)"
figure "GET /stats/overview province median (ms)" "$(median "${OVERVIEW[@]}")" "< 1000" "$(met "$(median "${OVERVIEW[@]}")" 1000)"
figure "first sweep, catch-up (ms)" "$FIRST_MS" "-" "-"
