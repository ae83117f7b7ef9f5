// C2SP signed notes and tlog checkpoints through the module: the Go reference note, notes signed
// outside this code (PyNaCl, in tests/fuzz/seeds), and notes built here with node:crypto's
// Ed25519 (OpenSSL), so the key id and the signed bytes are checked against independent code.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import path from 'node:path';
import { test } from 'node:test';

import { assertError, assertOk, loadModule, readText, sourceDir } from './helpers.mjs';

const seeds = path.join(sourceDir, 'tests', 'fuzz', 'seeds', 'checkpoint_fuzz');

// A C2SP note signed by node:crypto: key id = SHA-256(name || 0x0A || 0x01 || pk)[:4].
function nodeSignedNote(body, name, seed) {
  const der = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]);
  const key = crypto.createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  const pub = crypto.createPublicKey(key).export({ format: 'der', type: 'spki' }).subarray(12);
  const id = crypto.createHash('sha256')
      .update(Buffer.concat([Buffer.from(name + '\n'), Buffer.from([1]), pub])).digest().subarray(0, 4);
  const sig = crypto.sign(null, Buffer.from(body), key);
  const line = `\u2014 ${name} ${Buffer.concat([id, sig]).toString('base64')}\n`;
  return { note: `${body}\n${line}`, pub: pub.toString('base64') };
}

test('the Go reference note and the PyNaCl-signed checkpoints verify', async () => {
  const m = await loadModule();
  // PeterNeumann's key from golang.org/x/mod/sumdb/note (vkey: 0x01 || public key).
  const vkey = readText(path.join(seeds, 'vkey')).trim().split('+');
  const peter = Buffer.from(vkey[2], 'base64').subarray(1).toString('base64');
  // A plain note is not a checkpoint: the signature verifies, the body is refused.
  assertError(m.verifyCheckpoint(readText(path.join(seeds, 'note-go-reference')), vkey[0], peter),
              'checkpoint_malformed');
  const key = m.publicKeyFromSeed('2a'.repeat(32)).public_key;
  const name = 'optin.example.nl/log';
  const sizes = { 'note-size0': '0', 'note-size20852163': '20852163', 'note-maxsize': '18446744073709551615' };
  for (const [file, size] of Object.entries(sizes)) {
    const answer = m.verifyCheckpoint(readText(path.join(seeds, file)), name, key, name);
    assertOk(answer, file);
    assert.equal(answer.size, size, file);
    assert.equal(answer.origin, name);
    assert.equal(Buffer.from(answer.root, 'base64').length, 32);
  }
  const ext = m.verifyCheckpoint(readText(path.join(seeds, 'note-extensions')), name, key);
  assert.deepEqual(ext.extensions, ['ext one', 'ext/2 ✓']);
  assertOk(m.verifyCheckpoint(readText(path.join(seeds, 'note-with-witness')), name, key, name));
  assertError(m.verifyCheckpoint(readText(path.join(seeds, 'note-unsigned-by-key')), name, key),
              'checkpoint_signature_invalid');
  assertError(m.verifyCheckpoint(readText(path.join(seeds, 'note-size0')), name, key, 'other.example/log'),
              'checkpoint_origin_mismatch');
});

test('checkpoints signed by node:crypto verify; any changed byte is refused', async () => {
  const m = await loadModule();
  const root = crypto.createHash('sha256').update('root').digest('base64');
  const body = `optin.example.nl/log\n42\n${root}\n`;
  const { note, pub } = nodeSignedNote(body, 'optin.example.nl/log', crypto.randomBytes(32));
  const answer = m.verifyCheckpoint(note, 'optin.example.nl/log', pub, 'optin.example.nl/log');
  assert.deepEqual(answer, { ok: true, origin: 'optin.example.nl/log', size: '42', root, extensions: [] });
  for (let i = 0; i < body.length; i++) {
    const changed = note.slice(0, i) + (note[i] === '1' ? '2' : '1') + note.slice(i + 1);
    assert.equal(m.verifyCheckpoint(changed, 'optin.example.nl/log', pub).ok, false, `byte ${i}`);
  }
  const other = m.keygen().public_key;
  assertError(m.verifyCheckpoint(note, 'optin.example.nl/log', other), 'checkpoint_signature_invalid');
});
