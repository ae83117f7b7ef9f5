#!/usr/bin/env bash
# The campaign owner's guide (docs/guide-campaign-owner.md), as a script the tests run: write a
# manifest, lint it, sign it, publish it to a throw-away server with an admin token, fetch it
# back, and see the demo page serve it. Also shows three manifests the core refuses, and why.
# Usage: docs/examples/campaign-owner.sh   (OPTIN_BIN / OPTIN_SERVER_BIN: the built binaries)
source "$(dirname "$0")/lib.sh"
cd "$work"

step "1. An advertiser key: it signs every version of the campaign's manifest (keep the file secret)"
advertiser_key=$(optin keygen --out advertiser.key)
echo "public key: $advertiser_key"

step "2. The manifest: every field with its purpose, the exact consent texts, the policy"
cat >manifest.json <<JSON
{
  "campaign": {"id": "bakkerij-proefpakket-2026", "version": 1},
  "advertiser": {"name": "Bakkerij De Korenschoof B.V.", "key": "$advertiser_key"},
  "locale": "nl-NL",
  "title": "Vraag een gratis proefpakket aan",
  "terms": {"url": "https://www.korenschoof.example/actie/voorwaarden", "text": "Actievoorwaarden"},
  "privacy": {"url": "https://www.korenschoof.example/privacy", "text": "Privacyverklaring"},
  "origins": ["https://www.korenschoof.example"],
  "fields": [
    {"name": "given_name", "type": "given_name", "label": "Voornaam",
     "purpose": "Om je persoonlijk aan te spreken.", "required": true, "max_length": 50},
    {"name": "email", "type": "email", "label": "E-mailadres",
     "purpose": "Om je de bevestiging van je aanvraag te sturen.", "required": true, "max_length": 254},
    {"name": "postcode", "type": "postcode_nl", "label": "Postcode",
     "purpose": "Om het proefpakket te bezorgen.", "required": true, "max_length": 7},
    {"name": "phone", "type": "phone_nl", "label": "Telefoonnummer",
     "purpose": "Alleen als je kiest voor een telefoontje: om je te bellen.", "required": false,
     "max_length": 20, "gated_by": "telephone"}
  ],
  "consents": [
    {"id": "participation", "channel": "participation", "required_for_participation": true,
     "one_time": false,
     "text": "Ik vraag een gratis proefpakket aan en ga akkoord met de actievoorwaarden."},
    {"id": "telephone", "channel": "telephone", "required_for_participation": false,
     "one_time": true, "caller": "Bakkerij De Korenschoof B.V.", "subject": "ons broodabonnement",
     "text": "Ja, Bakkerij De Korenschoof B.V. mag mij eenmalig bellen over het broodabonnement. Het eerste gesprek is binnen 4 weken. Intrekken kan altijd via korenschoof.example/afmelden."}
  ],
  "partners": [],
  "policy": {"contact_pause_days": 60, "consent_validity_days": 180, "first_contact_term_days": 28,
             "max_offline_age_hours": 72, "timezone": "Europe/Amsterdam", "calling_hours": "09:00-20:00"}
}
JSON

step "3. Lint: the rules (refusals) and the QA warnings"
optin manifest lint manifest.json --strict

step "4. Sign: checks the rules again, then Ed25519 over the canonical (RFC 8785) manifest"
optin manifest sign manifest.json --key advertiser.key --out signed.json
optin manifest verify signed.json --advertiser-key "$advertiser_key"

step "5. What the core refuses, and the code it gives"
# A pre-ticked box: a consent has no member for a default state, so "checked" is unknown.
jq '.consents[1].checked = true' manifest.json >preticked.json
expect_refusal json_unknown_member optin manifest sign preticked.json --key advertiser.key
# Data minimisation: a field without a purpose.
jq '.fields[2].purpose = ""' manifest.json >no-purpose.json
expect_refusal manifest_field_without_purpose optin manifest sign no-purpose.json --key advertiser.key
# Free phone consent: a phone number that is not behind its own unticked telephone box.
jq 'del(.fields[3].gated_by)' manifest.json >phone-not-gated.json
expect_refusal manifest_phone_not_gated optin manifest sign phone-not-gated.json --key advertiser.key
# Only taking part may be a condition: a marketing consent required for participation.
jq '.consents[1].required_for_participation = true' manifest.json >bundled.json
expect_refusal manifest_marketing_consent_required optin manifest sign bundled.json --key advertiser.key

step "6. The server trusts this key for this campaign (DATA/config.json, read at start)"
mkdir -p data
jq -n --arg key "$advertiser_key" \
  '{advertiser_keys: {"bakkerij-proefpakket-2026": $key}}' >data/config.json
# A copy of the demo page that shows this campaign instead of the example one.
cp -r "$source_dir/web-demo" site
jq '.campaign = "bakkerij-proefpakket-2026" | .advertiser_key = $key' --arg key "$advertiser_key" \
  "$source_dir/web-demo/config.json" >site/config.json
start_server data --web-root site
echo "server at $base"

step "7. Publish with an admin token (only its SHA-256 is stored in the data folder)"
admin_token=$(optin token create --data data --scope admin)
http POST /v1/campaigns -H "authorization: Bearer $admin_token" \
  -H 'content-type: application/json' --data-binary @signed.json | jq '{id, version, leaf_index, manifest_sha256}'
[[ $(status) == 201 ]] || fail "publish answered $(status): $(cat "$work/body")"
# Without a token, or with the same version changed, the server refuses.
http POST /v1/campaigns -H 'content-type: application/json' --data-binary @signed.json >/dev/null
[[ $(status) == 401 ]] || fail "publish without a token answered $(status)"
jq '.title = "Een andere titel"' manifest.json >changed.json
optin manifest sign changed.json --key advertiser.key --out changed-signed.json
http POST /v1/campaigns -H "authorization: Bearer $admin_token" \
  -H 'content-type: application/json' --data-binary @changed-signed.json | jq -c .error
[[ $(status) == 409 ]] || fail "a changed manifest under a published version answered $(status)"

step "8. Fetch it back: exactly the signed manifest, verifiable by anyone with the advertiser key"
http GET /v1/campaigns/bakkerij-proefpakket-2026 | jq '.signed_manifest' >fetched.json
optin manifest verify fetched.json --advertiser-key "$advertiser_key" >/dev/null
diff <(optin jcs fetched.json) <(optin jcs signed.json) || fail "fetched manifest differs"
echo "fetched manifest verified and identical"

step "9. Live in the demo page: the page loads config.json, then this manifest, verified in the browser"
http GET / | grep -q 'app.js' || fail "the demo page does not load app.js"
http GET /config.json | jq -c .
[[ $(jq -r .campaign "$work/body") == bakkerij-proefpakket-2026 ]] || fail "demo config"
echo "open $base/ in a browser to see the form (here the server stops again)"

stop_server
echo
echo "campaign-owner example: OK"
