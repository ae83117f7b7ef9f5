// The partner countersignature over a relayed batch (relay.h). Strict on parse so a batch has
// exactly one canonical form: the bytes the partner signed are the bytes every verifier rebuilds.
#include "capture/relay.h"

namespace capture {
namespace {

bool IsPartnerId(std::string_view id) {
  if (id.empty() || id.size() > 32 || id == "direct") return false;
  for (char c : id) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) return false;
  }
  return true;
}

bool IsLowerHex64(std::string_view text) {
  if (text.size() != 2 * kSha256Size) return false;
  for (char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

Result<std::string> SignedBytes(const RelayBatch& batch) {
  CAPTURE_ASSIGN_OR_RETURN(std::string canonical, RelayBatchCanonical(batch));
  return std::string(kRelayDomain) + canonical;
}

}  // namespace

Json RelayBatchJson(const RelayBatch& batch) {
  return Json{{"partner", batch.partner},
              {"records", batch.records},
              {"relayed_at", FormatRfc3339Millis(batch.relayed_at)}};
}

Result<std::string> RelayBatchCanonical(const RelayBatch& batch) {
  return CanonicalJson(RelayBatchJson(batch));
}

Result<RelayBatch> ParseRelayBatch(const Json& batch) {
  CAPTURE_RETURN_IF_ERROR(CheckMembers(batch, {"partner", "records", "relayed_at"}, "batch"));
  RelayBatch out;
  CAPTURE_ASSIGN_OR_RETURN(out.partner, GetString(batch, "partner", "batch"));
  if (!IsPartnerId(out.partner)) {
    return MakeError(ErrorCode::kRelayBatchMismatch,
                     "batch.partner must match [a-z0-9_-]{1,32} and not be 'direct'",
                     "batch.partner");
  }
  CAPTURE_ASSIGN_OR_RETURN(const Json* records, GetArray(batch, "records", "batch"));
  if (records->empty() || records->size() > kMaxRelayRecords) {
    return MakeError(ErrorCode::kRelayBatchMismatch,
                     "batch.records holds 1 to " + std::to_string(kMaxRelayRecords) + " hashes",
                     "batch.records");
  }
  for (std::size_t i = 0; i < records->size(); ++i) {
    const Json& item = (*records)[i];
    if (!item.is_string() || !IsLowerHex64(item.get<std::string>())) {
      return MakeError(ErrorCode::kRelayBatchMismatch,
                       "each hash is the lowercase hex SHA-256 of JCS(record)",
                       "batch.records[" + std::to_string(i) + "]");
    }
    out.records.push_back(item.get<std::string>());
  }
  CAPTURE_ASSIGN_OR_RETURN(std::string at, GetString(batch, "relayed_at", "batch"));
  auto parsed = ParseRfc3339Millis(at);
  if (!parsed.ok()) return MakeError(ErrorCode::kTimestampInvalid, "", "batch.relayed_at");
  out.relayed_at = *parsed;
  return out;
}

std::string RecordSha256Hex(const Envelope& envelope) {
  return HexEncode(Sha256(envelope.canonical));
}

Result<Ed25519Signature> SignRelayBatch(const RelayBatch& batch, const SigningKey& partner_key) {
  CAPTURE_ASSIGN_OR_RETURN(std::string message, SignedBytes(batch));
  return partner_key.Sign(AsBytes(message));
}

Status VerifyRelayBatch(const RelayBatch& batch, const Ed25519Signature& sig,
                        const PublicKey& partner_key) {
  CAPTURE_ASSIGN_OR_RETURN(std::string message, SignedBytes(batch));
  if (!partner_key.Verify(AsBytes(message), sig)) {
    return MakeError(ErrorCode::kRelaySignatureInvalid, "", "sig");
  }
  return OkStatus();
}

Result<std::string> RelayBatchSha256Hex(const RelayBatch& batch) {
  CAPTURE_ASSIGN_OR_RETURN(std::string canonical, RelayBatchCanonical(batch));
  return HexEncode(Sha256(canonical));
}

}  // namespace capture
