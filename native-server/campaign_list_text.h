// How a call centre's or a partner's list of campaign ids is stored in one text column, by both
// engines: a JSON array of strings. Reading is lenient (what is not a string is dropped), since
// the column is only ever written by CampaignListText.
#pragma once

#include <string>
#include <vector>

#include "capture/json.h"

namespace optin::server {

inline std::string CampaignListText(const std::vector<std::string>& campaigns) {
  return capture::Json(campaigns).dump();
}

inline std::vector<std::string> CampaignListOf(const std::string& text) {
  std::vector<std::string> out;
  auto json = capture::ParseJson(text);
  if (!json.ok() || !json->is_array()) return out;
  for (const auto& c : *json) {
    if (c.is_string()) out.push_back(c.get<std::string>());
  }
  return out;
}

}  // namespace optin::server
