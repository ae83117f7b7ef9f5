// Builds valid consent envelopes for the campaign a test server published, with the core itself
// (what the WASM module does in the browser), so tests can then break them one byte at a time.
#pragma once

#include <httplib.h>

#include <optional>
#include <string>

#include "capture/crypto.h"
#include "capture/json.h"
#include "capture/manifest.h"
#include "capture/record.h"

namespace optin::testing {

inline constexpr const char* kExampleCampaign = "fietsplezier-ebike-2026";

class EnvelopeMaker {
 public:
  // Reads the campaign and the advertiser key from a running server.
  [[nodiscard]] static capture::Result<EnvelopeMaker> FromServer(httplib::Client& client,
                                                                 const std::string& campaign);

  // A submission that passes every rule; `n` makes the person unique.
  [[nodiscard]] capture::Json Submission(int n, bool phone = true) const;
  // The envelope JSON for a submission, captured at `captured_at` (default: now).
  [[nodiscard]] capture::Json Make(int n, bool phone = true,
                                   std::optional<capture::UnixMillis> captured_at = {}) const;
  [[nodiscard]] capture::Json FromSubmission(
      const capture::Json& submission, std::optional<capture::UnixMillis> captured_at = {}) const;

  [[nodiscard]] const capture::Manifest& manifest() const { return manifest_; }
  [[nodiscard]] const std::string& signed_manifest() const { return signed_manifest_; }
  [[nodiscard]] const std::string& advertiser_key() const { return advertiser_key_; }
  [[nodiscard]] const capture::SigningKey& device_key() const { return device_key_; }

 private:
  EnvelopeMaker(capture::Manifest manifest, std::string signed_manifest, std::string key,
                capture::SigningKey device)
      : manifest_(std::move(manifest)),
        signed_manifest_(std::move(signed_manifest)),
        advertiser_key_(std::move(key)),
        device_key_(std::move(device)) {}
  capture::Manifest manifest_;
  std::string signed_manifest_;
  std::string advertiser_key_;
  capture::SigningKey device_key_;
};

[[nodiscard]] capture::UnixMillis NowMillisForTest();

// Signs the envelope's record again with `key` (after a test changed it), so only the change
// itself can be what the server refuses.
[[nodiscard]] capture::Json Resign(capture::Json envelope, const capture::SigningKey& key);
// Sets the disclosure of `field` and recomputes its commitment, then re-signs.
[[nodiscard]] capture::Json Redisclose(capture::Json envelope, const std::string& field,
                                       const std::string& value, const capture::SigningKey& key);

}  // namespace optin::testing
