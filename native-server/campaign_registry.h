// The published campaigns in memory (few, small): looked up for every submission, refreshed when
// a publication commits. Also the set of page origins that CORS allows.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <shared_mutex>
#include <string>
#include <utility>
#include <vector>

#include "capture/manifest.h"
#include "capture/result.h"
#include "storage.h"

namespace optin::server {

struct PublishedCampaign {
  std::shared_ptr<const capture::Manifest> manifest;
  CampaignRow row;
};

class CampaignRegistry {
 public:
  [[nodiscard]] capture::Status Load(Storage& storage);
  [[nodiscard]] capture::Status Add(const CampaignRow& row);

  // campaign_unknown or campaign_version_unknown when absent.
  [[nodiscard]] capture::Result<PublishedCampaign> Find(const std::string& id,
                                                        std::int64_t version) const;
  [[nodiscard]] std::vector<PublishedCampaign> Versions(const std::string& id) const;
  [[nodiscard]] bool OriginAllowed(const std::string& origin) const;
  [[nodiscard]] std::set<std::pair<std::string, std::int64_t>> Keys() const;

 private:
  mutable std::shared_mutex mu_;
  std::map<std::pair<std::string, std::int64_t>, PublishedCampaign> campaigns_;
  std::set<std::string> origins_;
};

}  // namespace optin::server
