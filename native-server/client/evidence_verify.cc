#include "evidence_verify.h"

#include <algorithm>

#include "capture/checkpoint.h"
#include "capture/json.h"
#include "capture/ledger.h"
#include "capture/manifest.h"
#include "capture/record.h"
#include "capture/relay.h"
#include "evidence_format.h"
#include "ledger_entries.h"
#include "verification.h"

namespace optin::client {
namespace {

using capture::ErrorCode;
using capture::Json;
using capture::MakeError;
using capture::Result;

// Wraps a failure so the message names the check that failed.
capture::Error Failed(std::string_view check, const capture::Error& e) {
  capture::Error out = e;
  out.message = "check " + std::string(check) + " failed: " + e.message;
  return out;
}

Result<std::uint64_t> GetUint(const Json& object, const char* key, const char* path) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_number_unsigned()) {
    return MakeError(ErrorCode::kJsonWrongType,
                     std::string(path) + "." + key + " must be an unsigned integer",
                     std::string(path) + "." + key);
  }
  return it->get<std::uint64_t>();
}

Result<std::vector<capture::Hash>> GetProof(const Json& object, const char* path) {
  CAPTURE_ASSIGN_OR_RETURN(const Json* list, capture::GetArray(object, "inclusion_proof", path));
  std::vector<capture::Bytes> raw;
  for (const auto& item : *list) {
    if (!item.is_string()) return MakeError(ErrorCode::kProofMalformed, "proof items are base64");
    CAPTURE_ASSIGN_OR_RETURN(capture::Bytes bytes, capture::Base64Decode(item.get<std::string>()));
    raw.push_back(std::move(bytes));
  }
  return capture::ProofFromBytes(raw);
}

Result<capture::Hash> GetHash(const Json& object, const char* key, const char* path) {
  CAPTURE_ASSIGN_OR_RETURN(std::string text, capture::GetString(object, key, path));
  CAPTURE_ASSIGN_OR_RETURN(capture::Bytes bytes, capture::Base64Decode(text));
  return capture::HashFromBytes(bytes);
}

capture::Status CheckKeys(const Json& keys, std::string_view vkey,
                          const capture::PublicKey& advertiser) {
  CAPTURE_RETURN_IF_ERROR(capture::CheckMembers(keys, {"log", "advertiser"}, "keys"));
  CAPTURE_ASSIGN_OR_RETURN(const Json* log, capture::GetObject(keys, "log", "keys"));
  CAPTURE_ASSIGN_OR_RETURN(const Json* adv, capture::GetObject(keys, "advertiser", "keys"));
  CAPTURE_RETURN_IF_ERROR(capture::CheckMembers(*log, {"vkey", "sha256"}, "keys.log"));
  CAPTURE_RETURN_IF_ERROR(capture::CheckMembers(*adv, {"key", "sha256"}, "keys.advertiser"));
  CAPTURE_ASSIGN_OR_RETURN(auto parsed, capture::ParseVerifierKey(vkey));
  CAPTURE_ASSIGN_OR_RETURN(std::string log_vkey, capture::GetString(*log, "vkey", "keys.log"));
  CAPTURE_ASSIGN_OR_RETURN(std::string log_fp, capture::GetString(*log, "sha256", "keys.log"));
  CAPTURE_ASSIGN_OR_RETURN(std::string adv_key, capture::GetString(*adv, "key", "keys.advertiser"));
  CAPTURE_ASSIGN_OR_RETURN(std::string adv_fp,
                           capture::GetString(*adv, "sha256", "keys.advertiser"));
  if (log_vkey != vkey || log_fp != server::KeyFingerprint(parsed.second)) {
    return MakeError(ErrorCode::kKeyInvalid, "the bundle names another log key", "keys.log");
  }
  if (adv_key != advertiser.ToBase64() || adv_fp != server::KeyFingerprint(advertiser)) {
    return MakeError(ErrorCode::kKeyInvalid, "the bundle names another advertiser key",
                     "keys.advertiser");
  }
  return capture::OkStatus();
}

