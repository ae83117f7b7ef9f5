# The call sheet of one lead, from a verified evidence bundle (docs/guide-call-centre.md):
# jq -f docs/examples/call-sheet.jq bundle.json
.campaign.signed_manifest.manifest as $m
| .envelope.record as $r
| .envelope.disclosures as $d
| ($m.consents | map(select(.channel == "telephone")) | first) as $tel
| {
    name: "\($d.given_name.value // "") \($d.family_name.value // "")",
    phone: $d.phone.value,
    campaign: "\($m.campaign.id) v\($m.campaign.version): \($m.title)",
    advertiser: $m.advertiser.name,
    partner: $r.source.partner,
    source: $r.source.code,
    opt_in_code: $r.id,
    record_id: $r.id,
    captured_at: $r.captured_at,
    received_at: .receipt.server_time,
    telephone_consent: $r.consents[$tel.id],
    telephone_consent_text: (if $r.consents[$tel.id] then $tel.text else null end),
    caller: $tel.caller,
    subject: $tel.subject,
    one_time: $tel.one_time,
    extra_question: $m.extra_question.text,
    extra_answer: (if $m.extra_question then $d[$m.extra_question.name].value else null end),
    calling_hours: $m.policy.calling_hours,
    timezone: $m.policy.timezone,
    first_contact_within_days: $m.policy.first_contact_term_days
  }
