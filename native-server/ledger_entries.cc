#include "ledger_entries.h"

#include <algorithm>

#include "capture/json.h"

namespace optin::server {

std::string ConsentEntry(std::string_view record_canonical, std::string_view sig_base64,
                         capture::UnixMillis received_at) {
  std::string out;
  out.reserve(record_canonical.size() + sig_base64.size() + 96);
  out += R"({"received_at":")";
  out += capture::FormatRfc3339Millis(received_at);
  out += R"(","record":)";
  out += record_canonical;
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
                                             capture::UnixMillis at) {
  std::sort(record_ids.begin(), record_ids.end());
  const capture::Json entry = {{"at", capture::FormatRfc3339Millis(at)},
                               {"by", by},
                               {"how", how},
                               {"records", record_ids},
                               {"type", kWithdrawalType}};
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

}  // namespace optin::server
