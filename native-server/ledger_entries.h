// The typed ledger entries (docs/ledger.md). Each is the RFC 8785 form of a JSON object with a
// "type"; the leaf is SHA-256(0x00 || entry bytes). Disclosures never enter the ledger.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "capture/manifest.h"
#include "capture/result.h"
#include "capture/time.h"

namespace optin::server {

inline constexpr std::string_view kConsentRecordType = "consent_record";
inline constexpr std::string_view kManifestPublishedType = "manifest_published";

// {"received_at": RFC 3339, "record": {...}, "sig": base64, "type": "consent_record"}; built by
// concatenation (the members are already in JCS order and the record is already canonical).
[[nodiscard]] std::string ConsentEntry(std::string_view record_canonical,
                                       std::string_view sig_base64,
                                       capture::UnixMillis received_at);

// {"campaign": id, "manifest": {...}, "sig": base64, "type": "manifest_published",
//  "version": n}
[[nodiscard]] capture::Result<std::string> ManifestEntry(const capture::Manifest& manifest,
                                                         std::string_view sig_base64);

}  // namespace optin::server
