#include "rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace optin::server {

RateLimiter::RateLimiter(double rate_per_second, std::int64_t burst)
    : rate_per_ms_(rate_per_second / 1000.0), burst_(static_cast<double>(burst)) {}

std::int64_t RateLimiter::Take(const std::string& key, std::int64_t now_ms) {
  std::lock_guard lock(mu_);
  Prune(now_ms);
  auto [it, fresh] = buckets_.try_emplace(key, Bucket{burst_, now_ms});
  Bucket& b = it->second;
  if (!fresh && now_ms > b.at_ms) {
    b.tokens = std::min(burst_, b.tokens + static_cast<double>(now_ms - b.at_ms) * rate_per_ms_);
  }
  b.at_ms = std::max(b.at_ms, now_ms);
  if (b.tokens >= 1.0) {
    b.tokens -= 1.0;
    return 0;
  }
  const double wait_ms = (1.0 - b.tokens) / rate_per_ms_;
  return std::max<std::int64_t>(1, static_cast<std::int64_t>(std::ceil(wait_ms / 1000.0)));
}

// A bucket that has refilled completely holds nothing worth keeping: drop those once per
// refill period (at most once a minute), so a scan of many addresses leaves no trace behind.
void RateLimiter::Prune(std::int64_t now_ms) {
  const double refill_ms = burst_ / rate_per_ms_;
  const auto period = static_cast<std::int64_t>(std::min(refill_ms, 60000.0));
  if (now_ms - last_prune_ms_ < period) return;
  last_prune_ms_ = now_ms;
  std::erase_if(buckets_, [&](const auto& kv) {
    return kv.second.tokens + static_cast<double>(now_ms - kv.second.at_ms) * rate_per_ms_ >=
           burst_;
  });
}

}  // namespace optin::server
