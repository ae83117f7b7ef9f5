// The public vectors in shared/vectors, through the WebAssembly module: RFC 8785 (cyberphone),
// RFC 9162 proofs (transparency-dev/merkle) and Wycheproof Ed25519. The native unit tests check
// the same files; both builds must decide every case the same way.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import fs from 'node:fs';

import {
  filesUnder, hexToB64, loadModule, readJson, readText, sharedVectorsDir, vectorsDir,
} from './helpers.mjs';

test('JCS: every cyberphone input canonicalises to exactly the bytes of its output', async () => {
  const m = await loadModule();
  const dir = path.join(sharedVectorsDir, 'jcs', 'testdata');
  const inputs = filesUnder(path.join(dir, 'input'), '.json');
  assert.ok(inputs.length >= 6, 'the six cyberphone vectors are there');
  for (const input of inputs) {
    const want = fs.readFileSync(path.join(dir, 'output', path.basename(input)));
    const answer = m.jcs(readText(input));
    assert.equal(answer.ok, true, `${input}: ${JSON.stringify(answer)}`);
    assert.deepEqual(Buffer.from(answer.canonical, 'utf8'), want, path.basename(input));
  }
});

// 16 hex digits of IEEE 754 bits -> the double, without going through decimal text.
function doubleFromBits(hex) {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt('0x' + hex));
  return view.getFloat64(0);
}

// Merkle vectors hold 64-bit integers that JSON.parse would round: read them from the text.
function exactInt(text, key) {
  const match = new RegExp(`"${key}"\\s*:\\s*(\\d+)`).exec(text);
  assert.ok(match, `vector has ${key}`);
  return match[1];
}

// As in tests/unit/merkle_vectors_test.cc: equal 12-byte "roots" are refused on purpose (every
// hash must be 32 bytes), which the Go library accepts.
const refusedByStrictHashLength = new Set(['consistency/additional/sizes-are-equal-one-and-proof-is-empty.json']);

test('Merkle: every transparency-dev inclusion and consistency vector is decided as its wantErr says', async () => {
  const m = await loadModule();
  const root = path.join(sharedVectorsDir, 'merkle', 'testdata');
  const tally = { inclusion: 0, consistency: 0, refused: 0, strict: 0 };
  for (const kind of ['inclusion', 'consistency']) {
    for (const file of filesUnder(path.join(root, kind), '.json')) {
      const name = path.relative(root, file).split(path.sep).join('/');
      const text = readText(file);
      const doc = JSON.parse(text);
      assert.equal(typeof doc.wantErr, 'boolean', name);
      const answer = kind === 'inclusion'
          ? m.verifyInclusion(exactInt(text, 'leafIdx'), exactInt(text, 'treeSize'), doc.leafHash,
                              doc.proof, doc.root)
          : m.verifyConsistency(exactInt(text, 'size1'), exactInt(text, 'size2'), doc.proof,
                                doc.root1, doc.root2);
      assert.equal(typeof answer.ok, 'boolean', name);
      if (doc.wantErr) {
        assert.equal(answer.ok, false, `${name}: a wantErr vector verified`);
        assert.match(answer.error.code, /^(proof_invalid|proof_malformed|index_out_of_range|base64_invalid)$/, name);
        tally.refused++;
      } else if (refusedByStrictHashLength.has(name)) {
        assert.equal(answer.error?.code, 'proof_malformed', name);
        tally.strict++;
      } else {
        assert.equal(answer.ok, true, `${name}: ${JSON.stringify(answer)}`);
        tally[kind]++;
      }
    }
  }
  assert.ok(tally.inclusion > 0 && tally.consistency > 0 && tally.refused > 100, JSON.stringify(tally));
  assert.equal(tally.strict, refusedByStrictHashLength.size);
});

test('Wycheproof Ed25519: every valid signature verifies and every invalid one is refused', async () => {
  const m = await loadModule();
  const doc = readJson(path.join(sharedVectorsDir, 'wycheproof', 'ed25519_test.json'));
  let valid = 0;
  let invalid = 0;
  for (const group of doc.testGroups) {
    const key = hexToB64(group.publicKey.pk);
    for (const t of group.tests) {
      const answer = m.verifySignature(key, t.msg, t.sig);
      const where = `tcId ${t.tcId} (${t.comment})`;
      assert.ok(t.result === 'valid' || t.result === 'invalid', `${where}: no 'acceptable' cases`);
      if (t.result === 'valid') {
        assert.deepEqual(answer, { ok: true, valid: true }, where);
        valid++;
      } else {
        // A signature of the wrong length is simply not valid; a malformed hex never occurs here.
        assert.deepEqual(answer, { ok: true, valid: false }, where);
        invalid++;
      }
    }
  }
  assert.equal(valid + invalid, doc.numberOfTests);
  assert.ok(valid > 0 && invalid > 0);
});

test('RFC 8785 numbers: every double of tests/vectors/jcs/numbers.tsv prints as ECMAScript does', async () => {
  const m = await loadModule();
  const rows = readText(path.join(vectorsDir, 'jcs', 'numbers.tsv')).split('\n').filter(Boolean)
      .map((line) => line.split('\t'));
  assert.ok(rows.length > 1000, 'numbers.tsv has its cases');
  // 17 significant digits (exponent form: large integer tokens are refused) name each double
  // exactly; the module must find the shortest form.
  const input = rows.map(([bits]) => doubleFromBits(bits).toExponential(16));
  const answer = m.jcs(`[${input.join(',')}]`);
  assert.equal(answer.ok, true, JSON.stringify(answer.error));
  const got = answer.canonical.slice(1, -1).split(',');
  assert.equal(got.length, rows.length);
  rows.forEach(([bits, want], i) => assert.equal(got[i], want, `bits ${bits} (input ${input[i]})`));
});
