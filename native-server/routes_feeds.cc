// Call centres and their lead feeds (DESIGN.md, "Processing and call centres"):
//   POST /v1/call-centres     (admin)        configure one call centre and the campaigns it works
//   GET  /v1/feeds/leads      (call centre)  its leads in commit order, from a cursor
//   POST /v1/feeds/acks       (call centre)  idempotent acknowledgements
// A lead is checked against the suppressions at the moment it is handed out, so a person who
// withdrew after classification is never delivered.
#include "auth.h"
#include "capture/json.h"
#include "consent_view.h"
#include "lead_view.h"
#include "message_sender.h"
#include "routes.h"
#include "subject_vault.h"

namespace optin::server {
namespace {

using capture::ErrorCode;
using capture::Json;
using capture::MakeError;
using capture::Result;

constexpr std::uint64_t kMaxFeedPage = 1000;

Result<std::vector<std::string>> StringArray(const Json& body, const char* name) {
  std::vector<std::string> out;
  auto it = body.find(name);
  if (it == body.end()) return out;
  if (!it->is_array()) {
    return MakeError(ErrorCode::kJsonWrongType, std::string(name) + " must be an array", name);
  }
  for (const auto& v : *it) {
    if (!v.is_string()) {
      return MakeError(ErrorCode::kJsonWrongType, std::string(name) + " holds only strings", name);
    }
    out.push_back(v.get<std::string>());
  }
  return out;
}

Result<std::string> OptionalString(const Json& body, const char* name) {
  auto it = body.find(name);
  if (it == body.end()) return std::string();
  if (!it->is_string()) {
    return MakeError(ErrorCode::kJsonWrongType, std::string(name) + " must be a string", name);
  }
  return it->get<std::string>();
}

}  // namespace

Result<std::string> CallCentreOfRequest(AppContext& ctx, const HttpRequest& req) {
  CAPTURE_ASSIGN_OR_RETURN(std::string scope, TokenScope(*ctx.storage, req.authorization));
  constexpr std::string_view kPrefix = "call_centre:";
  if (scope.rfind(kPrefix, 0) != 0) {
    return MakeError(ErrorCode::kForbidden, "feeds need a call_centre:<id> token");
  }
  return scope.substr(kPrefix.size());
}

Result<HttpReply> PostCallCentre(AppContext& ctx, const HttpRequest& req) {
  CAPTURE_ASSIGN_OR_RETURN(Json body, ParseJsonBody(ctx, req));
  if (!body.is_object()) {
    return MakeError(ErrorCode::kJsonWrongType, "the body must be a JSON object");
  }
  CallCentreRow row;
  CAPTURE_ASSIGN_OR_RETURN(row.id, OptionalString(body, "id"));
  if (!IsValidScope("call_centre:" + row.id)) {
    return MakeError(ErrorCode::kRequestInvalid, "id must match [a-z0-9_-]{1,64}", "id");
  }
  CAPTURE_ASSIGN_OR_RETURN(row.campaigns, StringArray(body, "campaigns"));
  CAPTURE_ASSIGN_OR_RETURN(row.webhook_url, OptionalString(body, "webhook_url"));
  CAPTURE_ASSIGN_OR_RETURN(row.webhook_secret, OptionalString(body, "webhook_secret"));
  // The push (lead_pusher.h) signs with the secret; a URL without one would push unsigned.
  if (!row.webhook_url.empty()) {
    UrlParts url;
    if (!ParseUrl(row.webhook_url, url) || url.scheme != "http") {
      return MakeError(ErrorCode::kRequestInvalid,
                       "webhook_url must be http://HOST:PORT/PATH (TLS: a proxy in front)",
                       "webhook_url");
    }
    if (row.webhook_secret.size() < 16) {
      return MakeError(ErrorCode::kRequestInvalid,
                       "webhook_secret of at least 16 characters is required with webhook_url",
                       "webhook_secret");
    }
  }
  row.created_at = NowMillis();
  CAPTURE_RETURN_IF_ERROR(ctx.storage->PutCallCentre(row));
  return HttpReply::Json({{"id", row.id}, {"campaigns", row.campaigns}});
}

Result<HttpReply> GetLeadFeed(AppContext& ctx, const HttpRequest& req) {
  CAPTURE_ASSIGN_OR_RETURN(std::string call_centre, CallCentreOfRequest(ctx, req));
  CAPTURE_ASSIGN_OR_RETURN(auto cursor, OptionalQueryUint(req, "cursor"));
  CAPTURE_ASSIGN_OR_RETURN(auto limit, OptionalQueryUint(req, "limit"));
  const std::uint64_t page = limit ? *limit : 100;
  if (page == 0 || page > kMaxFeedPage) {
    return MakeError(ErrorCode::kRequestInvalid,
                     "limit must be 1 to " + std::to_string(kMaxFeedPage), "limit");
  }
  CAPTURE_ASSIGN_OR_RETURN(HandedOutLeads page_out,
                           HandOutLeads(ctx, call_centre, cursor.value_or(0), page, NowMillis()));
  // The leads are JSON texts already: joined, not parsed into a tree again.
  std::string body = "{\"leads\":[";
  for (std::size_t i = 0; i < page_out.leads.size(); ++i) {
    if (i > 0) body += ',';
    body += page_out.leads[i];
  }
  body += "],\"next_cursor\":\"" + std::to_string(page_out.next_cursor) + "\"}";
  return HttpReply::Text(std::move(body), "application/json");
}

Result<HttpReply> PostFeedAcks(AppContext& ctx, const HttpRequest& req) {
  CAPTURE_ASSIGN_OR_RETURN(std::string call_centre, CallCentreOfRequest(ctx, req));
  CAPTURE_ASSIGN_OR_RETURN(Json body, ParseJsonBody(ctx, req));
  if (!body.is_object()) {
    return MakeError(ErrorCode::kJsonWrongType, "the body must be a JSON object");
  }
  CAPTURE_ASSIGN_OR_RETURN(auto leads, StringArray(body, "leads"));
  CAPTURE_ASSIGN_OR_RETURN(std::size_t known,
                           ctx.storage->AckLeads(call_centre, leads, NowMillis()));
  Json reply = {{"leads", {{"acknowledged", known}, {"unknown", leads.size() - known}}}};
  CAPTURE_ASSIGN_OR_RETURN(auto withdrawals, StringArray(body, "withdrawals"));
  CAPTURE_ASSIGN_OR_RETURN(reply["withdrawals"],
                           AckWithdrawalNotices(ctx, call_centre, withdrawals));
  return HttpReply::Json(reply);
}

}  // namespace optin::server
