// POST /v1/consents: verify each envelope with the core against its published manifest, queue
// the accepted ones for the sequencer, and answer receipts only after their batch committed.
#include <future>

#include "capture/record.h"
#include "ledger_entries.h"
#include "receipts.h"
#include "routes.h"

namespace optin::server {
namespace {

using capture::ErrorCode;
using capture::Json;
using capture::MakeError;
using capture::Result;

// One envelope after verification: either a ledger item or a repeat of a stored record.
struct Prepared {
  std::optional<capture::Error> error;
  std::optional<LedgerWork> work;
  std::optional<RecordRow> existing;
};

Result<PublishedCampaign> CampaignOf(AppContext& ctx, const Json& envelope) {
  if (!envelope.is_object()) {
    return MakeError(ErrorCode::kJsonWrongType, "an envelope must be a JSON object");
  }
  CAPTURE_ASSIGN_OR_RETURN(const Json* record, capture::GetObject(envelope, "record"));
  CAPTURE_ASSIGN_OR_RETURN(const Json* campaign, capture::GetObject(*record, "campaign", "record"));
  CAPTURE_ASSIGN_OR_RETURN(std::string id, capture::GetString(*campaign, "id", "record.campaign"));
  CAPTURE_ASSIGN_OR_RETURN(std::int64_t version,
                           capture::GetInt(*campaign, "version", "record.campaign"));
  return ctx.campaigns.Find(id, version);
}

// The person the disclosures belong to: phone, else e-mail, else the record alone.
std::pair<std::string, std::string> SubjectOf(const capture::Manifest& m,
                                              const capture::VerifiedRecord& v) {
  for (auto type : {capture::FieldType::kPhoneNl, capture::FieldType::kEmail}) {
    for (const auto& f : m.fields) {
      auto it = v.values.find(f.name);
      if (f.rules.type == type && it != v.values.end() && !it->second.empty()) {
        return {type == capture::FieldType::kPhoneNl ? "phone" : "email", it->second};
      }
    }
  }
  return {"record", v.id};
}

// Every phone number and e-mail address the record discloses, as match keys (computed here, on
// the HTTP thread, so the sequencer only writes them).
Result<std::vector<RecordKeyRow>> KeysOf(const SubjectVault& vault, const capture::Manifest& m,
                                         const capture::VerifiedRecord& v) {
  std::vector<RecordKeyRow> out;
  for (const auto& f : m.fields) {
    const bool phone = f.rules.type == capture::FieldType::kPhoneNl;
    if (!phone && f.rules.type != capture::FieldType::kEmail) continue;
    auto it = v.values.find(f.name);
    if (it == v.values.end() || it->second.empty()) continue;
    const std::string kind = phone ? "phone" : "email";
    CAPTURE_ASSIGN_OR_RETURN(capture::Bytes key, vault.MatchKey(kind, it->second));
    out.push_back(RecordKeyRow{v.id, kind, std::move(key)});
  }
  return out;
}

Prepared Prepare(AppContext& ctx, const Json& envelope, std::int64_t now) {
  auto campaign = CampaignOf(ctx, envelope);
  if (!campaign.ok()) return {campaign.error(), {}, {}};
  capture::VerifyOptions options;
  options.now = now;
  options.max_future_skew_ms = ctx.config.max_future_skew_ms;
  auto verified = capture::VerifyEnvelope(envelope, *campaign->manifest, options);
  if (!verified.ok()) return {verified.error(), {}, {}};
  const capture::Envelope& env = verified->envelope;

  RecordRow row;
  row.id = verified->id;
  row.campaign = campaign->row.id;
  row.version = campaign->row.version;
  row.source = verified->source.code();
  row.received_at = now;
  row.record_sha256 = capture::Sha256(env.canonical);
  row.withdrawal_token_sha256 = capture::Sha256(ctx.vault->WithdrawalToken(row.id));

  // A repeat of a committed record gets its original receipt without another ledger entry.
  auto stored = ctx.storage->FindRecord(row.id);
  if (!stored.ok()) return {stored.error(), {}, {}};
  if (*stored) {
    if ((*stored)->record_sha256 != row.record_sha256) {
      return {MakeError(ErrorCode::kRecordIdConflict, "", "record.id"), {}, {}};
    }
    return {std::nullopt, std::nullopt, **stored};
  }

  LedgerWork work;
  work.type = kConsentRecordType;
  work.entry = ConsentEntry(env.canonical, capture::Base64Encode(env.sig), now);
  work.leaf = capture::LeafHash(capture::AsBytes(work.entry));
  ConsentWork consent;
  consent.row = std::move(row);
  consent.disclosures_json = capture::EnvelopeToJsonValue(env)["disclosures"].dump();
  std::tie(consent.subject_kind, consent.subject_value) = SubjectOf(*campaign->manifest, *verified);
  auto keys = KeysOf(*ctx.vault, *campaign->manifest, *verified);
  if (!keys.ok()) return {keys.error(), {}, {}};
  consent.keys = std::move(*keys);
  work.consent = std::move(consent);
  return {std::nullopt, std::move(work), std::nullopt};
}

Result<Json> Counted(AppContext& ctx, Result<Json> result, std::string_view outcome) {
  ctx.metrics.CountRecord(result.ok() ? outcome : result.error().wire());
  return result;
}

}  // namespace

Result<HttpReply> PostConsents(AppContext& ctx, const HttpRequest& req) {
  CAPTURE_ASSIGN_OR_RETURN(Json body, ParseJsonBody(ctx, req));
  const bool batch = body.is_array();
  if (batch && (body.empty() || body.size() > ctx.config.max_batch_records)) {
    return MakeError(
        body.empty() ? ErrorCode::kRequestInvalid : ErrorCode::kBatchTooLarge,
        "a batch holds 1 to " + std::to_string(ctx.config.max_batch_records) + " envelopes");
  }
  std::vector<const Json*> envelopes;
  if (batch) {
    for (const auto& e : body) envelopes.push_back(&e);
  } else {
    envelopes.push_back(&body);
  }
  const std::int64_t now = NowMillis();
  std::vector<Prepared> prepared;
  std::vector<LedgerWork> work;
  for (const Json* e : envelopes) {
    prepared.push_back(Prepare(ctx, *e, now));
    if (prepared.back().work) work.push_back(std::move(*prepared.back().work));
  }
  std::vector<std::future<Result<Sequenced>>> futures;
  if (!work.empty()) {
    CAPTURE_ASSIGN_OR_RETURN(futures, ctx.sequencer->Submit(std::move(work)));
  }
  std::vector<Result<Json>> outcomes;
  std::size_t next = 0;
  for (auto& p : prepared) {
    if (p.error) {
      outcomes.push_back(Counted(ctx, *p.error, ""));
    } else if (p.existing) {
      outcomes.push_back(Counted(ctx, BuildReceipt(ctx, *p.existing, "", true), "repeated"));
    } else {
      Result<Sequenced> done = futures[next++].get();
      if (!done.ok()) {
        outcomes.push_back(Counted(ctx, done.error(), ""));
        continue;
      }
      // An empty checkpoint means the sequencer found a committed twin (a concurrent repeat).
      const bool repeat = done->checkpoint.empty();
      outcomes.push_back(Counted(ctx, BuildReceipt(ctx, *done->record, done->checkpoint, true),
                                 repeat ? "repeated" : "accepted"));
    }
  }
  if (!batch) {
    if (!outcomes[0].ok()) return outcomes[0].error();
    return HttpReply::Json(*outcomes[0]);
  }
  Json results = Json::array();
  for (const auto& o : outcomes) results.push_back(o.ok() ? *o : ErrorJson(o.error()));
  return HttpReply::Json(Json{{"results", std::move(results)}});
}

}  // namespace optin::server
