#!/usr/bin/env bash
# The call centre's guide (docs/guide-call-centre.md), as a script the tests run. The lead feed
# is not built yet; what exists is shown: a call-centre token (which opens no endpoint yet), and
# the call sheet a lead will carry, derived here from a verified evidence bundle: who, which
# number, which campaign and partner, the exact consent text with date and time, the extra answer,
# who calls about what, and when calling is allowed.
# Usage: docs/examples/call-centre.sh   (OPTIN_BIN / OPTIN_SERVER_BIN: the built binaries)
source "$(dirname "$0")/lib.sh"
cd "$work"
campaign=fietsplezier-ebike-2026

start_server data --dev
http GET "/v1/campaigns/$campaign" | jq '.signed_manifest' >signed-manifest.json
advertiser_key=$(http GET /v1/keys | jq -r --arg c "$campaign" '.advertisers[$c]')
vkey=$(http GET /v1/keys | jq -r .log.vkey)

step "A lead arrives through a partner's win-action page"
optin keygen --out device.key >/dev/null
jq -n '{fields: {given_name: "Sanne", family_name: "de Vries", email: "sanne@example.nl",
                 phone: "06 12345678", postcode: "3511 AB", date_of_birth: "1990-04-12",
                 ebike_use: "Woon-werkverkeer, 15 km per dag"},
        consents: {participation: true, telephone: true, newsletter: false},
        source: "winactieplein.email.nieuwsbrief.banner-1"}' >submission.json
optin record build --manifest signed-manifest.json --advertiser-key "$advertiser_key" \
  --submission submission.json --device-key device.key --out envelope.json
record_id=$(http POST /v1/consents -H 'content-type: application/json' \
  --data-binary @envelope.json | jq -r .record_id)
[[ $(status) == 200 ]] || fail "POST /v1/consents answered $(status)"

step "A call-centre token exists as a scope, but opens no endpoint yet (the feed is not built)"
cc_token=$(optin token create --data data --scope call_centre:bellers-bv)
http GET "/v1/evidence/$record_id" -H "authorization: Bearer $cc_token" | jq -c .error
[[ $(status) == 403 ]] || fail "a call-centre token must not read evidence (got $(status))"

step "Until then: the evidence bundle (auditor or admin token), verified before calling"
auditor_token=$(optin token create --data data --scope auditor)
http GET "/v1/evidence/$record_id" -H "authorization: Bearer $auditor_token" >bundle.json
optin evidence verify bundle.json --server-key "$vkey" --advertiser-key "$advertiser_key" \
  | head -1

step "The call sheet: what the agent needs (R11, R16), read from the verified bundle"
jq -f "$examples_dir/call-sheet.jq" bundle.json | tee sheet.json
jq -e '.phone == "+31612345678" and .partner == "winactieplein" and .caller == "Fietsplezier B.V."
       and .telephone_consent_text != null and .extra_answer == "Woon-werkverkeer, 15 km per dag"
       and .calling_hours == "09:00-21:00"' sheet.json >/dev/null || fail "call sheet content"

stop_server
echo
echo "call-centre example: OK"
