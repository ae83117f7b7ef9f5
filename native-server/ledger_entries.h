// The typed ledger entries (docs/ledger.md). Each is the RFC 8785 form of a JSON object with a
// "type"; the leaf is SHA-256(0x00 || entry bytes). Disclosures never enter the ledger.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "capture/manifest.h"
#include "capture/result.h"
#include "capture/time.h"

namespace optin::server {

inline constexpr std::string_view kConsentRecordType = "consent_record";
inline constexpr std::string_view kManifestPublishedType = "manifest_published";
inline constexpr std::string_view kWithdrawalType = "withdrawal";
inline constexpr std::string_view kErasureType = "erasure";
inline constexpr std::string_view kSourceBlockedType = "source_blocked";
inline constexpr std::string_view kSourceUnblockedType = "source_unblocked";

// The partner countersignature a relayed record's entry carries (docs/partners.md): which batch
// (hex SHA-256 of its JCS form), which partner, and the partner's signature over the batch.
struct RelayRef {
  std::string batch_sha256;  // lowercase hex
  std::string partner;       // [a-z0-9_-]{1,32}
  std::string sig;           // base64
};

// {"received_at": RFC 3339, "record": {...}, "sig": base64, "type": "consent_record"}, and for a
// relayed record also "relay": {"batch_sha256", "partner", "sig"} (between record and sig, in
// JCS order); built by concatenation (the members are already in JCS order, the record is
// already canonical and every relay value is hex, base64 or [a-z0-9_-], which need no escapes).
[[nodiscard]] std::string ConsentEntry(std::string_view record_canonical,
                                       std::string_view sig_base64, capture::UnixMillis received_at,
                                       const RelayRef* relay = nullptr);

// {"campaign": id, "manifest": {...}, "sig": base64, "type": "manifest_published",
//  "version": n}
[[nodiscard]] capture::Result<std::string> ManifestEntry(const capture::Manifest& manifest,
                                                         std::string_view sig_base64);

// {"at": RFC 3339, "by": "consumer" | "customer_service" | "call_centre:<id>",
//  "how": "receipt_token" | "phone" | "email" | "objection_during_call",
//  "records": [ids, sorted], "type": "withdrawal"}. Only record ids: the ledger is public
// evidence and never holds the phone number or e-mail address the withdrawal was found by.
// With a reason ("complaint", ...) when the person gave one: {"reason": ...} joins the entry.
[[nodiscard]] capture::Result<std::string> WithdrawalEntry(std::vector<std::string> record_ids,
                                                           std::string_view by,
                                                           std::string_view how,
                                                           capture::UnixMillis at,
                                                           std::string_view reason = {});

// {"at": RFC 3339, "by": "admin", "records": [ids, sorted], "type": "erasure"}: the subject key
// of these records was destroyed; their consent_record entries still verify.
[[nodiscard]] capture::Result<std::string> ErasureEntry(std::vector<std::string> record_ids,
                                                        capture::UnixMillis at);

// {"at": RFC 3339, "by": "admin", "campaign": id (absent: every campaign), "reason": text,
//  "source": code prefix, "type": "source_blocked" | "source_unblocked"}. The reason is the
// operator's short text (never personal data); an unblock may have none.
[[nodiscard]] capture::Result<std::string> SourceBlockEntry(bool blocked, std::string_view source,
                                                            std::string_view campaign,
                                                            std::string_view reason,
                                                            capture::UnixMillis at);

}  // namespace optin::server
