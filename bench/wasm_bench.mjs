// The WebAssembly module in node, beside npm libsodium-wrappers in the same run:
// transfer size, ready (cold start to a verified manifest), manifest verify, validate+build+sign
// one record, Ed25519; and whether each target of the module is met (issue 4).
//   npm install --prefix bench libsodium-wrappers   (once)
//   node bench/wasm_bench.mjs [build-dir] [--runs N]
// Prints a Markdown table for BENCHMARKS.md ("WebAssembly module") with the machine's load
// average before and after: absolute times on a busy machine are inflated, the side-by-side
// ratios much less.
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import zlib from 'node:zlib';

const here = path.dirname(fileURLToPath(import.meta.url));
const source = path.resolve(here, '..');
const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 1000;
const buildDir = path.resolve(args.find((a, i) => !a.startsWith('--') && i !== runsAt + 1) ?? path.join(source, 'build'));
const wasmDir = path.join(buildDir, 'wasm');
const sodiumDir = path.join(here, 'node_modules', 'libsodium-wrappers');
for (const [dir, fix] of [[wasmDir, 'build the project first'],
                          [sodiumDir, 'npm install --prefix bench libsodium-wrappers']]) {
  if (!fs.existsSync(dir)) throw new Error(`${dir} is missing: ${fix}`);
}

const gzip = (files) => files.reduce((sum, f) => sum + zlib.gzipSync(fs.readFileSync(f), { level: 9 }).length, 0);
const raw = (files) => files.reduce((sum, f) => sum + fs.statSync(f).size, 0);
function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
// Median time of fn over n calls, in microseconds (after a short warm-up).
function time(fn, n = runs) {
  for (let i = 0; i < Math.min(50, n); i++) fn(i);
  const samples = [];
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    fn(i);
    samples.push(Number(process.hrtime.bigint() - t0) / 1000);
  }
  return median(samples);
}
// Two calls timed in alternation (a, b, a, b, ...), so both see the same machine: the head-to-head
// comparisons with libsodium-wrappers. Medians in microseconds.
function timePair(fa, fb, n = runs) {
  for (let i = 0; i < Math.min(50, n); i++) { fa(i); fb(i); }
  const a = [];
  const b = [];
  for (let i = 0; i < n; i++) {
    let t0 = process.hrtime.bigint();
    fa(i);
    a.push(Number(process.hrtime.bigint() - t0) / 1000);
    t0 = process.hrtime.bigint();
    fb(i);
    b.push(Number(process.hrtime.bigint() - t0) / 1000);
  }
  return [median(a), median(b)];
}
// Cold start in a fresh node process, median of 7. The script prints its elapsed wall time and
// the process's CPU time over the same span (all threads: V8 compiles WebAssembly in the
// background); on a busy machine the wall time waits for a core, the CPU time much less.
function coldStart(script, env = {}) {
  const wall = [];
  const cpu = [];
  for (let i = 0; i < 7; i++) {
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script],
                             { encoding: 'utf8', env: { ...process.env, ...env } });
    const [w, c] = out.trim().split(' ').map(Number);
    wall.push(w);
    cpu.push(c);
  }
  return { wall: median(wall), cpu: median(cpu) };
}
const elapsed = 'console.log(`${performance.now() - t0} ${(process.cpuUsage(c0).user + ' +
    'process.cpuUsage(c0).system) / 1000}`);';
const loadBefore = os.loadavg();

const ourFiles = ['optin-capture.mjs', 'optin-capture.wasm', 'index.mjs'].map((f) => path.join(wasmDir, f));
const plainFiles = ['optin-capture.mjs', 'optin-capture-nosimd.wasm', 'index.mjs'].map((f) => path.join(wasmDir, f));
const qaFiles = ['optin-capture-qa.mjs', 'optin-capture-qa.wasm', 'index.mjs', 'qa.mjs']
    .map((f) => path.join(wasmDir, f));
const sodiumFiles = [path.join(sodiumDir, 'dist/modules-esm/libsodium-wrappers.mjs'),
                     path.join(here, 'node_modules/libsodium/dist/modules-esm/libsodium.mjs')]
    .filter((f) => fs.existsSync(f));
const ourEntry = pathToFileURL(path.join(wasmDir, 'index.mjs')).href;
const sodiumEntry = pathToFileURL(sodiumFiles[0]).href;

const sodiumCold = coldStart(`const t0 = performance.now(); const c0 = process.cpuUsage();
  const { default: s } = await import(${JSON.stringify(sodiumEntry)});
  await s.ready; s.crypto_generichash(32, 'x');
  ${elapsed}`);

