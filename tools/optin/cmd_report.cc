// optin report sources: the traffic-source report (GET /v1/reports/sources) as a table, CSV or
// JSON, per traffic code or per partner. A partner's token gets its own rows only.
#if __has_include("source_report_format.h")
#include <iostream>

#include "capture/json.h"
#include "command.h"
#include "server_call.h"
#include "source_report_format.h"

namespace optin {
namespace {

int Sources(const Args& args) {
  auto server = args.Option("server");
  auto token_file = args.Option("token-file");
  if (!server || !token_file) {
    return UsageError("report sources", "--server URL and --token-file FILE are required");
  }
  const std::string format = args.Option("format").value_or("table");
  const std::string by = args.Option("by").value_or("code");
  if (format != "table" && format != "csv" && format != "json") {
    return UsageError("report sources", "--format is table, csv or json");
  }
  if (by != "code" && by != "partner")
    return UsageError("report sources", "--by is code or partner");
  std::string query;
  for (const char* name : {"campaign", "partner", "from", "to"}) {
    if (auto v = args.Option(name)) {
      query += (query.empty() ? "?" : "&") + std::string(name) + "=" + *v;
    }
  }
  auto token = client::ReadTokenFile(*token_file);
  if (!token.ok()) return ReportError(args, token.error(), kExitIo);
  client::ServerCall call(*server, *token);
  auto report = call.Get("/v1/reports/sources" + query);
  if (!report.ok()) {
    return ReportError(args, report.error(),
                       client::IsConnectionError(report.error()) ? kExitIo : kExitRefused);
  }
  if (format == "json") {
    std::cout << report->dump(2) << "\n";
  } else if (format == "csv") {
    std::cout << client::SourceReportCsv(*report, by);
  } else {
    std::cout << client::SourceReportTable(*report, by);
  }
  return kExitOk;
}

}  // namespace

OPTIN_COMMAND("report sources",
              "Per traffic code (or --by partner): received, refused by reason, accepted, "
              "delivered, reached, converted, withdrawn, complaints, rates and quality facts.",
              "--server URL --token-file FILE [--campaign ID] [--partner ID] [--from YYYY-MM-DD] "
              "[--to YYYY-MM-DD] [--by code|partner] [--format table|csv|json]",
              Sources);

}  // namespace optin
#endif
