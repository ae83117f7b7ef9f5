// optin partner register | list: an administrator registers a partner (its key and the
// campaigns it may host and relay) on a server, and lists the registrations.
#if __has_include("server_call.h")
#include <iostream>

#include "capture/json.h"
#include "command.h"
#include "key_file.h"
#include "server_call.h"

namespace optin {
namespace {

std::vector<std::string> SplitCommas(const std::string& text) {
  std::vector<std::string> out;
  std::string part;
  for (char c : text + ",") {
    if (c == ',') {
      if (!part.empty()) out.push_back(part);
      part.clear();
    } else if (c != ' ') {
      part += c;
    }
  }
  return out;
}

int Call(const Args& args, const char* command, bool post, const capture::Json& body) {
  auto server = args.Option("server");
  auto token_file = args.Option("token-file");
  if (!server || !token_file) {
    return UsageError(command, "--server URL and --token-file FILE are required");
  }
  auto token = client::ReadTokenFile(*token_file);
  if (!token.ok()) return ReportError(args, token.error(), kExitIo);
  client::ServerCall call(*server, *token);
  auto answer =
      post ? call.Post("/v1/partners", body.dump(), "application/json") : call.Get("/v1/partners");
  if (!answer.ok()) {
    return ReportError(args, answer.error(),
                       client::IsConnectionError(answer.error()) ? kExitIo : kExitRefused);
  }
  std::cout << answer->dump(2) << "\n";
  return kExitOk;
}

int Register(const Args& args) {
  auto id = args.Option("id");
  auto name = args.Option("name");
  auto key = args.Option("key");
  auto campaigns = args.Option("campaigns");
  if (!id || !name || !key || !campaigns) {
    return UsageError("partner register", "--id, --name, --key and --campaigns are required");
  }
  auto public_key = LoadPublicKey(*key);
  if (!public_key.ok()) return ReportError(args, public_key.error(), kExitUsage);
  const capture::Json body = {{"id", *id},
                              {"name", *name},
                              {"key", public_key->ToBase64()},
                              {"campaigns", SplitCommas(*campaigns)}};
  return Call(args, "partner register", true, body);
}

int List(const Args& args) { return Call(args, "partner list", false, capture::Json()); }

}  // namespace

OPTIN_COMMAND("partner register",
              "Register a partner on a server (admin): its countersigning key, which must be the "
              "key the campaigns' manifests list for it, and the campaigns it may host and relay.",
              "--server URL --token-file FILE --id ID --name NAME --key KEY|FILE --campaigns "
              "C1,C2",
              Register);
OPTIN_COMMAND("partner list", "List the partners registered on a server (admin or auditor).",
              "--server URL --token-file FILE", List);

}  // namespace optin
#endif
