#include "ledger_entries.h"

#include <algorithm>

#include "capture/json.h"

namespace optin::server {

std::string ConsentEntry(std::string_view record_canonical, std::string_view sig_base64,
                         capture::UnixMillis received_at, const RelayRef* relay) {
  std::string out;
  out.reserve(record_canonical.size() + sig_base64.size() + (relay ? 288 : 96));
  out += R"({"received_at":")";
  out += capture::FormatRfc3339Millis(received_at);
  out += R"(","record":)";
  out += record_canonical;
  if (relay != nullptr) {
    out += R"(,"relay":{"batch_sha256":")";
    out += relay->batch_sha256;
    out += R"(","partner":")";
    out += relay->partner;
    out += R"(","sig":")";
    out += relay->sig;
    out += R"("})";
  }
  out += R"(,"sig":")";
  out += sig_base64;  // base64 needs no JSON escapes
  out += R"(","type":"consent_record"})";
  return out;
}

capture::Result<std::string> ManifestEntry(const capture::Manifest& manifest,
                                           std::string_view sig_base64) {
  const capture::Json entry = {{"campaign", manifest.campaign_id},
                               {"manifest", manifest.json},
                               {"sig", sig_base64},
                               {"type", kManifestPublishedType},
                               {"version", manifest.version}};
  return capture::CanonicalJson(entry);
}

capture::Result<std::string> WithdrawalEntry(std::vector<std::string> record_ids,
                                             std::string_view by, std::string_view how,
                                             capture::UnixMillis at, std::string_view reason) {
  std::sort(record_ids.begin(), record_ids.end());
  capture::Json entry = {{"at", capture::FormatRfc3339Millis(at)},
                         {"by", by},
                         {"how", how},
                         {"records", record_ids},
                         {"type", kWithdrawalType}};
  if (!reason.empty()) entry["reason"] = reason;
  return capture::CanonicalJson(entry);
}

capture::Result<std::string> ErasureEntry(std::vector<std::string> record_ids,
                                          capture::UnixMillis at) {
  std::sort(record_ids.begin(), record_ids.end());
  const capture::Json entry = {{"at", capture::FormatRfc3339Millis(at)},
                               {"by", "admin"},
                               {"records", record_ids},
                               {"type", kErasureType}};
  return capture::CanonicalJson(entry);
}

capture::Result<std::string> SourceBlockEntry(bool blocked, std::string_view source,
                                              std::string_view campaign, std::string_view reason,
                                              capture::UnixMillis at) {
  capture::Json entry = {{"at", capture::FormatRfc3339Millis(at)},
                         {"by", "admin"},
                         {"source", source},
                         {"type", blocked ? kSourceBlockedType : kSourceUnblockedType}};
  if (!campaign.empty()) entry["campaign"] = campaign;
  if (!reason.empty()) entry["reason"] = reason;
  return capture::CanonicalJson(entry);
}

}  // namespace optin::server
