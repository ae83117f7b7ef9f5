// The evidence bundle's fixed names, shared by the server that writes bundles and the CLI that
// verifies them.
#pragma once

#include <string>
#include <string_view>

#include "capture/crypto.h"

namespace optin::server {

inline constexpr std::string_view kEvidenceFormat = "optin-capture/evidence/v1";

// Lowercase hex SHA-256 of the 32 raw public key bytes.
[[nodiscard]] inline std::string KeyFingerprint(const capture::PublicKey& key) {
  return capture::HexEncode(capture::Sha256(capture::ByteView(key.bytes())));
}

}  // namespace optin::server
