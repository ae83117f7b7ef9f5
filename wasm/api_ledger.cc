// Merkle proofs and checkpoints (R9, R10): the page checks its receipt with the server's key
// only. Sizes and indexes are decimal strings (they may exceed what a JS number holds exactly);
// hashes are base64, proofs a JSON array of base64 hashes.
#include "api_util.h"
#include "capture/checkpoint.h"
#include "capture/encoding.h"
#include "capture/ledger.h"

namespace capture::wasm {
namespace {

Result<Hash> HashArg(std::string_view base64, std::string_view field) {
  auto bytes = Base64Decode(base64);
  if (!bytes.ok()) return MakeError(bytes.error().code, bytes.error().message, std::string(field));
  return HashFromBytes(*bytes);
}

Result<std::vector<Hash>> ProofArg(std::string_view proof_json) {
  CAPTURE_ASSIGN_OR_RETURN(Json json, JsonArg(proof_json, "proof"));
  if (json.is_null()) return std::vector<Hash>{};  // as RFC 9162 vectors write an empty proof
  if (!json.is_array()) return MakeError(ErrorCode::kProofMalformed, "", "proof");
  std::vector<Bytes> proof;
  for (const Json& item : json) {
    if (!item.is_string()) return MakeError(ErrorCode::kProofMalformed, "", "proof");
    CAPTURE_ASSIGN_OR_RETURN(Bytes bytes, Base64Decode(item.get<std::string>()));
    proof.push_back(std::move(bytes));
  }
  return ProofFromBytes(proof);
}

Result<Answer> LeafHashOf(std::string_view entry_b64) {
  CAPTURE_ASSIGN_OR_RETURN(Bytes entry, Base64Decode(entry_b64));
  return Answer().Str("leaf_hash", Base64Encode(LeafHash(entry)));
}

Result<Answer> Inclusion(std::string_view index, std::string_view size, std::string_view leaf_hash,
                         std::string_view proof_json, std::string_view root) {
  CAPTURE_ASSIGN_OR_RETURN(std::uint64_t i, Uint64Arg(index, "leaf_index"));
  CAPTURE_ASSIGN_OR_RETURN(std::uint64_t n, Uint64Arg(size, "tree_size"));
  CAPTURE_ASSIGN_OR_RETURN(Hash leaf, HashArg(leaf_hash, "leaf_hash"));
  CAPTURE_ASSIGN_OR_RETURN(std::vector<Hash> proof, ProofArg(proof_json));
  CAPTURE_ASSIGN_OR_RETURN(Hash want, HashArg(root, "root"));
  CAPTURE_RETURN_IF_ERROR(VerifyInclusion(i, n, leaf, proof, want));
  return Answer();
}

Result<Answer> Consistency(std::string_view size1, std::string_view size2,
                           std::string_view proof_json, std::string_view root1,
                           std::string_view root2) {
  CAPTURE_ASSIGN_OR_RETURN(std::uint64_t n1, Uint64Arg(size1, "size1"));
  CAPTURE_ASSIGN_OR_RETURN(std::uint64_t n2, Uint64Arg(size2, "size2"));
  CAPTURE_ASSIGN_OR_RETURN(std::vector<Hash> proof, ProofArg(proof_json));
  CAPTURE_ASSIGN_OR_RETURN(Hash r1, HashArg(root1, "root1"));
  CAPTURE_ASSIGN_OR_RETURN(Hash r2, HashArg(root2, "root2"));
  CAPTURE_RETURN_IF_ERROR(VerifyConsistency(n1, n2, proof, r1, r2));
  return Answer();
}

Result<Answer> Checkpoint(std::string_view note, std::string_view key_name,
                          std::string_view public_key, std::string_view origin) {
  CAPTURE_ASSIGN_OR_RETURN(PublicKey key, PublicKeyArg(public_key, "public_key"));
  CAPTURE_ASSIGN_OR_RETURN(capture::Checkpoint cp, VerifyCheckpoint(note, key_name, key, origin));
  return Answer()
      .Str("origin", cp.origin)
      .Str("size", std::to_string(cp.size))
      .Str("root", Base64Encode(cp.root))
      .StrList("extensions", cp.extensions);
}

}  // namespace

CAPTURE_WASM_EXPORT(leafHash, LeafHashOf)
CAPTURE_WASM_EXPORT(verifyInclusion, Inclusion)
CAPTURE_WASM_EXPORT(verifyConsistency, Consistency)
CAPTURE_WASM_EXPORT(verifyCheckpoint, Checkpoint)

}  // namespace capture::wasm
