#include "key_file.h"

#include <sys/stat.h>

#include <filesystem>

#include "capture/json.h"
#include "command.h"

namespace optin {

namespace {
constexpr std::string_view kKind = "optin-capture/ed25519-key/v1";
}

std::string SigningKeyJson(const capture::SigningKey& key) {
  capture::Json out = {{"kind", kKind},
                       {"seed", capture::Base64Encode(key.RevealSeed().RevealSecretBytes())},
                       {"public_key", key.public_key().ToBase64()}};
  return out.dump(2) + "\n";
}

capture::Result<capture::SigningKey> LoadSigningKey(const std::string& path) {
  CAPTURE_ASSIGN_OR_RETURN(std::string text, ReadInput(path));
  CAPTURE_ASSIGN_OR_RETURN(capture::Json json, capture::ParseJson(text));
  CAPTURE_ASSIGN_OR_RETURN(std::string kind, capture::GetString(json, "kind"));
  if (kind != kKind) {
    return capture::MakeError(capture::ErrorCode::kKeyInvalid,
                              path + " is not an optin-capture key file", "kind");
  }
  CAPTURE_ASSIGN_OR_RETURN(std::string seed_b64, capture::GetString(json, "seed"));
  auto seed = capture::Base64Decode(seed_b64);
  if (!seed.ok()) return capture::MakeError(capture::ErrorCode::kKeyInvalid, "seed is not base64");
  auto key = capture::SigningKey::FromSeed(*seed);
  if (!key.ok()) return key.error();
  auto listed = capture::GetString(json, "public_key");
  if (listed.ok() && *listed != key->public_key().ToBase64()) {
    return capture::MakeError(capture::ErrorCode::kKeyInvalid,
                              "the key file's public_key does not belong to its seed",
                              "public_key");
  }
  return key;
}

capture::Status SaveSigningKey(const std::string& path, const capture::SigningKey& key) {
  const std::string data = SigningKeyJson(key);
  if (path == "-") return WriteOutput(path, data);
  // Create with 0600 before writing the secret.
  const mode_t old = ::umask(077);
  auto status = WriteOutput(path, data);
  ::umask(old);
  return status;
}

capture::Result<capture::PublicKey> LoadPublicKey(const std::string& text_or_path) {
  auto direct = capture::PublicKey::FromBase64(text_or_path);
  if (direct.ok()) return direct;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(text_or_path, ec)) {
    return capture::MakeError(
        capture::ErrorCode::kKeyInvalid,
        "not a base64 Ed25519 public key nor a readable key file: " + text_or_path);
  }
  CAPTURE_ASSIGN_OR_RETURN(std::string text, ReadInput(text_or_path));
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  auto bare = capture::PublicKey::FromBase64(text);
  if (bare.ok()) return bare;
  CAPTURE_ASSIGN_OR_RETURN(capture::Json json, capture::ParseJson(text));
  CAPTURE_ASSIGN_OR_RETURN(std::string pk, capture::GetString(json, "public_key"));
  return capture::PublicKey::FromBase64(pk);
}

}  // namespace optin
