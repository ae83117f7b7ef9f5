// Every route × every kind of token (issue 9, docs/security.md): a route that is not public
// refuses a request without a token or with an unknown one (401 unauthorized) and a token of a
// scope it does not grant (403 forbidden), and lets every granted scope past the gate (whatever
// the handler then says about the empty body, it is not unauthorized or forbidden). The table of
// granted scopes below is the one docs/security.md publishes.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "routes.h"
#include "server_test_env.h"

namespace optin::testing {
namespace {

using server::Access;

const std::vector<std::string>& Scopes() {
  static const std::vector<std::string> scopes = {"admin", "auditor", "customer_service",
                                                  "call_centre:cc-matrix", "partner:winactieplein"};
  return scopes;
}

// Which scopes a route's access rule lets through to its answer. call_centre and partner routes
// serve only their own kind (an admin token passes the gate, then the handler refuses it).
std::set<std::string> Granted(Access access) {
  switch (access) {
    case Access::kPublic:
      return {"admin", "auditor", "customer_service", "call_centre:cc-matrix",
              "partner:winactieplein"};
    case Access::kAdmin:
      return {"admin"};
    case Access::kAuditor:
      return {"admin", "auditor"};
    case Access::kCallCentre:
      return {"call_centre:cc-matrix"};
    case Access::kCustomerService:
      return {"admin", "customer_service"};
    case Access::kPartner:
      return {"partner:winactieplein"};
    case Access::kReports:
      return {"admin", "auditor", "partner:winactieplein"};
  }
  return {};
}

// The route's path with its {params} filled so that the router matches it.
std::string Concrete(std::string_view openapi_path) {
  std::string path(openapi_path);
  const std::map<std::string, std::string> values = {
      {"{id}", "fietsplezier-ebike-2026"},
      {"{version}", "1"},
      {"{record_id}", "00000000-0000-7000-8000-000000000000"}};
  for (const auto& [name, value] : values) {
    for (auto at = path.find(name); at != std::string::npos; at = path.find(name)) {
      path.replace(at, name.size(), value);
    }
  }
  return path;
}

httplib::Result Call(httplib::Client& client, const server::Route& route,
                     const httplib::Headers& headers) {
  const std::string path = Concrete(route.path);
  if (route.method == "GET") return client.Get(path.c_str(), headers);
  return client.Post(path.c_str(), headers, "{}", "application/json");
}

TEST(ServerScopeMatrixTest, EveryRouteRefusesEveryScopeItDoesNotGrant) {
  auto& shared = Shared();
  auto client = shared.server->Client();
  std::map<std::string, std::string> tokens;
  for (const auto& scope : Scopes()) tokens[scope] = shared.server->Token(scope);
  std::size_t checked = 0;
  for (const auto& route : server::Routes()) {
    const std::string name = std::string(route.method) + " " + std::string(route.path);
    const std::set<std::string> granted = Granted(route.access);
    if (route.access != Access::kPublic) {
      for (const httplib::Headers& headers :
           {httplib::Headers{}, Bearer("optin_" + std::string(64, '1')),
            httplib::Headers{{"Authorization", "Basic YWRtaW46YWRtaW4="}}}) {
        auto res = Call(*client, route, headers);
        ASSERT_TRUE(res) << name;
        EXPECT_EQ(res->status, 401) << name << ": " << res->body;
        EXPECT_EQ(ErrorCodeOf(res->body), "unauthorized") << name;
      }
    }
    for (const auto& scope : Scopes()) {
      auto res = Call(*client, route, Bearer(tokens[scope]));
      ASSERT_TRUE(res) << name << " as " << scope;
      const std::string code = ErrorCodeOf(res->body);
      if (granted.count(scope) != 0) {
        EXPECT_NE(code, "forbidden") << name << " as " << scope << ": " << res->body;
        EXPECT_NE(code, "unauthorized") << name << " as " << scope << ": " << res->body;
      } else {
        EXPECT_EQ(res->status, 403) << name << " as " << scope << ": " << res->body;
        EXPECT_EQ(code, "forbidden") << name << " as " << scope << ": " << res->body;
      }
      ++checked;
    }
  }
  EXPECT_EQ(checked, server::Routes().size() * Scopes().size());
}

}  // namespace
}  // namespace optin::testing
