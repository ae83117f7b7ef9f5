// Call centres and lead feeds through the real server: two call centres never receive each
// other's leads, cursors survive a restart, acknowledgements are idempotent, a person suppressed
// between classification and delivery is never delivered, and feeds need a call-centre token.
#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <set>
#include <thread>

#include "capture/time.h"
#include "envelope_maker.h"
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

class FeedsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<ServerProcess>(dir_.path() / "data");
    ASSERT_TRUE(server_->Start()) << server_->Log();
    client_ = server_->Client();
    auto maker = EnvelopeMaker::FromServer(*client_, kExampleCampaign);
    ASSERT_TRUE(maker.ok()) << maker.error().message;
    maker_ = std::make_unique<EnvelopeMaker>(std::move(*maker));
    admin_ = server_->Token("admin");
    alpha_ = server_->Token("call_centre:alpha");
    beta_ = server_->Token("call_centre:beta");
    for (const char* id : {"alpha", "beta"}) {
      Json cc = {{"id", id}, {"campaigns", {kExampleCampaign}}};
      auto res = client_->Post("/v1/call-centres", Bearer(admin_), cc.dump(), "application/json");
      ASSERT_TRUE(res);
      ASSERT_EQ(res->status, 200) << res->body;
    }
  }

  std::string Submit(int person) {
    Json env = maker_->Make(person, true);
    auto res = client_->Post("/v1/consents", env.dump(), "application/json");
    EXPECT_TRUE(res && res->status == 200);
    return env["record"]["id"].get<std::string>();
  }

  Json Feed(const std::string& token, const std::string& cursor, int limit = 100) {
    auto res = client_->Get("/v1/feeds/leads?cursor=" + cursor + "&limit=" + std::to_string(limit),
                            Bearer(token));
    EXPECT_TRUE(res);
    if (res) {
      EXPECT_EQ(res->status, 200) << res->body;
      // The leads are written as text, not from a tree: the text is exactly what nlohmann's
      // dump() writes of the same tree (members in byte order, the same escapes and numbers).
      auto parsed = capture::ParseJson(res->body);
      EXPECT_TRUE(parsed.ok()) << res->body;
      if (parsed.ok()) {
        EXPECT_EQ(parsed->dump(), res->body);
      }
    }
    return Body(res);
  }

  // Waits (bounded) until the processor has classified the record.
  void WaitClassified(const std::string& id) {
    auto storage = server_->OpenStore();
    ASSERT_TRUE(storage.ok());
    for (int i = 0; i < 300; ++i) {
      auto row = (*storage)->FindClassification(id);
      if (row.ok() && *row) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    FAIL() << "record " << id << " was not classified";
  }

  TempDir dir_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<httplib::Client> client_;
  std::unique_ptr<EnvelopeMaker> maker_;
  std::string admin_, alpha_, beta_;
};

std::vector<std::string> Ids(const Json& feed) {
  std::vector<std::string> out;
  for (const auto& lead : feed["leads"]) out.push_back(lead["record_id"].get<std::string>());
  return out;
}

TEST_F(FeedsTest, TwoCallCentresShareNoLeadAndCursorsSurviveARestart) {
  std::vector<std::string> submitted;
  for (int p = 1; p <= 6; ++p) submitted.push_back(Submit(p));
  WaitClassified(submitted.back());

  const Json a = Feed(alpha_, "0");
  const Json b = Feed(beta_, "0");
  std::set<std::string> seen;
  for (const auto& id : Ids(a)) EXPECT_TRUE(seen.insert(id).second) << id;
  for (const auto& id : Ids(b)) EXPECT_TRUE(seen.insert(id).second) << "both got " << id;
  EXPECT_EQ(seen, std::set<std::string>(submitted.begin(), submitted.end()));
  EXPECT_EQ(Ids(a).size(), 3u);  // leaf_index modulo two call centres

  // What the call script needs.
  const Json& lead = a["leads"][0];
  EXPECT_EQ(lead["flow"], "lead");
  EXPECT_EQ(lead["reason"], "unknown_subject");
  EXPECT_EQ(lead["campaign"]["id"], kExampleCampaign);
  EXPECT_TRUE(lead["fields"].contains("phone")) << lead.dump();
  EXPECT_EQ(lead["timezone"], "Europe/Amsterdam");

  // Paging: one lead, then the rest from its cursor, also after a restart.
  const Json first = Feed(alpha_, "0", 1);
  ASSERT_EQ(first["leads"].size(), 1u);
  const std::string cursor = first["next_cursor"].get<std::string>();
  ASSERT_EQ(server_->Terminate(), 0);
  ASSERT_TRUE(server_->Start()) << server_->Log();
  client_ = server_->Client();
  const Json rest = Feed(alpha_, cursor);
  std::vector<std::string> all = Ids(first);
  for (const auto& id : Ids(rest)) all.push_back(id);
  EXPECT_EQ(all, Ids(a));
  EXPECT_EQ(Feed(alpha_, rest["next_cursor"].get<std::string>())["leads"].size(), 0u);
}

