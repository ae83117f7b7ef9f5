#include "signed_post.h"

#include <httplib.h>

#include <chrono>

#include "capture/crypto.h"
#include "message_sender.h"

namespace optin::server {

using capture::ErrorCode;
using capture::MakeError;

std::string WebhookSignature(const std::string& secret, const std::string& timestamp,
                             const std::string& body) {
  const std::string signed_text = timestamp + "." + body;
  return "v1=" + capture::HexEncode(
                     capture::HmacSha256(capture::AsBytes(secret), capture::AsBytes(signed_text)));
}

capture::Status SignedPost(const std::string& url, const std::string& secret,
                           const std::string& body, int timeout_ms) {
  UrlParts parts;
  if (!ParseUrl(url, parts) || parts.scheme != "http") {
    return MakeError(ErrorCode::kRequestInvalid, "not an http://host:port/path URL: " + url);
  }
  httplib::Client client(parts.host, parts.port);
  const auto timeout = std::chrono::milliseconds(timeout_ms);
  client.set_connection_timeout(timeout);
  client.set_read_timeout(timeout);
  client.set_write_timeout(timeout);
  const std::string timestamp =
      std::to_string(std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count());
  httplib::Headers headers = {{"X-Optin-Timestamp", timestamp},
                              {"X-Optin-Signature", WebhookSignature(secret, timestamp, body)}};
  auto res = client.Post(parts.path, headers, body, "application/json");
  if (!res) {
    return MakeError(ErrorCode::kInternal,
                     "POST " + url + " failed: " + httplib::to_string(res.error()));
  }
  if (res->status < 200 || res->status > 299) {
    return MakeError(ErrorCode::kInternal,
                     "POST " + url + " answered " + std::to_string(res->status));
  }
  return capture::OkStatus();
}

}  // namespace optin::server
