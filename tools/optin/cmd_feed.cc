// optin feed export: a call centre's lead feed as RFC 4180 CSV on stdout, for call centres without
// an API. Acknowledges the exported leads only with --ack; reports the cursor to resume from.
#if __has_include("feed_export.h")
#include <iostream>

#include "command.h"
#include "feed_export.h"
#include "progress_bar.h"
#include "server_call.h"

namespace optin {
namespace {

std::optional<std::uint64_t> Number(const Args& args, const char* name, std::uint64_t fallback) {
  auto text = args.Option(name);
  if (!text) return fallback;
  if (text->empty() || text->size() > 18 ||
      text->find_first_not_of("0123456789") != std::string::npos) {
    return std::nullopt;
  }
  return std::stoull(*text);
}

int Export(const Args& args) {
  auto server = args.Option("server");
  auto token_file = args.Option("token-file");
  if (!server || !token_file) {
    return UsageError("feed export", "--server URL and --token-file FILE are required");
  }
  auto cursor = Number(args, "cursor", 0);
  auto page = Number(args, "page", 500);
  if (!cursor || !page || *page == 0 || *page > 1000) {
    return UsageError("feed export", "--cursor must be a number and --page 1 to 1000");
  }
  auto token = client::ReadTokenFile(*token_file);
  if (!token.ok()) return ReportError(args, token.error(), kExitIo);
  client::FeedExportOptions options;
  options.server = *server;
  options.token = *token;
  options.cursor = *cursor;
  options.page = *page;
  options.ack = args.Flag("ack");
  ProgressBar bar("leads", !args.Flag("no-progress") && !args.json());
  options.progress = [&bar](std::uint64_t leads, std::uint64_t next) {
    bar.Update(leads, 0, "cursor " + std::to_string(next));
  };
  auto report = client::ExportFeedOverHttp(options, std::cout);
  bar.Finish();
  if (!report.ok()) {
    return ReportError(args, report.error(),
                       client::IsConnectionError(report.error()) ? kExitIo : kExitRefused);
  }
  std::cerr << "exported " << report->leads << " leads";
  if (options.ack) std::cerr << " (" << report->acknowledged << " acknowledged)";
  std::cerr << "; next time: --cursor " << report->next_cursor << "\n";
  return kExitOk;
}

}  // namespace

OPTIN_COMMAND("feed export",
              "Export a call centre's lead feed as CSV (RFC 4180) on stdout; --ack acknowledges "
              "the exported leads.",
              "--server URL --token-file FILE [--cursor N] [--page N] [--ack] [--no-progress]",
              Export);

}  // namespace optin
#endif
