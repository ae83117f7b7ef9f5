// GET /v1/evidence/{record_id}: everything a third party needs to check one opt-in offline
// (docs/ledger.md, "Evidence bundle"): the signed manifest and its ledger entry, the envelope with
// the decrypted disclosures, the receipt with the checkpoint and inclusion proofs, the keys, and
// for a relayed record the partner's countersigned batch.
#include "capture/checkpoint.h"
#include "capture/json.h"
#include "evidence_format.h"
#include "receipts.h"
#include "routes.h"
#include "subject_vault.h"

namespace optin::server {
namespace {

using capture::ErrorCode;
using capture::Json;
using capture::MakeError;
using capture::Result;

// The disclosures as submitted, or null once the subject key was destroyed (erasure).
Result<Json> Disclosures(AppContext& ctx, const std::string& record_id) {
  CAPTURE_ASSIGN_OR_RETURN(auto row, ctx.storage->FindDisclosure(record_id));
  if (!row) return Json();
  if (!row->wrapped_key) return Json();
  CAPTURE_ASSIGN_OR_RETURN(auto key, ctx.vault->UnwrapSubjectKey(*row->wrapped_key, row->subject));
  CAPTURE_ASSIGN_OR_RETURN(std::string plain, SubjectVault::Open(key, row->sealed, record_id));
  return capture::ParseJson(plain);
}

Result<Json> EntryJson(AppContext& ctx, std::uint64_t index) {
  CAPTURE_ASSIGN_OR_RETURN(auto rows, ctx.storage->Entries(index, index + 1));
  if (rows.size() != 1) return MakeError(ErrorCode::kStorageUnavailable, "entry missing");
  return capture::ParseJson(rows[0].bytes);
}

// A relayed record's countersigned batch, as the partner signed it (docs/partners.md); null for
// a record that was not relayed.
Result<Json> Relay(AppContext& ctx, const Json& entry) {
  auto relay = entry.find("relay");
  if (relay == entry.end()) return Json();
  CAPTURE_ASSIGN_OR_RETURN(std::string hex,
                           capture::GetString(*relay, "batch_sha256", "entry.relay"));
  CAPTURE_ASSIGN_OR_RETURN(auto sha, capture::HexDecodeFixed<capture::kSha256Size>(hex));
  CAPTURE_ASSIGN_OR_RETURN(auto row, ctx.storage->FindRelayBatch(sha));
  if (!row) return MakeError(ErrorCode::kStorageUnavailable, "relay batch " + hex + " missing");
  CAPTURE_ASSIGN_OR_RETURN(Json batch, capture::ParseJson(row->batch));
  return Json{{"batch", std::move(batch)}, {"sig", row->sig}};
}

// Issue 5: how and when the number was verified before calling, as its ledger entry with an
// inclusion proof under the latest checkpoint and a consistency proof from the receipt's
// checkpoint to it; null when the record was not verified (yet).
Result<Json> Verification(AppContext& ctx, const RecordRow& record) {
  CAPTURE_ASSIGN_OR_RETURN(auto v, ctx.storage->FindVerification(record.id));
  if (!v || !v->verified_at || !v->leaf_index) return Json();
  CAPTURE_ASSIGN_OR_RETURN(auto cp, ctx.storage->LatestCheckpoint());
  if (!cp || cp->size <= *v->leaf_index) {
    return MakeError(ErrorCode::kStorageUnavailable, "no checkpoint covers the verification");
  }
  CAPTURE_ASSIGN_OR_RETURN(Json entry, EntryJson(ctx, *v->leaf_index));
  CAPTURE_ASSIGN_OR_RETURN(
      auto inclusion, capture::MakeInclusionProof(*v->leaf_index, cp->size, StoredSubtrees(ctx)));
  CAPTURE_ASSIGN_OR_RETURN(
      auto consistency,
      capture::MakeConsistencyProof(record.checkpoint_size, cp->size, StoredSubtrees(ctx)));
  return Json{{"entry", std::move(entry)},
              {"leaf_index", *v->leaf_index},
              {"tree_size", cp->size},
              {"checkpoint", cp->note},
              {"inclusion_proof", ProofJson(inclusion)},
              {"consistency_proof", ProofJson(consistency)}};
}

}  // namespace

Result<HttpReply> GetEvidence(AppContext& ctx, const HttpRequest& req) {
  const std::string& id = req.path_params[0];
  CAPTURE_ASSIGN_OR_RETURN(auto row, ctx.storage->FindRecord(id));
  if (!row) return MakeError(ErrorCode::kNotFound, "no record with this id", "record_id");
  CAPTURE_ASSIGN_OR_RETURN(PublishedCampaign campaign,
                           ctx.campaigns.Find(row->campaign, row->version));
  CAPTURE_ASSIGN_OR_RETURN(Json entry, EntryJson(ctx, row->leaf_index));
  CAPTURE_ASSIGN_OR_RETURN(Json disclosures, Disclosures(ctx, id));
  CAPTURE_ASSIGN_OR_RETURN(Json relay, Relay(ctx, entry));
  CAPTURE_ASSIGN_OR_RETURN(Json receipt, BuildReceipt(ctx, *row, "", false));
  CAPTURE_ASSIGN_OR_RETURN(auto manifest_proof,
                           capture::MakeInclusionProof(campaign.row.leaf_index,
                                                       row->checkpoint_size, StoredSubtrees(ctx)));
  CAPTURE_ASSIGN_OR_RETURN(Json signed_manifest, capture::ParseJson(campaign.row.signed_json));
  Json envelope = {{"record", entry["record"]}, {"sig", entry["sig"]}};
  envelope["disclosures"] = disclosures.is_null() ? Json::object() : disclosures;
  const auto& advertiser = campaign.manifest->advertiser_key;
  const std::string advertiser_b64 = advertiser ? advertiser->ToBase64() : std::string();
  Json bundle = {
      {"format", kEvidenceFormat},
      {"campaign",
       {{"signed_manifest", signed_manifest},
        {"leaf_index", campaign.row.leaf_index},
        {"inclusion_proof", ProofJson(manifest_proof)}}},
      {"envelope", envelope},
      {"erased", disclosures.is_null()},
      {"receipt", receipt},
      {"keys",
       {{"log",
         {{"vkey", ctx.server_vkey}, {"sha256", KeyFingerprint(ctx.server_key->public_key())}}},
        {"advertiser",
         {{"key", advertiser_b64},
          {"sha256", advertiser ? KeyFingerprint(*advertiser) : std::string()}}}}}};
  if (!relay.is_null()) bundle["relay"] = std::move(relay);
  CAPTURE_ASSIGN_OR_RETURN(Json verification, Verification(ctx, *row));
  if (!verification.is_null()) bundle["verification"] = std::move(verification);
  return HttpReply::Json(bundle);
}

}  // namespace optin::server
