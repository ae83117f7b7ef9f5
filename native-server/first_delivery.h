// The delivery of a key's first record (by leaf) as a contact of that key. Classification does
// not store it as a contact row per key (a write at a random place of a large index per key, most
// of what classifying cost): the engines read it from record_keys, records and deliveries and add
// it to the stored rows here, so LastContact and ContactsOfKey answer as if it were stored.
#pragma once

#include <algorithm>
#include <vector>

#include "storage.h"

namespace optin::server {

// Adds `delivery` to `rows` (ordered by campaign, then time, at most kMaxContactsOfKey) in its
// place, unless the same contact is there already (a database from before schema 10 stored it,
// and a release or a verified lead still stores it).
inline void AddFirstDelivery(std::vector<ContactRow>& rows, ContactRow delivery) {
  auto same = [&](const ContactRow& r) {
    return r.at == delivery.at && r.what == delivery.what && r.record_id == delivery.record_id &&
           r.campaign == delivery.campaign;
  };
  if (std::any_of(rows.begin(), rows.end(), same)) return;
  auto at = std::upper_bound(
      rows.begin(), rows.end(), delivery, [](const ContactRow& a, const ContactRow& b) {
        return a.campaign != b.campaign ? a.campaign < b.campaign : a.at < b.at;
      });
  rows.insert(at, std::move(delivery));
  if (rows.size() > kMaxContactsOfKey) rows.resize(kMaxContactsOfKey);
}

}  // namespace optin::server
