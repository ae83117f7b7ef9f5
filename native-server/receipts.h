// Receipts and proofs served from stored subtree hashes (O(log n) reads, through a fixed-size
// cache of recent nodes; nothing grows with the log).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "app_context.h"
#include "capture/json.h"
#include "capture/ledger.h"

namespace optin::server {

// Subtree hashes for proofs: the context's cache in front of its storage.
[[nodiscard]] capture::SubtreeHashFn StoredSubtrees(AppContext& ctx);
[[nodiscard]] capture::Json ProofJson(const std::vector<capture::Hash>& proof);

// The receipt of a committed record: record id, leaf index and hash, server time, the signed
// checkpoint of its batch and the inclusion proof against it, and (for the submitter only) the
// withdrawal token. `note` may be empty: it is then read from storage.
[[nodiscard]] capture::Result<capture::Json> BuildReceipt(AppContext& ctx, const RecordRow& row,
                                                          std::string note,
                                                          bool with_withdrawal_token);

}  // namespace optin::server
