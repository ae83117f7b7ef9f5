#!/usr/bin/env bash
# The QA tester's guide (docs/guide-qa-tester.md), as a script the tests run: a clean manifest
# passes `optin manifest lint --strict`; then one change per QA rule, each giving exactly the
# finding the guide lists (rule and severity), and the refusals that stop a manifest outright.
# Usage: docs/examples/qa-tester.sh   (OPTIN_BIN / OPTIN_SERVER_BIN: the built binaries)
source "$(dirname "$0")/lib.sh"
cd "$work"

cat >clean.json <<'JSON'
{
  "campaign": {"id": "qa-voorbeeld", "version": 1},
  "advertiser": {"name": "Bakkerij De Korenschoof B.V.", "key": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="},
  "locale": "nl-NL",
  "title": "Vraag een gratis proefpakket aan",
  "terms": {"url": "https://www.korenschoof.example/actie/voorwaarden", "text": "Actievoorwaarden"},
  "privacy": {"url": "https://www.korenschoof.example/privacy", "text": "Privacyverklaring"},
  "origins": ["https://www.korenschoof.example"],
  "fields": [
    {"name": "given_name", "type": "given_name", "label": "Voornaam",
     "purpose": "Om je persoonlijk aan te spreken.", "required": true, "max_length": 50},
    {"name": "email", "type": "email", "label": "E-mailadres",
     "purpose": "Om je de bevestiging te sturen.", "required": true, "max_length": 254},
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
     "text": "Ja, Bakkerij De Korenschoof B.V. mag mij eenmalig bellen over het broodabonnement. Het eerste gesprek is binnen 4 weken."}
  ],
  "partners": [],
  "policy": {"contact_pause_days": 60, "consent_validity_days": 180, "first_contact_term_days": 28,
             "max_offline_age_hours": 72, "timezone": "Europe/Amsterdam", "calling_hours": "09:00-20:00"}
}
JSON

step "A clean manifest: no findings, so --strict (for CI) passes"
optin manifest lint clean.json --strict

step "One change per QA rule: the finding it must give (warnings do not fail without --strict)"
rules_seen=()
expect_finding() {  # RULE SEVERITY JQ_PROGRAM
  jq "$3" clean.json >changed.json
  optin manifest lint changed.json --format json >lint.json ||
    fail "lint refused a manifest that only has QA findings: $3"
  jq -e --arg r "$1" --arg s "$2" 'any(.findings[]; .rule == $r and .severity == $s)' lint.json \
    >/dev/null || fail "expected $2 $1 for: $3; got $(jq -c .findings lint.json)"
  jq -r --arg r "$1" '.findings[] | select(.rule == $r) | "\(.severity) [\(.rule)] \(.where): \(.message)\n    fix: \(.hint)"' lint.json | head -2
  local status=0
  optin manifest lint changed.json --strict >/dev/null || status=$?
  ((status == 1)) || fail "--strict must fail on $1"
  rules_seen+=("$1")
}
expect_finding time_pressure warning '.title = "Alleen vandaag: vraag een gratis proefpakket aan"'
expect_finding bundled_consent warning \
  '.consents[0].text = "Ik vraag een proefpakket aan en ontvang de nieuwsbrief van de bakkerij."'
expect_finding bundled_consent warning \
  '.consents[1].text += " Ook mag de bakkerij mij per e-mail aanbiedingen sturen."'
expect_finding consent_channel_mismatch warning \
  '.consents += [{"id": "newsletter", "channel": "email", "required_for_participation": false,
                  "one_time": false, "text": "Ja, de bakkerij mag mij bellen over acties."}]'
expect_finding caller_not_named warning \
  '.consents[1].text = "Ja, jullie mogen mij eenmalig bellen over het broodabonnement. Het eerste gesprek is binnen 4 weken."'
expect_finding first_contact_term_missing warning \
  '.policy.first_contact_term_days = 365 | .consents[1].text = "Ja, Bakkerij De Korenschoof B.V. mag mij eenmalig bellen over het broodabonnement."'
expect_finding many_fields warning \
  '.fields += [range(4) | {"name": "postcode\(.)", "type": "postcode_nl", "label": "Postcode",
                           "purpose": "Om te bezorgen.", "required": false, "max_length": 7}]'
expect_finding free_text_field warning \
  '.fields += [{"name": "opmerking", "type": "short_text", "label": "Opmerking",
                "purpose": "Voor je wensen.", "required": false, "max_length": 200}]'
