#include "device_key_rate.h"

namespace optin::server {

std::int64_t DeviceKeyRate::Count(const std::string& device_key, std::int64_t now_ms,
                                  std::int64_t limit) {
  std::lock_guard lock(mu_);
  if (now_ms - last_prune_ms_ >= kWindowMs) {
    last_prune_ms_ = now_ms;
    std::erase_if(seen_, [&](const auto& kv) {
      return kv.second.empty() || kv.second.back() <= now_ms - kWindowMs;
    });
  }
  auto& times = seen_[device_key];
  while (!times.empty() && times.front() <= now_ms - kWindowMs) times.pop_front();
  // Past the limit only the fact "more than limit" matters: the oldest times can go.
  while (static_cast<std::int64_t>(times.size()) > limit) times.pop_front();
  times.push_back(now_ms);
  return static_cast<std::int64_t>(times.size());
}

}  // namespace optin::server
