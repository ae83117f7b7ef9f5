// Floods (issue 9): token buckets per client address and per partner answer 429 rate_limited
// with Retry-After and a human message; after Retry-After the client is served again. The
// flooding address is 127.0.0.2 or an address a local proxy names; 127.0.0.1 is another client.
#include <gtest/gtest.h>

#include <thread>

#include "raw_http.h"
#include "server_harness.h"

namespace optin::testing {
namespace {

using capture::Json;

std::string Get(int port, const std::string& from, const std::string& path,
                const std::string& headers = "") {
  RawConnection conn(port, from);
  conn.Send("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" + headers + "\r\n");
  return conn.ReadAll(3000);
}

std::string HeaderOf(const std::string& response, const std::string& name) {
  const auto at = response.find("\r\n" + name + ": ");
  if (at == std::string::npos) return {};
  const auto begin = at + name.size() + 4;
  return response.substr(begin, response.find("\r\n", begin) - begin);
}

TEST(ServerRateLimitTest, AnAddressOverItsBucketGets429WithRetryAfter) {
  TempDir dir;
  ServerProcess server(dir.path() / "data", Json{{"rate_limit_address_per_second", 1.0},
                                                 {"rate_limit_address_burst", 5},
                                                 {"unlimited_addresses", Json::array()}});
  ASSERT_TRUE(server.Start()) << server.Log();
  int ok = 0;
  std::string refused;
  for (int i = 0; i < 8; ++i) {
    const std::string reply = Get(server.port(), "127.0.0.2", "/healthz");
    if (StatusOf(reply) == 200) ++ok;
    if (StatusOf(reply) == 429 && refused.empty()) refused = reply;
  }
  EXPECT_EQ(ok, 5);
  ASSERT_FALSE(refused.empty());
  auto error = capture::ParseJson(BodyOf(refused));
  ASSERT_TRUE(error.ok()) << refused;
  EXPECT_EQ((*error)["error"]["code"], "rate_limited");
  EXPECT_NE((*error)["error"]["message"].get<std::string>().find("127.0.0.2"), std::string::npos);
  const std::string retry = HeaderOf(refused, "Retry-After");
  ASSERT_FALSE(retry.empty()) << refused;
  EXPECT_GE(std::stoi(retry), 1);

  // Another address is not affected; the flooding one is served again after Retry-After.
  EXPECT_EQ(StatusOf(Get(server.port(), "127.0.0.1", "/healthz")), 200);
  std::this_thread::sleep_for(std::chrono::seconds(std::stoi(retry)));
  EXPECT_EQ(StatusOf(Get(server.port(), "127.0.0.2", "/healthz")), 200);
}

TEST(ServerRateLimitTest, BehindALocalProxyTheForwardedAddressIsCounted) {
  TempDir dir;
  // Loopback stays unlimited (the default), but the proxy's header names the real client.
  ServerProcess server(dir.path() / "data", Json{{"rate_limit_address_per_second", 0.5},
                                                 {"rate_limit_address_burst", 3},
                                                 {"client_address_header", "X-Forwarded-For"}});
  ASSERT_TRUE(server.Start()) << server.Log();
  const std::string flood = "X-Forwarded-For: 10.9.9.9, 203.0.113.7\r\n";
  int ok = 0;
  for (int i = 0; i < 6; ++i)
    ok += StatusOf(Get(server.port(), "127.0.0.1", "/healthz", flood)) == 200;
  EXPECT_EQ(ok, 3);
  const std::string other = "X-Forwarded-For: 203.0.113.8\r\n";
  EXPECT_EQ(StatusOf(Get(server.port(), "127.0.0.1", "/healthz", other)), 200);
  // The proxy itself, without the header, is loopback: unlimited.
  for (int i = 0; i < 10; ++i)
    EXPECT_EQ(StatusOf(Get(server.port(), "127.0.0.1", "/healthz")), 200);
}

TEST(ServerRateLimitTest, LoopbackIsUnlimitedByDefault) {
  TempDir dir;
  ServerProcess server(dir.path() / "data");
  ASSERT_TRUE(server.Start()) << server.Log();
  auto client = server.Client();
  for (int i = 0; i < 400; ++i) {
    auto res = client->Get("/healthz");
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << i << ": " << res->body;
  }
}

TEST(ServerRateLimitTest, APartnerOverItsBucketGets429AndOtherPartnersDoNot) {
  TempDir dir;
  ServerProcess server(dir.path() / "data", Json{{"rate_limit_partner_per_second", 0.5},
                                                 {"rate_limit_partner_burst", 3}});
  ASSERT_TRUE(server.Start()) << server.Log();
  const std::string flooding = server.Token("partner:winactieplein");
  const std::string other = server.Token("partner:puzzelpagina");
  auto client = server.Client();
  auto report = [&](const std::string& token) {
    return client->Get("/v1/reports/sources", {{"Authorization", "Bearer " + token}});
  };
  int ok = 0;
  int last_status = 0;
  std::string last_body;
  std::string retry;
  for (int i = 0; i < 5; ++i) {
    auto res = report(flooding);
    ASSERT_TRUE(res);
    ok += res->status == 200;
    last_status = res->status;
    last_body = res->body;
    retry = res->get_header_value("Retry-After");
  }
  EXPECT_EQ(ok, 3);
  EXPECT_EQ(last_status, 429);
  EXPECT_EQ(ErrorCodeOf(last_body), "rate_limited");
  EXPECT_NE(last_body.find("partner winactieplein"), std::string::npos) << last_body;
  ASSERT_FALSE(retry.empty());
  EXPECT_GE(std::stoi(retry), 1);
  auto res = report(other);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200) << res->body;
  // Tokens of other scopes have no partner bucket.
  const std::string auditor = server.Token("auditor");
  for (int i = 0; i < 6; ++i) {
    res = report(auditor);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200) << res->body;
  }
}

