// C2SP signed-note keys for Ed25519: key names, key ids and the verifier key string
// "<name>+<8 hex key id>+base64(0x01 || public key)" of golang.org/x/mod/sumdb/note.
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "capture/checkpoint.h"

namespace capture {
namespace {

constexpr std::uint8_t kEd25519Type = 0x01;  // signature type byte of the note spec
constexpr std::size_t kKeyIdSize = 4;

// Decodes one UTF-8 sequence of valid text at `i` (the caller checked validity).
char32_t NextCodePoint(std::string_view s, std::size_t& i) {
  const auto c = static_cast<unsigned char>(s[i]);
  const std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
  for (std::size_t k = 1; k < len; ++k) {
    cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  }
  i += len;
  return cp;
}

// Unicode White_Space (what Go's unicode.IsSpace reports), which key names must not contain.
bool IsUnicodeSpace(char32_t cp) {
  return (cp >= 0x09 && cp <= 0x0D) || cp == 0x20 || cp == 0x85 || cp == 0xA0 || cp == 0x1680 ||
         (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F ||
         cp == 0x205F || cp == 0x3000;
}

}  // namespace

bool IsValidNoteKeyName(std::string_view key_name) {
  if (key_name.empty() || !IsValidUtf8(key_name)) return false;
  for (std::size_t i = 0; i < key_name.size();) {
    const char32_t cp = NextCodePoint(key_name, i);
    if (cp == U'+' || IsUnicodeSpace(cp)) return false;
  }
  return true;
}

std::array<std::uint8_t, 4> NoteKeyId(std::string_view key_name, const PublicKey& key) {
  Sha256Hasher hasher;
  hasher.Update(key_name);
  const std::uint8_t separator[2] = {'\n', kEd25519Type};
  hasher.Update(ByteView(separator, 2));
  hasher.Update(key.bytes());
  const Sha256Digest digest = hasher.Finish();
  return {digest[0], digest[1], digest[2], digest[3]};
}

std::string VerifierKeyString(std::string_view key_name, const PublicKey& key) {
  Bytes typed = {kEd25519Type};
  typed.insert(typed.end(), key.bytes().begin(), key.bytes().end());
  return std::string(key_name) + "+" + HexEncode(NoteKeyId(key_name, key)) + "+" +
         Base64Encode(typed);
}

Result<std::pair<std::string, PublicKey>> ParseVerifierKey(std::string_view vkey) {
  // <name>+<8 hex digits>+<base64>; names have no '+', the base64 part may.
  const std::size_t first = vkey.find('+');
  if (first == std::string_view::npos) return MakeError(ErrorCode::kKeyInvalid, "no key id");
  const std::size_t second = vkey.find('+', first + 1);
  if (second == std::string_view::npos) return MakeError(ErrorCode::kKeyInvalid, "no key");
  const std::string_view name = vkey.substr(0, first);
  const std::string_view id_hex = vkey.substr(first + 1, second - first - 1);
  if (!IsValidNoteKeyName(name)) return MakeError(ErrorCode::kKeyInvalid, "invalid key name");
  auto id = HexDecodeFixed<kKeyIdSize>(id_hex);
  if (!id.ok())
    return MakeError(ErrorCode::kKeyInvalid, "the key id must be 8 lowercase hex digits");
  auto typed = Base64Decode(vkey.substr(second + 1));
  if (!typed.ok()) return MakeError(ErrorCode::kKeyInvalid, "the key is not valid base64");
  if (typed->size() != 1 + kEd25519PublicKeySize || (*typed)[0] != kEd25519Type) {
    return MakeError(ErrorCode::kKeyInvalid, "not an Ed25519 note key (type 0x01, 32 bytes)");
  }
  auto key = PublicKey::FromBytes(ByteView(*typed).subspan(1));
  if (!key.ok()) return key.error();
  if (NoteKeyId(name, *key) != *id) {
    return MakeError(ErrorCode::kKeyInvalid, "the key id does not match the name and key");
  }
  return std::make_pair(std::string(name), *key);
}

}  // namespace capture
