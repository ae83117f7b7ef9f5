#include "request_guards.h"

#include <algorithm>

namespace optin::server {
namespace {

using capture::ErrorCode;
using capture::MakeError;

HttpReply Refusal(capture::Error error, std::int64_t retry_after_s) {
  HttpReply reply = ErrorReply(error);
  reply.headers.emplace_back("Retry-After", std::to_string(retry_after_s));
  return reply;
}

}  // namespace

RequestGuards::RequestGuards(const AbuseLimits& limits)
    : limits_(limits),
      addresses_(limits.address_rate_per_second, limits.address_rate_burst),
      partners_(limits.partner_rate_per_second, limits.partner_rate_burst),
      lockout_(limits.auth_failures_max, limits.auth_failure_window_ms, limits.auth_lockout_ms) {}

bool RequestGuards::Unlimited(const std::string& address) const {
  const auto& list = limits_.unlimited_addresses;
  return std::find(list.begin(), list.end(), address) != list.end();
}

std::optional<HttpReply> RequestGuards::AdmitAddress(const std::string& address, bool has_token,
                                                     std::int64_t now_ms) {
  if (Unlimited(address)) return std::nullopt;
  if (has_token) {
    if (const std::int64_t left = lockout_.LockedFor(address, now_ms); left > 0) {
      return Refusal(
          MakeError(ErrorCode::kAuthLockedOut, "too many unknown tokens from " + address +
                                                   ": requests with a token are refused for " +
                                                   std::to_string((left + 999) / 1000) + " s"),
          (left + 999) / 1000);
    }
  }
  if (const std::int64_t wait = addresses_.Take(address, now_ms); wait > 0) {
    return Refusal(
        MakeError(ErrorCode::kRateLimited, "too many requests from " + address + ": retry in " +
                                               std::to_string(wait) + " s"),
        wait);
  }
  return std::nullopt;
}

std::optional<HttpReply> RequestGuards::AdmitPartner(const std::string& partner,
                                                     std::int64_t now_ms) {
  if (const std::int64_t wait = partners_.Take(partner, now_ms); wait > 0) {
    return Refusal(
        MakeError(ErrorCode::kRateLimited, "too many requests from partner " + partner +
                                               ": retry in " + std::to_string(wait) + " s"),
        wait);
  }
  return std::nullopt;
}

void RequestGuards::TokenRefused(const std::string& address, std::int64_t now_ms) {
  if (!Unlimited(address)) lockout_.Failure(address, now_ms);
}

}  // namespace optin::server
