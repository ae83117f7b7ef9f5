// optin customers import: uploads the advertiser's customer list (CSV: customer_id and phone
// and/or email) to a server, in chunks, with a progress bar on a terminal. The server keeps only
// keyed match keys; rows it refuses are listed with their row number, code and message.
#if __has_include("customer_import.h")
#include <iostream>

#include "capture/json.h"
#include "command.h"
#include "customer_import.h"
#include "progress_bar.h"
#include "server_call.h"

namespace optin {
namespace {

std::optional<std::size_t> Count(const Args& args, const char* name, std::size_t fallback) {
  auto text = args.Option(name);
  if (!text) return fallback;
  if (text->empty() || text->size() > 9 ||
      text->find_first_not_of("0123456789") != std::string::npos || std::stoul(*text) == 0) {
    return std::nullopt;
  }
  return std::stoul(*text);
}

int Import(const Args& args) {
  auto server = args.Option("server");
  auto token_file = args.Option("token-file");
  if (args.positionals().size() != 1 || !server || !token_file) {
    return UsageError("customers import", "FILE, --server URL and --token-file FILE are required");
  }
  auto chunk_rows = Count(args, "chunk-rows", 5000);
  if (!chunk_rows) return UsageError("customers import", "--chunk-rows must be a positive number");
  auto token = client::ReadTokenFile(*token_file);
  if (!token.ok()) return ReportError(args, token.error(), kExitIo);
  client::CustomerImportOptions options;
  options.server = *server;
  options.token = *token;
  options.file = args.positionals()[0];
  options.chunk_rows = *chunk_rows;
  ProgressBar bar("customers", !args.Flag("no-progress") && !args.json());
  options.progress = [&bar](std::uint64_t done, std::uint64_t total, std::uint64_t rows) {
    bar.Update(done, total, std::to_string(rows) + " rows");
  };
  auto report = client::ImportCustomersOverHttp(options);
  bar.Finish();
  if (!report.ok()) {
    return ReportError(args, report.error(),
                       client::IsConnectionError(report.error()) ? kExitIo : kExitRefused);
  }
  if (args.json()) {
    capture::Json out = {{"rows", report->rows},
                         {"accepted", report->accepted},
                         {"refused", report->refused},
                         {"keys_added", report->keys_added},
                         {"chunks", report->chunks},
                         {"errors", report->errors},
                         {"ignored_columns", report->ignored_columns}};
    std::cout << out.dump(2) << "\n";
  } else {
    std::cout << "customers: " << report->rows << " rows, " << report->accepted << " accepted, "
              << report->refused << " refused; " << report->keys_added << " new match keys ("
              << report->chunks << " requests)\n";
    for (const auto& e : report->errors) {
      std::cout << "  row " << e.value("row", 0) << ": " << e.value("code", std::string()) << ": "
                << e.value("message", std::string());
      if (e.contains("field")) std::cout << " (" << e.value("field", std::string()) << ")";
      std::cout << "\n";
    }
    if (report->errors.size() < report->refused) {
      std::cout << "  (" << report->refused - report->errors.size()
                << " more refusals not listed)\n";
    }
    if (!report->ignored_columns.empty()) {
      std::cout << "  ignored columns (not sent on, never stored): "
                << report->ignored_columns.dump() << "\n";
    }
  }
  return report->refused == 0 ? kExitOk : kExitRefused;
}

}  // namespace

OPTIN_COMMAND("customers import",
              "Import a customer list (CSV with customer_id and phone and/or email) into a server; "
              "stored as keyed match keys, idempotent, refused rows listed.",
              "FILE --server URL --token-file FILE [--chunk-rows N] [--json] [--no-progress]",
              Import);

}  // namespace optin
#endif
