// The traffic-source report (R2, R20; GET /v1/reports/sources, docs/partners.md): per traffic
// code and per partner, what arrived (received = accepted + refused, by reason), what the
// accepted records became (delivered, reached, converted, withdrawn, complaints) with rates, and
// their quality facts. Facts, not verdicts: the report counts, the reader judges.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "capture/json.h"
#include "capture/result.h"
#include "storage.h"

namespace optin::server {

struct SourceReportFilter {
  std::string campaign;              // "" = every campaign
  std::string partner;               // "" = every partner
  std::optional<std::int64_t> from;  // first local (Europe/Amsterdam) day, days since 1970
  std::optional<std::int64_t> to;    // last local day, inclusive
};

// {"campaign", "partner", "from", "to", "generated_at", "sources": [row per code],
//  "partners": [row per partner], "totals": row}; rows in code / partner order.
[[nodiscard]] capture::Result<capture::Json> BuildSourceReport(Storage& storage,
                                                               const SourceReportFilter& filter,
                                                               std::int64_t now_ms);

}  // namespace optin::server