TEST_F(FeedsTest, AcknowledgementsAreIdempotentAndPerCallCentre) {
  Submit(20);
  const std::string last = Submit(21);
  WaitClassified(last);
  const auto a = Ids(Feed(alpha_, "0"));
  const auto b = Ids(Feed(beta_, "0"));
  ASSERT_EQ(a.size(), 1u);
  ASSERT_EQ(b.size(), 1u);
  Json acks = {{"leads", {a[0], b[0]}}};
  for (int i = 0; i < 2; ++i) {
    auto res = client_->Post("/v1/feeds/acks", Bearer(alpha_), acks.dump(), "application/json");
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << res->body;
    EXPECT_EQ(Body(res)["leads"]["acknowledged"], 1);  // its own lead, not beta's
    EXPECT_EQ(Body(res)["leads"]["unknown"], 1);
  }
  auto bad =
      client_->Post("/v1/feeds/acks", Bearer(alpha_), R"({"leads":"x"})", "application/json");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  EXPECT_EQ(ErrorCodeOf(bad->body), "json_wrong_type");
}

TEST_F(FeedsTest, APersonSuppressedBeforeDeliveryIsNeverDelivered) {
  const std::string id = Submit(30);
  WaitClassified(id);
  {
    auto storage = server_->OpenStore();
    ASSERT_TRUE(storage.ok());
    auto keys = (*storage)->RecordKeys(id);
    ASSERT_TRUE(keys.ok());
    ASSERT_FALSE(keys->empty());
    ASSERT_TRUE(
        server_->Sql("INSERT INTO suppressions (kind, key, reason, since) VALUES (?, ?, 'test', 0)",
                     {keys->back().kind, keys->back().key}));
  }
  for (const auto* token : {&alpha_, &beta_}) {
    const Json feed = Feed(*token, "0");
    EXPECT_TRUE(feed["leads"].empty()) << feed.dump();
  }
}

// Schema 9: each record's captured_at and telephone consent are stored beside it, so classifying
// and handing out a lead read no ledger entry. A record committed before (the columns NULL) is
// read from its entry: classified the same way and handed out as the same lead.
TEST_F(FeedsTest, RecordsFromBeforeSchema9AreClassifiedAndHandedOutFromTheirEntries) {
  const Json called = maker_->Make(40, true);
  const Json not_called = maker_->Make(41, false);
  for (const Json* env : {&called, &not_called}) {
    auto res = client_->Post("/v1/consents", env->dump(), "application/json");
    ASSERT_TRUE(res && res->status == 200) << (res ? res->body : "");
  }
  const std::string id = called["record"]["id"].get<std::string>();
  const std::string other = not_called["record"]["id"].get<std::string>();
  // The stored facts and both verdicts: with the columns (from the intake) or without them.
  auto check_records = [&](bool columns) {
    WaitClassified(id);
    WaitClassified(other);
    auto storage = server_->OpenStore();
    ASSERT_TRUE(storage.ok());
    auto row = (*storage)->FindRecord(id);
    auto no = (*storage)->FindRecord(other);
    ASSERT_TRUE(row.ok() && *row && no.ok() && *no);
    if (columns) {
      EXPECT_EQ((*row)->captured_at,
                *capture::ParseRfc3339Millis(called["record"]["captured_at"].get<std::string>()));
      EXPECT_EQ((*row)->telephone_consent, std::optional<bool>(true));
      EXPECT_EQ((*no)->telephone_consent, std::optional<bool>(false));
    } else {
      EXPECT_FALSE((*row)->captured_at || (*row)->telephone_consent || (*no)->telephone_consent);
    }
    EXPECT_EQ((*(*storage)->FindClassification(id))->reason, "unknown_subject");
    EXPECT_EQ((*(*storage)->FindClassification(other))->reason, "no_telephone_consent");
  };
  check_records(true);
  auto lead_of = [&] {
    for (const auto* token : {&alpha_, &beta_}) {
      const Json feed = Feed(*token, "0");
      for (Json lead : feed["leads"]) {
        if (lead["record_id"] == id) {
          lead.erase("seq");
          return lead;
        }
      }
    }
    return Json();
  };
  const Json from_columns = lead_of();
  ASSERT_TRUE(from_columns.is_object());
  EXPECT_EQ(from_columns["captured_at"], called["record"]["captured_at"]);
  EXPECT_EQ(from_columns["consent"]["given"], true);
  EXPECT_EQ(from_columns["consent"]["shown_text_sha256"], called["record"]["shown_text_sha256"]);

  // As a data folder from before schema 9: the columns empty, nothing classified yet.
  ASSERT_EQ(server_->Terminate(), 0);
  for (const char* sql :
       {"UPDATE records SET captured_at = NULL, telephone_consent = NULL",
        "DELETE FROM classifications", "DELETE FROM deliveries", "DELETE FROM contacts",
        "UPDATE positions SET position = 0 WHERE name = 'classifier'"}) {
    ASSERT_TRUE(server_->Sql(sql)) << sql;
  }
  ASSERT_TRUE(server_->Start()) << server_->Log();
  client_ = server_->Client();
  check_records(false);
  EXPECT_EQ(lead_of(), from_columns);
}

