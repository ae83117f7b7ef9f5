// Consent records through the module (R4, R6, R8): build, sign and verify with the example
// campaign signed by a fresh advertiser key; the signature, commitments and hashes are checked
// again here with node:crypto, as an outside verifier would (DESIGN.md, "Consent record").
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { test } from 'node:test';

import { assertError, assertOk, loadModule, nodeKey, signedExampleManifest } from './helpers.mjs';

const sha256 = (data) => crypto.createHash('sha256').update(data).digest();
const kCapturedAt = '2026-11-28T09:15:00.123Z';
const kEntropy = Buffer.from(Array.from({ length: 128 }, (_, i) => (i * 37 + 11) & 255)).toString('hex');

function submission(edit = (s) => s) {
  return edit({
    fields: {
      given_name: ' Jan ', family_name: 'de  Vries', email: 'jan@Example.NL',
      phone: '06-12345678', postcode: '1234 ab', date_of_birth: '01-02-1990',
      ebike_use: 'Woon-werkverkeer',
    },
    consents: { participation: true, telephone: true, newsletter: false },
    source: 'winactieplein.email.weekly.banner-a',
    context: { legal_text_font_px: 14, boxes_preticked: false, time_on_page_ms: 48210 },
  });
}

test('verifyManifest gives the hashes the records carry, computed independently here', async () => {
  const m = await loadModule();
  const { text, advertiserKey, manifest } = signedExampleManifest(m);
  const summary = m.verifyManifest(text, advertiserKey);
  assertOk(summary);
  assert.equal(summary.campaign, manifest.campaign.id);
  assert.equal(summary.version, manifest.campaign.version);
  assert.equal(summary.manifest_sha256, sha256(m.jcs(manifest).canonical).toString('hex'));
  assert.equal(summary.shown_text_sha256, sha256(m.jcs(summary.shown_texts).canonical).toString('hex'));
  assert.deepEqual(summary.manifest, manifest);
  const shown = JSON.stringify(summary.shown_texts);
  for (const c of manifest.consents) assert.ok(shown.includes(JSON.stringify(c.text).slice(1, -1)), c.id);
  // Another key, or one changed character of a shown text, is refused.
  assert.equal(m.verifyManifest(text, m.keygen().public_key).ok, false);
  assertError(m.verifyManifest(text.replace('gratis proefrit', 'gratis proefritje'), advertiserKey),
              'manifest_signature_invalid');
});

test('a built record verifies by hand: JCS signature, commitments, campaign and text hashes', async () => {
  const m = await loadModule();
  const { text, advertiserKey } = signedExampleManifest(m);
  const device = nodeKey(crypto.randomBytes(32));
  const built = m.buildRecord(text, advertiserKey, submission(), device.seedHex, kCapturedAt, '');
  assertOk(built);
  const envelope = JSON.parse(built.envelope);
  assert.equal(built.envelope, m.jcs(built.envelope).canonical, 'the envelope text is canonical');
  const { record, sig, disclosures } = envelope;
  assert.equal(record.id, built.id);
  assert.equal(record.device_key, device.publicKey);
  assert.equal(record.captured_at, kCapturedAt);
  // UUIDv7 with the capture time in its first 48 bits.
  assert.match(record.id, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(parseInt(record.id.replace(/-/g, '').slice(0, 12), 16), Date.parse(kCapturedAt));
  const summary = m.verifyManifest(text, advertiserKey);
  assert.equal(record.campaign.manifest_sha256, summary.manifest_sha256);
  assert.equal(record.shown_text_sha256, summary.shown_text_sha256);
  assert.deepEqual(record.consents, { participation: true, telephone: true, newsletter: false });
  // The signature, as an outside verifier checks it.
  const signed = Buffer.from('optin-capture/record/v1\n' + m.jcs(record).canonical, 'utf8');
  const spki = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(device.publicKey, 'base64')]);
  const pub = crypto.createPublicKey({ key: spki, format: 'der', type: 'spki' });
  assert.ok(crypto.verify(null, signed, pub, Buffer.from(sig, 'base64')));
  // Commitments: SHA-256(salt || name || 0x00 || value); values normalised; no value in the record.
  assert.deepEqual(Object.keys(disclosures).sort(), Object.keys(record.fields).sort());
  for (const [name, d] of Object.entries(disclosures)) {
    const commitment = sha256(Buffer.concat([Buffer.from(d.salt, 'base64'), Buffer.from(name), Buffer.from([0]),
                                             Buffer.from(d.value, 'utf8')]));
    assert.equal(record.fields[name], commitment.toString('base64'), name);
    assert.ok(!JSON.stringify(record).includes(d.value), `the record holds no clear ${name}`);
  }
  assert.equal(disclosures.phone.value, '+31612345678');
  assert.equal(disclosures.postcode.value, '1234AB');
  assert.equal(disclosures.given_name.value, 'Jan');
});

