// @optin-capture/core: loads the WebAssembly capture core and returns its API. Deliberately thin:
// every check, hash and signature happens in C++; this file only passes strings in and parses
// the JSON answer ({ok: true, ...} or {ok: false, error: {code, message, message_nl, field}}).
import createOptinCapture from './optin-capture.mjs';

const isNode = typeof process === 'object' && process.versions != null &&
    process.versions.node != null && typeof window === 'undefined';

// Arguments go into the module's memory as UTF-8. TextEncoder would turn a lone surrogate (possible
// in JS strings, never in UTF-8) into U+FFFD silently; such a string goes in as WTF-8 bytes
// instead, which the core refuses as invalid UTF-8: what is signed is always exactly what was given.
const encoder = new TextEncoder();
const decoder = new TextDecoder();
const loneSurrogate = /\p{Surrogate}/u;
function wtf8(t) {
  const out = [];
  for (let i = 0; i < t.length; i++) {
    let c = t.codePointAt(i);
    if (c > 0xffff) i++;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return Uint8Array.from(out);
}
// Strings; null and undefined are "" (the default where a default exists); numbers and bigints
// as decimal text (sizes beyond 2^53 are exact as bigint or string).
const str = (value) => {
  const t = value === undefined || value === null ? '' : String(value);
  return loneSurrogate.test(t) ? wtf8(t) : encoder.encode(t);
};
// JSON arguments may be given as text (exact bytes) or as a value (serialised here).
const text = (value) => str(typeof value === 'string' ? value : JSON.stringify(value));

// Writes the (pointer, length) pairs of `args` at `base` (32-bit words each) and their bytes from
// `at` on; a null argument is the pair (0, 0). Answers where the bytes end. Allocation may grow
// the memory, which replaces the views, so they are taken here, after it.
function layOut(m, base, args, at) {
  const heap = m.HEAPU8;
  const words = m.HEAPU32;
  args.forEach((bytes, i) => {
    words[(base >> 2) + 2 * i] = bytes ? at : 0;
    words[(base >> 2) + 2 * i + 1] = bytes ? bytes.length : 0;
    if (bytes) heap.set(bytes, at);
    at += bytes ? bytes.length : 0;
  });
  return at;
}

// The JSON answer at `reply`, a (pointer, length) pair that the module keeps until the next call.
function answerAt(m, reply) {
  const words = m.HEAPU32;
  const at = reply >> 2;
  return JSON.parse(decoder.decode(m.HEAPU8.subarray(words[at], words[at] + words[at + 1])));
}

// Calls optin_<name>(args): args is an array of (pointer, length) pairs followed by the bytes;
// the answer is JSON text.
function caller(m) {
  return (entry, ...args) => {
    let size = 8 * args.length;
    for (const bytes of args) size += bytes.length;
    const base = m._malloc(size || 1);
    layOut(m, base, args, base + 8 * args.length);
    try {
      return answerAt(m, entry(base));
    } finally {
      m._free(base);
    }
  };
}

// Byte arguments: Uint8Array, any other typed array or DataView (its bytes), or ArrayBuffer.
// Anything else becomes null, which the entry point refuses (bytes_expected) with its name.
function bytes(value) {
  if (value instanceof Uint8Array) return value;
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  return null;
}

// Calls a binary entry point optin_<name>(args, out): the (pointer, length) pairs, the bytes and
// an output area of outSize bytes sit in one scratch allocation that is kept between calls and
// grown when needed, so a call costs no allocation. The entry point answers 0 (the output area
// holds the result, which `read` turns into the answer) or a JSON error answer.
function byteCaller(m) {
  let base = 0;
  let capacity = 0;
  return (entry, outSize, read, ...args) => {
    let size = 8 * args.length + outSize;
    for (const arg of args) size += arg ? arg.length : 0;
    if (size > capacity) {
      if (base) m._free(base);
      capacity = Math.max(size, 2 * capacity, 1024);
      base = m._malloc(capacity);
    }
    const out = base + 8 * args.length;
    const end = layOut(m, base, args, out + outSize);
    const reply = entry(base, out);
    // The inputs may hold a seed: it does not stay in the module's memory after the call.
    m.HEAPU8.fill(0, out + outSize, end);
    return reply === 0 ? read(m.HEAPU8, out) : answerAt(m, reply);
  };
}

// The smallest module with a SIMD instruction (a function answering i8x16.splat(0)): engines
// that validate it run the SIMD build of the module, the others (Safari before 16.4) the
// fallback. web-demo/sw.js carries the same probe to precache the file this page will load.
const simdProbe = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0,
                                  10, 8, 1, 6, 0, 65, 0, 253, 15, 11]);
export function wasmSimdSupported() {
  try {
    return typeof WebAssembly === 'object' && WebAssembly.validate(simdProbe);
  } catch {
    return false;
  }
}

