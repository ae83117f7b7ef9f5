// Hostile bodies on every route that reads one (issue 9): nesting past the parser's depth,
// bodies past max_body_bytes (sent, or only announced), floods of one-envelope batches, and
// replays of envelopes already accepted. Each is a 4xx with its code, never a 5xx, and nothing
// is written twice.
#include <gtest/gtest.h>

#include <string>

#include "raw_http.h"
#include "server_test_env.h"

namespace optin::testing {
namespace {

using capture::Json;

struct JsonRoute {
  std::string path;
  std::string scope;  // "" for public
};

const std::vector<JsonRoute>& JsonRoutes() {
  static const std::vector<JsonRoute> routes = {
      {"/v1/consents", ""},
      {"/v1/withdrawals", ""},
      {"/v1/consents/inspect", ""},
      {"/v1/consents/receipt", ""},
      {"/v1/campaigns", "admin"},
      {"/v1/call-centres", "admin"},
      {"/v1/partners", "admin"},
      {"/v1/sources/block", "admin"},
      {"/v1/sources/unblock", "admin"},
      {"/v1/subjects/erase", "admin"},
      {"/v1/withdrawals/subject", "customer_service"},
      {"/v1/feeds/acks", "call_centre:cc-abuse"},
      {"/v1/feeds/outcomes", "call_centre:cc-abuse"},
      {"/v1/relay", "partner:winactieplein"},
  };
  return routes;
}

httplib::Headers HeadersFor(const std::string& scope) {
  static std::map<std::string, std::string> tokens;
  if (scope.empty()) return {};
  auto [it, fresh] = tokens.try_emplace(scope);
  if (fresh) it->second = Shared().server->Token(scope);
  return Bearer(it->second);
}

std::string Nested(int depth) {
  std::string s;
  for (int i = 0; i < depth; ++i) s += "{\"a\":";
  s += "1";
  s += std::string(static_cast<std::size_t>(depth), '}');
  return s;
}

TEST(ServerAbuseInputTest, DeepNestingIsJsonTooDeepOnEveryJsonRoute) {
  auto client = Shared().server->Client();
  for (const auto& route : JsonRoutes()) {
    for (int depth : {33, 1000, 40000}) {
      auto res = client->Post(route.path.c_str(), HeadersFor(route.scope), Nested(depth),
                              "application/json");
      ASSERT_TRUE(res) << route.path;
      EXPECT_EQ(res->status, 400) << route.path << " depth " << depth << ": " << res->body;
      EXPECT_EQ(ErrorCodeOf(res->body), "json_too_deep") << route.path << ": " << res->body;
    }
  }
  // Deep inside an otherwise well-formed envelope (its record's context).
  Json env = Shared().maker->Make(NextPerson());
  std::string text = env.dump();
  text.insert(text.rfind('}'), ",\"extra\":" + Nested(40));
  auto res = client->Post("/v1/consents", text, "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(ErrorCodeOf(res->body), "json_too_deep") << res->body;
}

TEST(ServerAbuseInputTest, OversizedBodiesAre413OnEveryJsonRoute) {
  auto client = Shared().server->Client();
  // The shared server's max_body_bytes is 262144.
  const std::string big = "[" + std::string(300000, ' ') + "]";
  for (const auto& route : JsonRoutes()) {
    auto res = client->Post(route.path.c_str(), HeadersFor(route.scope), big, "application/json");
    ASSERT_TRUE(res) << route.path;
    EXPECT_EQ(res->status, 413) << route.path << ": " << res->body;
    EXPECT_EQ(ErrorCodeOf(res->body), "payload_too_large") << route.path;
  }
  // Only announced: refused before a byte of the body is read, and the connection closed.
  RawConnection conn(Shared().server->port());
  conn.Send(
      "POST /v1/consents HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Content-Length: 1073741824\r\n\r\n{");
  const std::string reply = conn.ReadAll(3000);
  EXPECT_EQ(StatusOf(reply), 413) << reply;
  EXPECT_NE(BodyOf(reply).find("payload_too_large"), std::string::npos) << reply;
  EXPECT_TRUE(conn.PeerClosed(1000));
}

TEST(ServerAbuseInputTest, ManySmallBatchesAreEachAnswered) {
  auto client = Shared().server->Client();
  int receipts = 0;
  for (int i = 0; i < 150; ++i) {
    Json batch = Json::array({Shared().maker->Make(NextPerson())});
    auto res = client->Post("/v1/consents", batch.dump(), "application/json");
    ASSERT_TRUE(res);
    ASSERT_LT(res->status, 500) << res->body;
    auto body = capture::ParseJson(res->body);
    ASSERT_TRUE(body.ok());
    receipts += (*body)["results"][0].contains("leaf_index");
  }
  EXPECT_EQ(receipts, 150);
}

TEST(ServerAbuseInputTest, ManySmallBatchesFromALimitedAddressAre429NotErrors) {
  TempDir dir;
  ServerProcess server(dir.path() / "data", Json{{"rate_limit_address_per_second", 1.0},
                                                 {"rate_limit_address_burst", 20},
                                                 {"unlimited_addresses", Json::array()}});
  ASSERT_TRUE(server.Start()) << server.Log();
  auto maker = EnvelopeMaker::FromServer(*server.Client(), kExampleCampaign);
  ASSERT_TRUE(maker.ok());
  int accepted = 0;
  int limited = 0;
  for (int i = 0; i < 60; ++i) {
    const std::string body = Json::array({maker->Make(i)}).dump();
    RawConnection conn(server.port(), "127.0.0.2");
    conn.Send(
        "POST /v1/consents HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
        "Content-Type: application/json\r\nContent-Length: " +
        std::to_string(body.size()) + "\r\n\r\n" + body);
    const int status = StatusOf(conn.ReadAll(5000));
    ASSERT_NE(status, 0);
    ASSERT_LT(status, 500);
    accepted += status == 200;
    limited += status == 429;
  }
  EXPECT_GE(accepted, 20);
  EXPECT_LE(accepted, 23);  // the bucket refills by one a second while the loop runs
  EXPECT_EQ(accepted + limited, 60);
}

TEST(ServerAbuseInputTest, ReplayedEnvelopesGetTheirFirstReceiptAndNoNewEntry) {
  auto client = Shared().server->Client();
  const Json env = Shared().maker->Make(NextPerson());
  auto first = client->Post("/v1/consents", env.dump(), "application/json");
  ASSERT_TRUE(first);
  ASSERT_EQ(first->status, 200) << first->body;
  auto receipt = capture::ParseJson(first->body);
  ASSERT_TRUE(receipt.ok());
  // The checkpoint's second line is the tree size.
  auto size = [&] {
    auto res = client->Get("/v1/log/checkpoint");
    if (!res) return std::string();
    const auto begin = res->body.find('\n') + 1;
    return res->body.substr(begin, res->body.find('\n', begin) - begin);
  };
  const std::string before = size();
  for (int i = 0; i < 20; ++i) {
    auto again = client->Post("/v1/consents", env.dump(), "application/json");
    ASSERT_TRUE(again);
    ASSERT_EQ(again->status, 200) << again->body;
    auto r = capture::ParseJson(again->body);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ((*r)["leaf_index"], (*receipt)["leaf_index"]);
    EXPECT_EQ((*r)["record_id"], (*receipt)["record_id"]);
  }
  // A replay inside a batch, beside itself, is answered the same way.
  auto batch = client->Post("/v1/consents", Json::array({env, env}).dump(), "application/json");
  ASSERT_TRUE(batch);
  EXPECT_EQ(batch->status, 200) << batch->body;
  EXPECT_EQ(size(), before) << "a replay added a ledger entry";

  // The same record id with other content is a conflict, not a second record.
  Json changed = env;
  changed["record"]["context"]["legal_text_font_px"] = 17;
  changed = Resign(changed, Shared().maker->device_key());
  auto conflict = client->Post("/v1/consents", changed.dump(), "application/json");
  ASSERT_TRUE(conflict);
  EXPECT_GE(conflict->status, 400);
  EXPECT_LT(conflict->status, 500);
  EXPECT_EQ(ErrorCodeOf(conflict->body), "record_id_conflict") << conflict->body;
  // An old envelope past the campaign's offline age is refused even though it is signed.
  auto old = client->Post(
      "/v1/consents",
      Shared().maker->Make(NextPerson(), true, NowMillisForTest() - 30LL * 86400 * 1000).dump(),
      "application/json");
  ASSERT_TRUE(old);
  EXPECT_EQ(ErrorCodeOf(old->body), "captured_too_long_ago") << old->body;
}

}  // namespace
}  // namespace optin::testing