const { loadOptinCapture } = await import(ourEntry);
const m = await loadOptinCapture();
const { default: sodium } = await import(sodiumEntry);
await sodium.ready;
// Instantiating again in a warm process (the module's bytes already read and compiled by V8's cache).
const wasmBinary = fs.readFileSync(path.join(wasmDir, 'optin-capture.wasm'));
const instantiate = [];
for (let i = 0; i < 20; i++) {
  const t0 = performance.now();
  await loadOptinCapture({ wasmBinary });
  instantiate.push(performance.now() - t0);
}

// The example campaign signed by a fresh advertiser key (node:crypto), as the tests do.
const seed = crypto.randomBytes(32);
const der = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]);
const advertiser = crypto.createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
const advertiserKey = crypto.createPublicKey(advertiser).export({ format: 'der', type: 'spki' }).subarray(12).toString('base64');
const manifest = JSON.parse(fs.readFileSync(path.join(source, 'tests/vectors/manifests/example-campaign.json'), 'utf8'));
manifest.advertiser.key = advertiserKey;
const signedBytes = Buffer.from('optin-capture/manifest/v1\n' + m.jcs(manifest).canonical);
const signedText = JSON.stringify({ manifest, sig: crypto.sign(null, signedBytes, advertiser).toString('base64') });
// Ready: a page imports the module, instantiates it and verifies its signed manifest.
const ourReady = coldStart(`const t0 = performance.now(); const c0 = process.cpuUsage();
  const { loadOptinCapture } = await import(${JSON.stringify(ourEntry)});
  const m = await loadOptinCapture();
  if (!m.verifyManifest(process.env.SIGNED, process.env.KEY).ok) throw new Error('manifest');
  ${elapsed}`, { SIGNED: signedText, KEY: advertiserKey });
// Two texts of the same manifest, alternated, so the module's one-entry cache never answers.
const texts = [signedText, signedText + ' '];
if (!m.verifyManifest(texts[0], advertiserKey).ok || !m.verifyManifest(texts[1], advertiserKey).ok) {
  throw new Error('the signed example manifest does not verify');
}
const submission = JSON.stringify({
  fields: { given_name: 'Jan', family_name: 'de Vries', email: 'jan@example.nl', phone: '06-12345678',
            postcode: '1234 AB', date_of_birth: '01-02-1990', ebike_use: 'Woon-werkverkeer' },
  consents: { participation: true, telephone: true, newsletter: false },
  source: 'winactieplein.email.weekly.banner-a',
  context: { legal_text_font_px: 14, boxes_preticked: false },
});
const device = m.keygen();
const built = m.buildRecord(signedText, advertiserKey, submission, device.seed);
if (!built.ok) throw new Error(JSON.stringify(built.error));
const envelope = built.envelope;

const message = crypto.randomBytes(600);  // about the size of a record's signed bytes
const messageHex = message.toString('hex');
const sodiumKeys = sodium.crypto_sign_seed_keypair(seed);
const sodiumSig = sodium.crypto_sign_detached(message, sodiumKeys.privateKey);
const ourSig = m.sign(seed.toString('hex'), messageHex).sig;
const ourPub = m.publicKeyFromSeed(seed.toString('hex')).public_key;
const ourPubBytes = Buffer.from(ourPub, 'base64');
const ourSigBytes = m.signBytes(seed, message).sig;
if (Buffer.compare(Buffer.from(ourSigBytes), Buffer.from(sodiumSig)) !== 0) {
  throw new Error('signBytes and libsodium-wrappers disagree');
}

const results = {
  verifyManifest: time((i) => m.verifyManifest(texts[i & 1], advertiserKey)),
  verifyManifestCached: time(() => m.verifyManifest(signedText, advertiserKey)),
  validate: time(() => m.validateSubmission(signedText, advertiserKey, submission, '2026-11-28')),
  build: time(() => m.buildRecord(signedText, advertiserKey, submission, device.seed)),
  verifyEnvelope: time(() => m.verifyEnvelope(envelope, signedText, advertiserKey)),
  sign: time(() => m.sign(seed.toString('hex'), messageHex)),
  verify: time(() => m.verifySignature(ourPub, messageHex, ourSig)),
  sodiumManifestVerify: time(() => sodium.crypto_sign_verify_detached(sodiumSig, signedBytes, sodiumKeys.publicKey)),
};
[results.signBytes, results.sodiumSign] = timePair(() => m.signBytes(seed, message),
    () => sodium.crypto_sign_detached(message, sodiumKeys.privateKey));
// The fallback build for engines without WebAssembly SIMD (what Safari before 16.4 loads).
const plain = await loadOptinCapture({ simd: false });
[results.signBytesPlain, results.sodiumSignPlain] = timePair(() => plain.signBytes(seed, message),
    () => sodium.crypto_sign_detached(message, sodiumKeys.privateKey));
