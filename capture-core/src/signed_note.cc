// C2SP signed-note (https://c2sp.org/signed-note) with Ed25519 keys: key ids, verifier key strings,
// signing and opening notes. golang.org/x/mod/sumdb/note is the reference; where the spec leaves
// a choice (SHOULD reject a note whose known-key signature fails, a limit on signature lines),
// this file takes the strict one.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "capture/checkpoint.h"

namespace capture {
namespace {

constexpr std::uint8_t kEd25519Type = 0x01;               // signature type byte of the note spec
constexpr std::string_view kSigPrefix = "\xE2\x80\x94 ";  // U+2014 em dash, space
constexpr std::size_t kMaxSignatureLines = 100;           // as the reference implementation
constexpr std::size_t kKeyIdSize = 4;

// Decodes one UTF-8 sequence of valid text at `i` (the caller checked validity).
char32_t NextCodePoint(std::string_view s, std::size_t& i) {
  const auto c = static_cast<unsigned char>(s[i]);
  std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
  for (std::size_t k = 1; k < len; ++k)
    cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  i += len;
  return cp;
}

// Unicode White_Space (what Go's unicode.IsSpace reports), which key names must not contain.
bool IsUnicodeSpace(char32_t cp) {
  return (cp >= 0x09 && cp <= 0x0D) || cp == 0x20 || cp == 0x85 || cp == 0xA0 || cp == 0x1680 ||
         (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F ||
         cp == 0x205F || cp == 0x3000;
}

// Valid UTF-8 with no ASCII control character except newline (signed-note "Format").
bool IsValidNoteText(std::string_view text) {
  if (!IsValidUtf8(text)) return false;
  for (char c : text) {
    if (static_cast<unsigned char>(c) < 0x20 && c != '\n') return false;
  }
  return true;
}

Error Malformed(std::string message) {
  return MakeError(ErrorCode::kCheckpointMalformed, std::move(message));
}

struct SignatureLine {
  std::string_view name;
  std::array<std::uint8_t, kKeyIdSize> key_id{};
  Bytes signature;
};

// One line of the signature block, without its newline: "— <name> <base64(key id || sig)>".
Result<SignatureLine> ParseSignatureLine(std::string_view line) {
  if (line.substr(0, kSigPrefix.size()) != kSigPrefix) {
    return Malformed("a signature line must start with an em dash and a space");
  }
  line.remove_prefix(kSigPrefix.size());
  const std::size_t space = line.find(' ');
  if (space == std::string_view::npos) return Malformed("a signature line needs a key name");
  SignatureLine out;
  out.name = line.substr(0, space);
  if (!IsValidNoteKeyName(out.name)) return Malformed("invalid key name in a signature line");
  auto raw = Base64Decode(line.substr(space + 1));
  if (!raw.ok()) return Malformed("a signature is not valid base64");
  if (raw->size() <= kKeyIdSize) return Malformed("a signature is too short");
  for (std::size_t i = 0; i < kKeyIdSize; ++i) out.key_id[i] = (*raw)[i];
  out.signature.assign(raw->begin() + kKeyIdSize, raw->end());
  return out;
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

Result<std::string> SignNote(std::string_view text, std::string_view key_name,
                             const SigningKey& key) {
  if (!IsValidNoteKeyName(key_name)) {
    return MakeError(ErrorCode::kKeyInvalid, "a note key name is non-empty, without spaces or '+'");
  }
  if (text.empty() || text.back() != '\n' || !IsValidNoteText(text)) {
    return Malformed("note text must be UTF-8 without control characters, ending in a newline");
  }
  const Ed25519Signature sig = key.Sign(AsBytes(text));
  const auto id = NoteKeyId(key_name, key.public_key());
  Bytes blob(id.begin(), id.end());
  blob.insert(blob.end(), sig.begin(), sig.end());
  std::string note(text);
  note += '\n';
  note += kSigPrefix;
  note += key_name;
  note += ' ';
  note += Base64Encode(blob);
  note += '\n';
  return note;
}

Result<std::string> OpenNote(std::string_view note, std::string_view key_name,
                             const PublicKey& key) {
  if (!IsValidNoteText(note)) {
    return Malformed("a note must be UTF-8 without control characters other than newline");
  }
  // The text ends at the last blank line; everything after it is signature lines.
  const std::size_t split = note.rfind("\n\n");
  if (split == std::string_view::npos) return Malformed("no blank line before the signatures");
  const std::string_view text = note.substr(0, split + 1);
  std::string_view block = note.substr(split + 2);
  if (block.empty() || block.back() != '\n') {
    return Malformed("the signature block must be lines ending in a newline");
  }
  std::vector<SignatureLine> lines;
  while (!block.empty()) {
    const std::size_t eol = block.find('\n');
    CAPTURE_ASSIGN_OR_RETURN(SignatureLine line, ParseSignatureLine(block.substr(0, eol)));
    lines.push_back(std::move(line));
    if (lines.size() > kMaxSignatureLines) return Malformed("more than 100 signature lines");
    block.remove_prefix(eol + 1);
  }
  const auto id = NoteKeyId(key_name, key);
  bool verified = false;
  for (const SignatureLine& line : lines) {
    if (line.name != key_name || line.key_id != id) continue;  // another key: ignored
    if (!key.Verify(AsBytes(text), line.signature)) {
      return MakeError(ErrorCode::kCheckpointSignatureInvalid,
                       "a signature by the expected key does not verify");
    }
    verified = true;
  }
  if (!verified) {
    return MakeError(ErrorCode::kCheckpointSignatureInvalid, "no signature by the expected key");
  }
  return std::string(text);
}

}  // namespace capture
