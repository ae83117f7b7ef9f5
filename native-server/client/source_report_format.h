// `optin report sources`: the traffic-source report (GET /v1/reports/sources) as a table for a
// terminal or as RFC 4180 CSV for a spreadsheet, one row per traffic code or per partner.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "capture/json.h"

namespace optin::client {

// "code" (the report's sources) or "partner" (its partners).
[[nodiscard]] std::string SourceReportTable(const capture::Json& report, std::string_view by);
// Fixed columns (SourceReportCsvColumns), then refused_<reason> for every reason in the report.
[[nodiscard]] std::string SourceReportCsv(const capture::Json& report, std::string_view by);
[[nodiscard]] const std::vector<std::string>& SourceReportCsvColumns(std::string_view by);

}  // namespace optin::client
