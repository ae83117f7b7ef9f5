// What one consent record says, for the person who gave it (DESIGN.md, "Withdrawal and
// objection"; the industry code asks that a consumer can inspect their consent): what they agreed
// to with the exact texts shown, when, on which page and through which partner, who may call them
// about what, what they disclosed, and whether it was withdrawn or erased. The same facts as a
// consent receipt in the ISO/IEC TS 27560 structure with W3C DPV terms (JSON-LD).
#pragma once

#include "app_context.h"
#include "capture/json.h"
#include "capture/result.h"

namespace optin::server {

// {record_id, status, campaign, captured_at, received_at, source, partner, consents[], terms,
//  privacy, extra_question, fields[], who_may_call[], shown_text_sha256, manifest_sha256,
//  leaf_index, withdrawn, erased}. Field values are null once the subject was erased.
[[nodiscard]] capture::Result<capture::Json> ConsentView(AppContext& ctx, const RecordRow& record);

// The view as a consent receipt: dpv:ConsentRecord conforming to the DPVCG's
// dpv-27560#receipt-record profile (a receipt that carries a copy of the record).
[[nodiscard]] capture::Json ConsentReceipt27560(const capture::Json& view,
                                                const std::string& issued_at);

// The disclosures {name: value} of a record, or null once its subject key was destroyed.
[[nodiscard]] capture::Result<capture::Json> DisclosedValues(AppContext& ctx,
                                                             const std::string& record_id);

}  // namespace optin::server
