// TypeScript declarations for @optin-capture/core, the WebAssembly build of optin-capture's C++
// capture core. Every call returns a plain object, never throws for bad input:
//   { ok: true, ...result }  or  { ok: false, error: { code, message, message_nl, field } }.
// `code` is a stable wire code from the error table (errorCodes()); `message` is precise English,
// `message_nl` the Dutch text from the table, `field` names the form field or member ("" if none).
// Hashes are lowercase hex where records use hex (SHA-256 digests) and base64 elsewhere (keys,
// signatures, Merkle hashes), exactly as in the records and proofs on the wire.

export interface WireError {
  code: string;
  message: string;
  message_nl: string;
  field: string;
}
export type Failure = { ok: false; error: WireError };
export type Answer<T> = ({ ok: true } & T) | Failure;

/** JSON arguments: the text (exact bytes) or a value (serialised with JSON.stringify). */
export type JsonArg = string | object;
/** Bytes: a Uint8Array, any other typed array or DataView (its bytes), or an ArrayBuffer. */
export type BytesArg = ArrayBufferView | ArrayBuffer;
/** Integers that may exceed 2^53 (tree sizes, indexes): a number, a bigint or a decimal string. */
export type BigIntArg = number | bigint | string;

export interface ErrorCodeRow {
  code: string;
  http_status: number;
  message_en: string;
  message_nl: string;
}

export interface KeyPair {
  /** 32-byte Ed25519 seed, lowercase hex: the secret; keep it (IndexedDB) and never send it. */
  seed: string;
  /** 32-byte Ed25519 public key, base64. */
  public_key: string;
}

/** Field rules for fieldCheck; all optional. */
export interface FieldRules {
  required?: boolean;
  /** In Unicode code points after trimming (default 100). */
  max_length?: number;
  /** For type "choice": the allowed values. */
  options?: string[];
  /** For type "date_of_birth": the minimum age in years. */
  min_age?: number;
}
export type FieldType =
  | 'given_name' | 'family_name' | 'email' | 'phone_nl' | 'postcode_nl' | 'house_number'
  | 'date_of_birth' | 'choice' | 'short_text';

/** One legal text shown on the form, as the core lists them (the page renders exactly these). */
export type ShownText = Record<string, unknown>;

export interface ManifestSummary {
  campaign: string;
  version: number;
  advertiser: string;
  locale: string;
  title: string;
  /** SHA-256 of JCS(manifest), lowercase hex (records carry it). */
  manifest_sha256: string;
  /** Every legal text shown, in manifest order. */
  shown_texts: ShownText[];
  /** SHA-256 of JCS(shown_texts), lowercase hex (records carry it). */
  shown_text_sha256: string;
  /** The manifest object exactly as signed: fields, labels, consents, policy for rendering. */
  manifest: Record<string, unknown>;
}

/** The submission a page passes in. Unknown members are refused. */
export interface Submission {
  fields: Record<string, string>;
  consents: Record<string, boolean>;
  /** The traffic code partner.channel.placement.creative (R2). */
  source: string;
  /** Facts measured on the page; signed as given. */
  context?: Record<string, unknown>;
}

export interface VerifiedEnvelope {
  id: string;
  source: string;
  captured_at: string;
  device_key: string;
  telephone_consent: boolean;
  consents: Record<string, boolean>;
  /** Disclosed values, normalised. */
  fields: Record<string, string>;
}

export interface VerifiedCheckpoint {
  origin: string;
  /** The tree size as a decimal string (exact beyond 2^53). */
  size: string;
  /** The root hash, base64. */
  root: string;
  extensions: string[];
}

export interface VerifiedReceipt {
  record_id: string;
  /** Decimal strings (exact beyond 2^53). */
  leaf_index: string;
  tree_size: string;
  /** base64 */
  leaf_hash: string;
  root: string;
  origin: string;
  /** The note key name that signed the checkpoint. */
  key_name: string;
  /** True when an envelope was given and the leaf is that record's log entry. */
  record_bound: boolean;
}

export interface OptinCapture {
  /** Which build runs: optin-capture.wasm (simd: true) or optin-capture-nosimd.wasm. */
  build(): Answer<{ simd: boolean; file: string }>;
  /** The project version the module was built from. */
  version(): Answer<{ version: string }>;
  /** The table of stable error codes, in table order. */
  errorCodes(): Answer<{ codes: ErrorCodeRow[] }>;

  /** RFC 8785 canonical JSON of the text. */
  jcs(json: JsonArg): Answer<{ canonical: string }>;
  /** SHA-256 of the UTF-8 bytes of the text, lowercase hex. */
  sha256Hex(text: string): Answer<{ sha256: string }>;

