// The server's receipt (R9, R10): the page checks it with the log's verifier key alone. The
// checkpoint must carry a valid signature by that key, and the inclusion proof must lead from the
// record's leaf hash to the checkpoint's root, so the record is in the log the server signed.
//
// Receipt members read here (the server's POST /v1/consents answer): record_id, leaf_index
// (integer or decimal string), leaf_hash (base64), checkpoint (the signed note text) and
// inclusion_proof (array of base64 hashes), and server_time when an envelope is given. Other
// members (tree_size, withdrawal_token, ...) are the page's to show.
//
// With the envelope the page sent, the receipt is also bound to that exact record: the leaf must
// be the server's consent entry for it (docs/ledger.md, native-server/ledger_entries.h):
//   JCS({"received_at": server_time, "record": record, "sig": sig, "type": "consent_record"}).
#include "api_util.h"
#include "capture/checkpoint.h"
#include "capture/encoding.h"
#include "capture/ledger.h"

namespace capture::wasm {
namespace {

Result<std::uint64_t> IndexMember(const Json& receipt, std::string_view key) {
  auto it = receipt.find(key);
  if (it == receipt.end()) {
    return MakeError(ErrorCode::kJsonMissingMember, "the receipt has no leaf index",
                     std::string(key));
  }
  if (it->is_number_unsigned()) return it->get<std::uint64_t>();
  if (it->is_string()) return Uint64Arg(it->get<std::string>(), key);
  return MakeError(ErrorCode::kJsonWrongType, "the leaf index must be a non-negative integer",
                   std::string(key));
}

Result<Hash> HashMember(const Json& object, std::string_view key) {
  CAPTURE_ASSIGN_OR_RETURN(std::string text, GetString(object, key));
  auto bytes = Base64Decode(text);
  if (!bytes.ok()) return MakeError(bytes.error().code, bytes.error().message, std::string(key));
  return HashFromBytes(*bytes);
}

Result<std::vector<Hash>> ProofMember(const Json& receipt) {
  CAPTURE_ASSIGN_OR_RETURN(const Json* list, GetArray(receipt, "inclusion_proof"));
  std::vector<Bytes> proof;
  for (const Json& item : *list) {
    if (!item.is_string()) {
      return MakeError(ErrorCode::kProofMalformed, "proof hashes are base64 strings",
                       "inclusion_proof");
    }
    auto bytes = Base64Decode(item.get<std::string>());
    if (!bytes.ok()) return MakeError(ErrorCode::kProofMalformed, "", "inclusion_proof");
    proof.push_back(std::move(*bytes));
  }
  return ProofFromBytes(proof);
}

// The leaf must be the consent entry of this envelope's record, received at the receipt's time.
Status CheckLeafIsRecord(const Json& receipt, const Hash& leaf, const std::string& record_id,
                         std::string_view envelope_json) {
  CAPTURE_ASSIGN_OR_RETURN(Json envelope, JsonArg(envelope_json, "envelope"));
  CAPTURE_ASSIGN_OR_RETURN(const Json* record, GetObject(envelope, "record", "envelope"));
  CAPTURE_ASSIGN_OR_RETURN(std::string sig, GetString(envelope, "sig", "envelope"));
  CAPTURE_ASSIGN_OR_RETURN(std::string id, GetString(*record, "id", "envelope.record"));
  CAPTURE_ASSIGN_OR_RETURN(std::string received_at, GetString(receipt, "server_time"));
  if (id != record_id) {
    return MakeError(ErrorCode::kProofInvalid, "the receipt names another record id", "record_id");
  }
  const Json entry{
      {"received_at", received_at}, {"record", *record}, {"sig", sig}, {"type", "consent_record"}};
  CAPTURE_ASSIGN_OR_RETURN(std::string canonical, CanonicalJson(entry));
  if (LeafHash(AsBytes(canonical)) != leaf) {
    return MakeError(ErrorCode::kProofInvalid, "the receipt's leaf is not this record's log entry",
                     "leaf_hash");
  }
  return OkStatus();
}

Result<Answer> VerifyReceiptJson(std::string_view receipt_json, std::string_view server_vkey,
                                 std::string_view envelope_json) {
  CAPTURE_ASSIGN_OR_RETURN(Json receipt, JsonArg(receipt_json, "receipt"));
  if (!receipt.is_object()) {
    return MakeError(ErrorCode::kJsonWrongType, "the receipt must be a JSON object", "receipt");
  }
  CAPTURE_ASSIGN_OR_RETURN(auto named_key, ParseVerifierKey(server_vkey));
  const auto& [key_name, key] = named_key;
  CAPTURE_ASSIGN_OR_RETURN(std::string record_id, GetString(receipt, "record_id"));
  CAPTURE_ASSIGN_OR_RETURN(std::uint64_t index, IndexMember(receipt, "leaf_index"));
  CAPTURE_ASSIGN_OR_RETURN(Hash leaf, HashMember(receipt, "leaf_hash"));
  CAPTURE_ASSIGN_OR_RETURN(std::string note, GetString(receipt, "checkpoint"));
  CAPTURE_ASSIGN_OR_RETURN(std::vector<Hash> proof, ProofMember(receipt));
  // Any origin: the key pins the log; an origin check would only repeat what the key says.
  CAPTURE_ASSIGN_OR_RETURN(capture::Checkpoint cp, VerifyCheckpoint(note, key_name, key));
  CAPTURE_RETURN_IF_ERROR(VerifyInclusion(index, cp.size, leaf, proof, cp.root));
  if (!envelope_json.empty()) {
    CAPTURE_RETURN_IF_ERROR(CheckLeafIsRecord(receipt, leaf, record_id, envelope_json));
  }
  return Answer()
      .Str("record_id", record_id)
      .Str("leaf_index", std::to_string(index))
      .Str("leaf_hash", Base64Encode(leaf))
      .Str("origin", cp.origin)
      .Str("tree_size", std::to_string(cp.size))
      .Str("root", Base64Encode(cp.root))
      .Str("key_name", key_name)
      .Bool("record_bound", !envelope_json.empty());
}

}  // namespace

CAPTURE_WASM_EXPORT(verifyReceipt, VerifyReceiptJson)

}  // namespace capture::wasm
