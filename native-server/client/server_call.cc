#include "server_call.h"

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

namespace optin::client {
namespace {

using capture::ErrorCode;
using capture::Json;
using capture::MakeError;
using capture::Result;

constexpr int kRetries = 5;

}  // namespace

Result<std::string> ReadTokenFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return MakeError(ErrorCode::kUnauthorized, "cannot read the token file " + path);
  std::ostringstream text;
  text << in.rdbuf();
  std::string token = text.str();
  const auto first = token.find_first_not_of(" \t\r\n");
  const auto last = token.find_last_not_of(" \t\r\n");
  if (first == std::string::npos) {
    return MakeError(ErrorCode::kUnauthorized, "the token file " + path + " is empty");
  }
  return token.substr(first, last - first + 1);
}

ServerCall::ServerCall(const std::string& server, std::string token)
    : server_(server), token_(std::move(token)), http_(server) {
  http_.set_read_timeout(120, 0);
  http_.set_write_timeout(120, 0);
  http_.set_keep_alive(true);
  http_.set_tcp_nodelay(true);
  http_.set_bearer_token_auth(token_);
}

Result<Json> ServerCall::Answer(const std::string& what, const httplib::Result& res) {
  if (!res) {
    return MakeError(ErrorCode::kStorageUnavailable, what + ": cannot reach " + server_ + " (" +
                                                         httplib::to_string(res.error()) + ")");
  }
  auto json = capture::ParseJson(res->body);
  if (res->status == 200) {
    if (!json.ok()) return MakeError(ErrorCode::kJsonInvalid, what + ": the answer is not JSON");
    return std::move(*json);
  }
  // The server's refusal, code for code.
  if (json.ok() && json->is_object() && json->contains("error")) {
    const Json& e = (*json)["error"];
    ErrorCode code = ErrorCode::kInternal;
    if (e.is_object() && capture::ErrorCodeFromWire(e.value("code", std::string()), &code)) {
      return MakeError(code, what + ": " + e.value("message", std::string()),
                       e.value("field", std::string()));
    }
  }
  return MakeError(ErrorCode::kInternal, what + ": HTTP " + std::to_string(res->status));
}

Result<Json> ServerCall::Get(const std::string& path) {
  for (int attempt = 0;; ++attempt) {
    auto res = http_.Get(path.c_str());
    if (res && res->status == 503 && attempt < kRetries) {
      std::this_thread::sleep_for(std::chrono::seconds(1));
      continue;
    }
    return Answer("GET " + path.substr(0, path.find('?')), res);
  }
}

Result<Json> ServerCall::Post(const std::string& path, const std::string& body,
                              const std::string& content_type) {
  for (int attempt = 0;; ++attempt) {
    auto res = http_.Post(path.c_str(), body, content_type.c_str());
    if (res && res->status == 503 && attempt < kRetries) {
      std::this_thread::sleep_for(std::chrono::seconds(1));
      continue;
    }
    return Answer("POST " + path.substr(0, path.find('?')), res);
  }
}

bool IsConnectionError(const capture::Error& error) {
  return error.code == ErrorCode::kStorageUnavailable || error.code == ErrorCode::kOverloaded;
}

}  // namespace optin::client
