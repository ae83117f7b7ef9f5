// Withdrawal and objection (DESIGN.md, "Withdrawal and objection"; R17-R19). Every way in (the
// consumer's receipt token, customer service by phone or e-mail, a call centre's objection
// during a call) ends in Withdraw: one ledger entry through the sequencer whose batch also
// writes the withdrawn state, the suppressions and the notices to every call centre that
// received one of the records, so the withdrawal is effective exactly when it is answered.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "app_context.h"
#include "capture/json.h"
#include "capture/result.h"

namespace optin::server {

struct WithdrawalRequest {
  std::vector<std::string> record_ids;
  std::string by;   // "consumer", "customer_service", "call_centre:<id>"
  std::string how;  // "receipt_token", "phone", "email", "objection_during_call"
  std::vector<SuppressionRow> suppressions;  // subject-wide: customer service, objection
  std::string reason;  // "" or one of WithdrawalReasons(): kept with the first withdrawal
};

// The reasons a person may give (R20: "complaint" is counted per traffic source).
[[nodiscard]] bool IsWithdrawalReason(std::string_view reason);
// The optional "reason" member of a withdrawal request body: "" when absent,
// withdrawal_reason_unknown when not one of complaint, not_interested, other.
[[nodiscard]] capture::Result<std::string> WithdrawalReasonOf(const capture::Json& body);

// Appends a withdrawal entry for the records not yet withdrawn (none when all were: withdrawing
// twice appends nothing) and answers {"withdrawn": [{record_id, withdrawn_at, by, how,
// ledger_index}]} from the stored state, so a repeat gets the same answer as the first.
[[nodiscard]] capture::Result<capture::Json> Withdraw(AppContext& ctx, WithdrawalRequest request);

// For the call outcome "do_not_call_again" (R19) and for ending a one-time consent (R18): the
// person of `record_id` is not called again by anyone; every record with the same phone number
// or e-mail match key is withdrawn.
[[nodiscard]] capture::Result<capture::Json> ObjectDuringCall(AppContext& ctx,
                                                              const std::string& call_centre,
                                                              const std::string& record_id);

// Erasure (AVG art. 17): destroys the subject key of every record with this phone / e-mail match
// key, withdraws those records (notices to call centres), keeps the match key as a suppression
// and appends one erasure entry, all in one batch. Answers {"erased": [record ids]}; erasing
// again appends nothing and answers the same.
[[nodiscard]] capture::Result<capture::Json> EraseSubject(AppContext& ctx, const std::string& kind,
                                                          const capture::Bytes& key);

}  // namespace optin::server
