#include "request_screen.h"

namespace optin::server {

using capture::ErrorCode;
using capture::MakeError;

capture::Status ScreenRequestHead(std::string_view method,
                                  std::optional<std::string_view> content_length,
                                  std::optional<std::string_view> transfer_encoding,
                                  std::size_t max_body_bytes) {
  if (method != "POST" && method != "PUT" && method != "PATCH") return capture::OkStatus();
  if (transfer_encoding) {
    return MakeError(ErrorCode::kLengthRequired,
                     "send the body with a Content-Length, not Transfer-Encoding: " +
                         std::string(transfer_encoding->substr(0, 40)));
  }
  if (!content_length) return MakeError(ErrorCode::kLengthRequired);
  const std::string_view v = *content_length;
  if (v.empty() || v.size() > 18 || v.find_first_not_of("0123456789") != std::string_view::npos) {
    return MakeError(ErrorCode::kRequestInvalid, "Content-Length must be a decimal number",
                     "Content-Length");
  }
  if (std::stoull(std::string(v)) > max_body_bytes) {
    return MakeError(ErrorCode::kPayloadTooLarge,
                     "the body may hold at most " + std::to_string(max_body_bytes) + " bytes");
  }
  return capture::OkStatus();
}

bool IsLoopbackAddress(std::string_view a) {
  if (a.substr(0, 7) == "::ffff:") a.remove_prefix(7);
  return a == "::1" || a.substr(0, 4) == "127.";
}

namespace {

bool LooksLikeIp(std::string_view a) {
  return !a.empty() && a.size() <= 45 &&
         a.find_first_not_of("0123456789abcdefABCDEF.:") == std::string_view::npos;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string ClientAddress(std::string_view peer, std::string_view header_value,
                          const AbuseLimits& limits) {
  if (limits.client_address_header.empty() || !IsLoopbackAddress(peer)) return std::string(peer);
  const auto comma = header_value.rfind(',');
  const std::string_view last =
      Trim(comma == std::string_view::npos ? header_value : header_value.substr(comma + 1));
  return LooksLikeIp(last) ? std::string(last) : std::string(peer);
}

std::optional<std::string_view> BearerToken(std::string_view authorization) {
  constexpr std::string_view kBearer = "Bearer ";
  if (authorization.substr(0, kBearer.size()) != kBearer) return std::nullopt;
  return authorization.substr(kBearer.size());
}

}  // namespace optin::server
