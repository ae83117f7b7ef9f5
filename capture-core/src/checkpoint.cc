// C2SP tlog-checkpoint (https://c2sp.org/tlog-checkpoint): the note text of a log's tree head.
#include "capture/checkpoint.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace capture {
namespace {

Error Malformed(std::string message) {
  return MakeError(ErrorCode::kCheckpointMalformed, std::move(message));
}

// One body line: non-empty UTF-8 without control characters (a newline would split it).
bool IsValidLine(std::string_view line) {
  if (line.empty() || !IsValidUtf8(line)) return false;
  for (char c : line) {
    if (static_cast<unsigned char>(c) < 0x20) return false;
  }
  return true;
}

// ASCII decimal without leading zeros (except "0") that fits 64 bits.
Result<std::uint64_t> ParseTreeSize(std::string_view text) {
  if (text.empty() || (text.size() > 1 && text[0] == '0')) {
    return Malformed("the tree size must be decimal without leading zeros");
  }
  std::uint64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return Malformed("the tree size must be decimal");
    const auto digit = static_cast<std::uint64_t>(c - '0');
    if (value > (UINT64_MAX - digit) / 10) return Malformed("the tree size is too large");
    value = value * 10 + digit;
  }
  return value;
}

}  // namespace

std::string CheckpointBody(const Checkpoint& checkpoint) {
  std::string body = checkpoint.origin + "\n" + std::to_string(checkpoint.size) + "\n" +
                     Base64Encode(checkpoint.root) + "\n";
  for (const std::string& line : checkpoint.extensions) body += line + "\n";
  return body;
}

Result<Checkpoint> ParseCheckpointBody(std::string_view text) {
  if (text.empty() || text.back() != '\n') return Malformed("the body must end in a newline");
  std::vector<std::string_view> lines;
  for (std::string_view rest = text; !rest.empty();) {
    const std::size_t eol = rest.find('\n');
    lines.push_back(rest.substr(0, eol));
    rest.remove_prefix(eol + 1);
  }
  if (lines.size() < 3) return Malformed("a checkpoint has origin, size and root lines");
  for (std::string_view line : lines) {
    if (!IsValidLine(line)) return Malformed("checkpoint lines must be non-empty text");
  }
  Checkpoint checkpoint;
  checkpoint.origin = std::string(lines[0]);
  CAPTURE_ASSIGN_OR_RETURN(checkpoint.size, ParseTreeSize(lines[1]));
  auto root = Base64DecodeFixed<kSha256Size>(lines[2]);
  if (!root.ok()) return Malformed("the root hash must be base64 of 32 bytes");
  checkpoint.root = *root;
  for (std::size_t i = 3; i < lines.size(); ++i) checkpoint.extensions.emplace_back(lines[i]);
  return checkpoint;
}

Result<std::string> SignCheckpoint(const Checkpoint& checkpoint, std::string_view key_name,
                                   const SigningKey& key) {
  if (!IsValidLine(checkpoint.origin)) return Malformed("the origin must be one non-empty line");
  for (const std::string& line : checkpoint.extensions) {
    if (!IsValidLine(line)) return Malformed("extension lines must be non-empty single lines");
  }
  return SignNote(CheckpointBody(checkpoint), key_name, key);
}

Result<Checkpoint> VerifyCheckpoint(std::string_view note, std::string_view key_name,
                                    const PublicKey& key, std::string_view expected_origin) {
  CAPTURE_ASSIGN_OR_RETURN(std::string text, OpenNote(note, key_name, key));
  CAPTURE_ASSIGN_OR_RETURN(Checkpoint checkpoint, ParseCheckpointBody(text));
  if (!expected_origin.empty() && checkpoint.origin != expected_origin) {
    return MakeError(ErrorCode::kCheckpointOriginMismatch, "checkpoint origin \"" +
                                                               checkpoint.origin + "\" is not \"" +
                                                               std::string(expected_origin) + "\"");
  }
  return checkpoint;
}

}  // namespace capture
