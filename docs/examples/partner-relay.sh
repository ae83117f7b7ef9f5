#!/usr/bin/env bash
# The landing-page guide's partner relay (docs/guide-landing-page.md, "Server-to-server relay
# with a partner countersignature"; reference docs/partners.md), as a script the tests run: the
# advertiser registers the partner with the key its manifest lists; the partner's back end builds
# records (each signed by its capturing device) and relays them countersigned with its partner
# key; the evidence bundle shows who relayed each lead and verifies offline; a forged
# countersignature is refused; the partner reads its own source report; a blocked source is
# refused until it is unblocked.
# Usage: docs/examples/partner-relay.sh   (OPTIN_BIN / OPTIN_SERVER_BIN: the built binaries)
source "$(dirname "$0")/lib.sh"
cd "$work"
campaign=fietsplezier-ebike-2026
code=winactieplein.email.nieuwsbrief.banner-1

start_server data --dev
http GET "/v1/campaigns/$campaign" | jq '.signed_manifest' >signed-manifest.json
advertiser_key=$(http GET /v1/keys | jq -r --arg c "$campaign" '.advertisers[$c]')
vkey=$(http GET /v1/keys | jq -r .log.vkey)
optin token create --data data --scope admin >admin.token
optin token create --data data --scope auditor >auditor.token
optin token create --data data --scope partner:winactieplein >partner.token

step "The partner's key: the example manifest lists winactieplein with the key of this seed"
optin keygen --seed "$(printf 'optin-capture example partner seed' | sha256sum | cut -d' ' -f1)" \
  --out partner.key
listed=$(jq -r '.manifest.partners[] | select(.id == "winactieplein") | .key' signed-manifest.json)
[[ $(optin key public partner.key) == "$listed" ]] || fail "partner key is not the manifest's"

step "The advertiser registers the partner (admin): the key must be the manifest's"
optin keygen --out other.key >/dev/null
expect_refusal partner_key_mismatch optin partner register --server "$base" \
  --token-file admin.token --id winactieplein --name "Winactieplein B.V." --key other.key \
  --campaigns "$campaign"
optin partner register --server "$base" --token-file admin.token --id winactieplein \
  --name "Winactieplein B.V." --key partner.key --campaigns "$campaign" | jq -c '{id, campaigns}'

step "The partner's back end captures three opt-ins (each signed by the capturing device)"
optin keygen --out device.key >/dev/null
: >envelopes.jsonl
for n in 1 2 3; do
  jq -n --arg n "$n" --arg code "$code" '{fields: {given_name: "Sanne", family_name: "Jansen",
      email: ("sanne." + $n + "@example.nl"), phone: ("06 1234567" + $n), postcode: "3511 AB",
      date_of_birth: "1990-04-12", ebike_use: "Woon-werkverkeer"},
    consents: {participation: true, telephone: true, newsletter: false}, source: $code,
    context: {time_on_page_ms: (20000 + ($n | tonumber))}}' >"submission-$n.json"
  optin record build --manifest signed-manifest.json --advertiser-key "$advertiser_key" \
    --submission "submission-$n.json" --device-key device.key --out "envelope-$n.json"
  jq -c . "envelope-$n.json" >>envelopes.jsonl
done

step "It relays them, countersigning the batch with its partner key"
optin relay envelopes.jsonl --partner winactieplein --key partner.key --server "$base" \
  --token-file partner.token --no-progress >receipts.jsonl
[[ $(jq -s 'map(select(.record_id)) | length' receipts.jsonl) == 3 ]] || fail "3 receipts expected"
record_id=$(head -1 receipts.jsonl | jq -r .record_id)
# Sending the same envelopes again is safe: the same receipts, nothing appended.
optin relay envelopes.jsonl --partner winactieplein --key partner.key --server "$base" \
  --token-file partner.token --no-progress | cmp - receipts.jsonl

step "The ledger entry keeps the countersignature; the evidence bundle shows it, offline"
leaf=$(head -1 receipts.jsonl | jq -r .leaf_index)
# The public log entry (base64 of its exact bytes) names the batch, the partner and its signature.
http GET "/v1/log/entries?start=$leaf&end=$((leaf + 1))" | jq -r '.entries[0].entry' | base64 -d \
  | jq -c '.relay | {partner, batch_sha256}' | tee relay.json
jq -e '.partner == "winactieplein"' relay.json >/dev/null || fail "no relay in the ledger entry"
http GET "/v1/evidence/$record_id" -H "authorization: Bearer $(cat auditor.token)" >bundle.json
jq -c '.relay.batch | {partner, records: (.records | length), relayed_at}' bundle.json
optin evidence verify bundle.json --server-key "$vkey" --advertiser-key "$advertiser_key" \
  | tee verify.txt | head -2
grep -q "relayed by partner winactieplein (Winactieplein B.V.)" verify.txt || fail "no relay line"
grep -q "ok  relay_countersignature" verify.txt || fail "relay check not run"
jq '.relay.batch.relayed_at = "2020-01-01T00:00:00.000Z"' bundle.json >tampered.json
expect_refusal relay_countersignature optin evidence verify tampered.json --server-key "$vkey" \
  --advertiser-key "$advertiser_key"

step "A batch countersigned with another key is refused as a whole"
optin record build --manifest signed-manifest.json --advertiser-key "$advertiser_key" \
  --submission submission-1.json --device-key device.key --out forged.json
expect_refusal relay_signature_invalid optin relay forged.json --partner winactieplein \
  --key other.key --server "$base" --token-file partner.token --no-progress

step "The partner reads its own rows of the source report"
optin report sources --server "$base" --token-file partner.token
optin report sources --server "$base" --token-file partner.token --format json >report.json
jq -e --arg code "$code" '.sources[] | select(.code == $code)
  | .accepted == 3 and .relayed == 3 and .refused_by_reason.relay_signature_invalid == 1
    and .quality.time_on_page["10s_to_60s"] == 3' report.json >/dev/null || fail "report numbers"

step "The advertiser blocks the channel: the next relayed record is refused, then unblocked"
optin source block --server "$base" --token-file admin.token --source winactieplein.email \
  --reason "klachten over de nieuwsbrief" | jq -c '{source, blocked, ledger_index}'
status=0
optin relay forged.json --partner winactieplein --key partner.key --server "$base" \
  --token-file partner.token --no-progress >blocked.jsonl 2>/dev/null || status=$?
((status == 1)) || fail "a blocked source must give exit 1 (got $status)"
jq -e '.error.code == "source_blocked"' blocked.jsonl >/dev/null || fail "$(cat blocked.jsonl)"
echo "refused as expected: $(jq -c .error.code blocked.jsonl)"
optin source unblock --server "$base" --token-file admin.token --source winactieplein.email \
  | jq -c '{source, blocked}'
optin relay forged.json --partner winactieplein --key partner.key --server "$base" \
  --token-file partner.token --no-progress | jq -e .record_id >/dev/null

stop_server
echo
echo "partner-relay example: OK"
