// C2SP tlog-checkpoint in the C2SP signed-note format, with Ed25519 keys.
//   <origin>\n<size>\n<base64 root>\n[extension lines\n]\n— <key name> base64(key id[4] || sig)\n
// key id = SHA-256(key name || 0x0A || 0x01 || public key)[:4]; the signature covers the note
// text (every line up to and including the newline before the blank line).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "capture/crypto.h"
#include "capture/ledger.h"
#include "capture/result.h"

namespace capture {

struct Checkpoint {
  std::string origin;  // a URL without scheme, e.g. "optin.example.nl/log"
  std::uint64_t size = 0;
  Hash root{};
  std::vector<std::string> extensions;  // optional extra lines, kept and signed
};

[[nodiscard]] std::string CheckpointBody(const Checkpoint& checkpoint);
[[nodiscard]] std::array<std::uint8_t, 4> NoteKeyId(std::string_view key_name,
                                                    const PublicKey& key);
// The C2SP vkey form: <name>+<hex key id>+base64(0x01 || public key).
[[nodiscard]] std::string VerifierKeyString(std::string_view key_name, const PublicKey& key);
[[nodiscard]] Result<std::pair<std::string, PublicKey>> ParseVerifierKey(std::string_view vkey);

// C2SP signed-note key names: non-empty UTF-8 without Unicode spaces and without '+'.
[[nodiscard]] bool IsValidNoteKeyName(std::string_view key_name);

// The signed-note layer, for any note text. SignNote needs a non-empty UTF-8 text without control
// characters other than newline, ending in a newline; it returns text, a blank line and one
// signature line. OpenNote returns the note text (with its final newline) when the note is
// well formed (at most 100 signature lines), carries at least one signature by (key_name, key)
// and every such signature verifies; lines of other keys are ignored.
[[nodiscard]] Result<std::string> SignNote(std::string_view text, std::string_view key_name,
                                           const SigningKey& key);
[[nodiscard]] Result<std::string> OpenNote(std::string_view note, std::string_view key_name,
                                           const PublicKey& key);

// The tlog-checkpoint body rules alone (no signature): origin, size, root, extension lines.
[[nodiscard]] Result<Checkpoint> ParseCheckpointBody(std::string_view text);

// Key names follow the note spec: non-empty, no whitespace, no '+'.
[[nodiscard]] Result<std::string> SignCheckpoint(const Checkpoint& checkpoint,
                                                 std::string_view key_name, const SigningKey& key);

// Parses a signed note and checks that at least one signature line is by (key_name, key) and
// verifies; signature lines of other keys are ignored, as the spec requires. The origin must
// equal `expected_origin` when that is not empty.
[[nodiscard]] Result<Checkpoint> VerifyCheckpoint(std::string_view note, std::string_view key_name,
                                                  const PublicKey& key,
                                                  std::string_view expected_origin = {});

}  // namespace capture
