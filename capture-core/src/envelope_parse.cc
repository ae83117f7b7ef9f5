// The envelope's structure and the record signature, as an outside verifier sees them: the device
// key from the record, the signed bytes kRecordDomain || JCS(record), the signature in base64.
#include <string>

#include "capture/record.h"
#include "record_internal.h"

namespace capture {

namespace {

// `take` is the record inside `envelope` when the caller gave it up: moved into the result once
// everything else has been read, instead of copied.
Result<Envelope> Parse(const Json& envelope, Json* take) {
  if (!envelope.is_object()) {
    return MakeError(ErrorCode::kRecordInvalid, "the envelope must be a JSON object");
  }
  CAPTURE_RETURN_IF_ERROR(CheckMembers(envelope, {"record", "sig", "disclosures"}));
  Envelope out;
  CAPTURE_ASSIGN_OR_RETURN(const Json* record, GetObject(envelope, "record"));
  CAPTURE_ASSIGN_OR_RETURN(out.canonical, CanonicalJson(*record));
  auto finish = [&]() -> Envelope {
    if (take != nullptr) {
      out.record = std::move(*take);
    } else {
      out.record = *record;
    }
    return std::move(out);
  };
  CAPTURE_ASSIGN_OR_RETURN(std::string sig, GetString(envelope, "sig"));
  auto sig_bytes = Base64DecodeFixed<kEd25519SignatureSize>(sig);
  if (!sig_bytes.ok()) {
    return MakeError(ErrorCode::kBase64Invalid, "sig must be base64 of 64 bytes", "sig");
  }
  out.sig = *sig_bytes;
  // Absent disclosures are allowed here (an erased record still verifies its signature);
  // VerifyEnvelope then reports each committed field as disclosure_missing.
  if (envelope.find("disclosures") == envelope.end()) return finish();
  CAPTURE_ASSIGN_OR_RETURN(const Json* disclosures, GetObject(envelope, "disclosures"));
  for (const auto& [name, item] : disclosures->items()) {
    const std::string at = "disclosures." + name;
    if (!item.is_object()) {
      return MakeError(ErrorCode::kJsonWrongType, at + " must be an object", at);
    }
    CAPTURE_RETURN_IF_ERROR(CheckMembers(item, {"salt", "value"}, at));
    CAPTURE_ASSIGN_OR_RETURN(std::string salt, GetString(item, "salt", at));
    auto salt_bytes = Base64DecodeFixed<kSaltSize>(salt);
    if (!salt_bytes.ok()) {
      return MakeError(ErrorCode::kBase64Invalid, at + ".salt must be base64 of 16 bytes",
                       at + ".salt");
    }
    CAPTURE_ASSIGN_OR_RETURN(std::string value, GetString(item, "value", at));
    out.disclosures.emplace(name, Disclosure{std::move(value), *salt_bytes});
  }
  return finish();
}

}  // namespace

Result<Envelope> ParseEnvelope(const Json& envelope) { return Parse(envelope, nullptr); }

Result<Envelope> ParseEnvelope(Json&& envelope) {
  Json* record = nullptr;
  if (envelope.is_object()) {
    if (auto it = envelope.find("record"); it != envelope.end() && it->is_object()) {
      record = &*it;
    }
  }
  return Parse(envelope, record);
}

Status VerifyRecordSignature(const Envelope& envelope) {
  if (!envelope.record.is_object()) {
    return MakeError(ErrorCode::kRecordInvalid, "the record must be a JSON object", "record");
  }
  // Recomputed rather than trusting envelope.canonical: what is verified is the record itself.
  CAPTURE_ASSIGN_OR_RETURN(std::string canonical, CanonicalJson(envelope.record));
  return internal::VerifyRecordSignatureOver(envelope.record, canonical, envelope.sig);
}

Status internal::VerifyRecordSignatureOver(const Json& record, std::string_view canonical,
                                           const Ed25519Signature& sig) {
  CAPTURE_RETURN_IF_ERROR(InitCrypto());
  if (!record.is_object()) {
    return MakeError(ErrorCode::kRecordInvalid, "the record must be a JSON object", "record");
  }
  CAPTURE_ASSIGN_OR_RETURN(std::string key_text, GetString(record, "device_key", "record"));
  auto key = PublicKey::FromBase64(key_text);
  if (!key.ok()) {
    return MakeError(ErrorCode::kKeyInvalid,
                     "record.device_key must be base64 of a 32-byte Ed25519 key",
                     "record.device_key");
  }
  std::string message(kRecordDomain);
  message += canonical;
  if (!key->Verify(AsBytes(message), sig)) {
    return MakeError(ErrorCode::kRecordSignatureInvalid, {}, "sig");
  }
  return OkStatus();
}

}  // namespace capture
