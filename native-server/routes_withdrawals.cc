// Withdrawal endpoints (DESIGN.md, "Withdrawal and objection"):
//   POST /v1/withdrawals          (public: the receipt's withdrawal token is the credential)
//   POST /v1/consents/inspect     (public: the token) what the person agreed to, for them to see
//   POST /v1/consents/receipt     (public: the token) the same as an ISO/IEC TS 27560 receipt
//   POST /v1/withdrawals/subject  (customer_service) every record of a phone number or e-mail
//   GET  /v1/feeds/withdrawals    (call centre) its withdrawal notices from a cursor
//   GET  /v1/reports/withdrawals  (admin) notices still unacknowledged after the limit
// The token travels in a POST body, never in a URL: URLs end up in access logs and histories.
#include "capture/crypto.h"
#include "capture/fields.h"
#include "capture/time.h"
#include "consent_view.h"
#include "routes.h"
#include "withdrawals.h"

namespace optin::server {
namespace {

using capture::ErrorCode;
using capture::Json;
using capture::MakeError;
using capture::Result;

constexpr std::uint64_t kMaxFeedPage = 1000;

Result<std::string> RequiredString(const Json& body, const char* name) {
  auto it = body.find(name);
  if (it == body.end()) {
    return MakeError(ErrorCode::kJsonMissingMember, std::string(name) + " is required", name);
  }
  if (!it->is_string() || it->get<std::string>().empty()) {
    return MakeError(ErrorCode::kJsonWrongType, std::string(name) + " must be a string", name);
  }
  return it->get<std::string>();
}

// {"phone": ...} or {"email": ...}, normalised by the core's field rules (the same normal form
// the capture page disclosed, so "06-1234 5678" and "+31 6 12345678" are one person) and turned
// into its match key. Never a name (R19).
Result<std::pair<std::string, capture::Bytes>> SubjectOfBody(AppContext& ctx, const Json& body) {
  const bool phone = body.find("phone") != body.end();
  const char* kind = phone ? "phone" : "email";
  if (phone == (body.find("email") != body.end())) {
    return MakeError(ErrorCode::kRequestInvalid, "give exactly one of phone and email", kind);
  }
  CAPTURE_ASSIGN_OR_RETURN(std::string raw, RequiredString(body, kind));
  capture::FieldRules rules;
  rules.type = phone ? capture::FieldType::kPhoneNl : capture::FieldType::kEmail;
  rules.required = true;
  rules.max_length = 254;
  auto normal = capture::NormaliseField(rules, raw, capture::AmsterdamDate(NowMillis()));
  if (!normal.ok()) {
    capture::Error e = normal.error();
    e.field = kind;
    return e;
  }
  CAPTURE_ASSIGN_OR_RETURN(capture::Bytes key, ctx.vault->MatchKey(kind, *normal));
  return std::make_pair(std::string(kind), std::move(key));
}

// The record a receipt's withdrawal token opens: {token} alone (what the demo page and the
// receipt link send) or with the record_id it must match. An unknown id and a wrong token get the
// same answer: the endpoints must not tell which record ids exist.
Result<RecordRow> RecordOfToken(AppContext& ctx, const Json& body) {
  if (!body.is_object()) {
    return MakeError(ErrorCode::kJsonWrongType, "the body must be a JSON object");
  }
  CAPTURE_ASSIGN_OR_RETURN(std::string token, RequiredString(body, "token"));
  // A token is "<record id>.<MAC>" (SubjectVault::WithdrawalToken); one handed out before
  // schema 8 is the MAC alone. The record stores the SHA-256 of the token it was given then, so
  // an old record also accepts today's form of its token (the same MAC behind its id).
  const std::size_t dot = token.rfind('.');
  const std::string mac = dot == std::string::npos ? token : token.substr(dot + 1);
  std::optional<RecordRow> record;
  if (body.find("record_id") != body.end()) {
    CAPTURE_ASSIGN_OR_RETURN(std::string id, RequiredString(body, "record_id"));
    CAPTURE_ASSIGN_OR_RETURN(record, ctx.storage->FindRecord(id));
  } else if (dot != std::string::npos) {
    CAPTURE_ASSIGN_OR_RETURN(record, ctx.storage->FindRecord(token.substr(0, dot)));
  } else {
    CAPTURE_ASSIGN_OR_RETURN(
        record, ctx.storage->FindRecordByLegacyWithdrawalToken(capture::Sha256(token)));
  }
  if (!record ||
      !(capture::ConstantTimeEqual(record->withdrawal_token_sha256, capture::Sha256(token)) ||
        capture::ConstantTimeEqual(record->withdrawal_token_sha256, capture::Sha256(mac)))) {
    return MakeError(ErrorCode::kWithdrawalTokenInvalid, "", "token");
  }
  return *std::move(record);
}

}  // namespace

Result<HttpReply> PostWithdrawal(AppContext& ctx, const HttpRequest& req) {
  CAPTURE_ASSIGN_OR_RETURN(Json body, ParseJsonBody(ctx, req));
  CAPTURE_ASSIGN_OR_RETURN(RecordRow record, RecordOfToken(ctx, body));
  WithdrawalRequest request;
  request.record_ids.push_back(record.id);
  request.by = "consumer";
  request.how = "receipt_token";
  CAPTURE_ASSIGN_OR_RETURN(request.reason, WithdrawalReasonOf(body));
  CAPTURE_ASSIGN_OR_RETURN(Json answer, Withdraw(ctx, std::move(request)));
  // One record: also at the top level, where the demo page (withdraw.js) reads it.
  if (answer["withdrawn"].size() == 1) {
    answer["record_id"] = answer["withdrawn"][0]["record_id"];
    answer["withdrawn_at"] = answer["withdrawn"][0]["withdrawn_at"];
  }
  return HttpReply::Json(answer);
}

Result<HttpReply> PostConsentInspection(AppContext& ctx, const HttpRequest& req) {
  CAPTURE_ASSIGN_OR_RETURN(Json body, ParseJsonBody(ctx, req));
  CAPTURE_ASSIGN_OR_RETURN(RecordRow record, RecordOfToken(ctx, body));
  CAPTURE_ASSIGN_OR_RETURN(Json view, ConsentView(ctx, record));
  return HttpReply::Json(view);
}

Result<HttpReply> PostConsentReceipt(AppContext& ctx, const HttpRequest& req) {
  CAPTURE_ASSIGN_OR_RETURN(Json body, ParseJsonBody(ctx, req));
  CAPTURE_ASSIGN_OR_RETURN(RecordRow record, RecordOfToken(ctx, body));
  CAPTURE_ASSIGN_OR_RETURN(Json view, ConsentView(ctx, record));
  HttpReply reply =
      HttpReply::Json(ConsentReceipt27560(view, capture::FormatRfc3339Millis(NowMillis())));
  reply.content_type = "application/ld+json";
  reply.headers.emplace_back("Content-Disposition",
                             "attachment; filename=\"consent-" + record.id + ".jsonld\"");
  return reply;
}

Result<HttpReply> PostSubjectWithdrawal(AppContext& ctx, const HttpRequest& req) {
  CAPTURE_ASSIGN_OR_RETURN(Json body, ParseJsonBody(ctx, req));
  if (!body.is_object()) {
    return MakeError(ErrorCode::kJsonWrongType, "the body must be a JSON object");
  }
  CAPTURE_ASSIGN_OR_RETURN(auto subject, SubjectOfBody(ctx, body));
  const std::string& kind = subject.first;
  const capture::Bytes& key = subject.second;
  WithdrawalRequest request;
  CAPTURE_ASSIGN_OR_RETURN(request.record_ids, ctx.storage->RecordsWithKey(kind, key));
  if (request.record_ids.empty()) return MakeError(ErrorCode::kSubjectUnknown, "", kind);
  request.by = "customer_service";
  request.how = kind;
  CAPTURE_ASSIGN_OR_RETURN(request.reason, WithdrawalReasonOf(body));
  request.suppressions.push_back(SuppressionRow{kind, key, "withdrawn", 0});
  CAPTURE_ASSIGN_OR_RETURN(Json answer, Withdraw(ctx, std::move(request)));
  return HttpReply::Json(answer);
}

Result<HttpReply> PostEraseSubject(AppContext& ctx, const HttpRequest& req) {
  CAPTURE_ASSIGN_OR_RETURN(Json body, ParseJsonBody(ctx, req));
  if (!body.is_object()) {
    return MakeError(ErrorCode::kJsonWrongType, "the body must be a JSON object");
  }
  CAPTURE_ASSIGN_OR_RETURN(auto subject, SubjectOfBody(ctx, body));
  CAPTURE_ASSIGN_OR_RETURN(auto ids, ctx.storage->RecordsWithKey(subject.first, subject.second));
  if (ids.empty()) return MakeError(ErrorCode::kSubjectUnknown, "", subject.first);
  CAPTURE_ASSIGN_OR_RETURN(Json answer, EraseSubject(ctx, subject.first, subject.second));
  return HttpReply::Json(answer);
}

Result<HttpReply> GetWithdrawalFeed(AppContext& ctx, const HttpRequest& req) {
  CAPTURE_ASSIGN_OR_RETURN(std::string call_centre, CallCentreOfRequest(ctx, req));
  CAPTURE_ASSIGN_OR_RETURN(auto cursor, OptionalQueryUint(req, "cursor"));
  CAPTURE_ASSIGN_OR_RETURN(auto limit, OptionalQueryUint(req, "limit"));
  const std::uint64_t page = limit ? *limit : 100;
  if (page == 0 || page > kMaxFeedPage) {
    return MakeError(ErrorCode::kRequestInvalid,
                     "limit must be 1 to " + std::to_string(kMaxFeedPage), "limit");
  }
  const std::uint64_t after = cursor.value_or(0);
  CAPTURE_ASSIGN_OR_RETURN(auto rows, ctx.storage->WithdrawalNotices(call_centre, after, page));
  Json items = Json::array();
  std::uint64_t next = after;
  for (const auto& n : rows) {
    next = n.seq;
    items.push_back({{"seq", n.seq},
                     {"record_id", n.record_id},
                     {"withdrawn_at", capture::FormatRfc3339Millis(n.created_at)},
                     {"acknowledged", n.acked_at.has_value()}});
  }
  return HttpReply::Json({{"withdrawals", items}, {"next_cursor", std::to_string(next)}});
}

Result<HttpReply> GetWithdrawalReport(AppContext& ctx, const HttpRequest& /*req*/) {
  const std::int64_t now = NowMillis();
  const std::int64_t limit_ms = ctx.config.withdrawal_ack_limit_ms;
  CAPTURE_ASSIGN_OR_RETURN(auto rows, ctx.storage->UnackedWithdrawals(now - limit_ms));
  Json items = Json::array();
  for (const auto& n : rows) {
    items.push_back({{"call_centre", n.call_centre},
                     {"record_id", n.record_id},
                     {"withdrawn_at", capture::FormatRfc3339Millis(n.created_at)},
                     {"hours_unacknowledged", (now - n.created_at) / 3600000}});
  }
  ctx.metrics.SetUnackedWithdrawals(rows.size());
  return HttpReply::Json({{"limit_hours", limit_ms / 3600000}, {"unacknowledged", items}});
}

// The withdrawal part of POST /v1/feeds/acks.
Result<Json> AckWithdrawalNotices(AppContext& ctx, const std::string& call_centre,
                                  const std::vector<std::string>& record_ids) {
  CAPTURE_ASSIGN_OR_RETURN(std::size_t known,
                           ctx.storage->AckWithdrawals(call_centre, record_ids, NowMillis()));
  return Json{{"acknowledged", known}, {"unknown", record_ids.size() - known}};
}

}  // namespace optin::server
