// The smallest embedding of the capture core in a landing page: no DOM, no framework, so the same
// file runs in a browser (docs/examples/landing-page/index.html) and under node in the tests
// (docs/examples/landing-page.test.mjs). Every check, hash and signature happens in the
// WebAssembly module; this file fetches, passes strings in and sends what comes out.

// Loads the campaign: the signed manifest, verified with the advertiser key. Pin the key in your
// page (the best option: then a compromised server cannot change the texts); without it the
// server's /v1/keys is used.
export async function loadCampaign(capture, { api, campaign, advertiserKey }) {
  const answer = await (await fetch(`${api}/campaigns/${encodeURIComponent(campaign)}`)).json();
  const signed = JSON.stringify(answer.signed_manifest);
  const key = advertiserKey ||
      (await (await fetch(`${api}/keys`)).json()).advertisers[campaign];
  const summary = capture.verifyManifest(signed, key);
  if (!summary.ok) throw new Error(`manifest refused: ${summary.error.code}`);
  // summary.shown_texts is what the page must render, word for word; summary.manifest holds the
  // fields (label, purpose, required) and the consents (always rendered unticked).
  return { signed, advertiserKey: key, summary };
}

// Validates and signs one submission; returns {envelope} or {errors: [{field, message_nl}]}.
// `deviceSeed` is the page's Ed25519 key (capture.keygen(), kept in IndexedDB).
export function buildEnvelope(capture, campaign, submission, deviceSeed) {
  const check = capture.validateSubmission(campaign.signed, campaign.advertiserKey, submission);
  if (!check.ok) return { errors: check.errors || [check.error] };
  const built = capture.buildRecord(campaign.signed, campaign.advertiserKey, submission, deviceSeed);
  if (!built.ok) return { errors: built.errors || [built.error] };
  return { id: built.id, envelope: built.envelope };
}

// Sends stored envelopes (an array of JSON texts) in one request. Keep each envelope until its
// receipt is back: sending it again is safe (same record id: the original receipt, no new entry).
export async function sendEnvelopes(api, envelopes) {
  const response = await fetch(`${api}/consents`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: `[${envelopes.join(',')}]`,
  });
  if (!response.ok) throw new Error(`POST /consents: HTTP ${response.status}`);
  return (await response.json()).results;
}

// Checks a receipt in the page: the log signed a checkpoint that includes exactly this record.
export function checkReceipt(capture, receipt, logVkey, envelope) {
  return capture.verifyReceipt(receipt, logVkey, envelope);
}