// The partner countersignature of a relayed record: the batch verifies with the key the signed
// manifest lists for the record's partner, and lists this record's hash.
Result<server::RelayRef> CheckRelay(const Json& relay, const capture::Manifest& manifest,
                                    const capture::Envelope& envelope, EvidenceReport& report) {
  CAPTURE_RETURN_IF_ERROR(capture::CheckMembers(relay, {"batch", "sig"}, "relay"));
  CAPTURE_ASSIGN_OR_RETURN(const Json* batch_json, capture::GetObject(relay, "batch", "relay"));
  CAPTURE_ASSIGN_OR_RETURN(capture::RelayBatch batch, capture::ParseRelayBatch(*batch_json));
  CAPTURE_ASSIGN_OR_RETURN(std::string sig_text, capture::GetString(relay, "sig", "relay"));
  auto sig = capture::Base64DecodeFixed<capture::kEd25519SignatureSize>(sig_text);
  if (!sig.ok()) {
    return MakeError(ErrorCode::kRelaySignatureInvalid, "not a 64-byte signature", "relay.sig");
  }
  const Json& source = envelope.record.contains("source") ? envelope.record["source"] : Json();
  const std::string partner = source.is_object() ? source.value("partner", std::string()) : "";
  if (batch.partner != partner) {
    return MakeError(ErrorCode::kRelayBatchMismatch,
                     "the batch is partner " + batch.partner + "'s, the record names " + partner,
                     "relay.batch.partner");
  }
  const capture::PartnerSpec* listed = manifest.FindPartner(partner);
  if (listed == nullptr) {
    return MakeError(ErrorCode::kPartnerNotAllowed, "the manifest lists no partner " + partner,
                     "relay.batch.partner");
  }
  auto verified = capture::VerifyRelayBatch(batch, *sig, listed->key);
  if (!verified.ok()) {
    capture::Error e = verified.error();
    e.field = "relay.sig";
    return e;
  }
  const std::string mine = capture::RecordSha256Hex(envelope);
  if (std::find(batch.records.begin(), batch.records.end(), mine) == batch.records.end()) {
    return MakeError(ErrorCode::kRelayBatchMismatch, "the batch does not list this record",
                     "relay.batch.records");
  }
  report.relayed_by = partner;
  report.relayed_by_name = listed->name;
  report.relayed_at = capture::FormatRfc3339Millis(batch.relayed_at);
  report.relay_batch_records = batch.records.size();
  CAPTURE_ASSIGN_OR_RETURN(std::string batch_sha256, capture::RelayBatchSha256Hex(batch));
  return server::RelayRef{std::move(batch_sha256), partner, capture::Base64Encode(*sig)};
}

