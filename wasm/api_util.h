// Shared plumbing of the WebAssembly API. The boundary is plain C: every entry point takes its
// string arguments as (pointer, length) pairs of UTF-8 in the module's memory and returns one
// JSON text (answer.h), so no error ever crosses it as an exception and no binding library (with
// its JavaScript runtime) is needed. index.mjs does the JavaScript half.
#pragma once

#include <emscripten/emscripten.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "answer.h"
#include "capture/crypto.h"
#include "capture/json.h"
#include "capture/manifest.h"
#include "capture/result.h"
#include "capture/time.h"

namespace capture::wasm {

// The layouts index.mjs reads and writes: two 32-bit words each.
struct ArgView {
  const char* data;
  std::uint32_t size;
};
struct Reply {
  const char* data;
  std::uint32_t size;
};
static_assert(sizeof(ArgView) == 8 && sizeof(Reply) == 8, "index.mjs writes 32-bit words");

// Keeps the answer until the next call (JavaScript copies it out at once).
[[nodiscard]] const Reply* Keep(std::string text);

// Adapts `Result<Answer> F(std::string_view...)` to an entry point over ArgViews. libsodium is
// initialised first (cheap after the first call).
template <auto F>
struct Entry;
template <class... A, Result<Answer> (*F)(A...)>
struct Entry<F> {
  static const Reply* Call(const ArgView* args) {
    return Call(args, std::index_sequence_for<A...>{});
  }
  template <std::size_t... I>
  static const Reply* Call([[maybe_unused]] const ArgView* args, std::index_sequence<I...>) {
    if (auto init = InitCrypto(); !init.ok()) return Keep(Respond(init.error()));
    return Keep(Respond(F(std::string_view(args[I].data, args[I].size)...)));
  }
};

// Exports `function` as optin_<name> (Module._optin_<name> in JavaScript).
#define CAPTURE_WASM_EXPORT(name, function)                                   \
  extern "C" EMSCRIPTEN_KEEPALIVE const ::capture::wasm::Reply* optin_##name( \
      const ::capture::wasm::ArgView* args) {                                 \
    return ::capture::wasm::Entry<&function>::Call(args);                     \
  }

[[nodiscard]] Result<PublicKey> PublicKeyArg(std::string_view base64, std::string_view field);
// The same for 32 raw bytes (the binary entry points, api_bytes.cc).
[[nodiscard]] Result<PublicKey> PublicKeyBytesArg(ByteView bytes, std::string_view field);
// The signing key of a 32-byte hex seed. The last one is kept, expanded: a page signs every record
// with its one device key, and deriving the key again (a scalar multiplication) would double the
// cost of each signature. The seed is compared in constant time and wiped when replaced.
[[nodiscard]] Result<const SigningKey*> SeedArg(std::string_view hex, std::string_view field);
// The same key cache for a raw 32-byte seed (the binary entry points, api_bytes.cc).
[[nodiscard]] Result<const SigningKey*> SeedBytesArg(ByteView seed, std::string_view field);
[[nodiscard]] Result<Json> JsonArg(std::string_view text, std::string_view field);
// Decimal unsigned 64-bit integer (tree sizes and indexes exceed what a JS number holds exactly).
[[nodiscard]] Result<std::uint64_t> Uint64Arg(std::string_view text, std::string_view field);
// RFC 3339 with milliseconds; "" means the device clock now.
[[nodiscard]] Result<UnixMillis> TimeArg(std::string_view text, std::string_view field);
// YYYY-MM-DD; "" means today in Europe/Amsterdam by the device clock.
[[nodiscard]] Result<CivilDate> DateArg(std::string_view text, std::string_view field);
[[nodiscard]] UnixMillis NowMillis();

// The verified manifest for (signed text, advertiser key). The last one is kept: a page verifies
// its manifest once and then validates and builds many times with the same texts.
[[nodiscard]] Result<const Manifest*> VerifiedManifest(std::string_view signed_json,
                                                       std::string_view advertiser_key_b64);

}  // namespace capture::wasm
