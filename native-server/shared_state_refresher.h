// Several instances on one PostgreSQL database (issue 8): what each instance keeps in memory from
// the database (published campaigns, registered partners, source blocks) is refreshed from it
// every interval, so a campaign published, a partner registered or a source blocked through one
// instance reaches the others within that interval. The instance that made the change has it at
// once, as before. SQLite has one instance: there it is not started.
#pragma once

#include <condition_variable>
#include <mutex>
#include <thread>

#include "campaign_registry.h"
#include "partner_registry.h"
#include "storage.h"

namespace optin::server {

class SharedStateRefresher {
 public:
  SharedStateRefresher(Storage& storage, CampaignRegistry& campaigns, PartnerRegistry& partners,
                       BlockList& blocks)
      : storage_(storage), campaigns_(campaigns), partners_(partners), blocks_(blocks) {}
  ~SharedStateRefresher() { Stop(); }
  SharedStateRefresher(const SharedStateRefresher&) = delete;
  SharedStateRefresher& operator=(const SharedStateRefresher&) = delete;

  void Start(int interval_ms);
  void Stop();

 private:
  void Run(int interval_ms);

  Storage& storage_;
  CampaignRegistry& campaigns_;
  PartnerRegistry& partners_;
  BlockList& blocks_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace optin::server
