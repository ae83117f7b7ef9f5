// The optional webhook push of leads (issue 5): for every call centre configured with a
// webhook_url, a thread posts its queued leads in seq order, a page at a time, as
// {"leads": [...]} (the feed's lead objects), signed with the call centre's webhook_secret
// (signed_post.h). A 2xx answer marks the page handed out (as the feed does); anything else
// retries it after webhook_retry_base_ms * 2^attempts (at most webhook_retry_max_ms), forever:
// at least once, so the receiver must treat a repeated record_id as the same lead. The feed and
// its acknowledgements keep working beside the push. Runs beside the processor, never in the
// commit path: a slow or dead receiver delays only its own leads.
#pragma once

#include <condition_variable>
#include <mutex>
#include <thread>

#include "app_context.h"

namespace optin::server {

class LeadPusher final : public BackgroundWorker {
 public:
  explicit LeadPusher(AppContext& ctx) : ctx_(ctx) {}
  ~LeadPusher() override { Stop(); }
  LeadPusher(const LeadPusher&) = delete;
  LeadPusher& operator=(const LeadPusher&) = delete;

  void Start(int poll_ms);
  void Wake();
  void Stop() override;

  // One round over the call centres at `now`; returns how many leads were pushed.
  [[nodiscard]] capture::Result<std::size_t> PushDue(capture::UnixMillis now);

 private:
  [[nodiscard]] capture::Result<std::size_t> PushPage(const CallCentreRow& cc,
                                                      capture::UnixMillis now);
  void Run(int poll_ms);

  AppContext& ctx_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  bool wake_ = false;
  std::thread thread_;
};

}  // namespace optin::server
