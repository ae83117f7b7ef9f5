// Call outcomes through the real server (R14, R18, R19): accepted only for the call centre's own
// delivered leads, stored once, a conversation is a contact that holds back the person's next
// record, do_not_call is an objection (a withdrawal entry that suppresses the person), and a
// conversation on a one-time consent ends it through the withdrawal path.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "capture/manifest.h"
#include "envelope_maker.h"
#include "key_store.h"
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

class OutcomesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<ServerProcess>(dir_.path() / "data");
    ASSERT_TRUE(server_->Start()) << server_->Log();
    Connect();
    admin_ = server_->Token("admin");
    alpha_ = server_->Token("call_centre:alpha");
    beta_ = server_->Token("call_centre:beta");
    // alpha works the campaign; beta works another, so it never receives these leads.
    for (const auto& [id, campaign] :
         {std::pair{"alpha", kExampleCampaign}, std::pair{"beta", "ander-campagne"}}) {
      Json cc = {{"id", id}, {"campaigns", {campaign}}};
      auto res = client_->Post("/v1/call-centres", Bearer(admin_), cc.dump(), "application/json");
      ASSERT_TRUE(res && res->status == 200);
    }
  }

  void Connect() {
    client_ = server_->Client();
    auto maker = EnvelopeMaker::FromServer(*client_, kExampleCampaign);
    ASSERT_TRUE(maker.ok()) << maker.error().message;
    maker_ = std::make_unique<EnvelopeMaker>(std::move(*maker));
    auto storage = server_->OpenStore();
    ASSERT_TRUE(storage.ok());
    storage_ = std::move(*storage);
  }

  std::string Submit(int person) {
    Json env = maker_->Make(person, true);
    auto res = client_->Post("/v1/consents", env.dump(), "application/json");
    EXPECT_TRUE(res && res->status == 200) << (res ? res->body : "no answer");
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

  // Fetches alpha's feed from the start, so its leads count as delivered.
  std::vector<std::string> Fetch(const std::string& token) {
    std::vector<std::string> ids;
    auto feed = Body(client_->Get("/v1/feeds/leads?cursor=0", Bearer(token)));
    for (const auto& lead : feed["leads"]) ids.push_back(lead["record_id"]);
    return ids;
  }

  httplib::Result Post(const std::string& token, const Json& outcomes) {
    return client_->Post("/v1/feeds/outcomes", Bearer(token), Json{{"outcomes", outcomes}}.dump(),
                         "application/json");
  }

  std::int64_t Count(const std::string& sql) { return server_->SqlInt(sql); }

  Json LastEntry() {
    auto size = storage_->LedgerSize();
    EXPECT_TRUE(size.ok());
    auto entries = storage_->Entries(*size - 1, *size);
    EXPECT_TRUE(entries.ok() && entries->size() == 1);
    return *capture::ParseJson((*entries)[0].bytes);
  }

  bool Suppressed(const std::string& record_id) {
    auto keys = storage_->RecordKeys(record_id);
    EXPECT_TRUE(keys.ok() && !keys->empty());
    for (const auto& k : *keys) {
      if (*storage_->IsSuppressed(k.kind, k.key)) return true;
    }
    return false;
  }

  TempDir dir_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<httplib::Client> client_;
  std::unique_ptr<EnvelopeMaker> maker_;
  std::unique_ptr<server::Storage> storage_;
  std::string admin_, alpha_, beta_;
};

