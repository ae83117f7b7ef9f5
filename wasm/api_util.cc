#include "api_util.h"

#include <chrono>
#include <optional>

#include "capture/encoding.h"

namespace capture::wasm {

const Reply* Keep(std::string text) {
  static std::string kept;
  static Reply reply;
  kept = std::move(text);
  reply = {kept.data(), static_cast<std::uint32_t>(kept.size())};
  return &reply;
}

namespace {
// A key's error names the argument it came from.
Result<PublicKey> Named(Result<PublicKey> key, std::string_view field) {
  if (!key.ok()) return MakeError(key.error().code, key.error().message, std::string(field));
  return key;
}
}  // namespace

Result<PublicKey> PublicKeyArg(std::string_view base64, std::string_view field) {
  return Named(PublicKey::FromBase64(base64), field);
}

Result<PublicKey> PublicKeyBytesArg(ByteView bytes, std::string_view field) {
  return Named(PublicKey::FromBytes(bytes), field);
}

Result<const SigningKey*> SeedBytesArg(ByteView seed, std::string_view field) {
  static std::optional<SigningKey> last;
  if (seed.size() != kEd25519SeedSize) {
    return MakeError(ErrorCode::kKeyInvalid, "a seed must be 32 bytes", std::string(field));
  }
  if (!last || !ConstantTimeEqual(seed, last->RevealSeed().RevealSecretBytes())) {
    CAPTURE_ASSIGN_OR_RETURN(SigningKey key, SigningKey::FromSeed(seed));
    last.reset();  // wipes the previous key
    last.emplace(std::move(key));
  }
  return &*last;
}

Result<const SigningKey*> SeedArg(std::string_view hex, std::string_view field) {
  auto seed = HexDecodeFixed<kEd25519SeedSize>(hex);
  if (!seed.ok()) {
    return MakeError(ErrorCode::kKeyInvalid, "a seed must be 64 lowercase hex digits",
                     std::string(field));
  }
  return SeedBytesArg(*seed, field);
}

Result<Json> JsonArg(std::string_view text, std::string_view field) {
  auto json = ParseJson(text);
  if (!json.ok() && json.error().field.empty()) {
    return MakeError(json.error().code, json.error().message, std::string(field));
  }
  return json;
}

Result<std::uint64_t> Uint64Arg(std::string_view text, std::string_view field) {
  std::uint64_t value = 0;
  bool ok = !text.empty() && text.size() <= 20 && (text.size() == 1 || text[0] != '0');
  for (char c : text) {
    if (!ok) break;
    const unsigned digit = static_cast<unsigned char>(c) - '0';
    ok = digit <= 9 && value <= (UINT64_MAX - digit) / 10;
    value = value * 10 + digit;
  }
  if (!ok) {
    return MakeError(ErrorCode::kIndexOutOfRange, "expected a decimal integer below 2^64",
                     std::string(field));
  }
  return value;
}

UnixMillis NowMillis() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

Result<UnixMillis> TimeArg(std::string_view text, std::string_view field) {
  if (text.empty()) return NowMillis();
  auto ms = ParseRfc3339Millis(text);
  if (!ms.ok()) return MakeError(ms.error().code, ms.error().message, std::string(field));
  return ms;
}

Result<CivilDate> DateArg(std::string_view text, std::string_view field) {
  if (text.empty()) return AmsterdamDate(NowMillis());
  auto number = [&](std::size_t at, std::size_t len) {
    int n = 0;
    for (std::size_t i = at; i < at + len; ++i) {
      if (text[i] < '0' || text[i] > '9') return -1;
      n = n * 10 + (text[i] - '0');
    }
    return n;
  };
  if (text.size() == 10 && text[4] == '-' && text[7] == '-') {
    const CivilDate date{number(0, 4), number(5, 2), number(8, 2)};
    if (date.year >= 0 && date.month >= 0 && date.day >= 0 && IsValidCivilDate(date)) return date;
  }
  return MakeError(ErrorCode::kDateInvalid, "a date must be YYYY-MM-DD", std::string(field));
}

Result<const Manifest*> VerifiedManifest(std::string_view signed_json,
                                         std::string_view advertiser_key_b64) {
  struct Cached {
    std::string text;
    std::string key;
    Manifest manifest;
  };
  static std::optional<Cached> cache;
  if (cache && cache->text == signed_json && cache->key == advertiser_key_b64) {
    return &cache->manifest;
  }
  CAPTURE_ASSIGN_OR_RETURN(PublicKey key, PublicKeyArg(advertiser_key_b64, "advertiser_key"));
  CAPTURE_ASSIGN_OR_RETURN(Manifest manifest, VerifySignedManifest(signed_json, key));
  cache.reset();
  cache.emplace(
      Cached{std::string(signed_json), std::string(advertiser_key_b64), std::move(manifest)});
  return &cache->manifest;
}

}  // namespace capture::wasm
