// Encodings, hashing, keys and the error table.
#include "api_util.h"
#include "capture/encoding.h"
#include "capture/error_codes.h"

namespace capture::wasm {
namespace {

Result<Answer> Version() { return Answer().Str("version", CAPTURE_VERSION); }

Result<Answer> Jcs(std::string_view text) {
  CAPTURE_ASSIGN_OR_RETURN(std::string canonical, Canonicalize(text));
  return Answer().Str("canonical", canonical);
}

Result<Answer> Sha256Hex(std::string_view text) {
  return Answer().Str("sha256", HexEncode(Sha256(text)));
}

Answer KeyAnswer(const SigningKey& key) {
  return Answer()
      .Str("seed", HexEncode(key.RevealSeed().RevealSecretBytes()))
      .Str("public_key", key.public_key().ToBase64());
}

Result<Answer> Keygen() {
  CAPTURE_ASSIGN_OR_RETURN(SigningKey key, SigningKey::Generate());
  return KeyAnswer(key);
}

Result<Answer> PublicKeyFromSeed(std::string_view seed_hex) {
  CAPTURE_ASSIGN_OR_RETURN(const SigningKey* key, SeedArg(seed_hex, "seed"));
  return KeyAnswer(*key);
}

// Low level, for tests and benchmarks: records and checkpoints are signed by their own calls.
Result<Answer> Sign(std::string_view seed_hex, std::string_view message_hex) {
  CAPTURE_ASSIGN_OR_RETURN(const SigningKey* key, SeedArg(seed_hex, "seed"));
  CAPTURE_ASSIGN_OR_RETURN(Bytes message, HexDecode(message_hex));
  return Answer().Str("sig", HexEncode(key->Sign(message)));
}

// A malformed key or hex is an error; a signature that does not verify (any length) is a value.
Result<Answer> VerifySignature(std::string_view public_key_b64, std::string_view message_hex,
                               std::string_view sig_hex) {
  CAPTURE_ASSIGN_OR_RETURN(PublicKey key, PublicKeyArg(public_key_b64, "public_key"));
  CAPTURE_ASSIGN_OR_RETURN(Bytes message, HexDecode(message_hex));
  CAPTURE_ASSIGN_OR_RETURN(Bytes sig, HexDecode(sig_hex));
  return Answer().Bool("valid", key.Verify(message, sig));
}

Result<Answer> ErrorCodes() {
  std::size_t count = 0;
  const ErrorCodeInfo* table = AllErrorCodes(&count);
  std::string codes = "[";
  for (std::size_t i = 0; i < count; ++i) {
    codes += i == 0 ? "{\"code\":" : ",{\"code\":";
    AppendJsonString(table[i].wire, codes);
    codes += ",\"http_status\":" + std::to_string(table[i].http_status) + ",\"message_en\":";
    AppendJsonString(table[i].message_en, codes);
    codes += ",\"message_nl\":";
    AppendJsonString(table[i].message_nl, codes);
    codes += '}';
  }
  return Answer().Raw("codes", codes + "]");
}

}  // namespace

CAPTURE_WASM_EXPORT(version, Version)
CAPTURE_WASM_EXPORT(jcs, Jcs)
CAPTURE_WASM_EXPORT(sha256Hex, Sha256Hex)
CAPTURE_WASM_EXPORT(keygen, Keygen)
CAPTURE_WASM_EXPORT(publicKeyFromSeed, PublicKeyFromSeed)
CAPTURE_WASM_EXPORT(sign, Sign)
CAPTURE_WASM_EXPORT(verifySignature, VerifySignature)
CAPTURE_WASM_EXPORT(errorCodes, ErrorCodes)

}  // namespace capture::wasm