TEST_F(OutcomesTest, StoredOnceAndOnlyForTheCallCentresOwnDeliveredLeads) {
  const std::string id = Submit(1);
  Classified(id);
  // Queued for alpha but not yet handed out: not its lead yet.
  auto early = Post(alpha_, {{{"record_id", id}, {"outcome", "reached"}}});
  ASSERT_TRUE(early);
  EXPECT_EQ(early->status, 422);
  EXPECT_EQ(ErrorCodeOf(early->body), "lead_not_delivered");
  ASSERT_EQ(Fetch(alpha_), std::vector<std::string>{id});

  const Json reached = {{"record_id", id},
                        {"outcome", "reached"},
                        {"at", "2026-01-05T10:00:00.000Z"},
                        {"note", "  belt terug na de proefrit  "}};
  for (bool first : {true, false}) {
    auto res = Post(alpha_, Json::array({reached}));
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << res->body;
    const Json answer = Body(res)["outcomes"][0];
    EXPECT_EQ(answer["record_id"], id);
    EXPECT_EQ(answer["outcome"], "reached");
    EXPECT_EQ(answer["at"], "2026-01-05T10:00:00.000Z");
    EXPECT_EQ(answer["recorded"], first);
    EXPECT_FALSE(answer.contains("withdrawn"));  // not one-time
  }
  // Without `at`, a repeat of the same outcome is the same event.
  for (bool first : {true, false}) {
    auto res = Post(alpha_, {{{"record_id", id}, {"outcome", "not_reached"}}});
    ASSERT_TRUE(res && res->status == 200) << (res ? res->body : "");
    EXPECT_EQ(Body(res)["outcomes"][0]["recorded"], first);
  }
  EXPECT_EQ(Count("SELECT COUNT(*) FROM outcomes"), 2);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM outcomes WHERE outcome = 'reached' AND "
                  "note = 'belt terug na de proefrit' AND call_centre = 'alpha'"),
            1);
  // The conversation is a contact for each of the person's keys (phone and e-mail); the call
  // that reached no one is not.
  EXPECT_EQ(Count("SELECT COUNT(*) FROM contacts WHERE what = 'reached'"), 2);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM contacts WHERE what = 'not_reached'"), 0);

  // Refusals name the outcome that is wrong, and store nothing of the request.
  struct Case {
    Json outcome;
    std::string token;
    int status;
    std::string code;
    std::string field;
  };
  const std::vector<Case> cases = {
      {{{"record_id", id}, {"outcome", "reached"}},
       beta_,
       422,
       "lead_not_delivered",
       "outcomes[0].record_id"},  // not beta's lead, from the first outcome on
      {{{"record_id", id}, {"outcome", "callback"}},
       alpha_,
       422,
       "outcome_unknown",
       "outcomes[1].outcome"},
      {{{"record_id", id}, {"outcome", "sale"}, {"at", "gisteren"}},
       alpha_,
       400,
       "timestamp_invalid",
       "outcomes[1].at"},
      {{{"record_id", id}, {"outcome", "sale"}, {"at", "2999-01-01T00:00:00.000Z"}},
       alpha_,
       400,
       "timestamp_invalid",
       "outcomes[1].at"},
      {{{"record_id", id}, {"outcome", "sale"}, {"note", std::string(501, 'x')}},
       alpha_,
       422,
       "field_too_long",
       "outcomes[1].note"},
      {{{"outcome", "sale"}}, alpha_, 400, "json_missing_member", "outcomes[1].record_id"},
      {{{"record_id", "0190aaaa-0000-7000-8000-000000000000"}, {"outcome", "sale"}},
       alpha_,
       422,
       "lead_not_delivered",
       "outcomes[1].record_id"},
  };
  for (const auto& c : cases) {
    // A valid sale first: it must not be stored when the second outcome is refused.
    auto res = Post(c.token, {{{"record_id", id}, {"outcome", "sale"}}, c.outcome});
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, c.status) << c.outcome.dump() << " " << res->body;
    EXPECT_EQ(ErrorCodeOf(res->body), c.code) << c.outcome.dump();
    EXPECT_EQ(Body(res)["error"].value("field", ""), c.field) << c.outcome.dump();
  }
  EXPECT_EQ(Count("SELECT COUNT(*) FROM outcomes"), 2);
  auto wrong_type =
      client_->Post("/v1/feeds/outcomes", Bearer(alpha_), R"({"outcomes":{}})", "application/json");
  ASSERT_TRUE(wrong_type);
  EXPECT_EQ(ErrorCodeOf(wrong_type->body), "json_wrong_type");
  auto admin = Post(admin_, Json::array({reached}));
  ASSERT_TRUE(admin);
  EXPECT_EQ(admin->status, 403);
}

TEST_F(OutcomesTest, AConversationHoldsBackThePersonsNextRecordACallThatReachedNoOneDoesNot) {
  const std::string reached = Submit(10);
  const std::string missed = Submit(11);
  Classified(missed);
  ASSERT_EQ(Fetch(alpha_).size(), 2u);
  ASSERT_EQ(Post(alpha_, {{{"record_id", reached}, {"outcome", "reached"}},
                          {{"record_id", missed}, {"outcome", "not_reached"}}})
                ->status,
            200);
  // Leave only what the outcomes added: the deliveries move back past the pause (the first
  // records' deliveries are contacts read from the deliveries, not stored rows).
  ASSERT_EQ(server_->Terminate(), 0);
  EXPECT_EQ(server_->SqlInt("SELECT COUNT(*) FROM contacts WHERE what = 'delivered'"), 0);
  {
    ASSERT_TRUE(server_->Sql("UPDATE deliveries SET queued_at = queued_at - " +
                             std::to_string(61LL * 86400000)));
  }
  ASSERT_TRUE(server_->Start()) << server_->Log();
  Connect();
  const auto held = Classified(Submit(10));
  EXPECT_EQ(held.flow, "held_back");
  EXPECT_EQ(held.reason.rfind("paused_until:", 0), 0u) << held.reason;
  ASSERT_TRUE(held.release_at.has_value());
  // The person nobody reached is not held back (only matched as an earlier lead).
  EXPECT_EQ(Classified(Submit(11)).flow, "repeat_lead");
}

