#!/usr/bin/env bash
# The call centre's guide (docs/guide-call-centre.md), as a script the tests run: an admin sets up
# the call centre; a lead arrives through a partner's page; the call centre pulls it from its feed
# with everything the call script needs (who, which number, campaign and partner, the consent text
# with date and time, the extra answer, earlier contacts, the policy dates and calling window),
# acknowledges it, posts the call's outcome, and exports its feed as CSV. The lead's evidence
# bundle still verifies offline, and the call sheet can be made from it as well.
# Usage: docs/examples/call-centre.sh   (OPTIN_BIN / OPTIN_SERVER_BIN: the built binaries)
source "$(dirname "$0")/lib.sh"
cd "$work"
campaign=fietsplezier-ebike-2026

start_server data --dev
http GET "/v1/campaigns/$campaign" | jq '.signed_manifest' >signed-manifest.json
advertiser_key=$(http GET /v1/keys | jq -r --arg c "$campaign" '.advertisers[$c]')
vkey=$(http GET /v1/keys | jq -r .log.vkey)

step "The admin sets up the call centre: its id, its campaigns, and a token with its scope"
admin_token=$(optin token create --data data --scope admin)
http POST /v1/call-centres -H "authorization: Bearer $admin_token" \
  -H 'content-type: application/json' \
  --data "{\"id\": \"bellers-bv\", \"campaigns\": [\"$campaign\"]}" | jq -c .
[[ $(status) == 200 ]] || fail "POST /v1/call-centres answered $(status)"
cc_token=$(optin token create --data data --scope call_centre:bellers-bv)
echo "$cc_token" >cc.token

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

step "The call centre pulls its feed (the processor classifies within a fraction of a second)"
for _ in $(seq 1 100); do
  http GET "/v1/feeds/leads?cursor=0" -H "authorization: Bearer $cc_token" >feed.json
  [[ $(jq '.leads | length' feed.json) -gt 0 ]] && break
  sleep 0.1
done
jq -e --arg id "$record_id" '.leads[0].record_id == $id' feed.json >/dev/null \
  || fail "the lead is not in the feed: $(cat feed.json)"

step "The call sheet: what the agent needs (R11, R16), straight from the lead"
jq '.leads[0] | {name: "\(.fields.given_name) \(.fields.family_name)", phone: .fields.phone,
                 campaign: .campaign.title, caller: .consent.caller, about: .consent.subject,
                 partner: .partner.name, opt_in_code, flow, consent_text: .consent.text,
                 opted_in_at: .consent.given_at, extra_question: .extra_question.text,
                 extra_answer: .extra_question.answer, earlier_contacts,
                 call_by: .policy.first_contact_by, valid_until: .policy.consent_valid_until,
                 calling_hours: .policy.calling_hours, timezone: .policy.timezone,
                 verification}' feed.json | tee sheet.json
jq -e '.phone == "+31612345678" and .partner == "Winactieplein B.V." and .flow == "lead"
       and .caller == "Fietsplezier B.V." and (.consent_text | test("mag mij bellen"))
       and .extra_answer == "Woon-werkverkeer, 15 km per dag" and .earlier_contacts == []
       and .calling_hours == "09:00-21:00" and (.call_by | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}$"))' \
  sheet.json >/dev/null || fail "call sheet content"
next_cursor=$(jq -r .next_cursor feed.json)

step "Acknowledge the lead (idempotent), call, and post the outcome"
http POST /v1/feeds/acks -H "authorization: Bearer $cc_token" -H 'content-type: application/json' \
  --data "{\"leads\": [\"$record_id\"]}" | jq -c .
http POST /v1/feeds/outcomes -H "authorization: Bearer $cc_token" \
  -H 'content-type: application/json' \
  --data "{\"outcomes\": [{\"record_id\": \"$record_id\", \"outcome\": \"reached\",
           \"note\": \"belt terug na de proefrit\"}]}" | jq -c '.outcomes[0]'
[[ $(status) == 200 ]] || fail "POST /v1/feeds/outcomes answered $(status)"
echo "next time, pull from cursor $next_cursor"

step "Without an API: the same feed as CSV"
optin feed export --server "$base" --token-file cc.token --no-progress >leads.csv
head -c 300 leads.csv
echo
grep -q "mag mij bellen" leads.csv || fail "the CSV lacks the consent text"

step "An auditor can still prove the opt-in: the evidence bundle, verified offline"
auditor_token=$(optin token create --data data --scope auditor)
http GET "/v1/evidence/$record_id" -H "authorization: Bearer $auditor_token" >bundle.json
optin evidence verify bundle.json --server-key "$vkey" --advertiser-key "$advertiser_key" \
  | head -1
jq -f "$examples_dir/call-sheet.jq" bundle.json >bundle-sheet.json
jq -e '.phone == "+31612345678" and .partner == "winactieplein" and .opt_in_code == .record_id' bundle-sheet.json >/dev/null \
  || fail "call sheet from the bundle"

stop_server
echo
echo "call-centre example: OK"
