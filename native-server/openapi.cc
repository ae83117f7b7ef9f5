// /openapi.json, generated from the route table so it always lists exactly the served routes.
#include "routes.h"

namespace optin::server {
namespace {

using capture::Json;

Json Parameters(std::string_view path) {
  Json params = Json::array();
  std::size_t pos = 0;
  while ((pos = path.find('{', pos)) != std::string_view::npos) {
    const std::size_t end = path.find('}', pos);
    params.push_back({{"name", std::string(path.substr(pos + 1, end - pos - 1))},
                      {"in", "path"},
                      {"required", true},
                      {"schema", {{"type", "string"}}}});
    pos = end;
  }
  return params;
}

Json ErrorResponse(const std::string& description) {
  return {
      {"description", description + ": {\"error\": {\"code\", \"message\", \"field\"}}"},
      {"content", {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}}}};
}

// Every status a client must handle on its own (besides the route's 4xx refusals): those of
// the guards in front of every route (docs/security.md) and, for 429 and 503, when to retry.
Json Responses(const Route& r) {
  Json retry = {{"Retry-After",
                 {{"description", "seconds to wait before retrying"},
                  {"schema", {{"type", "integer"}, {"minimum", 1}}}}}};
  Json out = {{"200", {{"description", "OK"}}},
              {"4XX", ErrorResponse("Refused")},
              {"5XX", ErrorResponse("Failed")},
              {"408", ErrorResponse("request_timeout: the request was not sent in time")},
              {"431", ErrorResponse("headers_too_large")},
              {"429", ErrorResponse("rate_limited or auth_locked_out")},
              {"503", ErrorResponse("overloaded, storage_unavailable, storage_full, storage_busy "
                                    "or clock_went_back")}};
  out["429"]["headers"] = retry;
  out["503"]["headers"] = retry;
  if (r.method == "POST") {
    out["411"] = ErrorResponse("length_required: a body needs a Content-Length");
    out["413"] = ErrorResponse("payload_too_large, json_too_large or batch_too_large");
  }
  if (r.access != Access::kPublic) out["401"] = ErrorResponse("Not authorised");
  return out;
}

Json Scopes(Access access) {
  switch (access) {
    case Access::kAdmin:
      return Json::array({"admin"});
    case Access::kCallCentre:
      return Json::array({"call_centre:<id>"});
    case Access::kCustomerService:
      return Json::array({"customer_service", "admin"});
    case Access::kPartner:
      return Json::array({"partner:<id>"});
    case Access::kReports:
      return Json::array({"admin", "auditor", "partner:<id>"});
    case Access::kPublic:
    case Access::kAuditor:
      break;
  }
  return Json::array({"auditor", "admin"});
}

}  // namespace

capture::Result<HttpReply> GetOpenApi(AppContext& ctx, const HttpRequest&) {
  Json paths = Json::object();
  for (const Route& r : Routes()) {
    Json op = {{"summary", std::string(r.summary)},
               {"parameters", Parameters(r.path)},
               {"responses", Responses(r)}};
    if (r.access != Access::kPublic) {
      op["security"] = Json::array({{{"bearer", Json::array()}}});
      op["x-scopes"] = Scopes(r.access);
    }
    std::string method(r.method);
    for (auto& ch : method) ch = static_cast<char>(ch - 'A' + 'a');
    paths[std::string(r.path)][method] = op;
  }
  Json error_schema = {{"type", "object"},
                       {"required", {"error"}},
                       {"properties",
                        {{"error",
                          {{"type", "object"},
                           {"required", {"code", "message"}},
                           {"properties",
                            {{"code", {{"type", "string"}}},
                             {"message", {{"type", "string"}}},
                             {"field", {{"type", "string"}}}}}}}}}};
  return HttpReply::Json(
      Json{{"openapi", "3.1.0"},
           {"info", {{"title", "optin-capture verification server"}, {"version", "1"}}},
           {"servers", Json::array({{{"url", "/"}}})},
           {"paths", paths},
           {"components",
            {{"schemas", {{"Error", error_schema}}},
             {"securitySchemes", {{"bearer", {{"type", "http"}, {"scheme", "bearer"}}}}}}},
           {"x-log-origin", ctx.config.log_origin}});
}

}  // namespace optin::server