// Issue 5: the verification entry of this record, in a later signed checkpoint of the same log
// (inclusion) that extends the receipt's checkpoint (consistency), with the method the signed
// manifest's policy names.
capture::Status CheckVerification(const Json& v, const capture::Manifest& manifest,
                                  std::string_view vkey, const capture::Checkpoint& receipt_cp,
                                  EvidenceReport& report) {
  CAPTURE_RETURN_IF_ERROR(capture::CheckMembers(
      v, {"entry", "leaf_index", "tree_size", "checkpoint", "inclusion_proof", "consistency_proof"},
      "verification"));
  CAPTURE_ASSIGN_OR_RETURN(const Json* entry, capture::GetObject(v, "entry", "verification"));
  const char* at = "verification.entry";
  CAPTURE_RETURN_IF_ERROR(capture::CheckMembers(
      *entry, {"at", "by", "how", "method", "record", "sent_at", "type"}, at));
  CAPTURE_ASSIGN_OR_RETURN(std::string type, capture::GetString(*entry, "type", at));
  CAPTURE_ASSIGN_OR_RETURN(std::string record, capture::GetString(*entry, "record", at));
  CAPTURE_ASSIGN_OR_RETURN(report.verification_method, capture::GetString(*entry, "method", at));
  CAPTURE_ASSIGN_OR_RETURN(report.verified_how, capture::GetString(*entry, "how", at));
  CAPTURE_ASSIGN_OR_RETURN(report.verified_by, capture::GetString(*entry, "by", at));
  CAPTURE_ASSIGN_OR_RETURN(report.verified_at, capture::GetString(*entry, "at", at));
  if (type != server::kVerificationType || record != report.record_id) {
    return MakeError(ErrorCode::kRecordInvalid, "not the verification of this record",
                     "verification.entry.record");
  }
  if (report.verification_method != manifest.policy.verification) {
    return MakeError(ErrorCode::kRecordInvalid,
                     "the campaign's policy verifies by " + manifest.policy.verification,
                     "verification.entry.method");
  }
  CAPTURE_ASSIGN_OR_RETURN(std::string canonical, capture::CanonicalJson(*entry));
  const capture::Hash leaf = capture::LeafHash(capture::AsBytes(canonical));
  CAPTURE_ASSIGN_OR_RETURN(std::string note, capture::GetString(v, "checkpoint", "verification"));
  CAPTURE_ASSIGN_OR_RETURN(std::uint64_t index, GetUint(v, "leaf_index", "verification"));
  CAPTURE_ASSIGN_OR_RETURN(std::uint64_t size, GetUint(v, "tree_size", "verification"));
  if (index <= report.leaf_index) {
    return MakeError(ErrorCode::kProofInvalid, "the verification precedes the record",
                     "verification.leaf_index");
  }
  CAPTURE_ASSIGN_OR_RETURN(auto key, capture::ParseVerifierKey(vkey));
  CAPTURE_ASSIGN_OR_RETURN(capture::Checkpoint cp,
                           capture::VerifyCheckpoint(note, key.first, key.second));
  if (cp.size != size) {
    return MakeError(ErrorCode::kCheckpointMalformed, "tree_size differs from checkpoint",
                     "verification.tree_size");
  }
  CAPTURE_ASSIGN_OR_RETURN(auto inclusion, GetProof(v, "verification"));
  CAPTURE_RETURN_IF_ERROR(capture::VerifyInclusion(index, cp.size, leaf, inclusion, cp.root));
  // The same log: the later tree extends the one the receipt's checkpoint signed.
  auto listed = v.find("consistency_proof");
  const Json consistency_holder = {
      {"inclusion_proof", listed == v.end() ? Json::array() : *listed}};
  CAPTURE_ASSIGN_OR_RETURN(auto consistency, GetProof(consistency_holder, "verification"));
  return capture::VerifyConsistency(receipt_cp.size, cp.size, consistency, receipt_cp.root,
                                    cp.root);
}

class Verifier {
 public:
  Verifier(std::string_view vkey, const capture::PublicKey& advertiser)
      : vkey_(vkey), advertiser_(advertiser) {}

  Result<EvidenceReport> Run(std::string_view text);

 private:
  // Runs one named check; on success records what it proves.
  template <class F>
  capture::Status Check(std::string_view name, std::string_view proves, F&& f) {
    capture::Status s = f();
    if (!s.ok()) return Failed(name, s.error());
    report_.checks.push_back({std::string(name), std::string(proves)});
    return capture::OkStatus();
  }

  std::string_view vkey_;
  const capture::PublicKey& advertiser_;
  EvidenceReport report_;
};

