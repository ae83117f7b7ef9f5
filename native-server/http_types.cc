#include "http_types.h"

#include <ctime>

#include "app_context.h"

namespace optin::server {

using capture::ErrorCode;
using capture::MakeError;

std::optional<std::string> HttpRequest::Query(const std::string& name) const {
  auto it = query.find(name);
  if (it == query.end()) return std::nullopt;
  return it->second;
}

HttpReply HttpReply::Json(const capture::Json& json, int status) {
  HttpReply reply;
  reply.status = status;
  reply.body = json.dump(-1, ' ', false, capture::Json::error_handler_t::replace);
  return reply;
}

HttpReply HttpReply::Text(std::string text, std::string content_type) {
  HttpReply reply;
  reply.body = std::move(text);
  reply.content_type = std::move(content_type);
  return reply;
}

capture::Json ErrorJson(const capture::Error& error) {
  capture::Json inner = {
      {"code", error.wire()},
      {"message",
       error.message.empty() ? std::string(capture::Info(error.code).message_en) : error.message}};
  if (!error.field.empty()) inner["field"] = error.field;
  return capture::Json{{"error", std::move(inner)}};
}

HttpReply ErrorReply(const capture::Error& error) {
  HttpReply reply = HttpReply::Json(ErrorJson(error), capture::Info(error.code).http_status);
  if (capture::Info(error.code).http_status == 503) {
    reply.headers.emplace_back("Retry-After", "1");
  }
  return reply;
}

capture::Result<std::optional<std::uint64_t>> OptionalQueryUint(const HttpRequest& req,
                                                                const std::string& name) {
  auto text = req.Query(name);
  if (!text) return std::optional<std::uint64_t>();
  if (text->empty() || text->size() > 19 ||
      text->find_first_not_of("0123456789") != std::string::npos ||
      (text->size() > 1 && (*text)[0] == '0')) {
    return MakeError(ErrorCode::kRequestInvalid, name + " must be a decimal integer", name);
  }
  return std::optional<std::uint64_t>(std::stoull(*text));
}

capture::Result<std::uint64_t> QueryUint(const HttpRequest& req, const std::string& name) {
  CAPTURE_ASSIGN_OR_RETURN(auto value, OptionalQueryUint(req, name));
  if (!value) return MakeError(ErrorCode::kRequestInvalid, name + " is required", name);
  return *value;
}

capture::Result<capture::Json> ParseJsonBody(const AppContext& ctx, const HttpRequest& req) {
  const std::string& type = req.content_type;
  if (type.rfind("application/json", 0) != 0) {
    return MakeError(ErrorCode::kContentTypeUnsupported,
                     "Content-Type must be application/json, not '" + type + "'");
  }
  capture::JsonLimits limits;
  limits.max_bytes = ctx.config.max_body_bytes;
  return capture::ParseJson(req.body, limits);
}

std::int64_t NowMillis() {
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  return static_cast<std::int64_t>(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
}

}  // namespace optin::server