TEST_F(OutcomesTest, DoNotCallWithdrawsAndSuppressesThePersonOnce) {
  const std::string earlier = Submit(20);
  Classified(earlier);
  ASSERT_EQ(Fetch(alpha_).size(), 1u);
  const std::string later = Submit(20);  // a repeat lead of the same person, not delivered
  Classified(later);
  auto res = Post(alpha_, {{{"record_id", earlier}, {"outcome", "do_not_call"}}});
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  Json answer = Body(res)["outcomes"][0];
  EXPECT_EQ(answer["recorded"], true);
  EXPECT_EQ(answer["suppressed"], true);
  std::vector<std::string> both = {earlier, later};
  std::sort(both.begin(), both.end());
  EXPECT_EQ(answer["withdrawn"], Json(both));
  const Json entry = LastEntry();
  EXPECT_EQ(entry["type"], "withdrawal");
  EXPECT_EQ(entry["by"], "call_centre:alpha");
  EXPECT_EQ(entry["how"], "objection_during_call");
  EXPECT_EQ(entry["records"], Json(both));
  EXPECT_TRUE(Suppressed(earlier));

  // Again: the same answer, no second ledger entry.
  const auto size = *storage_->LedgerSize();
  auto again = Post(alpha_, {{{"record_id", earlier}, {"outcome", "do_not_call"}}});
  ASSERT_TRUE(again && again->status == 200);
  EXPECT_EQ(Body(again)["outcomes"][0]["recorded"], false);
  EXPECT_EQ(Body(again)["outcomes"][0]["withdrawn"], Json(both));
  EXPECT_EQ(*storage_->LedgerSize(), size);

  // The person's next record is not callable.
  const auto next = Classified(Submit(20));
  EXPECT_EQ(next.flow, "not_callable");
  EXPECT_EQ(next.reason, "withdrawn");
}

TEST_F(OutcomesTest, AConversationEndsAOneTimeConsentThroughTheWithdrawalPath) {
  // Version 2 of the campaign asks a one-time telephone consent (R18).
  Json manifest = maker_->manifest().json;
  manifest["campaign"]["version"] = 2;
  for (auto& consent : manifest["consents"]) {
    if (consent["channel"] == "telephone") consent["one_time"] = true;
  }
  auto advertiser = server::LoadOrCreateSigningKey(
      (server_->data_dir() / "keys" / "dev-advertiser.key").string());
  ASSERT_TRUE(advertiser.ok());
  auto signed_text = capture::SignManifest(manifest, *advertiser);
  ASSERT_TRUE(signed_text.ok()) << signed_text.error().message;
  auto published = client_->Post("/v1/campaigns", Bearer(admin_), *signed_text, "application/json");
  ASSERT_TRUE(published);
  ASSERT_EQ(published->status, 201) << published->body;
  Connect();  // the maker now builds records for version 2
  ASSERT_EQ(maker_->manifest().version, 2);

  const std::string id = Submit(30);
  Classified(id);
  ASSERT_EQ(Fetch(alpha_), std::vector<std::string>{id});
  const auto size = *storage_->LedgerSize();
  auto missed = Post(alpha_, {{{"record_id", id}, {"outcome", "not_reached"}}});
  ASSERT_TRUE(missed && missed->status == 200);
  EXPECT_FALSE(Body(missed)["outcomes"][0].contains("withdrawn"));
  EXPECT_EQ(*storage_->LedgerSize(), size);  // no conversation, the consent stands

  auto sale = Post(alpha_, {{{"record_id", id}, {"outcome", "sale"}}});
  ASSERT_TRUE(sale);
  ASSERT_EQ(sale->status, 200) << sale->body;
  EXPECT_EQ(Body(sale)["outcomes"][0]["withdrawn"], Json::array({id}));
  const Json entry = LastEntry();
  EXPECT_EQ(entry["type"], "withdrawal");
  EXPECT_EQ(entry["by"], "call_centre:alpha");
  EXPECT_EQ(entry["how"], "one_time_consent_used");
  EXPECT_EQ(entry["records"], Json::array({id}));
  auto withdrawal = storage_->FindWithdrawal(id);
  ASSERT_TRUE(withdrawal.ok() && withdrawal->has_value());
  EXPECT_EQ((*withdrawal)->how, "one_time_consent_used");
  // Only this consent ended: the person is not suppressed (an objection would suppress).
  EXPECT_FALSE(Suppressed(id));
  // A repeat appends nothing.
  auto again = Post(alpha_, {{{"record_id", id}, {"outcome", "sale"}}});
  ASSERT_TRUE(again && again->status == 200);
  EXPECT_EQ(*storage_->LedgerSize(), size + 1);
}

}  // namespace
}  // namespace optin::testing