TEST(ServerRateLimitTest, GuessedTokensLockTheAddressOut) {
  TempDir dir;
  ServerProcess server(dir.path() / "data", Json{{"auth_failures_max", 3},
                                                 {"auth_failure_window_ms", 60000},
                                                 {"auth_lockout_ms", 2000},
                                                 {"unlimited_addresses", Json::array()}});
  ASSERT_TRUE(server.Start()) << server.Log();
  const std::string admin = server.Token("admin");
  auto with = [](const std::string& token) { return "Authorization: Bearer " + token + "\r\n"; };
  const std::string wrong = "optin_" + std::string(64, '0');
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(StatusOf(Get(server.port(), "127.0.0.2", "/v1/partners", with(wrong))), 401);
  }
  // Locked out: even the right token is refused, with the time left; requests without a token
  // and other addresses are served.
  const std::string locked = Get(server.port(), "127.0.0.2", "/v1/partners", with(admin));
  EXPECT_EQ(StatusOf(locked), 429) << locked;
  EXPECT_NE(BodyOf(locked).find("\"auth_locked_out\""), std::string::npos) << locked;
  const std::string retry = HeaderOf(locked, "Retry-After");
  ASSERT_FALSE(retry.empty());
  EXPECT_GE(std::stoi(retry), 1);
  EXPECT_LE(std::stoi(retry), 2);
  EXPECT_EQ(StatusOf(Get(server.port(), "127.0.0.2", "/healthz")), 200);
  EXPECT_EQ(StatusOf(Get(server.port(), "127.0.0.1", "/v1/partners", with(admin))), 200);
  std::this_thread::sleep_for(std::chrono::milliseconds(2100));
  EXPECT_EQ(StatusOf(Get(server.port(), "127.0.0.2", "/v1/partners", with(admin))), 200);
  // A missing or malformed header is no guess: it never counts.
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(StatusOf(Get(server.port(), "127.0.0.2", "/v1/partners", "Authorization: x\r\n")),
              401);
  }
  EXPECT_EQ(StatusOf(Get(server.port(), "127.0.0.2", "/v1/partners", with(admin))), 200);
}

}  // namespace
}  // namespace optin::testing
