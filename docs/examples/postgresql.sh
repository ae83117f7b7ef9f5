#!/usr/bin/env bash
# The operator's guide, PostgreSQL section (docs/guide-operator.md), as a script the tests run: a
# SQLite data folder is migrated into an empty PostgreSQL database with `optin migrate`, then two
# instances run on that one database; records go to both, and `optin log verify` checks the one
# log through each. Without OPTIN_PG_URL (an empty database) it starts a throw-away PostgreSQL 15
# cluster of its own (tools/pg-test-cluster.sh).
# Usage: docs/examples/postgresql.sh   (OPTIN_BIN / OPTIN_SERVER_BIN: the built binaries)
source "$(dirname "$0")/lib.sh"
cd "$work"
campaign=fietsplezier-ebike-2026

second_pid=""
pg_dir=""
stop_all() {
  local status=$?
  if [[ -n $second_pid ]]; then kill "$second_pid" 2>/dev/null && wait "$second_pid" 2>/dev/null || true; fi
  if [[ -n $pg_dir ]]; then bash "$source_dir/tools/pg-test-cluster.sh" stop "$pg_dir/cluster" || true; rm -rf "$pg_dir"; fi
  (exit "$status")
  cleanup
}
trap stop_all EXIT

if [[ -n ${OPTIN_PG_URL:-} ]]; then
  url=$OPTIN_PG_URL
else
  pg_dir=$(mktemp -d /tmp/optin-example-pg.XXXXXX)
  chmod 755 "$pg_dir"  # the cluster runs as the postgres user when we are root
  url=$(bash "$source_dir/tools/pg-test-cluster.sh" start "$pg_dir/cluster")
fi

# One consent record through the server at $base (the web demo's flow, by the CLI).
submit() {
  local person=$1
  http GET "/v1/campaigns/$campaign" | jq '.signed_manifest' >signed-manifest.json
  local advertiser_key
  advertiser_key=$(http GET /v1/keys | jq -r --arg c "$campaign" '.advertisers[$c]')
  [[ -f device.key ]] || optin keygen --out device.key >/dev/null
  jq -n --arg e "person$person@example.nl" \
    '{fields: {given_name: "Sanne", family_name: "de Vries", email: $e, postcode: "3511 AB",
               date_of_birth: "1990-04-12"},
      consents: {participation: true, telephone: false, newsletter: false},
      source: "direct.web.landing.default"}' >submission.json
  optin record build --manifest signed-manifest.json --advertiser-key "$advertiser_key" \
    --submission submission.json --device-key device.key --out envelope.json
  http POST /v1/consents -H 'content-type: application/json' --data-binary @envelope.json |
    jq -r '"record \(.record_id) at leaf \(.leaf_index)"'
  [[ $(status) == 200 ]] || fail "POST /v1/consents answered $(status)"
}

step "1. A SQLite data folder with some records (the default engine)"
start_server data --dev
submit 1
submit 2
vkey=$(http GET /v1/keys | jq -r .log.vkey)
optin log verify --server "$base" --state log-state.json --server-key "$vkey" --no-progress
stop_server

step "2. optin migrate: every table into the empty database, both ledgers compared"
optin migrate --data data --to "$url"
expect_refusal storage_unavailable optin migrate --data data --to "$url"

step "3. Two instances on one database: the same keys and config.json, --database URL"
mkdir -p data2
cp -r data/keys data/config.json data2/
start_server data --dev --database "$url"
first=$base
first_pid=$server_pid
server_pid=""
start_server data2 --dev --database "$url"
second=$base
second_pid=$server_pid
server_pid=$first_pid

step "4. Records through both instances; the one log verifies through each"
base=$second submit 3
base=$first submit 4
base=$second submit 5
optin log verify --server "$first" --state log-state.json --server-key "$vkey" --no-progress
optin log verify --server "$second" --state log-state.json --server-key "$vkey" --no-progress
[[ $(curl -fsS "$first/v1/log/checkpoint") == $(curl -fsS "$second/v1/log/checkpoint") ]] ||
  fail "the two instances serve different checkpoints"
echo "both instances serve checkpoint size $(curl -fsS "$first/readyz" | jq -r .ledger_size)"
kill -TERM "$second_pid" && wait "$second_pid"
second_pid=""
stop_server
