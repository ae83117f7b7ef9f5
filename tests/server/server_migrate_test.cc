// `optin migrate` (issue 8): a data folder's SQLite store is copied into an empty PostgreSQL
// database; the copy's ledger has the same size and root, a non-empty target is refused, and
// the server started on the copy continues the same log (old receipts prove, old tokens work,
// new records extend it consistently). Needs the pg registration's cluster: skipped otherwise.
#include <gtest/gtest.h>

#include "capture/checkpoint.h"
#include "capture/ledger.h"
#include "server_test_env.h"

namespace optin::testing {
namespace {

using capture::Json;

std::vector<capture::Hash> Proof(const Json& list) {
  std::vector<capture::Bytes> raw;
  for (const auto& h : list) raw.push_back(*capture::Base64Decode(h.get<std::string>()));
  return *capture::ProofFromBytes(raw);
}

TEST(ServerMigrateTest, CopiesASqliteStoreIntoPostgresAndContinuesTheLog) {
  if (!UsingPostgres()) GTEST_SKIP() << "needs the PostgreSQL test cluster";
  TempDir dir;
  const auto data = dir.path() / "data";
  const std::vector<std::string> on_sqlite = {"--dev", "--database", "sqlite:optin.sqlite"};
  ServerProcess server(data);
  ASSERT_TRUE(server.Start(on_sqlite)) << server.Log();
  auto maker = EnvelopeMaker::FromServer(*server.Client(), kExampleCampaign);
  ASSERT_TRUE(maker.ok());
  std::string token;
  ASSERT_EQ(RunProgram({OPTIN_CLI_BIN, "token", "create", "--data", data.string(), "--scope",
                        "auditor", "--database", "sqlite:optin.sqlite"},
                       &token),
            0);
  while (!token.empty() && token.back() == '\n') token.pop_back();
  std::vector<Json> receipts;
  std::string first_id;
  Json first_env;
  for (int i = 0; i < 25; ++i) {
    Json env = maker->Make(4000 + i);
    if (i == 0) {
      first_id = env["record"]["id"].get<std::string>();
      first_env = env;
    }
    auto res = server.Client()->Post("/v1/consents", env.dump(), "application/json");
    ASSERT_TRUE(res && res->status == 200);
    receipts.push_back(*capture::ParseJson(res->body));
  }
  const std::string before = server.Client()->Get("/v1/log/checkpoint")->body;
  ASSERT_EQ(server.Terminate(), 0);

  // An empty database of the test cluster (another data folder's, never started).
  ServerProcess target_owner(dir.path() / "target");
  const std::string url = target_owner.database();
  ASSERT_FALSE(url.empty());
  std::string out;
  ASSERT_EQ(
      RunProgram({OPTIN_CLI_BIN, "migrate", "--data", data.string(), "--to", url, "--json"}, &out),
      0)
      << out;
  const Json report = *capture::ParseJson(out);
  EXPECT_EQ(report["tables"]["records"], 25);
  EXPECT_EQ(report["tables"]["tokens"], 1);
  EXPECT_GE(report["ledger_size"].get<int>(), 26);  // the campaign and the 25 records

  // Into a database that holds data: refused, and nothing changes.
  EXPECT_EQ(RunProgram({OPTIN_CLI_BIN, "migrate", "--data", data.string(), "--to", url}, &out), 1);

  // The server on the copy: the same checkpoint, the old proofs and token, the log continues.
  ASSERT_TRUE(server.Start({"--dev", "--database", url})) << server.Log();
  auto client = server.Client();
  EXPECT_EQ(client->Get("/v1/log/checkpoint")->body, before);
  EXPECT_EQ(client->Get(("/v1/evidence/" + first_id).c_str(), Bearer(token))->status, 200);
  const std::string vkey =
      (*capture::ParseJson(client->Get("/v1/keys")->body))["log"]["vkey"].get<std::string>();
  auto key = capture::ParseVerifierKey(vkey);
  auto old_cp = capture::VerifyCheckpoint(before, key->first, key->second);
  ASSERT_TRUE(old_cp.ok());
  ASSERT_EQ(client->Post("/v1/consents", maker->Make(4100).dump(), "application/json")->status,
            200);
  auto new_cp =
      capture::VerifyCheckpoint(client->Get("/v1/log/checkpoint")->body, key->first, key->second);
  ASSERT_TRUE(new_cp.ok());
  EXPECT_EQ(new_cp->size, old_cp->size + 1);
  auto proof = client->Get(("/v1/log/proof/consistency?from=" + std::to_string(old_cp->size) +
                            "&to=" + std::to_string(new_cp->size))
                               .c_str());
  ASSERT_EQ(proof->status, 200);
  EXPECT_TRUE(capture::VerifyConsistency(old_cp->size, new_cp->size,
                                         Proof((*capture::ParseJson(proof->body))["proof"]),
                                         old_cp->root, new_cp->root)
                  .ok());
  for (const auto& r : receipts) {
    auto res = client->Get(("/v1/log/proof/inclusion?size=" + std::to_string(new_cp->size) +
                            "&leaf_hash=" + UrlEncode(r["leaf_hash"].get<std::string>()))
                               .c_str());
    ASSERT_EQ(res->status, 200) << r.dump();
    EXPECT_EQ((*capture::ParseJson(res->body))["index"], r["leaf_index"]);
  }
  // A repeat of a migrated record is recognised: the same leaf, no new entry.
  auto repeat = client->Post("/v1/consents", first_env.dump(), "application/json");
  ASSERT_EQ(repeat->status, 200);
  EXPECT_EQ((*capture::ParseJson(repeat->body))["leaf_index"], receipts[0]["leaf_index"]);
}

}  // namespace
}  // namespace optin::testing
