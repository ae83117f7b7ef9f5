// Token buckets per key (a client address, a partner): `burst` requests at once, then `rate` a
// second. Thread-safe; idle full buckets are forgotten so memory stays bounded by the keys seen
// in the last few burst periods.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

namespace optin::server {

class RateLimiter {
 public:
  RateLimiter(double rate_per_second, std::int64_t burst);

  // Takes one token for `key` at `now_ms`. 0 when granted, else the whole seconds (at least 1)
  // until a token is back: the Retry-After to answer.
  [[nodiscard]] std::int64_t Take(const std::string& key, std::int64_t now_ms);

 private:
  struct Bucket {
    double tokens;
    std::int64_t at_ms;
  };
  void Prune(std::int64_t now_ms);

  const double rate_per_ms_;
  const double burst_;
  std::mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_;
  std::int64_t last_prune_ms_ = 0;
};

}  // namespace optin::server
