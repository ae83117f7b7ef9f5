// Release of held-back records when the campaign's pause ends (R14). The server has no clock a
// test can move, so the 60-day boundary is driven through the processor's own entry point
// (LeadProcessor::ReleaseDue with an explicit `now`) on the data folder of a stopped server,
// and the server is then started again to show that its feed delivers what was released. The
// running server's own loop is shown releasing a record whose release time has passed.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "campaign_registry.h"
#include "envelope_maker.h"
#include "lead_processor.h"
#include "server_harness.h"
#include "storage.h"

namespace optin::testing {
namespace {

using capture::Json;

Json Body(const httplib::Result& res) {
  if (!res) return Json();
  auto json = capture::ParseJson(res->body);
  return json.ok() ? *json : Json();
}

httplib::Headers Bearer(const std::string& token) { return {{"Authorization", "Bearer " + token}}; }

constexpr std::int64_t kDayMs = 86400000;

class ReleaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<ServerProcess>(dir_.path() / "data");
    ASSERT_TRUE(server_->Start()) << server_->Log();
    Connect();
    auto maker = EnvelopeMaker::FromServer(*client_, kExampleCampaign);
    ASSERT_TRUE(maker.ok()) << maker.error().message;
    maker_ = std::make_unique<EnvelopeMaker>(std::move(*maker));
    admin_ = server_->Token("admin");
    alpha_ = server_->Token("call_centre:alpha");
    Json cc = {{"id", "alpha"}, {"campaigns", {kExampleCampaign}}};
    auto res = client_->Post("/v1/call-centres", Bearer(admin_), cc.dump(), "application/json");
    ASSERT_TRUE(res && res->status == 200);
  }

  void Connect() {
    client_ = server_->Client();
    auto storage = server_->OpenStore();
    ASSERT_TRUE(storage.ok());
    storage_ = std::move(*storage);
  }

  std::string Submit(int person) {
    Json env = maker_->Make(person, true);
    auto res = client_->Post("/v1/consents", env.dump(), "application/json");
    EXPECT_TRUE(res && res->status == 200);
    return env["record"]["id"].get<std::string>();
  }

