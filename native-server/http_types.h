// The server's own request/reply types: handlers never see httplib, so they stay short and the
// mapping from Result to HTTP lives in one place (ErrorReply).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "capture/json.h"
#include "capture/result.h"

namespace optin::server {

struct AppContext;

struct HttpRequest {
  std::string method;
  std::string path;
  std::string body;
  std::string content_type;
  std::string authorization;
  std::vector<std::string> path_params;  // the route pattern's captures, in order
  std::multimap<std::string, std::string> query;

  [[nodiscard]] std::optional<std::string> Query(const std::string& name) const;
};

struct HttpReply {
  int status = 200;
  std::string body;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;

  [[nodiscard]] static HttpReply Json(const capture::Json& json, int status = 200);
  [[nodiscard]] static HttpReply Text(std::string text, std::string content_type);
};

// {"error": {"code", "message", "field"}}: the one form of every refusal.
[[nodiscard]] capture::Json ErrorJson(const capture::Error& error);
// The one mapping from an Error to HTTP: the status comes from the error-code table; overload
// adds Retry-After.
[[nodiscard]] HttpReply ErrorReply(const capture::Error& error);

// Query parameters as unsigned integers (request_invalid when malformed).
[[nodiscard]] capture::Result<std::uint64_t> QueryUint(const HttpRequest& req,
                                                       const std::string& name);
[[nodiscard]] capture::Result<std::optional<std::uint64_t>> OptionalQueryUint(
    const HttpRequest& req, const std::string& name);

// Checks the content type and parses the body as JSON within the server's limits.
[[nodiscard]] capture::Result<capture::Json> ParseJsonBody(const AppContext& ctx,
                                                           const HttpRequest& req);

[[nodiscard]] std::int64_t NowMillis();

}  // namespace optin::server
