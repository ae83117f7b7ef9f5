// The advertiser's signature over a manifest: Ed25519 over kManifestDomain || JCS(manifest). The
// signed form is {"manifest": {...}, "sig": base64}; SignManifest writes it canonically (JCS), so
// the same manifest and key always give the same bytes.
#include <string>

#include "capture/manifest.h"
#include "manifest_internal.h"

namespace capture {
namespace {

std::string SignedBytes(std::string_view canonical) {
  std::string message(kManifestDomain);
  message += canonical;
  return message;
}

}  // namespace

Result<std::string> SignManifest(const Json& manifest_object, const SigningKey& key) {
  CAPTURE_ASSIGN_OR_RETURN(Manifest manifest, ParseManifest(manifest_object));
  if (!manifest.advertiser_key || !(*manifest.advertiser_key == key.public_key())) {
    return MakeError(ErrorCode::kManifestAdvertiserKeyMismatch,
                     "advertiser.key is not the public key of the signing key", "advertiser.key");
  }
  const Ed25519Signature sig = key.Sign(AsBytes(SignedBytes(manifest.canonical)));
  Json signed_form = Json::object();
  signed_form["manifest"] = manifest_object;
  signed_form["sig"] = Base64Encode(sig);
  return CanonicalJson(signed_form);
}

// Order: shape, signature with the trusted key, the manifest naming that same key, then the rules.
// Nothing in an unsigned manifest is worth a finer error than "signature".
Result<Manifest> VerifySignedManifest(std::string_view signed_json,
                                      const PublicKey& trusted_advertiser_key) {
  CAPTURE_ASSIGN_OR_RETURN(Json root, ParseJson(signed_json));
  if (!root.is_object()) {
    return MakeError(ErrorCode::kManifestInvalid, "a signed manifest is a JSON object");
  }
  CAPTURE_RETURN_IF_ERROR(CheckMembers(root, {"manifest", "sig"}));
  CAPTURE_ASSIGN_OR_RETURN(const Json* object, GetObject(root, "manifest"));
  CAPTURE_ASSIGN_OR_RETURN(std::string sig_text, GetString(root, "sig"));
  auto sig = Base64DecodeFixed<kEd25519SignatureSize>(sig_text);
  if (!sig.ok()) {
    return MakeError(ErrorCode::kManifestSignatureInvalid,
                     "sig is not base64 of a 64-byte Ed25519 signature", "sig");
  }
  CAPTURE_ASSIGN_OR_RETURN(std::string canonical, CanonicalJson(*object));
  if (!trusted_advertiser_key.Verify(AsBytes(SignedBytes(canonical)), *sig)) {
    return MakeError(ErrorCode::kManifestSignatureInvalid, {}, "sig");
  }
  CAPTURE_ASSIGN_OR_RETURN(Manifest manifest, internal::ReadManifestSchema(*object));
  if (!manifest.advertiser_key || !(*manifest.advertiser_key == trusted_advertiser_key)) {
    return MakeError(ErrorCode::kManifestAdvertiserKeyMismatch, {}, "advertiser.key");
  }
  CAPTURE_RETURN_IF_ERROR(internal::CheckManifestRules(manifest));
  return manifest;
}

}  // namespace capture