test('verifyEnvelope accepts the record and refuses every tampering and a bad clock', async () => {
  const m = await loadModule();
  const { text, advertiserKey } = signedExampleManifest(m);
  const seed = m.keygen().seed;
  const built = m.buildRecord(text, advertiserKey, submission(), seed, kCapturedAt);
  assertOk(built);
  const verified = m.verifyEnvelope(built.envelope, text, advertiserKey, '2026-11-28T09:16:00.000Z');
  assertOk(verified);
  assert.equal(verified.id, built.id);
  assert.equal(verified.source, 'winactieplein.email.weekly.banner-a');
  assert.equal(verified.telephone_consent, true);
  assert.equal(verified.fields.phone, '+31612345678');
  assertError(m.verifyEnvelope(built.envelope, text, advertiserKey, '2026-11-28T09:00:00.000Z'),
              'captured_in_future');
  assertError(m.verifyEnvelope(built.envelope, text, advertiserKey, '2026-12-28T09:00:00.000Z'),
              'captured_too_long_ago');
  const envelope = JSON.parse(built.envelope);
  const tampered = structuredClone(envelope);
  tampered.disclosures.postcode.value = '9999ZZ';
  assertError(m.verifyEnvelope(tampered, text, advertiserKey, kCapturedAt), 'disclosure_mismatch');
  const resigned = structuredClone(envelope);
  resigned.record.consents.newsletter = true;
  assertError(m.verifyEnvelope(resigned, text, advertiserKey, kCapturedAt), 'record_signature_invalid');
  // The same record against another campaign version is refused.
  const other = signedExampleManifest(m, (mf) => ({ ...mf, campaign: { ...mf.campaign, version: 2 } }));
  assert.equal(m.verifyEnvelope(built.envelope, other.text, other.advertiserKey, kCapturedAt).ok, false);
});

test('validateSubmission reports every field error at once, in both languages (R6)', async () => {
  const m = await loadModule();
  const { text, advertiserKey } = signedExampleManifest(m);
  assert.deepEqual(m.validateSubmission(text, advertiserKey, submission(), '2026-11-28'), { ok: true, errors: [] });
  const bad = submission((s) => {
    s.fields.email = 'jan@';
    s.fields.postcode = '123';
    s.fields.date_of_birth = '01-02-2015';
    s.consents.telephone = false;  // the phone is still given: R4 refuses it
    return s;
  });
  const answer = m.validateSubmission(text, advertiserKey, bad, '2026-11-28');
  assertError(answer, 'form_invalid');
  const byField = Object.fromEntries(answer.errors.map((e) => [e.field, e.code]));
  assert.deepEqual(byField, {
    email: 'email_invalid', postcode: 'postcode_invalid', date_of_birth: 'age_below_minimum',
    phone: 'phone_without_consent',
  });
  for (const e of answer.errors) assert.ok(e.message_nl.length > 0 && e.message.length > 0);
  // buildRecord refuses the same submission with the same list.
  const built = m.buildRecord(text, advertiserKey, bad, m.keygen().seed, kCapturedAt);
  assertError(built, 'form_invalid');
  assert.deepEqual(built.errors, answer.errors);
  // Undeclared fields are refused (data minimisation, R3).
  const extra = submission((s) => ({ ...s, fields: { ...s.fields, iban: 'NL91ABNA0417164300' } }));
  assert.equal(m.validateSubmission(text, advertiserKey, extra, '2026-11-28').errors[0].code, 'field_not_declared');
});

test('no phone without its consent; unticked consents are recorded as false (R4)', async () => {
  const m = await loadModule();
  const { text, advertiserKey } = signedExampleManifest(m);
  const sub = submission((s) => {
    s.fields.phone = '';
    s.consents.telephone = false;
    return s;
  });
  const built = m.buildRecord(text, advertiserKey, sub, m.keygen().seed, kCapturedAt);
  assertOk(built);
  const { record, disclosures } = JSON.parse(built.envelope);
  assert.equal(record.consents.telephone, false);
  assert.ok(!('phone' in record.fields) && !('phone' in disclosures));
});

test('fixed entropy gives byte-identical envelopes; the CSPRNG a fresh id and salts each time', async () => {
  const m = await loadModule();
  const { text, advertiserKey } = signedExampleManifest(m);
  const seed = m.keygen().seed;
  const a = m.buildRecord(text, advertiserKey, submission(), seed, kCapturedAt, kEntropy);
  const b = m.buildRecord(text, advertiserKey, submission(), seed, kCapturedAt, kEntropy);
  assertOk(a);
  assert.equal(a.envelope, b.envelope);
  const c = m.buildRecord(text, advertiserKey, submission(), seed, kCapturedAt);
  const d = m.buildRecord(text, advertiserKey, submission(), seed, kCapturedAt);
  assert.notEqual(c.id, d.id);
  assert.notEqual(JSON.parse(c.envelope).disclosures.email.salt, JSON.parse(d.envelope).disclosures.email.salt);
  // The id's random part and the salts come from the entropy in order (record_build.cc).
  const first = JSON.parse(a.envelope);
  assert.equal(first.record.id.replace(/-/g, '').slice(12, 16).slice(1), kEntropy.slice(1, 4));
  assertError(m.buildRecord(text, advertiserKey, submission(), seed, 'yesterday'), 'timestamp_invalid');
  assertError(m.buildRecord(text, advertiserKey, submission(), 'zz', kCapturedAt), 'key_invalid');
});
