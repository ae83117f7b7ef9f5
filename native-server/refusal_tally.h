// Refused envelopes, counted (R20: "refused, by reason", per traffic code and per partner). A
// refused envelope is never stored (it may hold personal data that failed the rules); only a
// count per Amsterdam day, claimed campaign, claimed traffic code and error code is kept. Counts
// gather in memory and are written at most once a second by a small thread (one short
// transaction, not one per refusal, so a flood of bad input costs no fsyncs per request), before
// every report, and at shutdown; a crash loses at most the last second of counts.
#pragma once

#include <condition_variable>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <tuple>

#include "capture/json.h"
#include "capture/result.h"
#include "storage.h"

namespace optin::server {

class RefusalTally {
 public:
  explicit RefusalTally(Storage& storage) : storage_(storage) {}
  ~RefusalTally() { Stop(); }
  RefusalTally(const RefusalTally&) = delete;
  RefusalTally& operator=(const RefusalTally&) = delete;

  // Counts one refused envelope. Server-side failures (HTTP 5xx: overloaded, storage) are not the
  // source's doing and are not counted.
  void Add(const std::string& campaign, const std::string& source, const capture::Error& error,
           std::int64_t now_ms);

  // Writes what is pending; on failure keeps it for the next try.
  [[nodiscard]] capture::Status Flush();

  void Start(int interval_ms);
  void Stop();  // flushes a last time

 private:
  using Key = std::tuple<std::int64_t, std::string, std::string, std::string>;
  void Run(int interval_ms);

  Storage& storage_;
  std::mutex mu_;
  std::map<Key, std::int64_t> pending_;
  std::mutex flush_mu_;  // one flush at a time, so a failed flush's counts are merged back once
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

// The campaign id and traffic code an envelope claims, for counting its refusal: each "" when
// absent or not well-formed (a malformed code is never stored as a source).
[[nodiscard]] std::pair<std::string, std::string> ClaimedOrigin(const capture::Json& envelope);

}  // namespace optin::server