// Instantiates an Emscripten module factory whose .wasm file lies beside this file (qa.mjs uses it
// for the QA build too).
export async function instantiate(factory, wasmFile, options = {}) {
  const moduleArg = {};
  if (options.wasmBinary) {
    moduleArg.wasmBinary = options.wasmBinary;
  } else if (isNode) {
    // Node 20's global fetch makes Emscripten 3.1.6's loader fetch a file path and fail, so
    // read the bytes beside this file instead.
    const { readFile } = await import('node:fs/promises');
    moduleArg.wasmBinary = await readFile(new URL(wasmFile, import.meta.url));
  } else {
    moduleArg.locateFile = () =>
        options.wasmUrl ? String(options.wasmUrl) : new URL(wasmFile, import.meta.url).href;
  }
  return factory(moduleArg);
}

// The API over an instantiated module; qa.mjs adds the QA calls of its build.
export function bindCapture(m) {
  const call = caller(m);
  const callBytes = byteCaller(m);
  return {
    version: () => call(m._optin_version),
    errorCodes: () => call(m._optin_errorCodes),
    jcs: (json) => call(m._optin_jcs, text(json)),
    sha256Hex: (data) => call(m._optin_sha256Hex, str(data)),
    keygen: () => call(m._optin_keygen),
    publicKeyFromSeed: (seedHex) => call(m._optin_publicKeyFromSeed, str(seedHex)),
    sign: (seedHex, messageHex) => call(m._optin_sign, str(seedHex), str(messageHex)),
    verifySignature: (publicKeyB64, messageHex, sigHex) =>
        call(m._optin_verifySignature, str(publicKeyB64), str(messageHex), str(sigHex)),
    signBytes: (seed, message) =>
        callBytes(m._optin_signBytes, 64, (heap, at) => ({ ok: true, sig: heap.slice(at, at + 64) }),
                  bytes(seed), bytes(message)),
    verifyBytes: (publicKey, message, sig) =>
        callBytes(m._optin_verifyBytes, 1, (heap, at) => ({ ok: true, valid: heap[at] === 1 }),
                  bytes(publicKey), bytes(message), bytes(sig)),
    fieldCheck: (type, value, rules, today) =>
        call(m._optin_fieldCheck, str(type), str(value), rules ? text(rules) : str(''),
             str(today)),
    verifyManifest: (signedManifest, advertiserKeyB64) =>
        call(m._optin_verifyManifest, text(signedManifest), str(advertiserKeyB64)),
    validateSubmission: (signedManifest, advertiserKeyB64, submission, today) =>
        call(m._optin_validateSubmission, text(signedManifest), str(advertiserKeyB64),
             text(submission), str(today)),
    buildRecord: (signedManifest, advertiserKeyB64, submission, deviceSeedHex, capturedAt,
                  entropyHex) =>
        call(m._optin_buildRecord, text(signedManifest), str(advertiserKeyB64), text(submission),
             str(deviceSeedHex), str(capturedAt), str(entropyHex)),
    verifyEnvelope: (envelope, signedManifest, advertiserKeyB64, now) =>
        call(m._optin_verifyEnvelope, text(envelope), text(signedManifest),
             str(advertiserKeyB64), str(now)),
    leafHash: (entryB64) => call(m._optin_leafHash, str(entryB64)),
    verifyInclusion: (leafIndex, treeSize, leafHashB64, proof, rootB64) =>
        call(m._optin_verifyInclusion, str(leafIndex), str(treeSize), str(leafHashB64),
             text(proof), str(rootB64)),
    verifyConsistency: (size1, size2, proof, root1B64, root2B64) =>
        call(m._optin_verifyConsistency, str(size1), str(size2), text(proof), str(root1B64),
             str(root2B64)),
    verifyCheckpoint: (note, keyName, publicKeyB64, origin) =>
        call(m._optin_verifyCheckpoint, str(note), str(keyName), str(publicKeyB64), str(origin)),
    verifyReceipt: (receipt, serverVkey, envelope) =>
        call(m._optin_verifyReceipt, text(receipt), str(serverVkey),
             envelope ? text(envelope) : str('')),
    // For qa.mjs: its calls are marshalled the same way.
    [qaCall]: { m, call, text, str },
  };
}

export const qaCall = Symbol('optin-capture qa');

// options.simd: true or false picks the build (default: SIMD where the engine has it); both give
// the same answers, the SIMD build signs faster. api.build() tells which one runs.
export async function loadOptinCapture(options = {}) {
  const simd = options.simd ?? wasmSimdSupported();
  const wasmFile = simd ? './optin-capture.wasm' : './optin-capture-nosimd.wasm';
  const api = bindCapture(await instantiate(createOptinCapture, wasmFile, options));
  delete api[qaCall];
  const build = Object.freeze({ ok: true, simd, file: wasmFile.slice(2) });
  api.build = () => build;
  return Object.freeze(api);
}

export default loadOptinCapture;
