// optin log verify: downloads the whole log, recomputes its root, checks the latest signed
// checkpoint and that it extends the one saved in the state file last time.
#if __has_include("log_verify.h")
#include <iostream>

#include "capture/json.h"
#include "command.h"
#include "log_verify.h"

namespace optin {
namespace {

int Verify(const Args& args) {
  auto server = args.Option("server");
  auto state = args.Option("state");
  if (!server || !state)
    return UsageError("log verify", "--server URL and --state FILE are required");
  client::LogVerifyOptions options;
  options.server = *server;
  options.state_file = *state;
  options.vkey = args.Option("server-key").value_or("");
  if (!args.Flag("no-progress") && !args.json()) {
    options.progress = [](std::uint64_t done, std::uint64_t total) {
      std::cerr << "\r  entries " << done << " / " << total << std::flush;
    };
  }
  auto report = client::VerifyLogOverHttp(options);
  if (options.progress) std::cerr << "\n";
  if (!report.ok()) return ReportError(args, report.error());
  if (args.json()) {
    capture::Json out = {{"ok", true},
                         {"size", report->size},
                         {"root", report->root_base64},
                         {"consent_records", report->consent_records},
                         {"manifests", report->manifests},
                         {"key_trusted_on_first_use", report->key_from_server}};
    if (report->previous_size) out["previous_size"] = *report->previous_size;
    std::cout << out.dump(2) << "\n";
    return kExitOk;
  }
  std::cout << "log verified: " << report->size << " entries (" << report->consent_records
            << " consent records, " << report->manifests << " manifests), root "
            << report->root_base64 << "\n";
  if (report->previous_size) {
    std::cout << "  consistent with the checkpoint of size " << *report->previous_size
              << " saved last time\n";
  }
  if (report->key_from_server) {
    std::cout << "  note: the log key was taken from the server (trust on first use); pass "
                 "--server-key to pin it\n";
  }
  return kExitOk;
}

}  // namespace

OPTIN_COMMAND("log verify",
              "Verify the whole log of a server and its consistency with the last run.",
              "--server URL --state FILE [--server-key VKEY] [--json] [--no-progress]", Verify);

}  // namespace optin
#endif
