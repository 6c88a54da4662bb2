# Shared by bench/vote.sh and bench/vote-crash.sh: the admin login, a campaign with ten candidates
# whose limits the load never reaches (so every vote is counted and the counts can be checked
# exactly), H5 sessions for the load, and the recount of the live counts against the ledger.
# shellcheck shell=bash

# The same as lib.sh's prod profile sets (ADMIN_PASSWORD); the embedded default gets it as a property.
BENCH_ADMIN_PASSWORD='Bench#2026union'
API="/admin/api/v1"
JAVA_OPTS="$JAVA_OPTS -Dunion.admin.password=$BENCH_ADMIN_PASSWORD"

admin_token() {
  curl -sf -H 'Content-Type: application/json' \
    -d "{\"username\":\"admin\",\"password\":\"$BENCH_ADMIN_PASSWORD\"}" "$BASE$API/auth/login" | jq -r .token
}

# make_campaign: sets CAMPAIGN (id) and TOKEN_ADMIN
make_campaign() {
  TOKEN_ADMIN=$(admin_token)
  [ -n "$TOKEN_ADMIN" ] && [ "$TOKEN_ADMIN" != null ] || fail "admin login failed"
  local now end
  now=$(date -u -d '-1 hour' +%Y-%m-%dT%H:%M:%SZ)
  end=$(date -u -d '+30 days' +%Y-%m-%dT%H:%M:%SZ)
  CAMPAIGN=$(curl -sf -H "Authorization: Bearer $TOKEN_ADMIN" -H 'Content-Type: application/json' \
    -d "{\"title\":\"最美职工压测\",\"startAt\":\"$now\",\"endAt\":\"$end\",\"votesPerVoterPerDay\":1000,\"burstPerMinute\":100000000}" \
    "$BASE$API/campaigns" | jq -r .id)
  [ -n "$CAMPAIGN" ] && [ "$CAMPAIGN" != null ] || fail "could not create the campaign"
  local n
  for n in $(seq 1 10); do
    curl -sf -o /dev/null -H "Authorization: Bearer $TOKEN_ADMIN" -H 'Content-Type: application/json' \
      -d "{\"name\":\"候选人$n\",\"unit\":\"压测单位\",\"number\":$n}" "$BASE$API/campaigns/$CAMPAIGN/candidates" \
      || fail "could not add candidate $n"
  done
  export VOTE_CAMPAIGN=$CAMPAIGN VOTE_CANDIDATES=10
}

# make_sessions COUNT: COUNT voters signed in to the H5 page, written straight into the app's Redis
# database as the OAuth step writes them (h5:s:<32 hex> → openid, 2 h); exports what vote-h5.lua reads.
make_sessions() {
  local count=$1 db=${BENCH_REDIS_DB:-15}
  [ "$PROFILE" = prod ] || fail "H5 sessions are written into the prod profile's Redis (PROFILE=prod)"
  command -v redis-cli >/dev/null || fail "redis-cli is needed"
  VOTE_SESSION_PREFIX=$(head -c6 /dev/urandom | od -An -tx1 | tr -d ' \n')
  awk -v n="$count" -v p="$VOTE_SESSION_PREFIX" 'BEGIN {
    for (i = 0; i < n; i++) {
      k = sprintf("h5:s:%s%020d", p, i); v = sprintf("oBenchH5%s%08d", p, i)
      printf "*5\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n$2\r\nEX\r\n$4\r\n7200\r\n", length(k), k, length(v), v
    } }' | redis-cli -n "$db" --pipe >"$OUT/sessions.txt" 2>&1 || { cat "$OUT/sessions.txt" >&2; fail "could not write the sessions"; }
  grep -q "errors: 0, replies: $count" "$OUT/sessions.txt" || { cat "$OUT/sessions.txt" >&2; fail "the sessions were not all written"; }
  export VOTE_SESSIONS=$count VOTE_SESSION_PREFIX
}

# recount [rebuild]: sets LEDGER_VOTES, LIVE_VOTES, MATCHES from POST /campaigns/{id}/recount
recount() {
  local body
  TOKEN_ADMIN=$(admin_token)
  body=$(curl -sf -X POST -H "Authorization: Bearer $TOKEN_ADMIN" "$BASE$API/campaigns/$CAMPAIGN/recount?rebuild=${1:-false}") \
    || fail "recount failed"
  LEDGER_VOTES=$(echo "$body" | jq -r .ledgerVotes)
  LIVE_VOTES=$(echo "$body" | jq -r .liveVotes)
  MATCHES=$(echo "$body" | jq -r .matches)
}

# ledger_rows: the campaign's rows in vote_ledger, read straight from the database
ledger_rows() {
  mysql -h127.0.0.1 -uroot --batch --skip-column-names "$BENCH_DB" \
    -e "SELECT COUNT(*) FROM vote_ledger WHERE campaign_id = $CAMPAIGN"
}
