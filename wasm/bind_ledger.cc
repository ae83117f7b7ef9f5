// Merkle proofs and checkpoints (R9, R10): the page checks its receipt with the server's key
// only. Sizes and indexes are decimal strings (they may exceed what a JS number holds exactly);
// hashes are base64, proofs a JSON array of base64 hashes.
#include <emscripten/bind.h>

#include "api_util.h"
#include "capture/checkpoint.h"
#include "capture/encoding.h"
#include "capture/ledger.h"

namespace capture::wasm {
namespace {

Result<Hash> HashArg(const std::string& base64, std::string_view field) {
  auto bytes = Base64Decode(base64);
  if (!bytes.ok()) return MakeError(bytes.error().code, bytes.error().message, std::string(field));
  return HashFromBytes(*bytes);
}

Result<std::vector<Hash>> ProofArg(const std::string& proof_json) {
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

Result<Json> LeafHashOf(const std::string& entry_b64) {
  CAPTURE_ASSIGN_OR_RETURN(Bytes entry, Base64Decode(entry_b64));
  return Json{{"leaf_hash", Base64Encode(LeafHash(entry))}};
}

Result<Json> Inclusion(const std::string& index, const std::string& size,
                       const std::string& leaf_hash, const std::string& proof_json,
                       const std::string& root) {
  CAPTURE_ASSIGN_OR_RETURN(std::uint64_t i, Uint64Arg(index, "leaf_index"));
  CAPTURE_ASSIGN_OR_RETURN(std::uint64_t n, Uint64Arg(size, "tree_size"));
  CAPTURE_ASSIGN_OR_RETURN(Hash leaf, HashArg(leaf_hash, "leaf_hash"));
  CAPTURE_ASSIGN_OR_RETURN(std::vector<Hash> proof, ProofArg(proof_json));
  CAPTURE_ASSIGN_OR_RETURN(Hash want, HashArg(root, "root"));
  CAPTURE_RETURN_IF_ERROR(VerifyInclusion(i, n, leaf, proof, want));
  return Json::object();
}

Result<Json> Consistency(const std::string& size1, const std::string& size2,
                         const std::string& proof_json, const std::string& root1,
                         const std::string& root2) {
  CAPTURE_ASSIGN_OR_RETURN(std::uint64_t n1, Uint64Arg(size1, "size1"));
  CAPTURE_ASSIGN_OR_RETURN(std::uint64_t n2, Uint64Arg(size2, "size2"));
  CAPTURE_ASSIGN_OR_RETURN(std::vector<Hash> proof, ProofArg(proof_json));
  CAPTURE_ASSIGN_OR_RETURN(Hash r1, HashArg(root1, "root1"));
  CAPTURE_ASSIGN_OR_RETURN(Hash r2, HashArg(root2, "root2"));
  CAPTURE_RETURN_IF_ERROR(VerifyConsistency(n1, n2, proof, r1, r2));
  return Json::object();
}

Result<Json> Checkpoint(const std::string& note, const std::string& key_name,
                        const std::string& public_key, const std::string& origin) {
  CAPTURE_ASSIGN_OR_RETURN(PublicKey key, PublicKeyArg(public_key, "public_key"));
  CAPTURE_ASSIGN_OR_RETURN(capture::Checkpoint cp, VerifyCheckpoint(note, key_name, key, origin));
  return Json{{"origin", cp.origin},
              {"size", std::to_string(cp.size)},
              {"root", Base64Encode(cp.root)},
              {"extensions", cp.extensions}};
}

}  // namespace

EMSCRIPTEN_BINDINGS(optin_capture_ledger) {
  emscripten::function("leafHash", &Entry<&LeafHashOf>::Call);
  emscripten::function("verifyInclusion", &Entry<&Inclusion>::Call);
  emscripten::function("verifyConsistency", &Entry<&Consistency>::Call);
  emscripten::function("verifyCheckpoint", &Entry<&Checkpoint>::Call);
}

}  // namespace capture::wasm
