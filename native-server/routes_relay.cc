// POST /v1/relay (partner:<id>): a partner relays envelopes it collected on its own servers,
// countersigned per batch (capture/relay.h, docs/partners.md). The whole request is refused when
// the countersignature does not cover exactly these records or does not verify with the
// partner's registered key; then each envelope is verified like POST /v1/consents, held to the
// partner's registration and to the key its campaign's manifest lists, and its ledger entry
// keeps the countersignature (who is accountable for this lead).
#include <memory>

#include "capture/relay.h"
#include "consent_intake.h"
#include "routes.h"

namespace optin::server {
namespace {

using capture::ErrorCode;
using capture::Json;
using capture::MakeError;
using capture::Result;

// Checks the countersigned batch against the token's partner, its registration and the
// envelopes; everything the records' entries will carry.
Result<RelayIntake> CheckBatch(AppContext& ctx, const std::string& partner_id, const Json& body,
                               const Json& envelopes, std::int64_t now) {
  CAPTURE_ASSIGN_OR_RETURN(const Json* batch_json, capture::GetObject(body, "batch"));
  CAPTURE_ASSIGN_OR_RETURN(capture::RelayBatch batch, capture::ParseRelayBatch(*batch_json));
  if (batch.partner != partner_id) {
    return MakeError(
        ErrorCode::kRelayBatchMismatch,
        "the batch names partner " + batch.partner + ", the token partner " + partner_id,
        "batch.partner");
  }
  std::optional<PartnerRow> partner = ctx.partners.Find(partner_id);
  if (!partner) return MakeError(ErrorCode::kPartnerUnknown, "", "batch.partner");
  CAPTURE_ASSIGN_OR_RETURN(std::string sig_text, capture::GetString(body, "sig"));
  auto sig = capture::Base64DecodeFixed<capture::kEd25519SignatureSize>(sig_text);
  if (!sig.ok()) {
    return MakeError(ErrorCode::kRelaySignatureInvalid,
                     "sig is not base64 of a 64-byte Ed25519 signature", "sig");
  }
  CAPTURE_ASSIGN_OR_RETURN(capture::PublicKey key, capture::PublicKey::FromBase64(partner->key));
  CAPTURE_RETURN_IF_ERROR(capture::VerifyRelayBatch(batch, *sig, key));
  if (batch.relayed_at > now + ctx.config.max_future_skew_ms) {
    return MakeError(ErrorCode::kTimestampInvalid, "relayed_at is in the future",
                     "batch.relayed_at");
  }
  if (batch.records.size() != envelopes.size()) {
    return MakeError(ErrorCode::kRelayBatchMismatch,
                     "the batch lists " + std::to_string(batch.records.size()) +
                         " records, the request holds " + std::to_string(envelopes.size()),
                     "batch.records");
  }
  for (std::size_t i = 0; i < envelopes.size(); ++i) {
    const Json& e = envelopes[i];
    const std::string at = "envelopes[" + std::to_string(i) + "]";
    auto record = e.is_object() ? e.find("record") : e.end();
    std::optional<std::string> canonical;
    if (e.is_object() && record != e.end() && record->is_object()) {
      auto c = capture::CanonicalJson(*record);
      if (c.ok()) canonical = std::move(*c);
    }
    if (!canonical || capture::HexEncode(capture::Sha256(*canonical)) != batch.records[i]) {
      return MakeError(
          ErrorCode::kRelayBatchMismatch,
          "batch.records[" + std::to_string(i) + "] is not the SHA-256 of JCS(" + at + ".record)",
          at + ".record");
    }
  }
  CAPTURE_ASSIGN_OR_RETURN(std::string canonical_batch, capture::RelayBatchCanonical(batch));
  auto row = std::make_shared<RelayBatchRow>();
  row->sha256 = capture::Sha256(canonical_batch);
  row->partner = partner_id;
  row->batch = std::move(canonical_batch);
  row->sig = capture::Base64Encode(*sig);
  row->received_at = now;
  RelayIntake intake;
  intake.partner = std::move(*partner);
  intake.ref = RelayRef{capture::HexEncode(row->sha256), partner_id, row->sig};
  intake.batch = std::move(row);
  return intake;
}

}  // namespace

Result<HttpReply> PostRelay(AppContext& ctx, const HttpRequest& req) {
  CAPTURE_ASSIGN_OR_RETURN(std::string partner_id, PartnerOfRequest(ctx, req));
  CAPTURE_ASSIGN_OR_RETURN(Json body, ParseJsonBody(ctx, req));
  CAPTURE_RETURN_IF_ERROR(capture::CheckMembers(body, {"batch", "sig", "envelopes"}));
  CAPTURE_ASSIGN_OR_RETURN(const Json* envelopes, capture::GetArray(body, "envelopes"));
  if (envelopes->empty() || envelopes->size() > ctx.config.max_batch_records) {
    return MakeError(
        envelopes->empty() ? ErrorCode::kRequestInvalid : ErrorCode::kBatchTooLarge,
        "a relayed batch holds 1 to " + std::to_string(ctx.config.max_batch_records) + " envelopes",
        "envelopes");
  }
  CAPTURE_RETURN_IF_ERROR(ctx.sequencer->Admits());
  const std::int64_t now = NowMillis();
  auto intake = CheckBatch(ctx, partner_id, body, *envelopes, now);
  if (!intake.ok()) {
    // The partner is authenticated by its token: its refused batch counts against each source.
    for (const auto& e : *envelopes) {
      auto [campaign, source] = ClaimedOrigin(e);
      ctx.refusals->Add(campaign, source, intake.error(), now);
    }
    return intake.error();
  }
  // The batch is checked (CheckBatch kept what it needs), so each envelope is handed over as in
  // PostConsents; GetArray found the member above.
  std::vector<PreparedEnvelope> prepared;
  for (auto& e : *body.find("envelopes")) {
    prepared.push_back(PrepareEnvelope(ctx, std::move(e), now, &*intake));
  }
  CAPTURE_ASSIGN_OR_RETURN(auto outcomes, CommitEnvelopes(ctx, prepared, now));
  return HttpReply::Json(
      Json{{"batch_sha256", intake->ref.batch_sha256}, {"results", BatchResults(outcomes)}});
}

}  // namespace optin::server
