#include "shared_state_refresher.h"
#include "thread_name.h"

#include <chrono>
#include <cstdio>

namespace optin::server {

void SharedStateRefresher::Start(int interval_ms) {
  thread_ = std::thread([this, interval_ms] { Run(interval_ms); });
}

void SharedStateRefresher::Stop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void SharedStateRefresher::Run(int interval_ms) {
  NameThisThread("optin-refresh");
  std::unique_lock lock(mu_);
  while (!cv_.wait_for(lock, std::chrono::milliseconds(interval_ms), [this] { return stop_; })) {
    lock.unlock();
    // A failed refresh keeps what was loaded; the next interval tries again.
    for (const capture::Status& s :
         {campaigns_.Load(storage_), partners_.Load(storage_), blocks_.Load(storage_)}) {
      if (!s.ok()) std::fprintf(stderr, "optin-server: refresh: %s\n", s.error().message.c_str());
    }
    lock.lock();
  }
}

}  // namespace optin::server
