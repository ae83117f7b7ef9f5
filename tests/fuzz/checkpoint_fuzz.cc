// Fuzzes the signed-note and checkpoint parsers with a fixed log key. Each input is tried twice:
// as a whole note (must never crash; anything accepted must re-sign to the same checkpoint) and as
// a note body that is signed with the fixed key (opening it must give the body back, and it must
// verify exactly when the body is a valid checkpoint). The seeds in seeds/checkpoint_fuzz/ are
// notes signed with this key (seed 32 x 0x2a, name "optin.example.nl/log") and plain bodies.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "capture/checkpoint.h"
#include "capture/crypto.h"

namespace {

constexpr std::string_view kKeyName = "optin.example.nl/log";

const capture::SigningKey& FixedKey() {
  static const capture::SigningKey key = [] {
    if (!capture::InitCrypto().ok()) __builtin_trap();
    auto made = capture::SigningKey::FromSeed(capture::Bytes(32, 0x2a));
    if (!made.ok()) __builtin_trap();
    return *made;
  }();
  return key;
}

void Check(bool condition) {
  if (!condition) __builtin_trap();
}

void AsNote(std::string_view input) {
  const capture::SigningKey& key = FixedKey();
  (void)capture::OpenNote(input, kKeyName, key.public_key());
  (void)capture::ParseVerifierKey(input);
  auto checkpoint = capture::VerifyCheckpoint(input, kKeyName, key.public_key(), kKeyName);
  if (!checkpoint.ok()) return;
  // Accepted: the note starts with the canonical body of what was parsed, and re-signing that
  // checkpoint gives a note that verifies to the same fields.
  const std::string body = capture::CheckpointBody(*checkpoint);
  Check(input.substr(0, body.size()) == body);
  auto resigned = capture::SignCheckpoint(*checkpoint, kKeyName, key);
  Check(resigned.ok());
  auto again = capture::VerifyCheckpoint(*resigned, kKeyName, key.public_key());
  Check(again.ok() && again->origin == checkpoint->origin && again->size == checkpoint->size &&
        again->root == checkpoint->root && again->extensions == checkpoint->extensions);
}

void AsBody(std::string_view body) {
  const capture::SigningKey& key = FixedKey();
  auto note = capture::SignNote(body, kKeyName, key);
  if (!note.ok()) return;
  auto text = capture::OpenNote(*note, kKeyName, key.public_key());
  Check(text.ok() && *text == body);
  const bool parses = capture::ParseCheckpointBody(body).ok();
  Check(capture::VerifyCheckpoint(*note, kKeyName, key.public_key()).ok() == parses);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  AsNote(input);
  AsBody(input);
  return 0;
}
