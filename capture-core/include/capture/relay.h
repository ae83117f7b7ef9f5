// The partner countersignature (R20, docs/partners.md): a partner that relays consent records
// from its own servers signs, per batch, the list of the records' hashes with the key the
// advertiser listed for it in the campaign manifest. It says "partner P relayed exactly these
// records at this time": who is accountable for a lead, checkable by anyone holding the signed
// manifest, and still checkable after an erasure (it covers records, which hold only commitments,
// never disclosures).
//
// batch = {"partner": id, "records": [hex SHA-256(JCS(record)), ...], "relayed_at": RFC 3339 ms}
// sig   = Ed25519(partner key, "optin-capture/relay/v1\n" || JCS(batch))
// batch_sha256 = hex SHA-256(JCS(batch)): what a consent_record ledger entry names.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "capture/crypto.h"
#include "capture/json.h"
#include "capture/record.h"
#include "capture/result.h"
#include "capture/time.h"

namespace capture {

inline constexpr std::string_view kRelayDomain = "optin-capture/relay/v1\n";
inline constexpr std::size_t kMaxRelayRecords = 10000;

struct RelayBatch {
  std::string partner;               // [a-z0-9_-]{1,32}, as in traffic codes
  std::vector<std::string> records;  // lowercase hex SHA-256 of JCS(record), in envelope order
  UnixMillis relayed_at = 0;
};

// The batch object, and its canonical bytes (what is signed and hashed).
[[nodiscard]] Json RelayBatchJson(const RelayBatch& batch);
[[nodiscard]] Result<std::string> RelayBatchCanonical(const RelayBatch& batch);

// Strict parse of a batch object: exactly the three members, a valid partner id, 1 to
// kMaxRelayRecords lowercase 64-hex hashes, relayed_at in RFC 3339 with milliseconds.
[[nodiscard]] Result<RelayBatch> ParseRelayBatch(const Json& batch);

// Lowercase hex SHA-256 of JCS(envelope.record): the entry of a batch's records list.
[[nodiscard]] std::string RecordSha256Hex(const Envelope& envelope);

[[nodiscard]] Result<Ed25519Signature> SignRelayBatch(const RelayBatch& batch,
                                                      const SigningKey& partner_key);

// relay_signature_invalid unless `sig` is the partner key's signature over the batch.
[[nodiscard]] Status VerifyRelayBatch(const RelayBatch& batch, const Ed25519Signature& sig,
                                      const PublicKey& partner_key);

// hex SHA-256(JCS(batch)).
[[nodiscard]] Result<std::string> RelayBatchSha256Hex(const RelayBatch& batch);

}  // namespace capture
