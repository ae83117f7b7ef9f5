// Consent records (R2, R4, R8): built and signed where the form is submitted, verified by the
// server and by anyone holding the envelope.
//
// Record (signed): {"id", "source", "campaign", "captured_at", "consents", "shown_text_sha256",
//   "fields", "context", "device_key"}; signature = Ed25519 over kRecordDomain || JCS(record).
// Envelope on the wire: {"record": {...}, "sig": base64, "disclosures": {name: {"salt": base64,
//   "value": normalised value}}}. Field commitment = SHA-256(salt || name || 0x00 || value).
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "capture/crypto.h"
#include "capture/json.h"
#include "capture/manifest.h"
#include "capture/result.h"
#include "capture/time.h"

namespace capture {

inline constexpr std::string_view kRecordDomain = "optin-capture/record/v1\n";
inline constexpr std::size_t kSaltSize = 16;

// R2: partner.channel.placement.creative, each [a-z0-9_-]{1,32}; "direct" is the advertiser.
struct TrafficSource {
  std::string partner;
  std::string channel;
  std::string placement;
  std::string creative;
  [[nodiscard]] std::string code() const;
};
[[nodiscard]] Result<TrafficSource> ParseTrafficCode(std::string_view code);

struct Submission {
  std::vector<std::pair<std::string, std::string>> fields;  // name -> value as typed
  std::vector<std::pair<std::string, bool>> consents;       // consent id -> ticked
  std::string source_code;
  Json context = Json::object();  // facts measured on the page (DESIGN.md); signed as given
};

struct Disclosure {
  std::string value;  // normalised
  std::array<std::uint8_t, kSaltSize> salt{};
};

struct Envelope {
  Json record;
  std::string canonical;  // JCS(record): the signed bytes after the domain prefix
  Ed25519Signature sig{};
  std::map<std::string, Disclosure> disclosures;
};

// The JSON form pages, the CLI and the WASM module pass in:
// {"fields": {name: value}, "consents": {id: bool}, "source": "partner.channel.placement.creative",
//  "context": {...}}. Unknown members refused.
[[nodiscard]] Result<Submission> ParseSubmission(const Json& submission);

[[nodiscard]] std::string EnvelopeToJson(const Envelope& envelope);
[[nodiscard]] Json EnvelopeToJsonValue(const Envelope& envelope);
// The envelope's "disclosures" member alone ({name: {"salt", "value"}}), as in the two above,
// without copying the record.
[[nodiscard]] Json DisclosuresToJsonValue(const Envelope& envelope);

[[nodiscard]] Sha256Digest FieldCommitment(const std::array<std::uint8_t, kSaltSize>& salt,
                                           std::string_view name, std::string_view value);

// A UUIDv7 (RFC 9562): 48-bit Unix milliseconds, version 7, 74 random bits; time-ordered.
[[nodiscard]] std::string NewRecordId(UnixMillis now, const EntropySource& entropy);

// Checks every field and consent against the manifest and reports every error (R3, R4, R6).
[[nodiscard]] ValidationReport ValidateSubmission(const Manifest& manifest,
                                                  const Submission& submission, CivilDate today);

struct BuildOptions {
  UnixMillis captured_at = 0;
  EntropySource entropy;  // empty = system CSPRNG
};

// Validates (the first error of ValidateSubmission is returned as form_invalid with the rest in
// the message; call ValidateSubmission for the full report), minimises, commits and signs.
[[nodiscard]] Result<Envelope> BuildRecord(const Manifest& manifest, const Submission& submission,
                                           const SigningKey& device_key,
                                           const BuildOptions& options);

struct VerifyOptions {
  UnixMillis now = 0;
  bool check_clock = true;
  std::int64_t max_future_skew_ms = 5 * 60 * 1000;
};

struct VerifiedRecord {
  Envelope envelope;
  std::string id;
  TrafficSource source;
  UnixMillis captured_at = 0;
  PublicKey device_key;
  std::map<std::string, std::string> values;  // disclosed, normalised
  std::map<std::string, bool> consents;
  bool telephone_consent = false;
};

// Structure only: parses the envelope shape, decodes sig and salts. No trust decisions.
[[nodiscard]] Result<Envelope> ParseEnvelope(const Json& envelope);
// The same, moving the record out of `envelope` instead of copying it (for a caller that owns
// the parsed JSON and reads nothing of it afterwards: the server's intake).
[[nodiscard]] Result<Envelope> ParseEnvelope(Json&& envelope);

// Only the signature, as an outside verifier would: device key from the record.
[[nodiscard]] Status VerifyRecordSignature(const Envelope& envelope);

// Everything: shape, signature, campaign binding (id, version, manifest hash), shown-text hash,
// consents, every disclosure against its commitment, field validation of disclosed values, no
// phone without the telephone consent, no undeclared field, and the clock window.
[[nodiscard]] Result<VerifiedRecord> VerifyEnvelope(const Json& envelope, const Manifest& manifest,
                                                    const VerifyOptions& options);
// The same, through ParseEnvelope(Json&&).
[[nodiscard]] Result<VerifiedRecord> VerifyEnvelope(Json&& envelope, const Manifest& manifest,
                                                    const VerifyOptions& options);

}  // namespace capture
