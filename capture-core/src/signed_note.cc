// C2SP signed-note (https://c2sp.org/signed-note): signing and opening notes with Ed25519.
// golang.org/x/mod/sumdb/note is the reference; where the spec leaves a choice (SHOULD reject a
// note whose known-key signature fails, a limit on signature lines) this file takes the strict one.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "capture/checkpoint.h"

namespace capture {
namespace {

constexpr std::string_view kSigPrefix = "\xE2\x80\x94 ";  // U+2014 em dash, space
constexpr std::size_t kMaxSignatureLines = 100;           // as the reference implementation
constexpr std::size_t kKeyIdSize = 4;

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
