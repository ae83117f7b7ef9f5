// verifyReceipt: the server's receipt checked with the log's verifier key. The tree, the
// inclusion proofs and the checkpoint signatures are made here by independent code (an RFC 9162
// Merkle tree in JavaScript, Ed25519 from node:crypto), the consent entry as docs/ledger.md and
// native-server/ledger_entries.h define it, so a mismatch with the server shows up here.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { test } from 'node:test';

import { assertError, assertOk, loadModule, nodeKey, signedExampleManifest } from './helpers.mjs';

const sha = (...parts) => crypto.createHash('sha256').update(Buffer.concat(parts)).digest();
const leafHash = (entry) => sha(Buffer.from([0]), Buffer.from(entry));
const nodeHash = (l, r) => sha(Buffer.from([1]), l, r);
const split = (n) => 2 ** Math.floor(Math.log2(n - 1));  // largest power of two < n

function root(leaves) {
  if (leaves.length === 1) return leaves[0];
  const k = split(leaves.length);
  return nodeHash(root(leaves.slice(0, k)), root(leaves.slice(k)));
}

// RFC 9162 section 2.1.3.1 PATH(m, D[n]).
function path(m, leaves) {
  if (leaves.length <= 1) return [];
  const k = split(leaves.length);
  return m < k ? [...path(m, leaves.slice(0, k)), root(leaves.slice(k))] :
                 [...path(m - k, leaves.slice(k)), root(leaves.slice(0, k))];
}

const logName = 'localhost/optin-capture';

function logKey() {
  const seed = crypto.randomBytes(32);
  const key = nodeKey(seed);
  const pub = Buffer.from(key.publicKey, 'base64');
  const id = sha(Buffer.from(`${logName}\n`), Buffer.from([1]), pub).subarray(0, 4);
  const vkey = `${logName}+${id.toString('hex')}+${Buffer.concat([Buffer.from([1]), pub]).toString('base64')}`;
  const sign = (body) => {
    const sig = Buffer.from(key.sign(Buffer.from(body)), 'base64');
    return `${body}\n\u2014 ${logName} ${Buffer.concat([id, sig]).toString('base64')}\n`;
  };
  return { vkey, sign };
}

function consentEntry(m, envelope, receivedAt) {
  const { record, sig } = JSON.parse(envelope);
  return m.jcs({ received_at: receivedAt, record, sig, type: 'consent_record' }).canonical;
}

async function setup(size, index) {
  const m = await loadModule();
  const manifest = signedExampleManifest(m);
  const submission = {
    fields: { given_name: 'Anna', family_name: 'de Vries', email: 'anna@example.nl',
              postcode: '1234AB', date_of_birth: '1990-02-01' },
    consents: { participation: true },
    source: 'direct.web.landing.default',
  };
  const built = m.buildRecord(manifest.text, manifest.advertiserKey, submission,
                              crypto.randomBytes(32).toString('hex'));
  assertOk(built);
  const receivedAt = '2026-11-28T16:00:00.123Z';
  const leaves = Array.from({ length: size }, (_, i) => leafHash(`other entry ${i}`));
  leaves[index] = leafHash(consentEntry(m, built.envelope, receivedAt));
  const log = logKey();
  const checkpoint = log.sign(`${logName}\n${size}\n${root(leaves).toString('base64')}\n`);
  const receipt = {
    record_id: built.id, leaf_index: index, leaf_hash: leaves[index].toString('base64'),
    server_time: receivedAt, tree_size: size, checkpoint,
    inclusion_proof: path(index, leaves).map((h) => h.toString('base64')),
    withdrawal_token: 'abc',
  };
  return { m, built, receipt, log };
}

test('a receipt verifies at every index of trees of 1 to 9 leaves, bound to its record', async () => {
  for (let size = 1; size <= 9; size++) {
    for (let index = 0; index < size; index++) {
      const { m, built, receipt, log } = await setup(size, index);
      const answer = m.verifyReceipt(receipt, log.vkey, built.envelope);
      assertOk(answer, `size ${size} index ${index}`);
      assert.equal(answer.leaf_index, String(index));
      assert.equal(answer.tree_size, String(size));
      assert.equal(answer.record_id, built.id);
      assert.equal(answer.key_name, logName);
      assert.equal(answer.record_bound, true);
    }
  }
});

test('a changed proof, index, key, time or record is refused', async () => {
  const { m, built, receipt, log } = await setup(7, 5);
  assertOk(m.verifyReceipt(JSON.stringify(receipt), log.vkey));
  const flipped = Buffer.from(receipt.inclusion_proof[0], 'base64');
  flipped[3] ^= 0x10;
  assertError(m.verifyReceipt({ ...receipt, inclusion_proof: [flipped.toString('base64'),
                                                              ...receipt.inclusion_proof.slice(1)] },
                              log.vkey), 'proof_invalid');
  assertError(m.verifyReceipt({ ...receipt, leaf_index: 4 }, log.vkey), 'proof_invalid');
  assertError(m.verifyReceipt({ ...receipt, leaf_index: 7 }, log.vkey));
  assertError(m.verifyReceipt({ ...receipt, inclusion_proof: receipt.inclusion_proof.slice(1) },
                              log.vkey));
  assertError(m.verifyReceipt(receipt, logKey().vkey), 'checkpoint_signature_invalid');
  assertError(m.verifyReceipt({ ...receipt, checkpoint: receipt.checkpoint.replace('\n7\n', '\n8\n') },
                              log.vkey), 'checkpoint_signature_invalid');
  // The proof alone does not know the time; bound to the envelope, the entry must match it.
  const later = { ...receipt, server_time: '2026-11-28T16:00:00.124Z' };
  assertOk(m.verifyReceipt(later, log.vkey));
  assertError(m.verifyReceipt(later, log.vkey, built.envelope), 'proof_invalid');
  const other = await setup(7, 5);
  assertError(m.verifyReceipt(receipt, log.vkey, other.built.envelope), 'proof_invalid');
  assertError(m.verifyReceipt({ ...receipt, record_id: other.built.id }, log.vkey, built.envelope),
              'proof_invalid');
});

test('malformed receipts and keys are errors, never throws', async () => {
  const { m, receipt, log } = await setup(3, 1);
  assertError(m.verifyReceipt('not json', log.vkey), 'json_invalid');
  assertError(m.verifyReceipt('[]', log.vkey), 'json_wrong_type');
  const { checkpoint, ...noCheckpoint } = receipt;
  assert.ok(checkpoint);
  assertError(m.verifyReceipt(noCheckpoint, log.vkey), 'json_missing_member');
  assertError(m.verifyReceipt({ ...receipt, leaf_index: -1 }, log.vkey), 'json_wrong_type');
  assertError(m.verifyReceipt({ ...receipt, leaf_index: '01' }, log.vkey));
  assertError(m.verifyReceipt({ ...receipt, inclusion_proof: ['AAAA'] }, log.vkey), 'proof_malformed');
  assertError(m.verifyReceipt(receipt, 'not a vkey'), 'key_invalid');
});