expect_finding free_text_field info \
  '.extra_question = {"name": "favoriet", "text": "Wat is je favoriete brood?",
                      "purpose": "Zodat de adviseur daarbij kan aansluiten.", "max_length": 100}'
expect_finding label_type_mismatch warning \
  '.fields += [{"name": "nummer", "type": "short_text", "label": "Mobiel telefoonnummer",
                "purpose": "Om te bellen.", "required": false, "max_length": 20}]'
expect_finding label_type_mismatch info '.fields[1].label = "Waar kunnen we je bereiken?"'
expect_finding min_age_missing warning \
  '.fields += [{"name": "dob", "type": "date_of_birth", "label": "Geboortedatum",
                "purpose": "Meedoen kan vanaf 18 jaar.", "required": true, "max_length": 10}]'

step "Every rule in docs/manifest.md's lint table has an example above"
documented=$(sed -n '/^### QA lint/,/^## /p' "$source_dir/docs/manifest.md" | grep -o '^| `[a-z_]*`' | tr -d '|` ')
(($(wc -w <<<"$documented") >= 9)) || fail "docs/manifest.md's lint table was not found"
for rule in $documented; do
  [[ " ${rules_seen[*]} " == *" $rule "* ]] || fail "no example for lint rule $rule"
done
echo "all ${#rules_seen[@]} examples gave their finding"

step "Refusals: lint exits 1 with the code, whatever --strict says"
expect_refusal manifest_phone_not_gated optin manifest lint \
  <(jq '.fields[2].required = true' clean.json)
expect_refusal json_unknown_member optin manifest lint <(jq '.consents[1].checked = true' clean.json)
step "Check a page: the reference page of the example campaign passes (exit 0)"
campaign="$source_dir/tests/vectors/manifests/example-campaign.json"
pages="$source_dir/tests/qa"
optin qa --manifest "$campaign" --html "$pages/pages/good-basic.html"

step "Check a page: each bad page gives its error and exits 1 (for CI)"
expect_page_rule() {  # PAGE RULE [--browser]
  local status=0
  optin qa --manifest "$campaign" --html "$pages/$1" --format json ${3:-} >qa.json || status=$?
  ((status == 1)) || fail "optin qa $1 ${3:-}: expected exit 1, got $status"
  jq -e --arg r "$2" 'any(.findings[]; .rule == $r)' qa.json >/dev/null ||
    fail "expected $2 for $1; got $(jq -c '[.findings[].rule]' qa.json)"
  jq -r --arg r "$2" '.findings[] | select(.rule == $r) | "\(.severity) [\(.rule)] \(.element) (line \(.line)): \(.message)\n    fix: \(.hint)"' qa.json | head -2
}
expect_page_rule pages/bad-prechecked.html checkbox_prechecked
expect_page_rule pages/bad-hidden-checkbox-style.html checkbox_hidden
expect_page_rule pages/bad-phone-without-consent.html phone_without_consent
expect_page_rule pages/bad-extra-field.html field_not_declared
expect_page_rule pages/bad-terms-missing.html terms_link_missing
expect_page_rule pages/bad-text-differs.html consent_text_differs

step "Warnings (time pressure, countdowns) pass without --strict and fail with it"
optin qa --manifest "$campaign" --html "$pages/pages/bad-time-pressure-nl.html" --format json >qa.json
jq -e 'any(.findings[]; .rule == "time_pressure")' qa.json >/dev/null || fail "time_pressure expected"
status=0
optin qa --manifest "$campaign" --html "$pages/pages/bad-time-pressure-nl.html" --strict >/dev/null || status=$?
((status == 1)) || fail "--strict must fail on a warning (got $status)"
echo "time_pressure: warning; --strict exits 1"

step "Browser mode: what only a rendering shows (a box ticked by a script, text hidden by CSS)"
if [[ -x /usr/bin/chromium && -d $source_dir/tools/node_modules/playwright-core ]]; then
  expect_page_rule browser-pages/script-ticks-consent.html checkbox_checked_by_script --browser
  expect_page_rule browser-pages/terms-hidden-by-css.html legal_text_not_visible --browser
else
  echo "skipped: run tools/setup.sh --with-browser for Chromium and playwright-core"
fi

echo
echo "qa-tester example: OK"