[results.verifyBytes, results.sodiumVerify] = timePair(() => m.verifyBytes(ourPubBytes, message, ourSigBytes),
    () => sodium.crypto_sign_verify_detached(sodiumSig, message, sodiumKeys.publicKey));
const ms = (t) => `${t.wall.toFixed(1)} ms (CPU ${t.cpu.toFixed(1)} ms)`;
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const us = (v) => (v >= 1000 ? `${(v / 1000).toFixed(2)} ms` : `${v.toFixed(1)} µs`);

const loadAfter = os.loadavg();
const load = (l) => l.map((v) => v.toFixed(2)).join(' ');
const sodiumVersion = JSON.parse(fs.readFileSync(path.join(sodiumDir, 'package.json'))).version;
console.log(`node ${process.version}, ${os.cpus()[0].model}, ${os.cpus().length} cores; median of ${runs} runs ` +
            `(module ${m.version().version}, libsodium-wrappers ${sodiumVersion}); load average ` +
            `(1, 5, 15 min) ${load(loadBefore)} before, ${load(loadAfter)} after\n`);
console.log('| measure | @optin-capture/core (WASM) | libsodium-wrappers (npm) |');
console.log('| --- | --- | --- |');
console.log(`| size, glue + wasm (raw) | ${kb(raw(ourFiles))} | ${kb(raw(sodiumFiles))} |`);
console.log(`| size, glue + wasm (gzip -9) | ${kb(gzip(ourFiles))} | ${kb(gzip(sodiumFiles))} |`);
console.log(`| size of the fallback without SIMD (glue + optin-capture-nosimd.wasm + loader; gzip -9) | ${kb(gzip(plainFiles))} | – |`);
console.log(`| size of the QA build (qa.mjs, for QA pages only; gzip -9) | ${kb(gzip(qaFiles))} | – |`);
console.log(`| ready in a new process (import + instantiate + verify the signed manifest; libsodium: import + ready + first call) | ${ms(ourReady)} | ${ms(sodiumCold)} |`);
console.log(`| instantiate again, warm process (median of 20) | ${median(instantiate).toFixed(2)} ms | – |`);
console.log(`| verify signed manifest (parse, JCS, Ed25519, rules; cache missed) | ${us(results.verifyManifest)} | ${us(results.sodiumManifestVerify)} (Ed25519 verify of the same bytes only) |`);
console.log(`| verify signed manifest, same text again (cached) | ${us(results.verifyManifestCached)} | – |`);
console.log(`| validate one submission (7 fields, 3 consents) | ${us(results.validate)} | – |`);
console.log(`| validate + build + sign one record | ${us(results.build)} | – |`);
console.log(`| verify one envelope (everything the server checks) | ${us(results.verifyEnvelope)} | – |`);
console.log(`| Ed25519 sign, 600 bytes as bytes (signBytes, SIMD build, device key kept expanded; timed in alternation with libsodium) | ${us(results.signBytes)} | ${us(results.sodiumSign)} |`);
console.log(`| the same, fallback build without SIMD (optin-capture-nosimd.wasm; timed in alternation with libsodium) | ${us(results.signBytesPlain)} | ${us(results.sodiumSignPlain)} |`);
console.log(`| Ed25519 verify, 600 bytes as bytes (verifyBytes; timed in alternation with libsodium) | ${us(results.verifyBytes)} | ${us(results.sodiumVerify)} |`);
console.log(`| Ed25519 sign, 600 bytes through the JSON API (hex in, JSON out) | ${us(results.sign)} | – |`);
console.log(`| Ed25519 verify, 600 bytes through the JSON API (hex in, JSON out) | ${us(results.verify)} | – |`);

// The targets of issue 4, judged on this run.
const ourGzip = gzip(ourFiles);
const sodiumGzip = gzip(sodiumFiles);
const verdict = (ok) => (ok ? 'met' : '**not met**');
console.log('\n| target | this run | |');
console.log('| --- | --- | --- |');
console.log(`| glue + wasm under 150 KB gzip and smaller than libsodium-wrappers' ESM files | ${kb(ourGzip)} vs ${kb(sodiumGzip)} | ${verdict(ourGzip < 150 * 1024 && ourGzip < sodiumGzip)} |`);
console.log(`| ready (instantiated, manifest verified) under 50 ms | ${ms(ourReady)} | ${verdict(ourReady.wall < 50)}${ourReady.wall >= 50 && ourReady.cpu < 50 ? ' in wall time (met in CPU time)' : ''} |`);
console.log(`| validate + build + sign one record under 1 ms | ${us(results.build)} | ${verdict(results.build < 1000)} |`);
console.log(`| Ed25519 sign at least as fast as libsodium-wrappers (both over bytes) | ${us(results.signBytes)} vs ${us(results.sodiumSign)} | ${verdict(results.signBytes <= results.sodiumSign)} |`);
