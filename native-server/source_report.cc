#include "source_report.h"

#include <cmath>
#include <cstdio>
#include <limits>
#include <map>

#include "capture/record.h"
#include "capture/time.h"
#include "lead_classifier.h"

namespace optin::server {
namespace {

using capture::Json;

struct Tally {
  SourceCountsRow counts;
  std::map<std::string, std::int64_t> refused;
};

void Merge(Tally& into, const Tally& from) {
  SourceCountsRow& a = into.counts;
  const SourceCountsRow& b = from.counts;
  a.accepted += b.accepted;
  a.relayed += b.relayed;
  a.delivered += b.delivered;
  a.reached += b.reached;
  a.converted += b.converted;
  a.withdrawn += b.withdrawn;
  a.complaints += b.complaints;
  a.time_unknown += b.time_unknown;
  a.time_under_3s += b.time_under_3s;
  a.time_3_to_10s += b.time_3_to_10s;
  a.time_10_to_60s += b.time_10_to_60s;
  a.time_over_60s += b.time_over_60s;
  a.disposable_email += b.disposable_email;
  a.shared_device += b.shared_device;
  a.device_key_burst += b.device_key_burst;
  a.max_per_device = std::max(a.max_per_device, b.max_per_device);
  a.phone_other_partner += b.phone_other_partner;
  for (const auto& [reason, n] : from.refused) into.refused[reason] += n;
}

// part / whole to four decimals; null when there is no whole.
Json Rate(std::int64_t part, std::int64_t whole) {
  if (whole == 0) return Json();
  return std::round(10000.0 * static_cast<double>(part) / static_cast<double>(whole)) / 10000.0;
}

Json TallyJson(const Tally& t) {
  const SourceCountsRow& c = t.counts;
  std::int64_t refused = 0;
  Json by_reason = Json::object();
  for (const auto& [reason, n] : t.refused) {
    refused += n;
    by_reason[reason] = n;
  }
  const std::int64_t received = c.accepted + refused;
  return {{"received", received},
          {"refused", refused},
          {"refused_by_reason", by_reason},
          {"accepted", c.accepted},
          {"relayed", c.relayed},
          {"delivered", c.delivered},
          {"reached", c.reached},
          {"converted", c.converted},
          {"withdrawn", c.withdrawn},
          {"complaints", c.complaints},
          {"rates",
           {{"refused", Rate(refused, received)},
            {"delivered", Rate(c.delivered, c.accepted)},
            {"reached", Rate(c.reached, c.delivered)},
            {"converted", Rate(c.converted, c.reached)},
            {"withdrawn", Rate(c.withdrawn, c.accepted)},
            {"complaints", Rate(c.complaints, c.accepted)}}},
          {"quality",
           {{"time_on_page",
             {{"unknown", c.time_unknown},
              {"under_3s", c.time_under_3s},
              {"3s_to_10s", c.time_3_to_10s},
              {"10s_to_60s", c.time_10_to_60s},
              {"60s_and_more", c.time_over_60s}}},
            {"disposable_email", c.disposable_email},
            {"shared_device", c.shared_device},
            {"max_records_per_device", c.max_per_device},
            {"phone_via_other_partners", c.phone_other_partner},
            {"device_key_burst", c.device_key_burst}}}};
}

std::string PartnerOf(const std::string& code) { return code.substr(0, code.find('.')); }

Json OrNull(const std::string& text) { return text.empty() ? Json() : Json(text); }

std::string DayText(std::int64_t day) {
  const capture::CivilDate d = capture::CivilFromDays(day);
  char out[16];
  std::snprintf(out, sizeof out, "%04d-%02d-%02d", d.year, d.month, d.day);
  return out;
}

}  // namespace

capture::Result<Json> BuildSourceReport(Storage& storage, const SourceReportFilter& filter,
                                        std::int64_t now_ms) {
  SourceReportQuery q;
  q.campaign = filter.campaign;
  q.partner = filter.partner;
  q.from_day = filter.from.value_or(std::numeric_limits<std::int64_t>::min());
  q.to_day = filter.to.value_or(std::numeric_limits<std::int64_t>::max());
  q.from_ms = filter.from ? LocalMidnight(*filter.from) : std::numeric_limits<std::int64_t>::min();
  q.to_ms = filter.to ? LocalMidnight(*filter.to + 1) : std::numeric_limits<std::int64_t>::max();
  CAPTURE_ASSIGN_OR_RETURN(auto counts, storage.SourceCounts(q));
  CAPTURE_ASSIGN_OR_RETURN(auto refusals, storage.RefusalCounts(q));

  std::map<std::string, Tally> by_code;
  for (auto& c : counts) by_code[c.source].counts = std::move(c);
  for (const auto& r : refusals) by_code[r.source].refused[r.reason] += r.count;
  for (auto& [code, t] : by_code) t.counts.source = code;

  std::map<std::string, Tally> by_partner;
  Tally totals;
  Json sources = Json::array();
  for (const auto& [code, t] : by_code) {
    Json row = TallyJson(t);
    // Refusals of envelopes that named no readable code belong to no source: code null.
    auto parsed = capture::ParseTrafficCode(code);
    row["code"] = OrNull(code);
    row["partner"] = parsed.ok() ? Json(parsed->partner) : Json();
    row["channel"] = parsed.ok() ? Json(parsed->channel) : Json();
    row["placement"] = parsed.ok() ? Json(parsed->placement) : Json();
    row["creative"] = parsed.ok() ? Json(parsed->creative) : Json();
    sources.push_back(std::move(row));
    Merge(by_partner[PartnerOf(code)], t);
    Merge(totals, t);
  }
  Json partners = Json::array();
  for (const auto& [partner, t] : by_partner) {
    Json row = TallyJson(t);
    row["partner"] = OrNull(partner);
    partners.push_back(std::move(row));
  }
  return Json{{"campaign", OrNull(filter.campaign)},
              {"partner", OrNull(filter.partner)},
              {"from", filter.from ? Json(DayText(*filter.from)) : Json()},
              {"to", filter.to ? Json(DayText(*filter.to)) : Json()},
              {"generated_at", capture::FormatRfc3339Millis(now_ms)},
              {"sources", sources},
              {"partners", partners},
              {"totals", TallyJson(totals)}};
}

}  // namespace optin::server
