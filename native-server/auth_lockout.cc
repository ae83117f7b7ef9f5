#include "auth_lockout.h"

#include <algorithm>

namespace optin::server {

AuthLockout::AuthLockout(std::int64_t max_failures, std::int64_t window_ms, std::int64_t lockout_ms)
    : max_failures_(static_cast<std::size_t>(max_failures)),
      window_ms_(window_ms),
      lockout_ms_(lockout_ms) {}

std::int64_t AuthLockout::LockedFor(const std::string& address, std::int64_t now_ms) {
  std::lock_guard lock(mu_);
  auto it = states_.find(address);
  if (it == states_.end()) return 0;
  return std::max<std::int64_t>(0, it->second.locked_until - now_ms);
}

void AuthLockout::Failure(const std::string& address, std::int64_t now_ms) {
  std::lock_guard lock(mu_);
  Prune(now_ms);
  State& s = states_[address];
  while (!s.failures.empty() && s.failures.front() <= now_ms - window_ms_) s.failures.pop_front();
  s.failures.push_back(now_ms);
  if (s.failures.size() >= max_failures_) {
    s.locked_until = now_ms + lockout_ms_;
    s.failures.clear();
  }
}

// Addresses with no failure in the window and no lockout left are forgotten (once a window).
void AuthLockout::Prune(std::int64_t now_ms) {
  if (now_ms - last_prune_ms_ < window_ms_) return;
  last_prune_ms_ = now_ms;
  std::erase_if(states_, [&](const auto& kv) {
    const State& s = kv.second;
    return s.locked_until <= now_ms &&
           (s.failures.empty() || s.failures.back() <= now_ms - window_ms_);
  });
}

}  // namespace optin::server
