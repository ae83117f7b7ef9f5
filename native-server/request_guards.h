// The per-request abuse limits of issue 9 (docs/security.md): a token bucket per client address
// (every request) and per partner token, and the lockout after unknown bearer tokens. Each
// refusal is an HttpReply with its stable code, a human message and Retry-After.
#pragma once

#include <optional>
#include <string>

#include "abuse_limits.h"
#include "auth_lockout.h"
#include "http_types.h"
#include "rate_limiter.h"

namespace optin::server {

class RequestGuards {
 public:
  explicit RequestGuards(const AbuseLimits& limits);

  [[nodiscard]] bool Unlimited(const std::string& address) const;

  // Before the body is read: the address's lockout (for a request with a token) and its bucket.
  [[nodiscard]] std::optional<HttpReply> AdmitAddress(const std::string& address, bool has_token,
                                                      std::int64_t now_ms);
  // After the token is known: the partner's bucket.
  [[nodiscard]] std::optional<HttpReply> AdmitPartner(const std::string& partner,
                                                      std::int64_t now_ms);
  // A bearer token that matched no stored token.
  void TokenRefused(const std::string& address, std::int64_t now_ms);

 private:
  const AbuseLimits& limits_;
  RateLimiter addresses_;
  RateLimiter partners_;
  AuthLockout lockout_;
};

}  // namespace optin::server
