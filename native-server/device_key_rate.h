// Records per device key in the last minute (issue 9): a key that signs more than the
// configured number is a script, not a person at a form. Its records are still judged on their
// merits; the server only flags them (record_flags: device_key_burst). Counted in memory per
// server process: a restart or a second server starts counting afresh (docs/security.md).
#pragma once

#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

namespace optin::server {

class DeviceKeyRate {
 public:
  // Counts one record of `device_key` at `now_ms`; the records of that key in the minute up to
  // now, this one included. Keeps at most limit + 1 times per key.
  [[nodiscard]] std::int64_t Count(const std::string& device_key, std::int64_t now_ms,
                                   std::int64_t limit);

 private:
  static constexpr std::int64_t kWindowMs = 60000;
  std::mutex mu_;
  std::unordered_map<std::string, std::deque<std::int64_t>> seen_;
  std::int64_t last_prune_ms_ = 0;
};

}  // namespace optin::server
