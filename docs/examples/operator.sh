#!/usr/bin/env bash
# The operator's guide (docs/guide-operator.md), as a script the tests run: first start (keys and
# config.json created), the configuration, metrics, an online SQLite backup (.backup and VACUUM
# INTO) taken while the server runs, and a restore on a second data folder that serves the same
# log and the same evidence.
# Usage: docs/examples/operator.sh   (OPTIN_BIN / OPTIN_SERVER_BIN: the built binaries)
source "$(dirname "$0")/lib.sh"
cd "$work"
campaign=fietsplezier-ebike-2026

step "1. First start: the data folder gets config.json, keys/ and the SQLite database"
start_server data --dev
(cd data && find . -maxdepth 2 -type f -printf '%m %p\n' | sort)
[[ $(stat -c %a data/keys/server.key) == 600 && $(stat -c %a data/keys/master.key) == 600 ]] ||
  fail "key files must be readable by the owner only"
jq -c 'del(.example_campaign)' data/config.json
"$OPTIN_SERVER_BIN" --help-config --format markdown >config-reference.md
cmp -s config-reference.md "$source_dir/docs/config-reference.md" ||
  fail "docs/config-reference.md differs from optin-server --help-config --format markdown"

step "2. Some traffic: one consent record"
http GET "/v1/campaigns/$campaign" | jq '.signed_manifest' >signed-manifest.json
advertiser_key=$(http GET /v1/keys | jq -r --arg c "$campaign" '.advertisers[$c]')
optin keygen --out device.key >/dev/null
jq -n '{fields: {given_name: "Sanne", family_name: "de Vries", email: "sanne@example.nl",
                 postcode: "3511 AB", date_of_birth: "1990-04-12"},
        consents: {participation: true, telephone: false, newsletter: false},
        source: "direct.web.landing.default"}' >submission.json
optin record build --manifest signed-manifest.json --advertiser-key "$advertiser_key" \
  --submission submission.json --device-key device.key --out envelope.json
record_id=$(http POST /v1/consents -H 'content-type: application/json' \
  --data-binary @envelope.json | jq -r .record_id)
[[ $(status) == 200 ]] || fail "POST /v1/consents answered $(status)"
vkey=$(http GET /v1/keys | jq -r .log.vkey)
optin log verify --server "$base" --state log-state.json --server-key "$vkey" --no-progress

step "3. Metrics to watch (Prometheus text format)"
http GET /metrics | grep -E '^optin_(records_total|ledger_entries|sequencer_outstanding|commit_seconds_count|http_requests_total\{route="/v1/consents")'
for name in optin_records_total optin_ledger_entries optin_sequencer_outstanding \
  optin_commit_seconds_bucket optin_batch_entries_bucket optin_http_requests_total; do
  grep -q "^$name" "$work/body" || fail "metric $name is missing"
done
ledger_size=$(http GET /readyz | jq -r .ledger_size)
echo "ledger size: $ledger_size"

step "4. Online backup while the server runs: sqlite3 .backup, or VACUUM INTO"
# Tokens live in the database: this one is in the backup.
auditor_token=$(optin token create --data data --scope auditor)
sqlite3 data/optin.sqlite ".backup backup.sqlite"
sqlite3 data/optin.sqlite "VACUUM INTO 'vacuum-copy.sqlite'"
for copy in backup.sqlite vacuum-copy.sqlite; do
  [[ $(sqlite3 "$copy" 'PRAGMA integrity_check') == ok ]] || fail "$copy is damaged"
  [[ $(sqlite3 "$copy" 'SELECT COUNT(*) FROM entries') == "$ledger_size" ]] || fail "$copy is short"
done
echo "schema versions applied: $(sqlite3 backup.sqlite 'SELECT group_concat(version) FROM schema_version')"
stop_server

step "5. Restore on a fresh folder: config.json, keys/ and the database copy"
mkdir -p restored/keys
cp data/config.json restored/
cp -p data/keys/server.key data/keys/master.key restored/keys/
cp backup.sqlite restored/optin.sqlite
start_server restored
[[ $(http GET /readyz | jq -r .ledger_size) == "$ledger_size" ]] || fail "restored ledger size"
[[ $(http GET /v1/keys | jq -r .log.vkey) == "$vkey" ]] || fail "restored log key differs"
# The same log: the state file saved before the backup is consistent with the restored server.
optin log verify --server "$base" --state log-state.json --server-key "$vkey" --no-progress
# Tokens are in the database; the master key unseals the personal data in the evidence.
http GET "/v1/evidence/$record_id" -H "authorization: Bearer $auditor_token" |
  jq -e '.envelope.disclosures.email.value == "sanne@example.nl"' >/dev/null ||
  fail "restored evidence lacks the disclosed e-mail address"
echo "restored server: same log, same key, evidence readable"
stop_server
echo
echo "operator example: OK"
