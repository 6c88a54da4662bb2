# Shared by bench/vote.sh and bench/vote-crash.sh: the admin login and a campaign with ten
# candidates whose limits the load never reaches (so every vote is counted and the counts can be
# checked exactly), and the recount of the live counts against the ledger.
# shellcheck shell=bash

BENCH_ADMIN_PASSWORD='Bench#2026vote'
API="/admin/api/v1"

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