// R16: a lead lists every other contact with the person (any of the record's keys, any campaign)
// oldest first, each once, without the lead's own delivery; the storage hands them over in the
// contacts index's order (campaign, then time), so the order here is the lead's own sort.
TEST_F(FeedsTest, EarlierContactsAreEveryOtherContactWithThePersonOldestFirst) {
  const std::string id = Submit(50);
  WaitClassified(id);
  {
    auto storage = server_->OpenStore();
    ASSERT_TRUE(storage.ok());
    auto keys = (*storage)->RecordKeys(id);
    ASSERT_TRUE(keys.ok());
    ASSERT_EQ(keys->size(), 2u);  // e-mail and phone
    const auto& email = (*keys)[0];
    const auto& phone = (*keys)[1];
    ASSERT_EQ(phone.kind, "phone");
    auto add = [&](const server::RecordKeyRow& k, const std::string& campaign, int at,
                   const std::string& what, const std::string& record) {
      return server_->Sql(
          "INSERT INTO contacts (kind, key, campaign, at, what, record_id) VALUES "
          "(?, ?, ?, " +
              std::to_string(at) + ", ?, ?)",
          {k.kind, k.key, campaign, what, record});
    };
    ASSERT_TRUE(add(phone, "z-campaign", 1000, "reached", "rec-z"));
    ASSERT_TRUE(add(email, "a-campaign", 3000, "not_reached", "rec-a"));
    // One contact is stored once per key: listed once.
    ASSERT_TRUE(add(phone, "m-campaign", 2000, "delivered", "rec-m"));
    ASSERT_TRUE(add(email, "m-campaign", 2000, "delivered", "rec-m"));
  }
  Json lead;
  for (const auto* token : {&alpha_, &beta_}) {
    const Json feed = Feed(*token, "0");
    if (!feed["leads"].empty()) lead = feed["leads"][0];
  }
  ASSERT_EQ(lead["record_id"], id);
  auto contact = [](int at, const char* what, const char* campaign, const char* record) {
    return Json{{"at", capture::FormatRfc3339Millis(at)},
                {"what", what},
                {"campaign", campaign},
                {"record_id", record}};
  };
  EXPECT_EQ(lead["earlier_contacts"],
            Json::array({contact(1000, "reached", "z-campaign", "rec-z"),
                         contact(2000, "delivered", "m-campaign", "rec-m"),
                         contact(3000, "not_reached", "a-campaign", "rec-a")}))
      << lead["earlier_contacts"].dump();
}

TEST_F(FeedsTest, FeedsNeedACallCentreToken) {
  auto none = client_->Get("/v1/feeds/leads");
  ASSERT_TRUE(none);
  EXPECT_EQ(none->status, 401);
  auto admin = client_->Get("/v1/feeds/leads", Bearer(admin_));
  ASSERT_TRUE(admin);
  EXPECT_EQ(admin->status, 403);
  auto auditor = client_->Get("/v1/feeds/leads", Bearer(server_->Token("auditor")));
  ASSERT_TRUE(auditor);
  EXPECT_EQ(auditor->status, 403);
  auto limit = client_->Get("/v1/feeds/leads?limit=0", Bearer(alpha_));
  ASSERT_TRUE(limit);
  EXPECT_EQ(limit->status, 400);
  auto cc = client_->Post("/v1/call-centres", Bearer(alpha_), R"({"id":"x"})", "application/json");
  ASSERT_TRUE(cc);
  EXPECT_EQ(cc->status, 403);
}

}  // namespace
}  // namespace optin::testing
