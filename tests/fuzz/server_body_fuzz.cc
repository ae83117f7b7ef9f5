// Fuzzes the request bodies of every POST route (consents, relay, outcomes, acks, withdrawals,
// customers, partners, blocks...) through the real handlers of a real server application:
// byte 0 picks the route, byte 1 the token's scope and the content type, the rest is the body
// (with @ENV@ and @ID@ expanded, server_fuzz_app.h); a route's {params} are the last record's id,
// as the router would have matched them. Any 5xx aborts.
#include <cstddef>
#include <cstdint>

#include "server_fuzz_app.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  auto& app = optin::fuzz::App();
  static const auto routes = optin::fuzz::RoutesOf("POST");
  const optin::server::Route& route = *routes[data[0] % routes.size()];
  optin::server::HttpRequest req;
  const std::string& token = app.tokens[(data[1] & 0x0f) % app.tokens.size()];
  if (!token.empty()) req.authorization = "Bearer " + token;
  req.content_type = (data[1] & 0x10) ? "text/csv" : "application/json";
  req.body =
      optin::fuzz::Expand(app, std::string(reinterpret_cast<const char*>(data) + 2, size - 2));
  optin::fuzz::FillPathParams(app, route, req);
  optin::fuzz::Serve(app, route, req);
  return 0;
}
