// The module's contract: every call answers {ok: true, ...} or {ok: false, error: {code,
// message, message_nl, field}} with a code from the one error table, never a thrown exception;
// keys and signatures agree with RFC 8032 and with node's own Ed25519 (OpenSSL).
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';

import {
  assertError, assertOk, loadModule, moduleFile, readText, simdBuild, sourceDir, wasmDir,
} from './helpers.mjs';

const kRfc8032Seed = '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60';
const kRfc8032Public = '11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=';
const kRfc8032EmptySig =
    'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b';

// The wire codes as written in the one table, read from the source.
function tableCodes() {
  const header = readText(path.join(sourceDir, 'capture-core/include/capture/error_codes.h'));
  return [...header.matchAll(/X\(k\w+,\s*"([a-z0-9_]+)"/g)].map((match) => match[1]);
}

test('the error table in the module is the one in error_codes.h, with both languages', async () => {
  const m = await loadModule();
  const answer = m.errorCodes();
  assertOk(answer);
  assert.deepEqual(answer.codes.map((row) => row.code), tableCodes());
  for (const row of answer.codes) {
    assert.ok(row.http_status >= 400 && row.http_status < 600, row.code);
    assert.ok(row.message_en.length > 0 && row.message_nl.length > 0, row.code);
  }
});

test('version is the project version and package.json carries it', async () => {
  const m = await loadModule();
  const pkg = JSON.parse(fs.readFileSync(path.join(wasmDir, 'package.json'), 'utf8'));
  const cmake = readText(path.join(sourceDir, 'CMakeLists.txt'));
  const projectVersion = /project\(optin_capture VERSION ([0-9.]+)/.exec(cmake)[1];
  assert.deepEqual(m.version(), { ok: true, version: projectVersion });
  assert.equal(pkg.version, projectVersion);
  assert.equal(pkg.name, '@optin-capture/core');
  assert.equal(pkg.type, 'module');
  assert.deepEqual(Object.keys(pkg.exports['.']), ['types', 'import', 'default']);
  for (const file of pkg.files) assert.ok(fs.existsSync(path.join(wasmDir, file)), file);
});

test('no call throws: garbage arguments give error values with codes from the table', async () => {
  const m = await loadModule();
  const codes = new Set(tableCodes());
  const garbage = [[], [''], ['{', '}', '[', ']', 'x', 'y'], [null, undefined, 7, {}, [], true],
                   ['\u0000', '\ud800', 'ä', '-1', '18446744073709551616', 'null'],
                   ['{"a":1,"a":2}', 'AAAA', '00', '2026-02-30', '2026-01-01T00:00:00Z', '']];
  let errors = 0;
  for (const [name, fn] of Object.entries(m)) {
    for (const args of garbage) {
      let answer;
      assert.doesNotThrow(() => { answer = fn(...args); }, `${name}(${JSON.stringify(args)})`);
      assert.equal(typeof answer.ok, 'boolean', name);
      if (!answer.ok) {
        assertError(answer, null, name);
        assert.ok(codes.has(answer.error.code), `${name}: unknown code ${answer.error.code}`);
        errors++;
      }
    }
  }
  assert.ok(errors > 50, `garbage was refused (${errors} errors)`);
});

test('errors name the argument and carry the Dutch message of the table', async () => {
  const m = await loadModule();
  const table = new Map(m.errorCodes().codes.map((row) => [row.code, row]));
  const bad = m.publicKeyFromSeed('abc');
  assertError(bad, 'key_invalid');
  assert.equal(bad.error.field, 'seed');
  assert.equal(bad.error.message_nl, table.get('key_invalid').message_nl);
  assertError(m.jcs('{"a":1,"a":2}'), 'json_duplicate_key');
  assertError(m.jcs('{"a":'), 'json_invalid');
  assertError(m.jcs('"\\ud800"'), null);
  assertError(m.jcs(`"${'\ud800'}"`), 'utf8_invalid');  // a lone surrogate is never re-encoded
  assertError(m.fieldCheck('shoe_size', '42'), 'field_type_unknown');
  assertError(m.fieldCheck('email', 'a@b.nl', { colour: 'red' }), 'json_unknown_member');
  assertError(m.fieldCheck('date_of_birth', '01-01-1990', null, '2026-02-30'), 'date_invalid');
  assertError(m.verifyInclusion('1', '18446744073709551616', 'AA==', [], 'AA=='), 'index_out_of_range');
  assertError(m.verifyManifest('{}', 'not base64'), 'key_invalid');
});

test('keygen draws a fresh key from the CSPRNG each call; the seed gives back the same key', async () => {
  const m = await loadModule();
  const keys = Array.from({ length: 20 }, () => m.keygen());
  for (const key of keys) {
    assertOk(key);
    assert.match(key.seed, /^[0-9a-f]{64}$/);
    assert.equal(Buffer.from(key.public_key, 'base64').length, 32);
    assert.deepEqual(m.publicKeyFromSeed(key.seed), key);
  }
  assert.equal(new Set(keys.map((k) => k.seed)).size, keys.length);
  assert.equal(new Set(keys.map((k) => k.public_key)).size, keys.length);
});

test('Ed25519 agrees with RFC 8032 section 7.1 and with node:crypto for random messages', async () => {
  const m = await loadModule();
  assert.equal(m.publicKeyFromSeed(kRfc8032Seed).public_key, kRfc8032Public);
  assert.deepEqual(m.sign(kRfc8032Seed, ''), { ok: true, sig: kRfc8032EmptySig });
  for (let i = 0; i < 25; i++) {
    const seed = crypto.randomBytes(32);
    const message = crypto.randomBytes(i * 13);
    // PKCS#8 wrapping of a raw Ed25519 seed (RFC 8410).
    const der = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]);
    const privateKey = crypto.createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
    const want = crypto.sign(null, message, privateKey).toString('hex');
    const pub = crypto.createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).subarray(12);
    assert.equal(m.publicKeyFromSeed(seed.toString('hex')).public_key, pub.toString('base64'));
    assert.deepEqual(m.sign(seed.toString('hex'), message.toString('hex')), { ok: true, sig: want });
    assert.deepEqual(m.verifySignature(pub.toString('base64'), message.toString('hex'), want),
                     { ok: true, valid: true });
    const flipped = want.slice(0, 10) + (want[10] === '0' ? '1' : '0') + want.slice(11);
    assert.deepEqual(m.verifySignature(pub.toString('base64'), message.toString('hex'), flipped),
                     { ok: true, valid: false });
  }
});

