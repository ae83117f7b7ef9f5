// optin source block | unblock | blocks: an administrator blocks a traffic source or a partner
// (a code prefix: "acme" is the partner, "acme.email" one of its channels), lifts a block, and
// lists the blocks in force. Each change is a ledger entry on the server.
#if __has_include("server_call.h")
#include <iostream>

#include "capture/json.h"
#include "command.h"
#include "server_call.h"

namespace optin {
namespace {

int Call(const Args& args, const char* command, const std::string& path,
         const std::optional<capture::Json>& body) {
  auto server = args.Option("server");
  auto token_file = args.Option("token-file");
  if (!server || !token_file) {
    return UsageError(command, "--server URL and --token-file FILE are required");
  }
  auto token = client::ReadTokenFile(*token_file);
  if (!token.ok()) return ReportError(args, token.error(), kExitIo);
  client::ServerCall call(*server, *token);
  auto answer = body ? call.Post(path, body->dump(), "application/json") : call.Get(path);
  if (!answer.ok()) {
    return ReportError(args, answer.error(),
                       client::IsConnectionError(answer.error()) ? kExitIo : kExitRefused);
  }
  std::cout << answer->dump(2) << "\n";
  return kExitOk;
}

int Change(const Args& args, bool block) {
  const char* command = block ? "source block" : "source unblock";
  auto source = args.Option("source");
  auto reason = args.Option("reason");
  if (!source || (block && !reason)) {
    return UsageError(command, block ? "--source PREFIX and --reason TEXT are required"
                                     : "--source PREFIX is required");
  }
  capture::Json body = {{"source", *source}};
  if (reason) body["reason"] = *reason;
  if (auto campaign = args.Option("campaign")) body["campaign"] = *campaign;
  return Call(args, command, block ? "/v1/sources/block" : "/v1/sources/unblock", body);
}

int Block(const Args& args) { return Change(args, true); }
int Unblock(const Args& args) { return Change(args, false); }
int Blocks(const Args& args) { return Call(args, "source blocks", "/v1/sources/blocks", {}); }

}  // namespace

OPTIN_COMMAND("source block",
              "Block a traffic source or partner (admin; a ledger entry): its later records are "
              "refused with source_blocked.",
              "--server URL --token-file FILE --source PREFIX --reason TEXT [--campaign ID]",
              Block);
OPTIN_COMMAND("source unblock", "Lift a block (admin; a ledger entry).",
              "--server URL --token-file FILE --source PREFIX [--campaign ID] [--reason TEXT]",
              Unblock);
OPTIN_COMMAND("source blocks", "List the traffic sources blocked now (admin or auditor).",
              "--server URL --token-file FILE", Blocks);

}  // namespace optin
#endif
