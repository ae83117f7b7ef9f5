// optin relay: a partner's back end relays the envelopes it collected to the advertiser's
// server, countersigning each batch with its partner key (docs/partners.md). With --out it only
// writes the countersigned request (one batch) for sending by other means.
#if __has_include("relay_client.h")
#include <chrono>
#include <iostream>

#include "capture/json.h"
#include "command.h"
#include "key_file.h"
#include "progress_bar.h"
#include "relay_client.h"
#include "server_call.h"

namespace optin {
namespace {

capture::Result<std::vector<capture::Json>> ReadAll(const std::vector<std::string>& files) {
  std::vector<capture::Json> out;
  for (const auto& f : files) {
    CAPTURE_ASSIGN_OR_RETURN(std::string text, ReadInput(f));
    auto envelopes = client::ReadEnvelopes(text);
    if (!envelopes.ok()) {
      capture::Error e = envelopes.error();
      e.message = f + ": " + e.message;
      return e;
    }
    for (auto& e : *envelopes) out.push_back(std::move(e));
  }
  return out;
}

int Relay(const Args& args) {
  auto partner = args.Option("partner");
  auto key_file = args.Option("key");
  auto out = args.Option("out");
  auto server = args.Option("server");
  auto token_file = args.Option("token-file");
  if (args.positionals().empty() || !partner || !key_file || (!out && (!server || !token_file))) {
    return UsageError("relay",
                      "ENVELOPES..., --partner ID, --key FILE and either --server URL "
                      "--token-file FILE or --out FILE are required");
  }
  std::size_t batch = 100;
  if (auto b = args.Option("batch")) {
    if (b->empty() || b->size() > 5 || b->find_first_not_of("0123456789") != std::string::npos ||
        std::stoul(*b) == 0) {
      return UsageError("relay", "--batch must be a positive number");
    }
    batch = std::stoul(*b);
  }
  auto key = LoadSigningKey(*key_file);
  if (!key.ok()) return ReportError(args, key.error(), kExitUsage);
  auto envelopes = ReadAll(args.positionals());
  if (!envelopes.ok()) return ReportError(args, envelopes.error(), kExitIo);
  if (out) {
    const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    auto request = client::BuildRelayRequest(*envelopes, *partner, *key, now);
    if (!request.ok()) return ReportError(args, request.error());
    auto written = WriteOutput(*out, request->dump() + "\n");
    if (!written.ok()) return ReportError(args, written.error(), kExitIo);
    return kExitOk;
  }
  auto token = client::ReadTokenFile(*token_file);
  if (!token.ok()) return ReportError(args, token.error(), kExitIo);
  client::RelayOptions options;
  options.server = *server;
  options.token = *token;
  options.partner = *partner;
  options.batch = batch;
  ProgressBar bar("envelopes", !args.Flag("no-progress") && !args.json());
  options.progress = [&bar](std::size_t done, std::size_t total) { bar.Update(done, total, ""); };
  auto report = client::RelayOverHttp(options, *key, *envelopes);
  bar.Finish();
  if (!report.ok()) {
    return ReportError(args, report.error(),
                       client::IsConnectionError(report.error()) ? kExitIo : kExitRefused);
  }
  // One line per envelope, in input order: its receipt, or {"error": ...}.
  for (const auto& r : report->results) std::cout << r.dump() << "\n";
  std::cerr << "relayed " << report->results.size() << " envelopes in " << report->batches.size()
            << " countersigned batches: " << report->results.size() - report->refused
            << " accepted, " << report->refused << " refused\n";
  return report->refused == 0 ? kExitOk : kExitRefused;
}

}  // namespace

OPTIN_COMMAND("relay",
              "Relay envelopes to a server as a partner, countersigning each batch with the "
              "partner key (one line per envelope: receipt or error); --out only writes the "
              "countersigned request.",
              "ENVELOPES... --partner ID --key FILE (--server URL --token-file FILE | --out FILE) "
              "[--batch N] [--no-progress]",
              Relay);

}  // namespace optin
#endif
