// Token guessing: after `max_failures` unknown bearer tokens from one client address within a
// window, every request with a token from that address is refused for the lockout time, right
// tokens included, so the answers stop telling a guesser anything. Thread-safe.
#pragma once

#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

namespace optin::server {

class AuthLockout {
 public:
  AuthLockout(std::int64_t max_failures, std::int64_t window_ms, std::int64_t lockout_ms);

  // The ms left of the address's lockout at `now_ms`, 0 when it is not locked out.
  [[nodiscard]] std::int64_t LockedFor(const std::string& address, std::int64_t now_ms);
  // One failed token; locks the address out when it makes max_failures within the window.
  void Failure(const std::string& address, std::int64_t now_ms);

 private:
  struct State {
    std::deque<std::int64_t> failures;  // times within the window, oldest first
    std::int64_t locked_until = 0;
  };
  void Prune(std::int64_t now_ms);

  const std::size_t max_failures_;
  const std::int64_t window_ms_;
  const std::int64_t lockout_ms_;
  std::mutex mu_;
  std::unordered_map<std::string, State> states_;
  std::int64_t last_prune_ms_ = 0;
};

}  // namespace optin::server
