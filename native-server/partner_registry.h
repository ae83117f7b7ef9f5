// The registered partners in memory (few, small), read for every partner submission and relay,
// replaced by a registration (POST /v1/partners) after it is stored.
#pragma once

#include <map>
#include <optional>
#include <shared_mutex>
#include <string>
#include <vector>

#include "capture/result.h"
#include "storage.h"

namespace optin::server {

class PartnerRegistry {
 public:
  [[nodiscard]] capture::Status Load(Storage& storage);
  void Put(const PartnerRow& row);
  [[nodiscard]] std::optional<PartnerRow> Find(const std::string& id) const;
  [[nodiscard]] std::vector<PartnerRow> All() const;

 private:
  mutable std::shared_mutex mu_;
  std::map<std::string, PartnerRow> partners_;
};

// The traffic sources blocked now, in memory: loaded at start and replaced from storage after
// every committed block or unblock, before that request is answered, so a submission that starts
// after the answer sees the change.
class BlockList {
 public:
  [[nodiscard]] capture::Status Load(Storage& storage);
  // The block that covers this code in this campaign: a block of any prefix of the code (whole
  // parts: "acme" covers "acme.email.x.y", not "acmes.email.x.y"), in this campaign or in all.
  [[nodiscard]] std::optional<BlockRow> Find(const std::string& campaign,
                                             const std::string& code) const;
  [[nodiscard]] std::vector<BlockRow> All() const;

  // The same matching, for a list read from storage (the lead processor's view).
  [[nodiscard]] static std::optional<BlockRow> Match(const std::vector<BlockRow>& blocks,
                                                     const std::string& campaign,
                                                     const std::string& code);

 private:
  mutable std::shared_mutex mu_;
  std::vector<BlockRow> blocks_;
};

}  // namespace optin::server