test('signBytes and verifyBytes give the signatures of sign and verifySignature, over raw bytes', async () => {
  const m = await loadModule();
  const rfcSeed = Buffer.from(kRfc8032Seed, 'hex');
  const rfcPublic = Buffer.from(kRfc8032Public, 'base64');
  const empty = m.signBytes(rfcSeed, new Uint8Array(0));
  assertOk(empty);
  assert.ok(empty.sig instanceof Uint8Array);
  assert.equal(Buffer.from(empty.sig).toString('hex'), kRfc8032EmptySig);
  assert.deepEqual(m.verifyBytes(rfcPublic, new Uint8Array(0), empty.sig), { ok: true, valid: true });
  // Sizes across the scratch area's growth (1 KB, then doubling) and past the initial 2 MB of
  // memory, with two keys alternating (the key cache swaps each time).
  const seeds = [crypto.randomBytes(32), crypto.randomBytes(32)];
  for (const size of [1, 63, 600, 1000, 1024, 5000, 70000, 3 * 1024 * 1024]) {
    const message = crypto.randomBytes(size);
    for (const seed of seeds) {
      const hex = m.sign(seed.toString('hex'), message.toString('hex'));
      const raw = m.signBytes(seed, message);
      assertOk(raw);
      assert.equal(Buffer.from(raw.sig).toString('hex'), hex.sig, `size ${size}`);
      const pub = Buffer.from(m.publicKeyFromSeed(seed.toString('hex')).public_key, 'base64');
      assert.deepEqual(m.verifyBytes(pub, message, raw.sig), { ok: true, valid: true });
      const flipped = Uint8Array.from(raw.sig);
      flipped[size % 64] ^= 1;
      assert.deepEqual(m.verifyBytes(pub, message, flipped), { ok: true, valid: false });
      assert.deepEqual(m.verifyBytes(pub, message, raw.sig.subarray(0, 63)), { ok: true, valid: false });
    }
  }
  // Other views of bytes: an ArrayBuffer, a DataView over part of a buffer, a Uint16Array.
  const message = crypto.randomBytes(100);
  const want = Buffer.from(m.signBytes(rfcSeed, message).sig).toString('hex');
  const padded = new Uint8Array(110);
  padded.set(message, 5);
  for (const view of [message.buffer.slice(message.byteOffset, message.byteOffset + 100),
                      new DataView(padded.buffer, 5, 100), new Uint16Array(padded.buffer.slice(5, 105))]) {
    assert.equal(Buffer.from(m.signBytes(rfcSeed, view).sig).toString('hex'), want);
  }
});

