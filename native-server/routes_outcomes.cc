// POST /v1/feeds/outcomes (call centre): what came of each call (DESIGN.md, "Processing and call
// centres"; R14, R18, R19). Only for leads delivered to that call centre. Each outcome is stored
// once (a repeat answers recorded: false), and a conversation with the person (reached, sale,
// no_interest, do_not_call) is a contact that starts the campaign's pause again, so a later
// record of the same person is held back. do_not_call is an objection: ObjectDuringCall withdraws
// every record of the person and suppresses the phone number and e-mail address (a ledger
// entry). A conversation on a one-time telephone consent (R18) ends that consent through the same
// withdrawal path (how: one_time_consent_used). The whole request is checked before anything is
// stored; a retry after a failure repeats nothing that was done.
#include <algorithm>
#include <array>

#include "capture/fields.h"
#include "capture/json.h"
#include "routes.h"
#include "verification.h"
#include "withdrawals.h"

namespace optin::server {
namespace {

using capture::ErrorCode;
using capture::Json;
using capture::MakeError;
using capture::Result;

constexpr std::size_t kMaxOutcomes = 1000;
constexpr std::size_t kMaxNote = 500;
// confirmed (issue 5): at the start of the call the person confirmed that the opt-in was theirs,
// for a lead delivered marked "confirm at call start"; a verification ledger entry.
constexpr std::array<std::string_view, 6> kOutcomes = {"reached",     "not_reached", "sale",
                                                       "no_interest", "do_not_call", "confirmed"};

bool Conversation(std::string_view outcome) { return outcome != "not_reached"; }

struct Posted {
  OutcomeRow row;
  RecordRow record;
};

Result<Posted> ParseOutcome(AppContext& ctx, const std::string& call_centre, const Json& item,
                            const std::string& where, std::int64_t now) {
  if (!item.is_object()) {
    return MakeError(ErrorCode::kJsonWrongType, "each outcome is an object", where);
  }
  Posted p;
  p.row.call_centre = call_centre;
  p.row.received_at = now;
  CAPTURE_ASSIGN_OR_RETURN(p.row.record_id, capture::GetString(item, "record_id", where));
  CAPTURE_ASSIGN_OR_RETURN(p.row.outcome, capture::GetString(item, "outcome", where));
  if (std::find(kOutcomes.begin(), kOutcomes.end(), p.row.outcome) == kOutcomes.end()) {
    return MakeError(ErrorCode::kOutcomeUnknown, "", where + ".outcome");
  }
  p.row.at = now;
  p.row.at_given = item.find("at") != item.end();
  if (p.row.at_given) {
    CAPTURE_ASSIGN_OR_RETURN(std::string at, capture::GetString(item, "at", where));
    auto parsed = capture::ParseRfc3339Millis(at);
    if (!parsed.ok()) return MakeError(ErrorCode::kTimestampInvalid, "", where + ".at");
    if (*parsed > now + ctx.config.max_future_skew_ms) {
      return MakeError(ErrorCode::kTimestampInvalid, "the outcome's time is in the future",
                       where + ".at");
    }
    p.row.at = *parsed;
  }
  if (item.find("note") != item.end()) {
    CAPTURE_ASSIGN_OR_RETURN(std::string note, capture::GetString(item, "note", where));
    capture::FieldRules rules;
    rules.type = capture::FieldType::kShortText;
    rules.max_length = kMaxNote;
    auto clean = capture::NormaliseField(rules, note, capture::AmsterdamDate(now));
    if (!clean.ok()) {
      capture::Error e = clean.error();
      e.field = where + ".note";
      return e;
    }
    p.row.note = *clean;
  }
  // Only the call centre's own leads: one it never received is refused, and so is one queued
  // for it but not yet handed out.
  CAPTURE_ASSIGN_OR_RETURN(auto delivery, ctx.storage->FindDelivery(call_centre, p.row.record_id));
  CAPTURE_ASSIGN_OR_RETURN(auto record, ctx.storage->FindRecord(p.row.record_id));
  if (!delivery || !delivery->delivered_at || !record) {
    return MakeError(ErrorCode::kLeadNotDelivered, "", where + ".record_id");
  }
  p.record = std::move(*record);
  if (p.row.outcome == "confirmed") {
    CAPTURE_ASSIGN_OR_RETURN(auto v, ctx.storage->FindVerification(p.row.record_id));
    if (!v || v->method != "call_start") {
      return MakeError(ErrorCode::kVerificationNotPending,
                       "this lead was not delivered for confirmation at call start",
                       where + ".outcome");
    }
  }
  if (Conversation(p.row.outcome)) {
    CAPTURE_ASSIGN_OR_RETURN(auto keys, ctx.storage->RecordKeys(p.row.record_id));
    for (auto& k : keys) {
      p.row.contacts.push_back(ContactRow{std::move(k.kind), std::move(k.key), p.record.campaign,
                                          p.row.at, p.row.outcome, p.row.record_id});
    }
  }
  return p;
}

// Whether the record's telephone consent ends after the first call (R18).
bool OneTime(AppContext& ctx, const RecordRow& record) {
  auto campaign = ctx.campaigns.Find(record.campaign, record.version);
  if (!campaign.ok()) return false;
  const capture::ConsentItem* telephone = campaign->manifest->TelephoneConsent();
  return telephone != nullptr && telephone->one_time;
}

Json WithdrawnIds(const Json& answer) {
  Json ids = Json::array();
  auto it = answer.find("withdrawn");
  if (it == answer.end() || !it->is_array()) return ids;
  for (const auto& w : *it) ids.push_back(w.value("record_id", std::string()));
  return ids;
}

}  // namespace

Result<HttpReply> PostOutcomes(AppContext& ctx, const HttpRequest& req) {
  CAPTURE_ASSIGN_OR_RETURN(std::string call_centre, CallCentreOfRequest(ctx, req));
  CAPTURE_ASSIGN_OR_RETURN(Json body, ParseJsonBody(ctx, req));
  if (!body.is_object()) {
    return MakeError(ErrorCode::kJsonWrongType, "the body must be a JSON object");
  }
  CAPTURE_ASSIGN_OR_RETURN(const Json* list, capture::GetArray(body, "outcomes"));
  if (list->size() > kMaxOutcomes) {
    return MakeError(ErrorCode::kBatchTooLarge,
                     "at most " + std::to_string(kMaxOutcomes) + " outcomes per request",
                     "outcomes");
  }
  const std::int64_t now = NowMillis();
  std::vector<Posted> posted;
  for (std::size_t i = 0; i < list->size(); ++i) {
    CAPTURE_ASSIGN_OR_RETURN(Posted p, ParseOutcome(ctx, call_centre, (*list)[i],
                                                    "outcomes[" + std::to_string(i) + "]", now));
    posted.push_back(std::move(p));
  }
  std::vector<OutcomeRow> rows;
  for (const auto& p : posted) rows.push_back(p.row);
  CAPTURE_ASSIGN_OR_RETURN(std::vector<bool> fresh, ctx.storage->SaveOutcomes(rows));

  // The withdrawals run after the outcomes are stored and also for repeats: a retry after a
  // failed withdrawal completes it, and a completed one appends nothing.
  Json answers = Json::array();
  for (std::size_t i = 0; i < posted.size(); ++i) {
    const OutcomeRow& r = posted[i].row;
    Json answer = {{"record_id", r.record_id},
                   {"outcome", r.outcome},
                   {"at", capture::FormatRfc3339Millis(r.at)},
                   {"recorded", static_cast<bool>(fresh[i])}};
    if (r.outcome == "do_not_call") {
      CAPTURE_ASSIGN_OR_RETURN(Json withdrawn, ObjectDuringCall(ctx, call_centre, r.record_id));
      answer["withdrawn"] = WithdrawnIds(withdrawn);
      answer["suppressed"] = true;
    } else if (r.outcome == "confirmed") {
      // Before the pitch: confirming ends no one-time consent; a repeat appends nothing.
      CAPTURE_ASSIGN_OR_RETURN(auto v, ctx.storage->FindVerification(r.record_id));
      if (!v) return MakeError(ErrorCode::kStorageUnavailable, "the verification vanished");
      CAPTURE_ASSIGN_OR_RETURN(
          VerificationRow done,
          ConfirmVerification(ctx, *v, "call_start", "call_centre:" + call_centre));
      answer["verification"] = VerificationAnswer(done);
    } else if (Conversation(r.outcome) && OneTime(ctx, posted[i].record)) {
      WithdrawalRequest request;
      request.record_ids.push_back(r.record_id);
      request.by = "call_centre:" + call_centre;
      request.how = "one_time_consent_used";
      CAPTURE_ASSIGN_OR_RETURN(Json withdrawn, Withdraw(ctx, std::move(request)));
      answer["withdrawn"] = WithdrawnIds(withdrawn);
    }
    answers.push_back(std::move(answer));
  }
  return HttpReply::Json({{"outcomes", answers}});
}

}  // namespace optin::server
