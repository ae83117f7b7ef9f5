// Key files of the CLI: JSON {"kind": "optin-capture/ed25519-key/v1", "seed": base64(32),
// "public_key": base64(32)}, written with mode 0600. A public key argument may be a key file, a
// base64 public key, or a file holding one.
#pragma once

#include <string>

#include "capture/crypto.h"
#include "capture/result.h"

namespace optin {

[[nodiscard]] capture::Result<capture::SigningKey> LoadSigningKey(const std::string& path);
[[nodiscard]] capture::Status SaveSigningKey(const std::string& path,
                                             const capture::SigningKey& key);
[[nodiscard]] std::string SigningKeyJson(const capture::SigningKey& key);
[[nodiscard]] capture::Result<capture::PublicKey> LoadPublicKey(const std::string& text_or_path);

}  // namespace optin
