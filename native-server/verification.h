// Verification of the phone number before calling (issue 5, docs/processing.md "Verification
// before calling"; the regulator's line since 1 July 2025): per campaign policy a lead is
// delivered only after the person confirmed a double opt-in link or code sent by SMS or e-mail,
// or it is delivered marked "confirm at call start" and the call centre posts the confirmation.
// Either way the confirmation is a `verification` ledger entry, and part of the evidence bundle.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "app_context.h"
#include "capture/json.h"
#include "capture/result.h"
#include "capture/time.h"

namespace optin::server {

inline constexpr std::string_view kVerificationType = "verification";

// The link token and the 6-digit code of one record, derived from the server's secret (nothing
// of them is stored, so a copy of the database confirms nothing).
struct VerificationSecrets {
  std::string code;        // 6 digits
  std::string link_token;  // 43 characters of base64url
};
[[nodiscard]] VerificationSecrets SecretsOf(const SubjectVault& vault, std::string_view record_id);

// {"at": RFC 3339, "by": "consumer" | "call_centre:<id>", "how": "code" | "link" | "call_start",
//  "method": "sms" | "email" | "call_start", "record": id, "sent_at": RFC 3339 (sms / email),
//  "type": "verification"}. No phone number or address: the ledger holds no personal data.
[[nodiscard]] capture::Result<std::string> VerificationEntry(
    std::string_view record_id, std::string_view method, std::string_view how, std::string_view by,
    std::optional<capture::UnixMillis> sent_at, capture::UnixMillis at);

// Appends the verification entry unless the row is verified already, and returns the row as
// stored after it (verified_at, how, by, leaf_index set).
[[nodiscard]] capture::Result<VerificationRow> ConfirmVerification(AppContext& ctx,
                                                                   const VerificationRow& row,
                                                                   std::string_view how,
                                                                   std::string_view by);

// The answer of the confirming routes: {record_id, verified, verified_at, how, leaf_index}.
[[nodiscard]] capture::Json VerificationAnswer(const VerificationRow& row);

}  // namespace optin::server
