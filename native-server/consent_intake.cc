#include "consent_intake.h"

#include <algorithm>
#include <cmath>
#include <future>

#include "capture/email_domains.h"
#include "capture/record.h"
#include "http_types.h"
#include "receipts.h"

namespace optin::server {
namespace {

using capture::ErrorCode;
using capture::Json;
using capture::MakeError;
using capture::Result;

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

// Quality signals (R20), as facts: what the page measured, which device signed, whether an
// e-mail address is at a throw-away domain. Nothing here refuses a record.
RecordFactsRow FactsOf(const capture::Manifest& m, const capture::VerifiedRecord& v,
                       const RelayIntake* relay) {
  RecordFactsRow facts;
  facts.record_id = v.id;
  facts.device_key = v.device_key.ToBase64();
  const Json& record = v.envelope.record;
  if (auto context = record.find("context"); context != record.end() && context->is_object()) {
    auto t = context->find("time_on_page_ms");
    // A page's own measurement, signed with the record: kept when it is a plausible duration
    // (0 ms to 30 days), never guessed otherwise.
    if (t != context->end() && t->is_number()) {
      const double ms = t->get<double>();
      if (std::isfinite(ms) && ms >= 0 && ms <= 30.0 * 86400000) {
        facts.time_on_page_ms = static_cast<std::int64_t>(std::llround(ms));
      }
    }
  }
  for (const auto& f : m.fields) {
    auto it = v.values.find(f.name);
    if (f.rules.type == capture::FieldType::kEmail && it != v.values.end() &&
        capture::IsDisposableEmailDomain(it->second)) {
      facts.disposable_email = true;
    }
  }
  if (relay != nullptr) facts.relay_batch = relay->batch->sha256;
  return facts;
}

// The server's rules beyond the core's: blocks, partner registrations, and a relay's partner.
capture::Status CheckSource(AppContext& ctx, const PublishedCampaign& campaign,
                            const capture::VerifiedRecord& v, const RelayIntake* relay) {
  const std::string code = v.source.code();
  if (auto block = ctx.blocks.Find(campaign.row.id, code)) {
    return MakeError(ErrorCode::kSourceBlocked,
                     "traffic source '" + block->source + "' is blocked" +
                         (block->campaign.empty() ? "" : " for campaign " + block->campaign),
                     "record.source.code");
  }
  const std::string& partner = v.source.partner;
  if (relay != nullptr && partner != relay->partner.id) {
    return MakeError(ErrorCode::kRelayBatchMismatch,
                     "partner " + relay->partner.id +
                         " may relay only records whose traffic "
                         "code names it, not " +
                         partner,
                     "record.source.partner");
  }
  if (partner == "direct") return capture::OkStatus();
  std::optional<PartnerRow> registered = ctx.partners.Find(partner);
  if (!registered) {
    if (ctx.config.partner_registration_required) {
      return MakeError(ErrorCode::kPartnerUnknown, "", "record.source.partner");
    }
    return capture::OkStatus();  // the advertiser's signed manifest alone allows it
  }
  const auto& allowed = registered->campaigns;
  if (std::find(allowed.begin(), allowed.end(), campaign.row.id) == allowed.end()) {
    return MakeError(ErrorCode::kPartnerCampaignNotAllowed,
                     "partner " + partner + " is not registered for campaign " + campaign.row.id,
                     "record.campaign.id");
  }
  if (relay != nullptr) {
    // The countersignature must verify offline with the key the advertiser signed into this
    // campaign version, not only with the server's registration.
    const capture::PartnerSpec* listed = campaign.manifest->FindPartner(partner);
    if (listed == nullptr || listed->key.ToBase64() != relay->partner.key) {
      return MakeError(ErrorCode::kPartnerKeyMismatch,
                       "campaign " + campaign.row.id + " version " +
                           std::to_string(campaign.row.version) +
                           " lists another key for partner " + partner,
                       "record.campaign.version");
    }
  }
  return capture::OkStatus();
}

Result<Json> Counted(AppContext& ctx, const PreparedEnvelope& p, Result<Json> result,
                     std::string_view outcome, std::int64_t now) {
  ctx.metrics.CountRecord(result.ok() ? outcome : result.error().wire());
  if (!result.ok()) ctx.refusals->Add(p.campaign, p.source, result.error(), now);
  return result;
}

}  // namespace

PreparedEnvelope PrepareEnvelope(AppContext& ctx, Json&& envelope, std::int64_t now,
                                 const RelayIntake* relay) {
  PreparedEnvelope out;
  std::tie(out.campaign, out.source) = ClaimedOrigin(envelope);
  auto fail = [&out](capture::Error e) {
    out.error = std::move(e);
    return std::move(out);
  };
  auto campaign = CampaignOf(ctx, envelope);
  if (!campaign.ok()) return fail(campaign.error());
  capture::VerifyOptions options;
  options.now = now;
  options.max_future_skew_ms = ctx.config.max_future_skew_ms;
  auto verified = capture::VerifyEnvelope(std::move(envelope), *campaign->manifest, options);
  if (!verified.ok()) return fail(verified.error());
  if (auto s = CheckSource(ctx, *campaign, *verified, relay); !s.ok()) return fail(s.error());
  const capture::Envelope& env = verified->envelope;

  RecordRow row;
  row.id = verified->id;
  row.campaign = campaign->row.id;
  row.version = campaign->row.version;
  row.source = verified->source.code();
  row.received_at = now;
  row.record_sha256 = capture::Sha256(env.canonical);
  row.withdrawal_token_sha256 = capture::Sha256(ctx.vault->WithdrawalToken(row.id));
  row.captured_at = verified->captured_at;
  // What the processor would read from the entry: the campaign's telephone consent item given.
  const capture::ConsentItem* telephone = campaign->manifest->TelephoneConsent();
  const auto given =
      telephone != nullptr ? verified->consents.find(telephone->id) : verified->consents.end();
  row.telephone_consent = given != verified->consents.end() && given->second;

  // A repeat of a committed record (same id, same bytes) gets its original receipt without
  // another ledger entry, and another record under a used id is refused: the sequencer decides
  // both with one lookup per batch (Sequencer::Process), so this thread does not read first.
  LedgerWork work;
  work.type = kConsentRecordType;
  work.entry = ConsentEntry(env.canonical, capture::Base64Encode(env.sig), now,
                            relay != nullptr ? &relay->ref : nullptr);
  work.leaf = capture::LeafHash(capture::AsBytes(work.entry));
  ConsentWork consent;
  consent.row = std::move(row);
  consent.disclosures_json = capture::DisclosuresToJsonValue(env).dump();
  const auto [subject_kind, subject_value] = SubjectOf(*campaign->manifest, *verified);
  auto subject = ctx.vault->MatchKey(subject_kind, subject_value);
  if (!subject.ok()) return fail(subject.error());
  consent.subject = std::move(*subject);
  auto keys = KeysOf(*ctx.vault, *campaign->manifest, *verified);
  if (!keys.ok()) return fail(keys.error());
  consent.keys = std::move(*keys);
  consent.facts = FactsOf(*campaign->manifest, *verified, relay);
  // Issue 9: a device key signing records faster than a person can is flagged, not refused.
  const std::int64_t limit = ctx.config.abuse.device_key_records_per_minute;
  if (ctx.device_keys.Count(consent.facts.device_key, now, limit) > limit) {
    consent.facts.flags.push_back(
        RecordFlag{"device_key_burst", "its device key signed more than " + std::to_string(limit) +
                                           " records in the minute up to this one"});
  }
  if (relay != nullptr) consent.relay = relay->batch;
  work.consent = std::move(consent);
  out.work = std::move(work);
  return out;
}

Result<std::vector<Result<Json>>> CommitEnvelopes(AppContext& ctx,
                                                  std::vector<PreparedEnvelope>& prepared,
                                                  std::int64_t now) {
  std::vector<LedgerWork> work;
  for (auto& p : prepared) {
    if (p.work) work.push_back(std::move(*p.work));
  }
  std::vector<std::future<Result<Sequenced>>> futures;
  if (!work.empty()) {
    CAPTURE_ASSIGN_OR_RETURN(futures, ctx.sequencer->Submit(std::move(work)));
  }
  std::vector<Result<Json>> outcomes;
  std::size_t next = 0;
  for (auto& p : prepared) {
    if (p.error) {
      outcomes.push_back(Counted(ctx, p, *p.error, "", now));
    } else {
      Result<Sequenced> done = futures[next++].get();
      if (!done.ok()) {
        outcomes.push_back(Counted(ctx, p, done.error(), "", now));
        continue;
      }
      // An empty checkpoint means the sequencer found a committed twin (a concurrent repeat).
      const bool repeat = done->checkpoint.empty();
      outcomes.push_back(Counted(ctx, p, BuildReceipt(ctx, *done->record, done->checkpoint, true),
                                 repeat ? "repeated" : "accepted", now));
    }
  }
  return outcomes;
}

Json BatchResults(std::vector<Result<Json>>& outcomes) {
  Json results = Json::array();
  for (auto& o : outcomes) {
    if (o.ok()) {
      results.push_back(std::move(*o));  // a receipt is a few hundred bytes of JSON
    } else {
      results.push_back(ErrorJson(o.error()));
    }
  }
  return results;
}

}  // namespace optin::server
