// Binary entry points: Ed25519 over raw bytes, for pages and workers that hold keys and messages
// as Uint8Array. The JSON boundary (api_util.h) costs a hex decode of the message and a JSON
// answer per call, about half the cost of a signature; here the bytes go in as they are and the
// result comes back in an output area of the call's scratch memory. Errors are still values: a call
// answers nullptr on success and the JSON error answer otherwise.
#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

#include "api_util.h"

namespace capture::wasm {
namespace {

ByteView Bytes(const ArgView& arg) {
  return {reinterpret_cast<const std::uint8_t*>(arg.data), arg.size};
}

const Reply* Refuse(const Error& error) { return Keep(Respond(Result<Answer>(error))); }

// index.mjs passes a null pointer for an argument that was not bytes.
const Reply* RefuseNonBytes(const ArgView* args, std::initializer_list<std::string_view> names) {
  std::size_t i = 0;
  for (std::string_view name : names) {
    if (args[i++].data == nullptr) {
      return Refuse(MakeError(ErrorCode::kBytesExpected, "expected a Uint8Array or an ArrayBuffer",
                              std::string(name)));
    }
  }
  return nullptr;
}

}  // namespace

// args: seed (32 bytes), message. Writes the 64-byte signature to sig_out.
extern "C" EMSCRIPTEN_KEEPALIVE const Reply* optin_signBytes(const ArgView* args,
                                                             std::uint8_t* sig_out) {
  if (auto init = InitCrypto(); !init.ok()) return Refuse(init.error());
  if (const Reply* refused = RefuseNonBytes(args, {"seed", "message"})) return refused;
  auto key = SeedBytesArg(Bytes(args[0]), "seed");
  if (!key.ok()) return Refuse(key.error());
  const Ed25519Signature sig = (*key)->Sign(Bytes(args[1]));
  std::copy(sig.begin(), sig.end(), sig_out);
  return nullptr;
}

// args: public key (32 bytes), message, signature. Writes 1 (valid) or 0 to valid_out; a
// signature of the wrong length is invalid, a malformed key is an error.
extern "C" EMSCRIPTEN_KEEPALIVE const Reply* optin_verifyBytes(const ArgView* args,
                                                               std::uint8_t* valid_out) {
  if (auto init = InitCrypto(); !init.ok()) return Refuse(init.error());
  if (const Reply* refused = RefuseNonBytes(args, {"public_key", "message", "sig"})) {
    return refused;
  }
  auto key = PublicKeyBytesArg(Bytes(args[0]), "public_key");
  if (!key.ok()) return Refuse(key.error());
  *valid_out = key->Verify(Bytes(args[1]), Bytes(args[2])) ? 1 : 0;
  return nullptr;
}

}  // namespace capture::wasm
