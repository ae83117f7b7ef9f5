// Byte strings and their text forms. Base64 is RFC 4648 standard alphabet with padding (what the
// envelope, keys and signatures use); hex is lowercase (what SHA-256 digests use in records).
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "capture/result.h"

namespace capture {

using Bytes = std::vector<std::uint8_t>;
using ByteView = std::span<const std::uint8_t>;

[[nodiscard]] inline ByteView AsBytes(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}
[[nodiscard]] inline std::string_view AsChars(ByteView b) {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}

[[nodiscard]] std::string Base64Encode(ByteView bytes);
// Strict: padding required, no whitespace, non-canonical trailing bits refused.
[[nodiscard]] Result<Bytes> Base64Decode(std::string_view text);
// The same checks, decoding into `out`, which must be exactly as long as the text decodes to.
[[nodiscard]] Status Base64DecodeInto(std::string_view text, std::span<std::uint8_t> out);

[[nodiscard]] std::string HexEncode(ByteView bytes);
// Strict: lowercase only, even length.
[[nodiscard]] Result<Bytes> HexDecode(std::string_view text);

// Decodes base64 or hex text that must hold exactly N bytes.
template <std::size_t N>
[[nodiscard]] Result<std::array<std::uint8_t, N>> Base64DecodeFixed(std::string_view text) {
  std::array<std::uint8_t, N> out{};
  if (auto s = Base64DecodeInto(text, out); !s.ok()) return s.error();
  return out;
}
template <std::size_t N>
[[nodiscard]] Result<std::array<std::uint8_t, N>> HexDecodeFixed(std::string_view text) {
  auto bytes = HexDecode(text);
  if (!bytes.ok()) return bytes.error();
  if (bytes->size() != N) return MakeError(ErrorCode::kHexInvalid, "wrong length");
  std::array<std::uint8_t, N> out{};
  for (std::size_t i = 0; i < N; ++i) out[i] = (*bytes)[i];
  return out;
}

// UTF-8 per RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF.
[[nodiscard]] bool IsValidUtf8(std::string_view text);

}  // namespace capture