  server::ClassificationRow Classified(const std::string& id) {
    for (int i = 0; i < 300; ++i) {
      auto row = storage_->FindClassification(id);
      if (row.ok() && *row) return **row;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ADD_FAILURE() << "record " << id << " was not classified";
    return {};
  }

  // Submits person n twice: the first is delivered, the second held back. Returns the second.
  std::string HeldBack(int person) {
    EXPECT_EQ(Classified(Submit(person)).flow, "lead");
    const std::string held = Submit(person);
    EXPECT_EQ(Classified(held).flow, "held_back");
    return held;
  }

  void Sql(const std::string& sql, const std::string& record_id) {
    ASSERT_TRUE(server_->Sql(sql, {record_id})) << sql;
  }

  std::vector<std::string> Feed() {
    // The body must outlive the loop: a range-for over a member of a temporary dangles.
    const Json body = Body(client_->Get("/v1/feeds/leads?cursor=0", Bearer(alpha_)));
    std::vector<std::string> ids;
    for (const auto& lead : body["leads"]) ids.push_back(lead["record_id"]);
    return ids;
  }

  TempDir dir_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<httplib::Client> client_;
  std::unique_ptr<EnvelopeMaker> maker_;
  std::unique_ptr<server::Storage> storage_;
  std::string admin_, alpha_;
};

TEST_F(ReleaseTest, HeldRecordsAreReexaminedWhenThePauseEndsAndThenDelivered) {
  const std::string released = HeldBack(1);
  const std::string withdrawn = HeldBack(2);
  const std::string contacted = HeldBack(3);
  const std::int64_t release_at = *Classified(released).release_at;
  EXPECT_EQ(*Classified(withdrawn).release_at, release_at);  // the same day 60
  EXPECT_EQ(Feed().size(), 3u);                              // only the first records

  ASSERT_EQ(server_->Terminate(), 0);
  // Person 2 withdrew during the pause; person 3 was reached again the day before it ended.
  auto keys = storage_->RecordKeys(withdrawn);
  ASSERT_TRUE(keys.ok() && !keys->empty());
  {
    ASSERT_TRUE(server_->Sql(
        "INSERT INTO suppressions (kind, key, reason, since) VALUES (?, ?, 'withdrawn', 0)",
        {keys->back().kind, keys->back().key}));
  }
  Sql("INSERT INTO contacts (kind, key, campaign, at, what, record_id) SELECT kind, key, "
      "'" +
          std::string(kExampleCampaign) + "', " + std::to_string(release_at - kDayMs / 2) +
          ", 'reached', record_id FROM record_keys WHERE record_id = ?",
      contacted);

  // The processor of the stopped server's data folder, driven with explicit times.
  server::CampaignRegistry campaigns;
  ASSERT_TRUE(campaigns.Load(*storage_).ok());
  server::LeadProcessor processor(*storage_, campaigns);
  auto before = processor.ReleaseDue(release_at - 1, 100);  // the last millisecond of day 59
  ASSERT_TRUE(before.ok()) << before.error().message;
  EXPECT_EQ(*before, 0u);
  EXPECT_EQ(Classified(released).flow, "held_back");

  auto at_end = processor.ReleaseDue(release_at, 100);  // midnight, day 60, Amsterdam
  ASSERT_TRUE(at_end.ok()) << at_end.error().message;
  EXPECT_EQ(*at_end, 3u);
  const auto r = Classified(released);
  EXPECT_EQ(r.flow, "lead");
  EXPECT_EQ(r.reason, "released_after_pause");
  EXPECT_FALSE(r.release_at.has_value());
  EXPECT_EQ(r.classified_at, release_at);
  const auto w = Classified(withdrawn);
  EXPECT_EQ(w.flow, "not_callable");
  EXPECT_EQ(w.reason, "withdrawn");
  const auto c = Classified(contacted);
  EXPECT_EQ(c.flow, "held_back");  // a new pause from the later contact
  ASSERT_TRUE(c.release_at.has_value());
  EXPECT_GT(*c.release_at, release_at + 58 * kDayMs);
  // Nothing is due any more at that moment: each verdict was re-examined once.
  EXPECT_EQ(*processor.ReleaseDue(release_at, 100), 0u);
  // The classifier's own position did not move.
  EXPECT_EQ(*storage_->Position("classifier"), Classified(contacted).leaf_index + 1);

  // The server delivers the released record after the first ones (person 2's first record is
  // no longer handed out: suppressed).
  ASSERT_TRUE(server_->Start()) << server_->Log();
  Connect();
  const auto feed = Feed();
  ASSERT_EQ(feed.size(), 3u);
  EXPECT_EQ(feed.back(), released);
}

// Schema 10: the delivery of a person's first record is not stored as a contact row per key
// (classifying wrote one at a random place of a large index per key); storage finds it from the
// key's first record, so the pause, the last contact and the lead's earlier contacts are as
// before. A delivery of a record that is not the first of its keys (a release) is still stored.
TEST_F(ReleaseTest, AFirstRecordsDeliveryIsAContactFoundByItsKeysNotAStoredRow) {
  const std::string first = Submit(30);
  ASSERT_EQ(Classified(first).flow, "lead");
  EXPECT_EQ(server_->SqlInt("SELECT COUNT(*) FROM contacts"), 0);
  const std::int64_t queued =
      server_->SqlInt("SELECT queued_at FROM deliveries WHERE record_id = ?", {first});
  const std::int64_t first_leaf = static_cast<std::int64_t>(Classified(first).leaf_index);
  // Schema 11: the queued lead says so, and its earlier contacts then read no first record.
  EXPECT_EQ(
      server_->SqlInt("SELECT first_of_its_keys FROM deliveries WHERE record_id = ?", {first}), 1);
  auto keys = storage_->RecordKeys(first);
  ASSERT_TRUE(keys.ok());
  ASSERT_EQ(keys->size(), 2u);  // e-mail and phone
  for (const auto& k : *keys) {
    auto last = storage_->LastContact(k.kind, k.key, kExampleCampaign);
    ASSERT_TRUE(last.ok()) << last.error().message;
    EXPECT_EQ(*last, std::optional<std::int64_t>(queued)) << k.kind;
    auto elsewhere = storage_->LastContact(k.kind, k.key, "another-campaign");
    ASSERT_TRUE(elsewhere.ok());
    EXPECT_FALSE(elsewhere->has_value());  // the pause is per campaign
    // As classifying a later record of the person sees the key: an earlier record, delivered.
    auto facts = storage_->KeyFacts(k.kind, k.key, kExampleCampaign,
                                    static_cast<std::uint64_t>(first_leaf) + 1);
    ASSERT_TRUE(facts.ok()) << facts.error().message;
    EXPECT_EQ(facts->last_contact, std::optional<std::int64_t>(queued));
    EXPECT_EQ(facts->first_leaf, std::optional<std::uint64_t>(first_leaf));
    EXPECT_TRUE(facts->earlier);
    // As classifying the first record saw it: nothing before it (its delivery came after).
    auto own =
        storage_->KeyFacts(k.kind, k.key, kExampleCampaign, static_cast<std::uint64_t>(first_leaf));
    ASSERT_TRUE(own.ok()) << own.error().message;
    EXPECT_FALSE(own->last_contact.has_value());
    EXPECT_EQ(own->first_leaf, std::optional<std::uint64_t>(first_leaf));
    EXPECT_FALSE(own->earlier);
    auto contacts = storage_->ContactsOfKey(k.kind, k.key, "", false);
    ASSERT_TRUE(contacts.ok()) << contacts.error().message;
    // Left out for the lead of the first record itself, which lists no delivery of its own,
    // whether or not the caller knew it is the first.
    EXPECT_TRUE(storage_->ContactsOfKey(k.kind, k.key, first, false)->empty());
    EXPECT_TRUE(storage_->ContactsOfKey(k.kind, k.key, first, true)->empty());
    ASSERT_EQ(contacts->size(), 1u) << k.kind;
    EXPECT_EQ((*contacts)[0].campaign, kExampleCampaign);
    EXPECT_EQ((*contacts)[0].at, queued);
    EXPECT_EQ((*contacts)[0].what, "delivered");
    EXPECT_EQ((*contacts)[0].record_id, first);
  }

  // The same person again within the pause: held back by that delivery.
  const std::string held = Submit(30);
  const auto h = Classified(held);
  ASSERT_EQ(h.flow, "held_back");
  ASSERT_TRUE(h.release_at.has_value());
  EXPECT_GT(*h.release_at, queued + 59 * kDayMs);
  EXPECT_EQ(server_->SqlInt("SELECT COUNT(*) FROM contacts"), 0);

  // Released at the end of the pause and delivered: not the first record of its keys, so its
  // delivery is stored, one row per key, and both deliveries are the person's contacts.
  ASSERT_EQ(server_->Terminate(), 0);
  server::CampaignRegistry campaigns;
  ASSERT_TRUE(campaigns.Load(*storage_).ok());
  server::LeadProcessor processor(*storage_, campaigns);
  auto released = processor.ReleaseDue(*h.release_at, 100);
  ASSERT_TRUE(released.ok()) << released.error().message;
  ASSERT_EQ(*released, 1u);
  EXPECT_EQ(Classified(held).flow, "lead");
  EXPECT_EQ(server_->SqlInt("SELECT first_of_its_keys FROM deliveries WHERE record_id = ?", {held}),
            0);
  EXPECT_EQ(server_->SqlInt("SELECT COUNT(*) FROM contacts WHERE record_id = ? AND what = "
                            "'delivered' AND at = " +
                                std::to_string(*h.release_at),
                            {held}),
            2);
  for (const auto& k : *keys) {
    EXPECT_EQ(*storage_->LastContact(k.kind, k.key, kExampleCampaign),
              std::optional<std::int64_t>(*h.release_at));
    auto contacts = storage_->ContactsOfKey(k.kind, k.key, held, false);
    ASSERT_TRUE(contacts.ok());
    ASSERT_EQ(contacts->size(), 2u);
    EXPECT_EQ((*contacts)[0].record_id, first);
    EXPECT_EQ((*contacts)[1].record_id, held);
    // For the first record's own lead, only the later (stored) delivery is another contact.
    auto of_first = storage_->ContactsOfKey(k.kind, k.key, first, true);
    ASSERT_TRUE(of_first.ok());
    ASSERT_EQ(of_first->size(), 1u);
    EXPECT_EQ((*of_first)[0].record_id, held);
  }
}

TEST_F(ReleaseTest, TheRunningServerReleasesARecordWhoseReleaseTimeHasPassed) {
  const std::string held = HeldBack(10);
  ASSERT_EQ(Feed().size(), 1u);
  // As if 61 days had passed: the delivery that started the pause moves back (the first record's
  // delivery is a contact found from the deliveries, not a stored row), and the held verdict is
  // due. The server's processor loop picks it up at its next poll.
  EXPECT_EQ(server_->SqlInt("SELECT COUNT(*) FROM contacts"), 0);
  Sql("UPDATE deliveries SET queued_at = queued_at - " + std::to_string(61 * kDayMs) +
          " WHERE ?1 = ?1",
      held);
  Sql("UPDATE classifications SET release_at = 1 WHERE record_id = ?", held);
  for (int i = 0; i < 100 && Classified(held).flow == "held_back"; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(Classified(held).flow, "lead");
  EXPECT_EQ(Classified(held).reason, "released_after_pause");
  const auto feed = Feed();
  ASSERT_EQ(feed.size(), 2u);
  EXPECT_EQ(feed.back(), held);
}

}  // namespace
}  // namespace optin::testing
