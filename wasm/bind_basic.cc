// Encodings, hashing, keys and the error table.
#include <emscripten/bind.h>

#include "api_util.h"
#include "capture/encoding.h"
#include "capture/error_codes.h"

namespace capture::wasm {
namespace {

Result<Json> Version() { return Json{{"version", CAPTURE_VERSION}}; }

Result<Json> Jcs(const std::string& text) {
  CAPTURE_ASSIGN_OR_RETURN(std::string canonical, Canonicalize(text));
  return Json{{"canonical", std::move(canonical)}};
}

Result<Json> Sha256Hex(const std::string& text) {
  return Json{{"sha256", HexEncode(Sha256(std::string_view(text)))}};
}

Result<Json> KeyJson(const SigningKey& key) {
  return Json{{"seed", HexEncode(key.RevealSeed().RevealSecretBytes())},
              {"public_key", key.public_key().ToBase64()}};
}

Result<Json> Keygen() {
  CAPTURE_ASSIGN_OR_RETURN(SigningKey key, SigningKey::Generate());
  return KeyJson(key);
}

Result<Json> PublicKeyFromSeed(const std::string& seed_hex) {
  CAPTURE_ASSIGN_OR_RETURN(SigningKey key, SeedArg(seed_hex, "seed"));
  return KeyJson(key);
}

// Low level, for tests and benchmarks: records and checkpoints are signed by their own calls.
Result<Json> Sign(const std::string& seed_hex, const std::string& message_hex) {
  CAPTURE_ASSIGN_OR_RETURN(SigningKey key, SeedArg(seed_hex, "seed"));
  CAPTURE_ASSIGN_OR_RETURN(Bytes message, HexDecode(message_hex));
  return Json{{"sig", HexEncode(key.Sign(message))}};
}

// A malformed key or hex is an error; a signature that does not verify (any length) is a value.
Result<Json> VerifySignature(const std::string& public_key_b64, const std::string& message_hex,
                             const std::string& sig_hex) {
  CAPTURE_ASSIGN_OR_RETURN(PublicKey key, PublicKeyArg(public_key_b64, "public_key"));
  CAPTURE_ASSIGN_OR_RETURN(Bytes message, HexDecode(message_hex));
  CAPTURE_ASSIGN_OR_RETURN(Bytes sig, HexDecode(sig_hex));
  return Json{{"valid", key.Verify(message, sig)}};
}

Result<Json> ErrorCodes() {
  std::size_t count = 0;
  const ErrorCodeInfo* table = AllErrorCodes(&count);
  Json codes = Json::array();
  for (std::size_t i = 0; i < count; ++i) {
    codes.push_back({{"code", table[i].wire},
                     {"http_status", table[i].http_status},
                     {"message_en", table[i].message_en},
                     {"message_nl", table[i].message_nl}});
  }
  return Json{{"codes", std::move(codes)}};
}

}  // namespace

EMSCRIPTEN_BINDINGS(optin_capture_basic) {
  emscripten::function("version", &Entry<&Version>::Call);
  emscripten::function("jcs", &Entry<&Jcs>::Call);
  emscripten::function("sha256Hex", &Entry<&Sha256Hex>::Call);
  emscripten::function("keygen", &Entry<&Keygen>::Call);
  emscripten::function("publicKeyFromSeed", &Entry<&PublicKeyFromSeed>::Call);
  emscripten::function("sign", &Entry<&Sign>::Call);
  emscripten::function("verifySignature", &Entry<&VerifySignature>::Call);
  emscripten::function("errorCodes", &Entry<&ErrorCodes>::Call);
}

}  // namespace capture::wasm
