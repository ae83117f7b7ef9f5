#include "campaign_registry.h"

#include <mutex>

#include "capture/json.h"

namespace optin::server {

using capture::ErrorCode;
using capture::MakeError;

capture::Status CampaignRegistry::Load(Storage& storage) {
  CAPTURE_ASSIGN_OR_RETURN(auto rows, storage.Campaigns());
  for (const auto& row : rows) CAPTURE_RETURN_IF_ERROR(Add(row));
  return capture::OkStatus();
}

capture::Status CampaignRegistry::Add(const CampaignRow& row) {
  // Stored only after its signature verified at publication; parse the rules again here.
  CAPTURE_ASSIGN_OR_RETURN(capture::Json signed_json, capture::ParseJson(row.signed_json));
  CAPTURE_ASSIGN_OR_RETURN(const capture::Json* object,
                           capture::GetObject(signed_json, "manifest"));
  CAPTURE_ASSIGN_OR_RETURN(capture::Manifest manifest, capture::ParseManifest(*object));
  auto shared = std::make_shared<const capture::Manifest>(std::move(manifest));
  std::unique_lock lock(mu_);
  for (const auto& origin : shared->origins) origins_.insert(origin);
  campaigns_[{row.id, row.version}] = PublishedCampaign{std::move(shared), row};
  return capture::OkStatus();
}

capture::Result<PublishedCampaign> CampaignRegistry::Find(const std::string& id,
                                                          std::int64_t version) const {
  std::shared_lock lock(mu_);
  auto it = campaigns_.find({id, version});
  if (it != campaigns_.end()) return it->second;
  auto any = campaigns_.lower_bound({id, INT64_MIN});
  if (any != campaigns_.end() && any->first.first == id) {
    return MakeError(ErrorCode::kCampaignVersionUnknown,
                     "campaign '" + id + "' has no published version " + std::to_string(version),
                     "record.campaign.version");
  }
  return MakeError(ErrorCode::kCampaignUnknown, "campaign '" + id + "' is not published here",
                   "record.campaign.id");
}

std::vector<PublishedCampaign> CampaignRegistry::Versions(const std::string& id) const {
  std::shared_lock lock(mu_);
  std::vector<PublishedCampaign> out;
  for (auto it = campaigns_.lower_bound({id, INT64_MIN});
       it != campaigns_.end() && it->first.first == id; ++it) {
    out.push_back(it->second);
  }
  return out;
}

bool CampaignRegistry::OriginAllowed(const std::string& origin) const {
  std::shared_lock lock(mu_);
  return origins_.count(origin) != 0;
}

std::set<std::pair<std::string, std::int64_t>> CampaignRegistry::Keys() const {
  std::shared_lock lock(mu_);
  std::set<std::pair<std::string, std::int64_t>> out;
  for (const auto& [key, value] : campaigns_) out.insert(key);
  return out;
}

}  // namespace optin::server
