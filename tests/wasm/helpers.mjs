// Shared by the WebAssembly tests: where things are, and the module itself. ctest sets
// OPTIN_BUILD_DIR (the module is in $OPTIN_BUILD_DIR/wasm), OPTIN_SHARED_DIR and OPTIN_SOURCE_DIR.
// A missing module fails every test loudly: never a silent skip.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const sourceDir = process.env.OPTIN_SOURCE_DIR ?? path.resolve(here, '../..');
export const buildDir = process.env.OPTIN_BUILD_DIR ?? path.join(sourceDir, 'build');
export const sharedDir = process.env.OPTIN_SHARED_DIR ?? path.resolve(sourceDir, '../shared');
export const wasmDir = path.join(buildDir, 'wasm');
export const vectorsDir = path.join(sourceDir, 'tests', 'vectors');
export const sharedVectorsDir = path.join(sharedDir, 'vectors');

export function requireFile(file, what) {
  if (!fs.existsSync(file)) {
    assert.fail(`${what} is missing: ${file} (build it; set OPTIN_BUILD_DIR / OPTIN_SHARED_DIR)`);
  }
  return file;
}

// Which build the suite runs: ctest runs it twice, against the SIMD module (node.wasm) and
// against the fallback without SIMD (node.wasm.nosimd, OPTIN_WASM_SIMD=0).
export const simdBuild = process.env.OPTIN_WASM_SIMD !== '0';
export const moduleFile = simdBuild ? 'optin-capture.wasm' : 'optin-capture-nosimd.wasm';

let loaded;
// The package entry point, loaded once per test file.
export function loadModule() {
  if (!loaded) {
    requireFile(path.join(wasmDir, moduleFile), 'the WebAssembly module');
    const entry = requireFile(path.join(wasmDir, 'index.mjs'), 'the module loader');
    loaded = import(pathToFileURL(entry).href).then((pkg) => pkg.loadOptinCapture({ simd: simdBuild }));
  }
  return loaded;
}

let loadedQa;
// The QA build (qa.mjs: the same API plus lintManifest and qaForm), loaded once per test file.
export function loadQaModule() {
  if (!loadedQa) {
    requireFile(path.join(wasmDir, 'optin-capture-qa.wasm'), 'the QA build of the module');
    const entry = requireFile(path.join(wasmDir, 'qa.mjs'), 'the QA loader');
    loadedQa = import(pathToFileURL(entry).href).then((pkg) => pkg.loadOptinCaptureQa());
  }
  return loadedQa;
}

export const readText = (file) => fs.readFileSync(file, 'utf8');
export const readJson = (file) => JSON.parse(readText(file));

// Every file under dir (recursively) ending in suffix, sorted, as paths.
export function filesUnder(dir, suffix) {
  requireFile(dir, 'a vector folder');
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith(suffix)) out.push(path.join(entry.parentPath ?? entry.path, entry.name));
  }
  return out.sort();
}

export const hexToB64 = (hex) => Buffer.from(hex, 'hex').toString('base64');
export const b64ToHex = (b64) => Buffer.from(b64, 'base64').toString('hex');

// Asserts the {ok:false,error:{...}} shape and the code.
export function assertError(answer, code, message = '') {
  assert.equal(answer.ok, false, `${message} expected error ${code}, got ${JSON.stringify(answer)}`);
  assert.equal(typeof answer.error, 'object');
  for (const key of ['code', 'message', 'message_nl', 'field']) {
    assert.equal(typeof answer.error[key], 'string', `error.${key} is a string`);
  }
  if (code) assert.equal(answer.error.code, code, message);
}

export function assertOk(answer, message = '') {
  assert.equal(answer.ok, true, `${message} ${JSON.stringify(answer).slice(0, 400)}`);
}

// Ed25519 with node:crypto (OpenSSL): an implementation independent of the module's libsodium.
export function nodeKey(seed) {
  const der = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]);
  const privateKey = crypto.createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  const pub = crypto.createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).subarray(12);
  return {
    seedHex: seed.toString('hex'),
    publicKey: pub.toString('base64'),
    sign: (bytes) => crypto.sign(null, bytes, privateKey).toString('base64'),
  };
}

// The example campaign signed by a fresh advertiser key: {"manifest", "sig"} with sig = Ed25519
// over "optin-capture/manifest/v1\n" || JCS(manifest) (manifest.h). JCS comes from the module
// (checked against the RFC 8785 vectors), the signature from node:crypto.
export function signedExampleManifest(m, edit = (manifest) => manifest) {
  const key = nodeKey(crypto.randomBytes(32));
  const manifest = edit(readJson(path.join(vectorsDir, 'manifests', 'example-campaign.json')));
  manifest.advertiser.key = key.publicKey;
  const canonical = m.jcs(manifest);
  assert.equal(canonical.ok, true, JSON.stringify(canonical.error));
  const sig = key.sign(Buffer.from('optin-capture/manifest/v1\n' + canonical.canonical, 'utf8'));
  return { text: JSON.stringify({ manifest, sig }), advertiserKey: key.publicKey, manifest };
}
