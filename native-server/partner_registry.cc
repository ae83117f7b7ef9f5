#include "partner_registry.h"

#include <mutex>

namespace optin::server {

capture::Status PartnerRegistry::Load(Storage& storage) {
  CAPTURE_ASSIGN_OR_RETURN(auto rows, storage.Partners());
  std::unique_lock lock(mu_);
  partners_.clear();
  for (auto& r : rows) partners_[r.id] = std::move(r);
  return capture::OkStatus();
}

void PartnerRegistry::Put(const PartnerRow& row) {
  std::unique_lock lock(mu_);
  partners_[row.id] = row;
}

std::optional<PartnerRow> PartnerRegistry::Find(const std::string& id) const {
  std::shared_lock lock(mu_);
  auto it = partners_.find(id);
  if (it == partners_.end()) return std::nullopt;
  return it->second;
}

std::vector<PartnerRow> PartnerRegistry::All() const {
  std::shared_lock lock(mu_);
  std::vector<PartnerRow> out;
  for (const auto& [id, row] : partners_) out.push_back(row);
  return out;
}

capture::Status BlockList::Load(Storage& storage) {
  CAPTURE_ASSIGN_OR_RETURN(auto rows, storage.Blocks());
  std::unique_lock lock(mu_);
  blocks_ = std::move(rows);
  return capture::OkStatus();
}

std::optional<BlockRow> BlockList::Match(const std::vector<BlockRow>& blocks,
                                         const std::string& campaign, const std::string& code) {
  for (const auto& b : blocks) {
    if (!b.campaign.empty() && b.campaign != campaign) continue;
    const bool prefix =
        code.size() >= b.source.size() && code.compare(0, b.source.size(), b.source) == 0;
    if (prefix && (code.size() == b.source.size() || code[b.source.size()] == '.')) return b;
  }
  return std::nullopt;
}

std::optional<BlockRow> BlockList::Find(const std::string& campaign,
                                        const std::string& code) const {
  std::shared_lock lock(mu_);
  return Match(blocks_, campaign, code);
}

std::vector<BlockRow> BlockList::All() const {
  std::shared_lock lock(mu_);
  return blocks_;
}

}  // namespace optin::server
