#include "source_report_format.h"

#include <cstdio>
#include <set>
#include <sstream>

#include "csv.h"

namespace optin::client {
namespace {

using capture::Json;

const Json& Rows(const Json& report, std::string_view by) {
  static const Json kEmpty = Json::array();
  const char* key = by == "partner" ? "partners" : "sources";
  auto it = report.find(key);
  return it != report.end() && it->is_array() ? *it : kEmpty;
}

std::string Text(const Json& v) {
  if (v.is_null()) return "";
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_float()) {
    char out[32];
    std::snprintf(out, sizeof out, "%.4f", v.get<double>());
    return out;
  }
  return v.dump();
}

std::string Percent(const Json& v) {
  if (!v.is_number()) return "-";
  char out[16];
  std::snprintf(out, sizeof out, "%.1f%%", 100.0 * v.get<double>());
  return out;
}

const Json& At(const Json& row, std::initializer_list<const char*> path) {
  static const Json kNull;
  const Json* v = &row;
  for (const char* p : path) {
    if (!v->is_object() || !v->contains(p)) return kNull;
    v = &(*v)[p];
  }
  return *v;
}

std::string Name(const Json& row, std::string_view by) {
  const Json& v = At(row, {by == "partner" ? "partner" : "code"});
  return v.is_null() ? "(no readable code)" : v.get<std::string>();
}

std::set<std::string> Reasons(const Json& rows) {
  std::set<std::string> out;
  for (const auto& r : rows) {
    for (const auto& [reason, n] : At(r, {"refused_by_reason"}).items()) out.insert(reason);
  }
  return out;
}

}  // namespace

const std::vector<std::string>& SourceReportCsvColumns(std::string_view by) {
  static const std::vector<std::string> kTail = {"received",
                                                 "refused",
                                                 "accepted",
                                                 "relayed",
                                                 "delivered",
                                                 "reached",
                                                 "converted",
                                                 "withdrawn",
                                                 "complaints",
                                                 "refused_rate",
                                                 "delivered_rate",
                                                 "reached_rate",
                                                 "converted_rate",
                                                 "withdrawn_rate",
                                                 "complaints_rate",
                                                 "time_unknown",
                                                 "time_under_3s",
                                                 "time_3s_to_10s",
                                                 "time_10s_to_60s",
                                                 "time_60s_and_more",
                                                 "disposable_email",
                                                 "shared_device",
                                                 "max_records_per_device",
                                                 "phone_via_other_partners",
                                                 "device_key_burst"};
  static const std::vector<std::string> kCode = [] {
    std::vector<std::string> c = {"code", "partner", "channel", "placement", "creative"};
    c.insert(c.end(), kTail.begin(), kTail.end());
    return c;
  }();
  static const std::vector<std::string> kPartner = [] {
    std::vector<std::string> c = {"partner"};
    c.insert(c.end(), kTail.begin(), kTail.end());
    return c;
  }();
  return by == "partner" ? kPartner : kCode;
}

std::string SourceReportCsv(const Json& report, std::string_view by) {
  const Json& rows = Rows(report, by);
  const std::set<std::string> reasons = Reasons(rows);
  std::vector<std::string> header = SourceReportCsvColumns(by);
  for (const auto& r : reasons) header.push_back("refused_" + r);
  std::string out = server::CsvRecord(header);
  for (const auto& row : rows) {
    std::vector<std::string> f;
    if (by != "partner") {
      for (const char* k : {"code", "partner", "channel", "placement", "creative"}) {
        f.push_back(Text(At(row, {k})));
      }
    } else {
      f.push_back(Text(At(row, {"partner"})));
    }
    for (const char* k : {"received", "refused", "accepted", "relayed", "delivered", "reached",
                          "converted", "withdrawn", "complaints"}) {
      f.push_back(Text(At(row, {k})));
    }
    for (const char* k :
         {"refused", "delivered", "reached", "converted", "withdrawn", "complaints"}) {
      f.push_back(Text(At(row, {"rates", k})));
    }
    for (const char* k : {"unknown", "under_3s", "3s_to_10s", "10s_to_60s", "60s_and_more"}) {
      f.push_back(Text(At(row, {"quality", "time_on_page", k})));
    }
    for (const char* k : {"disposable_email", "shared_device", "max_records_per_device",
                          "phone_via_other_partners", "device_key_burst"}) {
      f.push_back(Text(At(row, {"quality", k})));
    }
    for (const auto& r : reasons) {
      const Json& n = At(row, {"refused_by_reason", r.c_str()});
      f.push_back(n.is_null() ? "0" : Text(n));
    }
    out += server::CsvRecord(f);
  }
  return out;
}

std::string SourceReportTable(const Json& report, std::string_view by) {
  const Json& rows = Rows(report, by);
  struct Column {
    const char* title;
    std::vector<std::string> cells;
  };
  std::vector<Column> cols = {{by == "partner" ? "partner" : "code", {}},
                              {"recv", {}},
                              {"refused", {}},
                              {"accepted", {}},
                              {"deliv", {}},
                              {"reached", {}},
                              {"conv", {}},
                              {"withdr", {}},
                              {"compl", {}},
                              {"refused%", {}},
                              {"conv%", {}},
                              {"compl%", {}},
                              {"<3s", {}},
                              {"dispos", {}},
                              {"sh.dev", {}},
                              {"ph.other", {}}};
  for (const auto& row : rows) {
    std::size_t i = 0;
    cols[i++].cells.push_back(Name(row, by));
    for (const char* k : {"received", "refused", "accepted", "delivered", "reached", "converted",
                          "withdrawn", "complaints"}) {
      cols[i++].cells.push_back(Text(At(row, {k})));
    }
    for (const char* k : {"refused", "converted", "complaints"}) {
      cols[i++].cells.push_back(Percent(At(row, {"rates", k})));
    }
    cols[i++].cells.push_back(Text(At(row, {"quality", "time_on_page", "under_3s"})));
    for (const char* k : {"disposable_email", "shared_device", "phone_via_other_partners"}) {
      cols[i++].cells.push_back(Text(At(row, {"quality", k})));
    }
  }
  std::ostringstream out;
  std::vector<std::size_t> width;
  for (const auto& c : cols) {
    std::size_t w = std::string(c.title).size();
    for (const auto& cell : c.cells) w = std::max(w, cell.size());
    width.push_back(w);
  }
  auto line = [&](auto cell_of) {
    for (std::size_t c = 0; c < cols.size(); ++c) {
      const std::string cell = cell_of(c);
      // The name column is left-aligned, numbers right-aligned.
      if (c == 0) {
        out << cell << std::string(width[c] - cell.size(), ' ');
      } else {
        out << "  " << std::string(width[c] - cell.size(), ' ') << cell;
      }
    }
    out << "\n";
  };
  line([&](std::size_t c) { return std::string(cols[c].title); });
  for (std::size_t r = 0; r < rows.size(); ++r)
    line([&](std::size_t c) { return cols[c].cells[r]; });
  if (rows.empty()) out << "(no records and no refusals in this slice)\n";
  bool any = false;
  for (const auto& row : rows) {
    const Json& reasons = At(row, {"refused_by_reason"});
    if (!reasons.is_object() || reasons.empty()) continue;
    if (!any) out << "\nrefused by reason:\n";
    any = true;
    out << "  " << Name(row, by) << ":";
    for (const auto& [reason, n] : reasons.items()) out << " " << reason << " " << Text(n);
    out << "\n";
  }
  return out.str();
}

}  // namespace optin::client
