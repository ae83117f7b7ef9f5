// Publication of campaigns (admin), the OpenAPI document against the route table, the CLI's
// token, evidence and log commands against a running server.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>

#include "key_store.h"
#include "log_verify.h"
#include "routes.h"
#include "server_test_env.h"

namespace optin::testing {
namespace {

using capture::Json;

Json Body(const httplib::Result& res) {
  auto json = capture::ParseJson(res->body);
  return json.ok() ? *json : Json();
}

capture::SigningKey DevAdvertiserKey() {
  auto key = server::LoadOrCreateSigningKey(
      (Shared().server->data_dir() / "keys" / "dev-advertiser.key").string());
  EXPECT_TRUE(key.ok());
  return std::move(*key);
}

std::string SignedVersion(int version, const std::string& title) {
  Json manifest = Shared().maker->manifest().json;
  manifest["campaign"]["version"] = version;
  manifest["title"] = title;
  auto signed_text = capture::SignManifest(manifest, DevAdvertiserKey());
  EXPECT_TRUE(signed_text.ok());
  return *signed_text;
}

TEST(ServerAdminTest, AdminPublishesANewVersionOnce) {
  auto c = Shared().server->Client();
  const std::string v2 = SignedVersion(2, "Maak kans op een e-bike (ronde 2)");
  auto res = c->Post("/v1/campaigns", Bearer(Shared().admin), v2, "application/json");
  ASSERT_EQ(res->status, 201) << res->body;
  EXPECT_EQ(Body(res)["version"], 2);
  auto again = c->Post("/v1/campaigns", Bearer(Shared().admin), v2, "application/json");
  EXPECT_EQ(again->status, 200);
  EXPECT_EQ(Body(again)["leaf_index"], Body(res)["leaf_index"]);
  auto clash = c->Post("/v1/campaigns", Bearer(Shared().admin), SignedVersion(2, "Iets anders"),
                       "application/json");
  EXPECT_EQ(clash->status, 409);
  EXPECT_EQ(ErrorCodeOf(clash->body), "campaign_version_exists");
  auto latest = Body(c->Get((std::string("/v1/campaigns/") + kExampleCampaign).c_str()));
  EXPECT_EQ(latest["version"], 2);
  EXPECT_EQ(latest["versions"], Json::array({1, 2}));
}

TEST(ServerAdminTest, PublicationIsRefusedWithoutAdminOrWithABadSignature) {
  auto c = Shared().server->Client();
  const std::string v3 = SignedVersion(3, "Ronde 3");
  auto none = c->Post("/v1/campaigns", v3, "application/json");
  EXPECT_EQ(none->status, 401);
  for (const char* scope : {"auditor", "customer_service", "call_centre:cc1", "partner:p1"}) {
    auto res =
        c->Post("/v1/campaigns", Bearer(Shared().server->Token(scope)), v3, "application/json");
    EXPECT_EQ(res->status, 403) << scope;
    EXPECT_EQ(ErrorCodeOf(res->body), "forbidden");
  }
  Json forged = *capture::ParseJson(v3);
  forged["manifest"]["title"] = "Vervalst";
  auto bad = c->Post("/v1/campaigns", Bearer(Shared().admin), forged.dump(), "application/json");
  EXPECT_EQ(bad->status, 422);
  EXPECT_EQ(ErrorCodeOf(bad->body), "manifest_signature_invalid");
  Json unknown = *capture::ParseJson(v3);
  unknown["manifest"]["campaign"]["id"] = "unknown-campaign";
  auto no_key =
      c->Post("/v1/campaigns", Bearer(Shared().admin), unknown.dump(), "application/json");
  EXPECT_EQ(no_key->status, 422);
  EXPECT_EQ(ErrorCodeOf(no_key->body), "advertiser_key_unknown");
}

TEST(ServerAdminTest, OpenApiListsExactlyTheRoutes) {
  auto c = Shared().server->Client();
  Json doc = Body(c->Get("/openapi.json"));
  EXPECT_EQ(doc["openapi"], "3.1.0");
  std::size_t operations = 0;
  for (const auto& [path, methods] : doc["paths"].items()) operations += methods.size();
  EXPECT_EQ(operations, server::Routes().size());
  for (const auto& r : server::Routes()) {
    std::string method(r.method);
    for (auto& ch : method) ch = static_cast<char>(std::tolower(ch));
    EXPECT_TRUE(doc["paths"].contains(std::string(r.path)) &&
                doc["paths"][std::string(r.path)].contains(method))
        << r.path;
    // The guards' statuses are named, and when to retry is a documented header.
    const Json& responses = doc["paths"][std::string(r.path)][method]["responses"];
    for (const char* status : {"408", "429", "431", "503"}) {
      EXPECT_TRUE(responses.contains(status)) << r.path << " " << status;
    }
    EXPECT_TRUE(responses["429"]["headers"].contains("Retry-After")) << r.path;
    EXPECT_TRUE(responses["503"]["headers"].contains("Retry-After")) << r.path;
    EXPECT_EQ(responses.contains("413"), r.method == "POST") << r.path;
    // And the server really routes it: a request never ends in the router's 404/405.
    std::string path(r.path);
    path = std::regex_replace(path, std::regex("\\{version\\}"), "1");
    path = std::regex_replace(path, std::regex("\\{id\\}"), kExampleCampaign);
    path = std::regex_replace(path, std::regex("\\{record_id\\}"),
                              "00000000-0000-7000-8000-000000000000");
    auto res =
        r.method == "GET" ? c->Get(path.c_str()) : c->Post(path.c_str(), "{}", "application/json");
    ASSERT_TRUE(res) << path;
    EXPECT_NE(ErrorCodeOf(res->body), "method_not_allowed") << path;
    EXPECT_FALSE(res->status == 404 && res->body.find("no such endpoint") != std::string::npos)
        << path;
  }
}

TEST(ServerAdminTest, CliCreatesTokensAndVerifiesEvidence) {
  auto c = Shared().server->Client();
  std::string token;
  std::vector<std::string> create = {
      OPTIN_CLI_BIN, "token",  "create", "--data", Shared().server->data_dir().string(),
      "--scope",     "auditor"};
  for (const auto& a : Shared().server->DatabaseArgs()) create.push_back(a);
  ASSERT_EQ(RunProgram(create, &token), 0);
  while (!token.empty() && token.back() == '\n') token.pop_back();
  EXPECT_EQ(RunProgram({OPTIN_CLI_BIN, "token", "create", "--data",
                        Shared().server->data_dir().string(), "--scope", "root"}),
            2);
  Json env = Shared().maker->Make(NextPerson());
  ASSERT_EQ(c->Post("/v1/consents", env.dump(), "application/json")->status, 200);
  auto bundle =
      c->Get(("/v1/evidence/" + env["record"]["id"].get<std::string>()).c_str(), Bearer(token));
  ASSERT_EQ(bundle->status, 200);
  TempDir dir;
  const std::string file = (dir.path() / "bundle.json").string();
  std::ofstream(file) << bundle->body;
  const std::string vkey = Body(c->Get("/v1/keys"))["log"]["vkey"].get<std::string>();
  std::string out;
  EXPECT_EQ(RunProgram({OPTIN_CLI_BIN, "evidence", "verify", file, "--server-key", vkey,
                        "--advertiser-key", Shared().maker->advertiser_key()},
                       &out),
            0);
  EXPECT_NE(out.find("VERIFIED"), std::string::npos) << out;
  std::string tampered = bundle->body;
  tampered[tampered.find("\"value\":\"") + 9] ^= 1;
  std::ofstream(file, std::ios::trunc) << tampered;
  EXPECT_EQ(RunProgram({OPTIN_CLI_BIN, "evidence", "verify", file, "--server-key", vkey,
                        "--advertiser-key", Shared().maker->advertiser_key()}),
            1);
}

TEST(ServerAdminTest, LogVerifyRecomputesTheRootAndChecksConsistency) {
  auto c = Shared().server->Client();
  TempDir dir;
  client::LogVerifyOptions options;
  options.server = Shared().server->url();
  options.state_file = (dir.path() / "state.json").string();
  auto first = client::VerifyLogOverHttp(options);
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_TRUE(first->key_from_server);
  EXPECT_FALSE(first->previous_size);
  ASSERT_EQ(c->Post("/v1/consents", Shared().maker->Make(NextPerson()).dump(), "application/json")
                ->status,
            200);
  auto second = client::VerifyLogOverHttp(options);
  ASSERT_TRUE(second.ok()) << second.error().message;
  EXPECT_EQ(second->previous_size, first->size);
  EXPECT_GT(second->size, first->size);
  // A state file pinned to another log key is refused.
  std::string out;
  EXPECT_EQ(RunProgram({OPTIN_CLI_BIN, "log", "verify", "--server", options.server, "--state",
                        options.state_file, "--no-progress"},
                       &out),
            0);
  EXPECT_NE(out.find("consistent with the checkpoint"), std::string::npos) << out;
  options.vkey = "other+01020304+AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=";
  EXPECT_FALSE(client::VerifyLogOverHttp(options).ok());
}

}  // namespace
}  // namespace optin::testing
