// A device key that signs records faster than a person can (issue 9): past
// device_key_records_per_minute in one minute its records are still judged on their merits
// (receipts), but each is flagged device_key_burst: a stored fact per record (record_flags,
// migration 6) counted in the source report's quality facts. Another device key is not flagged.
// The flag stays out of the evidence bundle, whose every byte is signed or hashed into the log.
#include <gtest/gtest.h>

#include "envelope_maker.h"
#include "server_harness.h"

namespace optin::testing {
namespace {

using capture::Json;

TEST(ServerDeviceKeyFlagTest, RecordsPastTheLimitAreAcceptedAndFlagged) {
  TempDir dir;
  ServerProcess server(dir.path() / "data", Json{{"device_key_records_per_minute", 3}});
  ASSERT_TRUE(server.Start()) << server.Log();
  auto client = server.Client();
  auto busy = EnvelopeMaker::FromServer(*client, kExampleCampaign);
  auto calm = EnvelopeMaker::FromServer(*client, kExampleCampaign);
  ASSERT_TRUE(busy.ok() && calm.ok());
  ASSERT_NE(busy->device_key().public_key().ToBase64(), calm->device_key().public_key().ToBase64());

  std::vector<std::string> ids;
  // Two single submissions, then a batch of three: five records of one key within a minute.
  for (int i = 0; i < 2; ++i) {
    auto res = client->Post("/v1/consents", busy->Make(i).dump(), "application/json");
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << res->body;
    ids.push_back(capture::ParseJson(res->body)->at("record_id").get<std::string>());
  }
  Json batch = Json::array({busy->Make(2), busy->Make(3), busy->Make(4)});
  auto res = client->Post("/v1/consents", batch.dump(), "application/json");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  for (const auto& r : capture::ParseJson(res->body)->at("results")) {
    ASSERT_TRUE(r.contains("record_id")) << r.dump();
    ids.push_back(r["record_id"].get<std::string>());
  }
  auto other = client->Post("/v1/consents", calm->Make(10).dump(), "application/json");
  ASSERT_TRUE(other);
  ASSERT_EQ(other->status, 200) << other->body;
  const std::string calm_id = capture::ParseJson(other->body)->at("record_id").get<std::string>();

  // The stored fact per record (record_flags), read from the server's own store (SQLite or
  // PostgreSQL, as the test run chose).
  auto store = server.OpenStore();
  ASSERT_TRUE(store.ok()) << store.error().message;
  auto flags_of = [&](const std::string& id) {
    Json out = Json::array();
    auto facts = (*store)->FindRecordFacts(id);
    EXPECT_TRUE(facts.ok() && facts->has_value()) << id;
    if (facts.ok() && facts->has_value()) {
      for (const auto& f : (*facts)->flags) out.push_back({{"flag", f.flag}, {"detail", f.detail}});
    }
    return out;
  };
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const Json flags = flags_of(ids[i]);
    if (i < 3) {
      EXPECT_EQ(flags, Json::array()) << i;
    } else {
      ASSERT_EQ(flags.size(), 1u) << i << ": " << flags.dump();
      EXPECT_EQ(flags[0]["flag"], "device_key_burst");
      EXPECT_NE(flags[0]["detail"].get<std::string>().find("more than 3"), std::string::npos);
    }
  }
  EXPECT_EQ(flags_of(calm_id), Json::array());

  // The quality facts of the source report count them, per code, partner and in total.
  const auto auditor = httplib::Headers{{"Authorization", "Bearer " + server.Token("auditor")}};
  auto report = client->Get("/v1/reports/sources", auditor);
  ASSERT_TRUE(report);
  ASSERT_EQ(report->status, 200) << report->body;
  auto parsed = capture::ParseJson(report->body);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ((*parsed)["totals"]["quality"]["device_key_burst"], 2) << report->body;
  EXPECT_EQ((*parsed)["sources"][0]["quality"]["device_key_burst"], 2) << report->body;
}

}  // namespace
}  // namespace optin::testing
