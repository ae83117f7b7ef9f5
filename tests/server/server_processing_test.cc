// Lead processing through the real server: record_keys written with each record (migration 2),
// classification after commit with its reason, suppression honoured, and the processor's
// position surviving a restart (nothing classified twice, nothing skipped).
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "envelope_maker.h"
#include "server_harness.h"
#include "storage.h"

namespace optin::testing {
namespace {

using capture::Json;

std::string Submit(httplib::Client& c, const Json& envelope) {
  auto res = c.Post("/v1/consents", envelope.dump(), "application/json");
  EXPECT_TRUE(res);
  if (!res) return "";
  EXPECT_EQ(res->status, 200) << res->body;
  return envelope["record"]["id"].get<std::string>();
}

class ProcessingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<ServerProcess>(dir_.path() / "data");
    ASSERT_TRUE(server_->Start()) << server_->Log();
    client_ = server_->Client();
    auto maker = EnvelopeMaker::FromServer(*client_, kExampleCampaign);
    ASSERT_TRUE(maker.ok()) << maker.error().message;
    maker_ = std::make_unique<EnvelopeMaker>(std::move(*maker));
    auto storage = server_->OpenStore();
    ASSERT_TRUE(storage.ok()) << storage.error().message;
    storage_ = std::move(*storage);
  }

  // Waits (bounded) until the processor has classified the record.
  server::ClassificationRow Classified(const std::string& id) {
    for (int i = 0; i < 300; ++i) {
      auto row = storage_->FindClassification(id);
      if (row.ok() && *row) return **row;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ADD_FAILURE() << "record " << id << " was not classified";
    return {};
  }

  TempDir dir_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<httplib::Client> client_;
  std::unique_ptr<EnvelopeMaker> maker_;
  std::unique_ptr<server::Storage> storage_;
};

TEST_F(ProcessingTest, EachDisclosedPhoneAndEmailIsAKeyOfItsRecord) {
  const std::string with_phone = Submit(*client_, maker_->Make(1, true));
  const std::string again = Submit(*client_, maker_->Make(1, true));
  const std::string email_only = Submit(*client_, maker_->Make(2, false));
  ASSERT_NE(with_phone, again);
  EXPECT_GE(*storage_->SchemaVersion(), 2);  // later migrations build on 2

  auto keys = storage_->RecordKeys(with_phone);
  ASSERT_TRUE(keys.ok());
  ASSERT_EQ(keys->size(), 2u);
  EXPECT_EQ((*keys)[0].kind, "email");
  EXPECT_EQ((*keys)[1].kind, "phone");
  for (const auto& k : *keys) EXPECT_EQ(k.key.size(), 32u);

  auto only = storage_->RecordKeys(email_only);
  ASSERT_TRUE(only.ok());
  ASSERT_EQ(only->size(), 1u);
  EXPECT_EQ((*only)[0].kind, "email");
  EXPECT_NE((*only)[0].key, (*keys)[0].key);  // a different person, a different key

  // The same person twice: either key finds both records, and no other.
  std::vector<std::string> expected{with_phone, again};
  std::sort(expected.begin(), expected.end());
  for (const auto& k : *keys) EXPECT_EQ(*storage_->RecordsWithKey(k.kind, k.key), expected);
}

TEST_F(ProcessingTest, ClassifiesAfterCommitWithReasonsAndResumesAfterRestart) {
  const std::string first = Submit(*client_, maker_->Make(10, true));
  const std::string repeat = Submit(*client_, maker_->Make(10, true));
  const std::string no_phone = Submit(*client_, maker_->Make(11, false));
  const auto a = Classified(first);
  EXPECT_EQ(a.flow, "lead");
  EXPECT_EQ(a.reason, "unknown_subject");
  EXPECT_EQ(a.campaign, kExampleCampaign);
  const auto b = Classified(repeat);
  EXPECT_EQ(b.flow, "repeat_lead");
  EXPECT_EQ(b.reason, "matches_earlier_lead");
  EXPECT_GT(b.leaf_index, a.leaf_index);
  const auto c = Classified(no_phone);
  EXPECT_EQ(c.flow, "not_callable");
  EXPECT_EQ(c.reason, "no_telephone_consent");

  // A suppression of the person's phone key (as withdrawal writes it) makes the next record of
  // that person not callable.
  auto keys = storage_->RecordKeys(first);
  ASSERT_TRUE(keys.ok());
  ASSERT_EQ(keys->size(), 2u);
  {
    ASSERT_TRUE(server_->Sql(
        "INSERT INTO suppressions (kind, key, reason, since) VALUES ('phone', ?, 'test', 0)",
        {(*keys)[1].key}));
  }

  // Restart: the position survives, earlier verdicts are not redone, new records are classified.
  ASSERT_EQ(server_->Terminate(), 0);
  ASSERT_TRUE(server_->Start()) << server_->Log();
  client_ = server_->Client();
  const std::string withdrawn = Submit(*client_, maker_->Make(10, true));
  const std::string fresh = Submit(*client_, maker_->Make(12, true));
  const auto d = Classified(withdrawn);
  EXPECT_EQ(d.flow, "not_callable");
  EXPECT_EQ(d.reason, "withdrawn");
  EXPECT_EQ(Classified(fresh).reason, "unknown_subject");
  EXPECT_EQ(Classified(first).classified_at, a.classified_at);
  EXPECT_EQ(*storage_->Position("classifier"), Classified(fresh).leaf_index + 1);
}

}  // namespace
}  // namespace optin::testing
