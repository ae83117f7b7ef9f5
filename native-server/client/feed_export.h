// `optin feed export`: a call centre without an API pulls its lead feed page by page and gets
// RFC 4180 CSV (a header row, every field quoted, CRLF). Leads are acknowledged only when asked
// (--ack), and only after their page was written and flushed, so a lead is never acknowledged
// without being in the output. The last cursor is reported so the next export can resume.
#pragma once

#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "capture/result.h"

namespace optin::client {

struct FeedExportOptions {
  std::string server;
  std::string token;  // call_centre:<id>
  std::uint64_t cursor = 0;
  std::uint64_t page = 500;
  bool ack = false;
  std::function<void(std::uint64_t leads, std::uint64_t cursor)> progress;
};

struct FeedExportReport {
  std::uint64_t leads = 0;
  std::uint64_t acknowledged = 0;
  std::uint64_t next_cursor = 0;
};

// The CSV columns, in order. Lead fields not named here go into other_fields as a JSON object.
[[nodiscard]] const std::vector<std::string>& FeedExportColumns();

[[nodiscard]] capture::Result<FeedExportReport> ExportFeedOverHttp(const FeedExportOptions& options,
                                                                   std::ostream& out);

}  // namespace optin::client
