#include "receipts.h"

#include "capture/time.h"

namespace optin::server {

capture::SubtreeHashFn StoredSubtrees(AppContext& ctx) {
  return CachedSubtrees(*ctx.storage, ctx.subtrees);
}

capture::Json ProofJson(const std::vector<capture::Hash>& proof) {
  capture::Json out = capture::Json::array();
  for (const auto& h : proof) out.push_back(capture::Base64Encode(h));
  return out;
}

capture::Result<capture::Json> BuildReceipt(AppContext& ctx, const RecordRow& row, std::string note,
                                            bool with_withdrawal_token) {
  Storage& storage = *ctx.storage;
  if (note.empty()) {
    CAPTURE_ASSIGN_OR_RETURN(auto cp, storage.CheckpointOfSize(row.checkpoint_size));
    if (!cp) {
      return capture::MakeError(capture::ErrorCode::kStorageUnavailable,
                                "the checkpoint of a stored record is missing");
    }
    note = std::move(cp->note);
  }
  const capture::SubtreeHashFn nodes = StoredSubtrees(ctx);
  CAPTURE_ASSIGN_OR_RETURN(capture::Hash leaf, nodes(row.leaf_index, row.leaf_index + 1));
  CAPTURE_ASSIGN_OR_RETURN(auto proof,
                           capture::MakeInclusionProof(row.leaf_index, row.checkpoint_size, nodes));
  capture::Json receipt = {{"record_id", row.id},
                           {"leaf_index", row.leaf_index},
                           {"leaf_hash", capture::Base64Encode(leaf)},
                           {"server_time", capture::FormatRfc3339Millis(row.received_at)},
                           {"tree_size", row.checkpoint_size},
                           {"checkpoint", note},
                           {"inclusion_proof", ProofJson(proof)}};
  if (with_withdrawal_token) receipt["withdrawal_token"] = ctx.vault->WithdrawalToken(row.id);
  return receipt;
}

}  // namespace optin::server