Result<EvidenceReport> Verifier::Run(std::string_view text) {
  Json bundle;
  const Json* campaign = nullptr;
  const Json* receipt = nullptr;
  std::optional<capture::Manifest> manifest;
  std::optional<capture::Envelope> envelope;
  std::string manifest_sig;
  capture::Hash leaf{};
  capture::Checkpoint cp;

  if (auto s = Check(
          "bundle", "the file is a well-formed evidence bundle",
          [&]() -> capture::Status {
            CAPTURE_ASSIGN_OR_RETURN(bundle, capture::ParseJson(text));
            CAPTURE_RETURN_IF_ERROR(
                capture::CheckMembers(bundle, {"format", "campaign", "envelope", "erased",
                                               "receipt", "keys", "relay", "verification"}));
            CAPTURE_ASSIGN_OR_RETURN(std::string format, capture::GetString(bundle, "format"));
            if (format != server::kEvidenceFormat) {
              return MakeError(ErrorCode::kRecordInvalid, "unknown format '" + format + "'",
                               "format");
            }
            CAPTURE_ASSIGN_OR_RETURN(report_.erased, capture::GetBool(bundle, "erased"));
            CAPTURE_ASSIGN_OR_RETURN(campaign, capture::GetObject(bundle, "campaign"));
            CAPTURE_RETURN_IF_ERROR(capture::CheckMembers(
                *campaign, {"signed_manifest", "leaf_index", "inclusion_proof"}, "campaign"));
            CAPTURE_ASSIGN_OR_RETURN(receipt, capture::GetObject(bundle, "receipt"));
            return capture::CheckMembers(*receipt,
                                         {"record_id", "leaf_index", "leaf_hash", "server_time",
                                          "tree_size", "checkpoint", "inclusion_proof"},
                                         "receipt");
          });
      !s.ok()) {
    return s.error();
  }
  if (auto s = Check("keys", "the bundle names exactly the keys you trust",
                     [&]() -> capture::Status {
                       CAPTURE_ASSIGN_OR_RETURN(const Json* keys,
                                                capture::GetObject(bundle, "keys"));
                       return CheckKeys(*keys, vkey_, advertiser_);
                     });
      !s.ok()) {
    return s.error();
  }
  if (auto s = Check(
          "manifest_signature",
          "the advertiser signed this campaign manifest: its texts, fields, purposes and policy",
          [&]() -> capture::Status {
            CAPTURE_ASSIGN_OR_RETURN(const Json* signed_manifest,
                                     capture::GetObject(*campaign, "signed_manifest", "campaign"));
            CAPTURE_ASSIGN_OR_RETURN(
                manifest_sig, capture::GetString(*signed_manifest, "sig", "signed_manifest"));
            CAPTURE_ASSIGN_OR_RETURN(
                manifest, capture::VerifySignedManifest(signed_manifest->dump(), advertiser_));
            report_.campaign = manifest->campaign_id;
            report_.version = manifest->version;
            return capture::OkStatus();
          });
      !s.ok()) {
    return s.error();
  }
  if (auto s = Check(
          "record_signature", "the capturing device signed this consent record, unchanged since",
          [&]() -> capture::Status {
            CAPTURE_ASSIGN_OR_RETURN(const Json* env, capture::GetObject(bundle, "envelope"));
            CAPTURE_ASSIGN_OR_RETURN(envelope, capture::ParseEnvelope(*env));
            return capture::VerifyRecordSignature(*envelope);
          });
      !s.ok()) {
    return s.error();
  }
  if (auto s = Check(
          "record_matches_campaign",
          report_.erased ? "the record names this campaign version and its shown texts (the "
                           "personal data was erased; the commitments remain)"
                         : "the record names this campaign version and its shown texts, and every "
                           "disclosed value matches its signed commitment and the field rules",
          [&]() -> capture::Status {
            capture::VerifyOptions options;
            options.check_clock = false;
            if (report_.erased) {
              if (!envelope->disclosures.empty()) {
                return MakeError(ErrorCode::kRecordInvalid, "erased but disclosures present",
                                 "erased");
              }
              return capture::OkStatus();
            }
            CAPTURE_ASSIGN_OR_RETURN(
                auto verified, capture::VerifyEnvelope(bundle["envelope"], *manifest, options));
            report_.record_id = verified.id;
            return capture::OkStatus();
          });
      !s.ok()) {
    return s.error();
  }
  std::optional<server::RelayRef> relay;
  if (bundle.contains("relay")) {
    if (auto s = Check("relay_countersignature",
                       "the partner named by the record's traffic code countersigned this "
                       "record, with the key the advertiser's manifest lists for it: it is "
                       "accountable for relaying this lead",
                       [&]() -> capture::Status {
                         CAPTURE_ASSIGN_OR_RETURN(
                             relay, CheckRelay(bundle["relay"], *manifest, *envelope, report_));
                         return capture::OkStatus();
                       });
        !s.ok()) {
      return s.error();
    }
  }
  if (auto s = Check(
          "ledger_entry",
          "the receipt's leaf hash is exactly this record, signature and server time",
          [&]() -> capture::Status {
            CAPTURE_ASSIGN_OR_RETURN(std::string id,
                                     capture::GetString(*receipt, "record_id", "receipt"));
            const auto* rid = envelope->record.contains("id") ? &envelope->record["id"] : nullptr;
            if (rid == nullptr || !rid->is_string() || rid->get<std::string>() != id) {
              return MakeError(ErrorCode::kRecordInvalid, "receipt is for another record",
                               "receipt.record_id");
            }
            report_.record_id = id;
            CAPTURE_ASSIGN_OR_RETURN(report_.server_time,
                                     capture::GetString(*receipt, "server_time", "receipt"));
            CAPTURE_ASSIGN_OR_RETURN(capture::UnixMillis at,
                                     capture::ParseRfc3339Millis(report_.server_time));
            const std::string entry =
                server::ConsentEntry(envelope->canonical, capture::Base64Encode(envelope->sig), at,
                                     relay ? &*relay : nullptr);
            CAPTURE_ASSIGN_OR_RETURN(leaf, GetHash(*receipt, "leaf_hash", "receipt"));
            if (capture::LeafHash(capture::AsBytes(entry)) != leaf) {
              return MakeError(ErrorCode::kProofInvalid, "leaf hash differs from the entry",
                               "receipt.leaf_hash");
            }
            return capture::OkStatus();
          });
      !s.ok()) {
    return s.error();
  }
  if (auto s = Check(
          "checkpoint_signature", "the log signed a tree of this size and root",
          [&]() -> capture::Status {
            CAPTURE_ASSIGN_OR_RETURN(std::string note,
                                     capture::GetString(*receipt, "checkpoint", "receipt"));
            CAPTURE_ASSIGN_OR_RETURN(auto key, capture::ParseVerifierKey(vkey_));
            CAPTURE_ASSIGN_OR_RETURN(cp, capture::VerifyCheckpoint(note, key.first, key.second));
            CAPTURE_ASSIGN_OR_RETURN(report_.tree_size, GetUint(*receipt, "tree_size", "receipt"));
            if (report_.tree_size != cp.size) {
              return MakeError(ErrorCode::kCheckpointMalformed, "tree_size differs from checkpoint",
                               "receipt.tree_size");
            }
            return capture::OkStatus();
          });
      !s.ok()) {
    return s.error();
  }
  if (auto s = Check(
          "record_in_log", "the record is in the append-only log under that signed checkpoint",
          [&]() -> capture::Status {
            CAPTURE_ASSIGN_OR_RETURN(report_.leaf_index,
                                     GetUint(*receipt, "leaf_index", "receipt"));
            CAPTURE_ASSIGN_OR_RETURN(auto proof, GetProof(*receipt, "receipt"));
            return capture::VerifyInclusion(report_.leaf_index, cp.size, leaf, proof, cp.root);
          });
      !s.ok()) {
    return s.error();
  }
  if (auto s =
          Check("manifest_in_log", "the campaign manifest was published in the same log before",
                [&]() -> capture::Status {
                  CAPTURE_ASSIGN_OR_RETURN(std::uint64_t index,
                                           GetUint(*campaign, "leaf_index", "campaign"));
                  CAPTURE_ASSIGN_OR_RETURN(auto proof, GetProof(*campaign, "campaign"));
                  CAPTURE_ASSIGN_OR_RETURN(std::string entry,
                                           server::ManifestEntry(*manifest, manifest_sig));
                  if (index >= report_.leaf_index) {
                    return MakeError(ErrorCode::kProofInvalid,
                                     "manifest published after the record", "campaign.leaf_index");
                  }
                  return capture::VerifyInclusion(
                      index, cp.size, capture::LeafHash(capture::AsBytes(entry)), proof, cp.root);
                });
      !s.ok()) {
    return s.error();
  }
  if (bundle.contains("verification")) {
    if (auto s = Check("verification_in_log",
                       "the person confirmed this opt-in before the call (how and when the entry "
                       "says), in a verification entry appended to the same log after the record",
                       [&]() -> capture::Status {
                         return CheckVerification(bundle["verification"], *manifest, vkey_, cp,
                                                  report_);
                       });
        !s.ok()) {
      return s.error();
    }
  }
  return report_;
}

}  // namespace

Result<EvidenceReport> VerifyEvidenceBundle(std::string_view bundle, std::string_view server_vkey,
                                            const capture::PublicKey& advertiser) {
  Verifier verifier(server_vkey, advertiser);
  return verifier.Run(bundle);
}

}  // namespace optin::client
