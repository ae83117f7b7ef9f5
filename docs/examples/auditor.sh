#!/usr/bin/env bash
# The auditor's guide (docs/guide-auditor.md), as a script the tests run. A throw-away server
# (development mode: it publishes the example campaign) receives two consent records; then, as
# an auditor: obtain an evidence bundle, verify it offline, verify the whole log twice (the second
# run checks consistency with the first), and see tampered bundles fail.
# Usage: docs/examples/auditor.sh   (OPTIN_BIN / OPTIN_SERVER_BIN: the built binaries)
source "$(dirname "$0")/lib.sh"
cd "$work"
campaign=fietsplezier-ebike-2026

start_server data --dev
echo "server at $base"

step "The company's side: a consent record captured and received (the page does this in the browser)"
http GET "/v1/campaigns/$campaign" | jq '.signed_manifest' >signed-manifest.json
advertiser_key=$(http GET /v1/keys | jq -r --arg c "$campaign" '.advertisers[$c]')
optin keygen --out device.key >/dev/null
submit_record() {  # $1: e-mail address; prints the record id
  jq -n --arg email "$1" '{
    fields: {given_name: "Sanne", family_name: "de Vries", email: $email, phone: "06 12345678",
             postcode: "3511 AB", date_of_birth: "1990-04-12", ebike_use: "Woon-werkverkeer"},
    consents: {participation: true, telephone: true, newsletter: false},
    source: "direct.web.landing.default"}' >submission.json
  optin record build --manifest signed-manifest.json --advertiser-key "$advertiser_key" \
    --submission submission.json --device-key device.key --out envelope.json
  http POST /v1/consents -H 'content-type: application/json' --data-binary @envelope.json >receipt.json
  [[ $(status) == 200 ]] || fail "POST /v1/consents answered $(status): $(cat receipt.json)"
  jq -r .record_id receipt.json
}
record_id=$(submit_record sanne@example.nl)
echo "record $record_id received"

step "1. Obtain the keys out of band and the evidence bundle (auditor token)"
# In a real audit the log key and the advertiser key come from a published source you trust
# (the company's website, a letter), not from the server being audited; /v1/keys is shown here.
vkey=$(http GET /v1/keys | jq -r .log.vkey)
echo "log key:        $vkey"
echo "advertiser key: $advertiser_key"
auditor_token=$(optin token create --data data --scope auditor)
http GET "/v1/evidence/$record_id" -H "authorization: Bearer $auditor_token" >bundle.json
[[ $(status) == 200 ]] || fail "GET /v1/evidence answered $(status): $(cat bundle.json)"
jq -c '{format, erased, receipt: (.receipt | {record_id, leaf_index, tree_size, server_time})}' bundle.json

step "2. Verify it offline: no server involved, only the two public keys"
optin evidence verify bundle.json --server-key "$vkey" --advertiser-key "$advertiser_key"

step "3. Verify the whole log, and keep its checkpoint in a state file"
optin log verify --server "$base" --state log-state.json --server-key "$vkey" --no-progress

step "4. More records later; the second run proves the log only grew (consistency proof)"
submit_record jan@example.nl >/dev/null
optin log verify --server "$base" --state log-state.json --server-key "$vkey" --no-progress \
  | tee log-verify.out
grep -q 'consistent with the checkpoint of size' log-verify.out || fail "no consistency check"

step "5. Tampered bundles and wrong keys fail, each at the check that catches it"
tamper() {  # $1: code expected, $2: jq program applied to the bundle
  jq "$2" bundle.json >tampered.json
  expect_refusal "$1" optin evidence verify tampered.json --server-key "$vkey" \
    --advertiser-key "$advertiser_key"
}
tamper disclosure_mismatch '.envelope.disclosures.email.value = "iemand@anders.nl"'
tamper record_signature_invalid '.envelope.record.consents.newsletter = true'
tamper proof_invalid '.receipt.server_time = "2026-01-01T00:00:00.000Z"'
tamper manifest_signature_invalid '.campaign.signed_manifest.manifest.title = "Win een auto"'
other_key=$(optin keygen --out other.key)
expect_refusal key_invalid optin evidence verify bundle.json --server-key "$vkey" \
  --advertiser-key "$other_key"

stop_server
echo
echo "auditor example: OK"