  /** A new device key from the CSPRNG (crypto.getRandomValues); differs on every call. */
  keygen(): Answer<KeyPair>;
  publicKeyFromSeed(seedHex: string): Answer<KeyPair>;
  /** Low level Ed25519 (RFC 8032), for tests and benchmarks; records are signed by buildRecord. */
  sign(seedHex: string, messageHex: string): Answer<{ sig: string /* hex */ }>;
  /** Strict Ed25519 verification. A malformed key or hex is an error; a bad signature is valid: false. */
  verifySignature(publicKeyB64: string, messageHex: string, sigHex: string): Answer<{ valid: boolean }>;
  /**
   * Ed25519 over raw bytes (no hex, no JSON): the same signature as sign(), for callers that hold
   * the seed and message as bytes. A seed of another length than 32 is key_invalid; an argument
   * that is not bytes is bytes_expected.
   */
  signBytes(seed: BytesArg, message: BytesArg): Answer<{ sig: Uint8Array /* 64 bytes */ }>;
  /** verifySignature over raw bytes; a public key of another length is key_invalid. */
  verifyBytes(publicKey: BytesArg, message: BytesArg, sig: BytesArg): Answer<{ valid: boolean }>;

  /**
   * Normalises and validates one value (live validation, R6). `today` is YYYY-MM-DD for age
   * checks ("" or omitted: today in Europe/Amsterdam). An empty optional value gives value "".
   */
  fieldCheck(type: FieldType | string, value: string, rules?: FieldRules | string | null,
             today?: string): Answer<{ type: string; value: string }>;

  /** Verifies a signed manifest ({manifest, sig}) with the trusted advertiser key and its rules. */
  verifyManifest(signedManifest: JsonArg, advertiserKeyB64: string): Answer<ManifestSummary>;
  /**
   * Every field error of a submission. Valid: {ok: true, errors: []}. Invalid: {ok: false,
   * error: {code: "form_invalid", ...}, errors: [WireError per field]}. A bad manifest or
   * submission shape: a plain Failure.
   */
  validateSubmission(signedManifest: JsonArg, advertiserKeyB64: string, submission: JsonArg,
                     today?: string): Answer<{ errors: WireError[] }> | (Failure & { errors: WireError[] });

  /**
   * Validates, minimises, commits and signs a consent record. `envelope` is the envelope JSON
   * text, byte-identical to the native core's. capturedAt: RFC 3339 UTC with milliseconds (""
   * or omitted: the device clock). entropyHex: fixed randomness for test vectors only (""/omitted:
   * the CSPRNG). A form error gives {ok: false, error: form_invalid, errors: [...]}.
   */
  buildRecord(signedManifest: JsonArg, advertiserKeyB64: string, submission: JsonArg,
              deviceSeedHex: string, capturedAt?: string, entropyHex?: string):
      Answer<{ id: string; envelope: string }> | (Failure & { errors?: WireError[] });

  /** Everything the server checks of an envelope; `now` RFC 3339 ("" or omitted: device clock). */
  verifyEnvelope(envelope: JsonArg, signedManifest: JsonArg, advertiserKeyB64: string,
                 now?: string): Answer<VerifiedEnvelope>;

  /** RFC 9162 leaf hash SHA-256(0x00 || entry), base64. */
  leafHash(entryB64: string): Answer<{ leaf_hash: string }>;
  /** RFC 9162 inclusion proof; proof is an array of base64 hashes (or its JSON text, or null). */
  verifyInclusion(leafIndex: BigIntArg, treeSize: BigIntArg, leafHashB64: string,
                  proof: string[] | string | null, rootB64: string): Answer<{}>;
  /** RFC 9162 consistency proof between two tree sizes. */
  verifyConsistency(size1: BigIntArg, size2: BigIntArg, proof: string[] | string | null,
                    root1B64: string, root2B64: string): Answer<{}>;
  /**
   * A C2SP tlog-checkpoint signed note, checked for a signature by (keyName, Ed25519 key);
   * origin "" or omitted accepts any origin.
   */
  verifyCheckpoint(note: string, keyName: string, publicKeyB64: string,
                   origin?: string): Answer<VerifiedCheckpoint>;

  /**
   * The server's receipt for a record (POST /v1/consents): its checkpoint must carry a valid
   * signature by the log key (the C2SP vkey from GET /v1/keys, `<name>+<hex id>+<base64>`) and its
   * inclusion proof must lead from leaf_hash at leaf_index to that checkpoint's root. With the
   * envelope that was sent, the leaf must also be the log entry of exactly that record
   * (JCS({received_at: server_time, record, sig, type: "consent_record"}), docs/ledger.md).
   */
  verifyReceipt(receipt: JsonArg, serverVkey: string, envelope?: JsonArg): Answer<VerifiedReceipt>;
}

export interface LoadOptions {
  /**
   * Which build: true loads optin-capture.wasm (WebAssembly SIMD), false
   * optin-capture-nosimd.wasm (for engines without SIMD, such as Safari before 16.4). Both give
   * byte-identical answers; the SIMD build signs faster. Default: wasmSimdSupported().
   */
  simd?: boolean;
  /** The module's bytes of the chosen build (skips loading them). */
  wasmBinary?: ArrayBuffer | Uint8Array;
  /** Browsers: where the chosen build's .wasm lives (default: beside this file). */
  wasmUrl?: string | URL;
}

/** Whether this engine runs WebAssembly SIMD (so loadOptinCapture() picks the SIMD build). */
export function wasmSimdSupported(): boolean;

/** Loads the module: in node from the file beside this one, in browsers and workers by URL. */
export function loadOptinCapture(options?: LoadOptions): Promise<OptinCapture>;
export default loadOptinCapture;
