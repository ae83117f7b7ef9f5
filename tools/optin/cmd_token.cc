// optin token create: a bearer token with a scope for the server's protected endpoints. Only the
// token's SHA-256 is stored in the data folder; the token itself is printed once.
#if __has_include("token_admin.h")
#include <iostream>

#include "command.h"
#include "token_admin.h"

namespace optin {
namespace {

int Create(const Args& args) {
  auto data = args.Option("data");
  auto scope = args.Option("scope");
  if (!data || !scope)
    return UsageError("token create", "--data DIR and --scope SCOPE are required");
  auto token = client::CreateTokenInDataDir(*data, args.Option("database").value_or(""), *scope);
  if (!token.ok()) return ReportError(args, token.error(), kExitUsage);
  std::cout << *token << "\n";
  return kExitOk;
}

}  // namespace

OPTIN_COMMAND("token create",
              "Create a bearer token for the server (scopes: admin, auditor, customer_service, "
              "call_centre:<id>, partner:<id>).",
              "--data DIR --scope SCOPE [--database URL]", Create);

}  // namespace optin
#endif
