// Offline verification of an evidence bundle (R10): trusts nothing but the two public keys given.
// Each check says what it proves; the first failing check is named in the error.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "capture/crypto.h"
#include "capture/result.h"

namespace optin::client {

struct EvidenceCheck {
  std::string name;    // stable id, e.g. "record_signature"
  std::string proves;  // one sentence for the auditor
};

struct EvidenceReport {
  std::string record_id;
  std::string campaign;
  std::int64_t version = 0;
  std::string server_time;
  std::uint64_t leaf_index = 0;
  std::uint64_t tree_size = 0;
  bool erased = false;
  // A relayed record (docs/partners.md): the partner that countersigned it, when, and the size
  // of its batch. Empty when the record came straight from the capturing device.
  std::string relayed_by;
  std::string relayed_by_name;
  std::string relayed_at;
  std::size_t relay_batch_records = 0;
  // Issue 5: how and when the phone number was verified before calling (empty: the bundle holds
  // no verification, because the campaign asks for none or it has not happened yet).
  std::string verification_method;  // "sms", "email", "call_start"
  std::string verified_how;         // "code", "link", "call_start"
  std::string verified_by;
  std::string verified_at;
  std::vector<EvidenceCheck> checks;  // every check that passed, in order
};

// server_vkey: the log's C2SP verifier key (from /v1/keys, published out of band).
[[nodiscard]] capture::Result<EvidenceReport> VerifyEvidenceBundle(
    std::string_view bundle, std::string_view server_vkey, const capture::PublicKey& advertiser);

}  // namespace optin::client
