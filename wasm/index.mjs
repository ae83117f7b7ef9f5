// @optin-capture/core: loads the WebAssembly capture core and returns its API. Deliberately thin:
// every check, hash and signature happens in C++; this file only passes strings in and parses
// the JSON answer ({ok: true, ...} or {ok: false, error: {code, message, message_nl, field}}).
import createOptinCapture from './optin-capture.mjs';

const isNode = typeof process === 'object' && process.versions != null &&
    process.versions.node != null && typeof window === 'undefined';

// JSON arguments may be given as text (exact bytes) or as a value (serialised here).
const text = (value) => (typeof value === 'string' ? value : JSON.stringify(value) ?? '');
// Optional strings ("" = the default) and integers that may exceed 2^53 (number, bigint, string).
const opt = (value) => (value === undefined || value === null ? '' : String(value));

export async function loadOptinCapture(options = {}) {
  const moduleArg = {};
  if (options.wasmBinary) {
    moduleArg.wasmBinary = options.wasmBinary;
  } else if (isNode) {
    // Node 20's global fetch makes Emscripten 3.1.6's loader fetch a file path and fail, so
    // read the bytes beside this file instead.
    const { readFile } = await import('node:fs/promises');
    moduleArg.wasmBinary = await readFile(new URL('./optin-capture.wasm', import.meta.url));
  } else {
    moduleArg.locateFile = (path) =>
        options.wasmUrl ? String(options.wasmUrl) : new URL(path, import.meta.url).href;
  }
  const m = await createOptinCapture(moduleArg);
  const call = (answer) => JSON.parse(answer);
  return Object.freeze({
    version: () => call(m.version()),
    errorCodes: () => call(m.errorCodes()),
    jcs: (json) => call(m.jcs(text(json))),
    sha256Hex: (data) => call(m.sha256Hex(String(data))),
    keygen: () => call(m.keygen()),
    publicKeyFromSeed: (seedHex) => call(m.publicKeyFromSeed(String(seedHex))),
    sign: (seedHex, messageHex) => call(m.sign(String(seedHex), String(messageHex))),
    verifySignature: (publicKeyB64, messageHex, sigHex) =>
        call(m.verifySignature(String(publicKeyB64), String(messageHex), String(sigHex))),
    fieldCheck: (type, value, rules, today) =>
        call(m.fieldCheck(String(type), String(value), rules ? text(rules) : '', opt(today))),
    verifyManifest: (signedManifest, advertiserKeyB64) =>
        call(m.verifyManifest(text(signedManifest), String(advertiserKeyB64))),
    lintManifest: (manifest) => call(m.lintManifest(text(manifest))),
    validateSubmission: (signedManifest, advertiserKeyB64, submission, today) =>
        call(m.validateSubmission(text(signedManifest), String(advertiserKeyB64),
                                  text(submission), opt(today))),
    buildRecord: (signedManifest, advertiserKeyB64, submission, deviceSeedHex, capturedAt,
                  entropyHex) =>
        call(m.buildRecord(text(signedManifest), String(advertiserKeyB64), text(submission),
                           String(deviceSeedHex), opt(capturedAt), opt(entropyHex))),
    verifyEnvelope: (envelope, signedManifest, advertiserKeyB64, now) =>
        call(m.verifyEnvelope(text(envelope), text(signedManifest), String(advertiserKeyB64),
                              opt(now))),
    leafHash: (entryB64) => call(m.leafHash(String(entryB64))),
    verifyInclusion: (leafIndex, treeSize, leafHashB64, proof, rootB64) =>
        call(m.verifyInclusion(opt(leafIndex), opt(treeSize), String(leafHashB64), text(proof),
                               String(rootB64))),
    verifyConsistency: (size1, size2, proof, root1B64, root2B64) =>
        call(m.verifyConsistency(opt(size1), opt(size2), text(proof), String(root1B64),
                                 String(root2B64))),
    verifyCheckpoint: (note, keyName, publicKeyB64, origin) =>
        call(m.verifyCheckpoint(String(note), String(keyName), String(publicKeyB64), opt(origin))),
  });
}

export default loadOptinCapture;
