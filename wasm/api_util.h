// Shared plumbing of the WebAssembly API: every entry point takes strings and returns one JSON
// text, {"ok":true,...} or {"ok":false,"error":{"code","message","message_nl","field"}}, so the
// boundary stays simple and no error ever crosses it as an exception.
#pragma once

#include <string>
#include <string_view>

#include "capture/crypto.h"
#include "capture/json.h"
#include "capture/manifest.h"
#include "capture/result.h"
#include "capture/time.h"

namespace capture::wasm {

// The error object on the wire; message_nl comes from the error table (pages show it to Dutch
// visitors), message is the core's precise English text.
[[nodiscard]] Json ErrorJson(const Error& error);
// Serialises a response; adds "ok": true unless the body already says otherwise.
[[nodiscard]] std::string Respond(const Result<Json>& result);

// Adapts `Result<Json> F(const std::string&...)` to an embind entry point returning JSON text.
// libsodium is initialised first (cheap after the first call).
template <auto F>
struct Entry;
template <class... A, Result<Json> (*F)(A...)>
struct Entry<F> {
  static std::string Call(A... args) {
    if (auto init = InitCrypto(); !init.ok()) return Respond(init.error());
    return Respond(F(args...));
  }
};

[[nodiscard]] Result<PublicKey> PublicKeyArg(std::string_view base64, std::string_view field);
[[nodiscard]] Result<SigningKey> SeedArg(std::string_view hex, std::string_view field);
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
[[nodiscard]] Result<const Manifest*> VerifiedManifest(const std::string& signed_json,
                                                       const std::string& advertiser_key_b64);

}  // namespace capture::wasm
