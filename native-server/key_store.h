// Keys in the data folder, created on first start with mode 0600: the server's checkpoint key,
// the master key that wraps subject keys, and (development only) an advertiser key. Key files use
// the CLI's format ({"kind": "optin-capture/ed25519-key/v1", "seed", "public_key"}), so
// `optin manifest sign --key DIR/keys/dev-advertiser.key` works on them.
#pragma once

#include <string>

#include "capture/crypto.h"
#include "capture/result.h"

namespace optin::server {

[[nodiscard]] capture::Result<capture::SigningKey> LoadOrCreateSigningKey(const std::string& path);
[[nodiscard]] capture::Result<capture::SecretBytes> LoadOrCreateMasterKey(const std::string& path);

// Writes a file readable by the owner only, atomically (write to a temporary name, then rename).
[[nodiscard]] capture::Status WritePrivateFile(const std::string& path, std::string_view data);
[[nodiscard]] capture::Result<std::string> ReadWholeFile(const std::string& path);

}  // namespace optin::server
