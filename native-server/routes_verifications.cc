// The consumer confirms that the opt-in was theirs (issue 5, docs/processing.md "Verification
// before calling"), with what the message sent them:
//   GET  /v1/verifications/{record_id}/link?token=  a page with one button (a link scanner that
//                                                    opens the link confirms nothing)
//   POST /v1/verifications/{record_id}/link?token=  the button: confirms (HTML for a form post,
//                                                    JSON otherwise)
//   POST /v1/verifications/{record_id}/code         {"code": "123456"}: confirms (JSON)
// Confirming twice answers the first confirmation. Errors: verification_not_pending,
// verification_link_invalid, verification_code_wrong, verification_attempts_exceeded (after
// verification_max_wrong_codes wrong codes; the link still works), verification_expired.
#include <sodium.h>

#include "capture/html_escape.h"
#include "routes.h"
#include "verification.h"

namespace optin::server {
namespace {

using capture::ErrorCode;
using capture::Json;
using capture::MakeError;
using capture::Result;

bool SameSecret(const std::string& a, const std::string& b) {
  return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

// The open link / code verification of the record, or the reason there is none.
Result<VerificationRow> Pending(AppContext& ctx, const std::string& record_id) {
  CAPTURE_ASSIGN_OR_RETURN(auto v, ctx.storage->FindVerification(record_id));
  if (!v || (v->method != "sms" && v->method != "email")) {
    return MakeError(ErrorCode::kVerificationNotPending, "", "record_id");
  }
  if (!v->verified_at && NowMillis() >= v->expires_at) {
    return MakeError(ErrorCode::kVerificationExpired, "");
  }
  return *v;
}

using capture::HtmlEscape;

HttpReply Page(const std::string& title, const std::string& body_html, int status = 200) {
  HttpReply reply = HttpReply::Text(
      "<!doctype html><html lang=\"nl\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
      "content=\"width=device-width\"><title>" +
          HtmlEscape(title) + "</title></head><body><main><h1>" + HtmlEscape(title) + "</h1>" +
          body_html + "</main></body></html>",
      "text/html; charset=utf-8");
  reply.status = status;
  reply.headers.push_back({"Cache-Control", "no-store"});
  return reply;
}

Result<VerificationRow> CheckLink(AppContext& ctx, const HttpRequest& req) {
  const std::string& id = req.path_params[0];
  CAPTURE_ASSIGN_OR_RETURN(VerificationRow v, Pending(ctx, id));
  const std::string token = req.Query("token").value_or("");
  if (!SameSecret(token, SecretsOf(*ctx.vault, id).link_token)) {
    return MakeError(ErrorCode::kVerificationLinkInvalid, "", "token");
  }
  return v;
}

}  // namespace

Result<HttpReply> GetVerificationLink(AppContext& ctx, const HttpRequest& req) {
  auto v = CheckLink(ctx, req);
  if (!v.ok()) {
    return Page("Deze link werkt niet",
                "<p>" + HtmlEscape(std::string(capture::Info(v.error().code).message_nl)) + "</p>",
                ErrorReply(v.error()).status);
  }
  if (v->verified_at) return Page("Bevestigd", "<p>Je aanmelding is al bevestigd. Dank je.</p>");
  return Page(
      "Bevestig je aanmelding",
      "<p>Bevestig dat jij je hebt aangemeld en gebeld wilt worden.</p><form method=\"post\">"
      "<button type=\"submit\">Ja, dit was ik</button></form><p>Was jij het niet? Sluit "
      "deze pagina: dan bellen we je niet.</p>");
}

Result<HttpReply> PostVerificationLink(AppContext& ctx, const HttpRequest& req) {
  const bool form = req.content_type.rfind("application/x-www-form-urlencoded", 0) == 0;
  auto v = CheckLink(ctx, req);
  if (!v.ok()) {
    if (!form) return v.error();
    return Page("Deze link werkt niet",
                "<p>" + HtmlEscape(std::string(capture::Info(v.error().code).message_nl)) + "</p>",
                ErrorReply(v.error()).status);
  }
  CAPTURE_ASSIGN_OR_RETURN(VerificationRow done, ConfirmVerification(ctx, *v, "link", "consumer"));
  if (form) return Page("Bevestigd", "<p>Dank je: je aanmelding is bevestigd.</p>");
  return HttpReply::Json(VerificationAnswer(done));
}

Result<HttpReply> PostVerificationCode(AppContext& ctx, const HttpRequest& req) {
  const std::string& id = req.path_params[0];
  CAPTURE_ASSIGN_OR_RETURN(Json body, ParseJsonBody(ctx, req));
  if (!body.is_object()) {
    return MakeError(ErrorCode::kJsonWrongType, "the body must be a JSON object");
  }
  CAPTURE_ASSIGN_OR_RETURN(std::string code, capture::GetString(body, "code"));
  CAPTURE_ASSIGN_OR_RETURN(VerificationRow v, Pending(ctx, id));
  if (v.verified_at) return HttpReply::Json(VerificationAnswer(v));
  const std::int64_t limit = ctx.config.verification_max_wrong_codes;
  if (v.wrong_codes >= limit) {
    return MakeError(ErrorCode::kVerificationAttemptsExceeded, "", "code");
  }
  if (!SameSecret(code, SecretsOf(*ctx.vault, id).code)) {
    CAPTURE_ASSIGN_OR_RETURN(std::int64_t wrong, ctx.storage->CountWrongCode(id));
    if (wrong >= limit) return MakeError(ErrorCode::kVerificationAttemptsExceeded, "", "code");
    return MakeError(ErrorCode::kVerificationCodeWrong,
                     std::to_string(limit - wrong) + " attempts left", "code");
  }
  CAPTURE_ASSIGN_OR_RETURN(VerificationRow done, ConfirmVerification(ctx, v, "code", "consumer"));
  return HttpReply::Json(VerificationAnswer(done));
}

}  // namespace optin::server