test('signBytes and verifyBytes refuse malformed keys and non-bytes as values, naming the argument', async () => {
  const m = await loadModule();
  assertError(m.signBytes(new Uint8Array(31), new Uint8Array(1)), 'key_invalid');
  assertError(m.signBytes(new Uint8Array(33), new Uint8Array(1)), 'key_invalid');
  assertError(m.verifyBytes(new Uint8Array(31), new Uint8Array(1), new Uint8Array(64)), 'key_invalid');
  for (const [answer, field] of [[m.signBytes('00'.repeat(32), new Uint8Array(1)), 'seed'],
                                 [m.signBytes(new Uint8Array(32), 'message'), 'message'],
                                 [m.signBytes(), 'seed'],
                                 [m.verifyBytes(new Uint8Array(32), new Uint8Array(1), null), 'sig'],
                                 [m.verifyBytes([1, 2], new Uint8Array(1), new Uint8Array(64)), 'public_key']]) {
    assertError(answer, 'bytes_expected');
    assert.equal(answer.error.field, field);
  }
  // After refusals the module still signs (the error answer did not disturb the scratch area).
  assertOk(m.signBytes(crypto.randomBytes(32), new Uint8Array(10)));
});

test('SHA-256 of UTF-8 text agrees with node:crypto', async () => {
  const m = await loadModule();
  for (const text of ['', 'abc', 'Ja, bel mij – één keer 📞', 'x'.repeat(100000)]) {
    const want = crypto.createHash('sha256').update(text, 'utf8').digest('hex');
    assert.deepEqual(m.sha256Hex(text), { ok: true, sha256: want });
  }
});

test('field checks normalise and refuse with the table codes', async () => {
  const m = await loadModule();
  assert.deepEqual(m.fieldCheck('phone_nl', '06-12345678'), { ok: true, type: 'phone_nl', value: '+31612345678' });
  assert.deepEqual(m.fieldCheck('postcode_nl', ' 1234 ab '), { ok: true, type: 'postcode_nl', value: '1234AB' });
  assert.deepEqual(m.fieldCheck('email', ''), { ok: true, type: 'email', value: '' });
  assertError(m.fieldCheck('email', '', { required: true }), 'field_required');
  assertError(m.fieldCheck('phone_nl', '0900-1234567'), 'phone_premium_refused');
  assertError(m.fieldCheck('choice', 'c', { options: ['a', 'b'] }), 'choice_unknown');
  const adult = { min_age: 18 };
  assertOk(m.fieldCheck('date_of_birth', '28-11-2008', adult, '2026-11-28'));
  assertError(m.fieldCheck('date_of_birth', '29-11-2008', adult, '2026-11-28'), 'age_below_minimum');
});

test('this run tests the build it names, and the two builds differ only in their code', async () => {
  const m = await loadModule();
  assert.deepEqual(m.build(), { ok: true, simd: simdBuild, file: moduleFile });
  const pkg = await import(pathToFileURL(path.join(wasmDir, 'index.mjs')).href);
  // Node 20 runs WebAssembly SIMD, so the default is the SIMD build.
  assert.equal(pkg.wasmSimdSupported(), true);
  assert.equal((await pkg.loadOptinCapture()).build().simd, true);
  const simd = fs.readFileSync(path.join(wasmDir, 'optin-capture.wasm'));
  const plain = fs.readFileSync(path.join(wasmDir, 'optin-capture-nosimd.wasm'));
  assert.notDeepEqual(simd, plain);
  // Both instantiate through the one glue and sign alike.
  assert.equal(WebAssembly.validate(plain), true);
  assert.equal(WebAssembly.validate(simd), true);
  const other = await pkg.loadOptinCapture({ simd: !simdBuild });
  const seed = '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60';
  const message = crypto.randomBytes(999);
  assert.deepEqual(other.signBytes(Buffer.from(seed, 'hex'), message),
                   m.signBytes(Buffer.from(seed, 'hex'), message));
});

test('the raw module answers JSON text through its C boundary (strings in, one string out)', async () => {
  const { default: factory } = await import(pathToFileURL(path.join(wasmDir, 'optin-capture.mjs')).href);
  const raw = await factory({ wasmBinary: fs.readFileSync(path.join(wasmDir, 'optin-capture.wasm')) });
  // One argument: a (pointer, length) pair of 32-bit words, then its UTF-8 bytes.
  const input = Buffer.from('{"b":[1e30,4.50,0.002],"a":"\\u20ac"}');
  const args = raw._malloc(8 + input.length);
  raw.HEAPU32[args >> 2] = args + 8;
  raw.HEAPU32[(args >> 2) + 1] = input.length;
  raw.HEAPU8.set(input, args + 8);
  const reply = raw._optin_jcs(args) >> 2;
  const [at, size] = [raw.HEAPU32[reply], raw.HEAPU32[reply + 1]];
  const answer = Buffer.from(raw.HEAPU8.subarray(at, at + size)).toString('utf8');
  raw._free(args);
  assert.deepEqual(JSON.parse(answer), { ok: true, canonical: '{"a":"€","b":[1e+30,4.5,0.002]}' });
});
