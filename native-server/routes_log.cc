// The log's public read side: checkpoint, inclusion and consistency proofs, entries by range.
// Proofs come from stored subtree hashes, never from rebuilding the tree.
#include "capture/checkpoint.h"
#include "receipts.h"
#include "routes.h"

namespace optin::server {
namespace {

using capture::ErrorCode;
using capture::Json;
using capture::MakeError;
using capture::Result;

Result<std::uint64_t> CurrentSize(AppContext& ctx) { return ctx.storage->LedgerSize(); }

Result<std::uint64_t> SizeParam(AppContext& ctx, const HttpRequest& req, const char* name) {
  CAPTURE_ASSIGN_OR_RETURN(std::uint64_t current, CurrentSize(ctx));
  CAPTURE_ASSIGN_OR_RETURN(auto size, OptionalQueryUint(req, name));
  if (!size) return current;
  if (*size > current) {
    return MakeError(ErrorCode::kIndexOutOfRange,
                     std::string(name) + " is beyond the log size " + std::to_string(current),
                     name);
  }
  return *size;
}

}  // namespace

Result<HttpReply> GetCheckpoint(AppContext& ctx, const HttpRequest&) {
  CAPTURE_ASSIGN_OR_RETURN(auto latest, ctx.storage->LatestCheckpoint());
  if (!latest) return MakeError(ErrorCode::kStorageUnavailable, "no checkpoint yet");
  return HttpReply::Text(latest->note, "text/plain; charset=utf-8");
}

Result<HttpReply> GetInclusionProof(AppContext& ctx, const HttpRequest& req) {
  CAPTURE_ASSIGN_OR_RETURN(std::uint64_t size, SizeParam(ctx, req, "size"));
  CAPTURE_ASSIGN_OR_RETURN(auto index, OptionalQueryUint(req, "index"));
  if (auto leaf_b64 = req.Query("leaf_hash"); leaf_b64 && !index) {
    auto bytes = capture::Base64Decode(*leaf_b64);
    if (!bytes.ok() || bytes->size() != capture::kSha256Size) {
      return MakeError(ErrorCode::kRequestInvalid, "leaf_hash must be 32 bytes of base64",
                       "leaf_hash");
    }
    CAPTURE_ASSIGN_OR_RETURN(capture::Hash leaf, capture::HashFromBytes(*bytes));
    CAPTURE_ASSIGN_OR_RETURN(index, ctx.storage->FindLeaf(leaf));
    if (!index) return MakeError(ErrorCode::kNotFound, "no entry has this leaf hash", "leaf_hash");
  }
  if (!index) return MakeError(ErrorCode::kRequestInvalid, "index or leaf_hash is required");
  if (*index >= size) {
    return MakeError(ErrorCode::kIndexOutOfRange, "index must be below size", "index");
  }
  const capture::SubtreeHashFn nodes = StoredSubtrees(ctx);
  CAPTURE_ASSIGN_OR_RETURN(capture::Hash leaf, nodes(*index, *index + 1));
  CAPTURE_ASSIGN_OR_RETURN(auto proof, capture::MakeInclusionProof(*index, size, nodes));
  return HttpReply::Json(Json{{"index", *index},
                              {"size", size},
                              {"leaf_hash", capture::Base64Encode(leaf)},
                              {"proof", ProofJson(proof)}});
}

Result<HttpReply> GetConsistencyProof(AppContext& ctx, const HttpRequest& req) {
  CAPTURE_ASSIGN_OR_RETURN(std::uint64_t from, QueryUint(req, "from"));
  CAPTURE_ASSIGN_OR_RETURN(std::uint64_t to, SizeParam(ctx, req, "to"));
  if (from == 0 || from > to) {
    return MakeError(ErrorCode::kIndexOutOfRange, "from must be in [1, to]", "from");
  }
  CAPTURE_ASSIGN_OR_RETURN(auto proof,
                           capture::MakeConsistencyProof(from, to, StoredSubtrees(ctx)));
  return HttpReply::Json(Json{{"from", from}, {"to", to}, {"proof", ProofJson(proof)}});
}

Result<HttpReply> GetEntries(AppContext& ctx, const HttpRequest& req) {
  CAPTURE_ASSIGN_OR_RETURN(std::uint64_t size, CurrentSize(ctx));
  CAPTURE_ASSIGN_OR_RETURN(std::uint64_t start, QueryUint(req, "start"));
  CAPTURE_ASSIGN_OR_RETURN(auto end_param, OptionalQueryUint(req, "end"));
  std::uint64_t end = end_param.value_or(size);
  if (start > end || end > size) {
    return MakeError(ErrorCode::kIndexOutOfRange, "need start <= end <= " + std::to_string(size),
                     "end");
  }
  end = std::min<std::uint64_t>(end, start + ctx.config.entries_page_max);
  CAPTURE_ASSIGN_OR_RETURN(auto rows, ctx.storage->Entries(start, end));
  Json entries = Json::array();
  for (const auto& e : rows) {
    entries.push_back(Json{{"index", e.index},
                           {"type", e.type},
                           {"entry", capture::Base64Encode(capture::AsBytes(e.bytes))}});
  }
  return HttpReply::Json(Json{{"start", start}, {"end", end}, {"entries", entries}});
}

}  // namespace optin::server
