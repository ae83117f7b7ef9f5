// Traffic sources (R2, R20) through the real server: blocking a partner or a source refuses its
// later records with source_blocked until it is unblocked (both ledger entries), a record held
// back before the block is not delivered after it, and the source report counts a known mix of
// records, refusals, deliveries, outcomes and withdrawals exactly, per code and per partner,
// with the quality facts of each record; a partner's token sees only its own rows.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "campaign_registry.h"
#include "capture/time.h"
#include "envelope_maker.h"
#include "lead_processor.h"
#include "relay_client.h"
#include "server_harness.h"
#include "storage.h"

namespace optin::testing {
namespace {

using capture::Json;

constexpr const char* kA = "direct.web.home.default";
constexpr const char* kB = "winactieplein.email.nieuwsbrief.banner-1";
constexpr const char* kC = "winactieplein.web.banner.x";

Json Body(const httplib::Result& res) {
  if (!res) return Json();
  auto json = capture::ParseJson(res->body);
  return json.ok() ? *json : Json();
}

httplib::Headers Bearer(const std::string& token) { return {{"Authorization", "Bearer " + token}}; }

capture::SigningKey PartnerKey() {
  return *capture::SigningKey::FromSeed(capture::Sha256("optin-capture example partner seed"));
}

class SourcesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<ServerProcess>(dir_.path() / "data");
    ASSERT_TRUE(server_->Start()) << server_->Log();
    client_ = server_->Client();
    admin_ = server_->Token("admin");
    alpha_ = server_->Token("call_centre:alpha");
    partner_ = server_->Token("partner:winactieplein");
    for (int d = 0; d < 5; ++d) {
      auto maker = EnvelopeMaker::FromServer(*client_, kExampleCampaign);
      ASSERT_TRUE(maker.ok()) << maker.error().message;
      devices_.push_back(std::make_unique<EnvelopeMaker>(std::move(*maker)));  // one key each
    }
    Json cc = {{"id", "alpha"}, {"campaigns", {kExampleCampaign}}};
    ASSERT_EQ(
        client_->Post("/v1/call-centres", Bearer(admin_), cc.dump(), "application/json")->status,
        200);
    auto storage = server_->OpenStore();
    ASSERT_TRUE(storage.ok());
    storage_ = std::move(*storage);
  }

  // A person's envelope from `source` on device d: phone (with the telephone consent) or none,
  // the page's time on page (negative: not measured), and the e-mail address.
  Json Envelope(int d, const std::string& source, int phone, std::int64_t time_on_page,
                const std::string& email) {
    Json s = devices_[d]->Submission(phone > 0 ? phone : 1, phone > 0);
    s["source"] = source;
    s["fields"]["email"] = email;
    if (time_on_page >= 0) s["context"]["time_on_page_ms"] = time_on_page;
    return devices_[d]->FromSubmission(s);
  }

  // Posts it; returns {record id, withdrawal token}.
  std::pair<std::string, std::string> Submit(const Json& env) {
    auto res = client_->Post("/v1/consents", env.dump(), "application/json");
    EXPECT_TRUE(res && res->status == 200) << (res ? res->body : "no answer");
    return {env["record"]["id"], Body(res).value("withdrawal_token", std::string())};
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

  std::vector<std::string> Feed() {
    const Json body = Body(client_->Get("/v1/feeds/leads?cursor=0&limit=1000", Bearer(alpha_)));
    std::vector<std::string> ids;
    for (const auto& lead : body["leads"]) ids.push_back(lead["record_id"]);
    return ids;
  }

  void Outcome(const std::string& id, const std::string& outcome) {
    Json body = {{"outcomes", {{{"record_id", id}, {"outcome", outcome}}}}};
    auto res = client_->Post("/v1/feeds/outcomes", Bearer(alpha_), body.dump(), "application/json");
    ASSERT_TRUE(res && res->status == 200) << (res ? res->body : "");
  }

  httplib::Result Block(const Json& body, bool block = true) {
    return client_->Post(block ? "/v1/sources/block" : "/v1/sources/unblock", Bearer(admin_),
                         body.dump(), "application/json");
  }

  httplib::Result Relay(const std::vector<Json>& envelopes, const capture::SigningKey& key) {
    auto request = client::BuildRelayRequest(envelopes, "winactieplein", key, NowMillisForTest());
    return client_->Post("/v1/relay", Bearer(partner_), request->dump(), "application/json");
  }

  void RegisterPartner() {
    const Json registration = {{"id", "winactieplein"},
                               {"name", "Winactieplein B.V."},
                               {"key", PartnerKey().public_key().ToBase64()},
                               {"campaigns", {kExampleCampaign}}};
    ASSERT_EQ(client_->Post("/v1/partners", Bearer(admin_), registration.dump(), "application/json")
                  ->status,
              200);
  }

  Json LastEntry() {
    auto size = storage_->LedgerSize();
    auto entries = storage_->Entries(*size - 1, *size);
    return *capture::ParseJson((*entries)[0].bytes);
  }

  Json Report(const std::string& token, const std::string& query = "") {
    auto res = client_->Get(("/v1/reports/sources" + query).c_str(), Bearer(token));
    EXPECT_TRUE(res && res->status == 200) << (res ? res->body : "");
    return Body(res);
  }

  static const Json& Row(const Json& rows, const char* key, const Json& value) {
    static const Json kNone;
    for (const auto& r : rows) {
      if (r[key] == value) return r;
    }
    ADD_FAILURE() << "no row with " << key << " = " << value.dump();
    return kNone;
  }

  TempDir dir_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<httplib::Client> client_;
  std::vector<std::unique_ptr<EnvelopeMaker>> devices_;
  std::unique_ptr<server::Storage> storage_;
  std::string admin_, alpha_, partner_;
};

TEST_F(SourcesTest, BlockedSourceIsRefusedUntilUnblockedAndEachChangeIsALedgerEntry) {
  Submit(Envelope(0, kB, 1, -1, "a@voorbeeld.nl"));
  auto blocked = Block({{"source", "winactieplein"}, {"reason", "klachten over de nieuwsbrief"}});
  ASSERT_EQ(blocked->status, 200) << blocked->body;
  EXPECT_EQ(Body(blocked)["blocked"], true);
  Json entry = LastEntry();
  EXPECT_EQ(entry["type"], "source_blocked");
  EXPECT_EQ(entry["source"], "winactieplein");
  EXPECT_EQ(entry["reason"], "klachten over de nieuwsbrief");
  EXPECT_EQ(entry["by"], "admin");
  EXPECT_FALSE(entry.contains("campaign"));
  const std::uint64_t size = *storage_->LedgerSize();
  // Blocking again changes nothing.
  ASSERT_EQ(Block({{"source", "winactieplein"}, {"reason", "nogmaals"}})->status, 200);
  EXPECT_EQ(*storage_->LedgerSize(), size);

  const Json later = Envelope(0, kB, 2, -1, "b@voorbeeld.nl");
  auto refused = client_->Post("/v1/consents", later.dump(), "application/json");
  EXPECT_EQ(refused->status, 403);
  EXPECT_EQ(ErrorCodeOf(refused->body), "source_blocked");
  EXPECT_EQ(Body(refused)["error"]["field"], "record.source.code");
  // Only that partner: the advertiser's own page goes on.
  Submit(Envelope(0, kA, 3, -1, "c@voorbeeld.nl"));
  const Json blocks = Body(client_->Get("/v1/sources/blocks", Bearer(admin_)));
  ASSERT_EQ(blocks["blocks"].size(), 1u);
  EXPECT_EQ(blocks["blocks"][0]["source"], "winactieplein");
  EXPECT_EQ(blocks["blocks"][0]["ledger_index"], size - 1);

  auto unblocked = Block({{"source", "winactieplein"}}, false);
  ASSERT_EQ(unblocked->status, 200) << unblocked->body;
  EXPECT_EQ(Body(unblocked)["blocked"], false);
  EXPECT_EQ(LastEntry()["type"], "source_unblocked");
  EXPECT_EQ(Body(client_->Get("/v1/sources/blocks", Bearer(admin_)))["blocks"].size(), 0u);
  // The very envelope refused before is accepted now.
  EXPECT_EQ(client_->Post("/v1/consents", later.dump(), "application/json")->status, 200);
  const std::uint64_t after = *storage_->LedgerSize();
  ASSERT_EQ(Block({{"source", "winactieplein"}}, false)->status, 200);  // nothing to lift
  EXPECT_EQ(*storage_->LedgerSize(), after);
}

TEST_F(SourcesTest, BlocksCoverWholeCodePartsAndCanBeLimitedToACampaign) {
  ASSERT_EQ(Block({{"source", "winactieplein.email"}, {"reason", "alleen e-mail"}})->status, 200);
  auto email =
      client_->Post("/v1/consents", Envelope(0, kB, 1, -1, "a@x.nl").dump(), "application/json");
  EXPECT_EQ(ErrorCodeOf(email->body), "source_blocked");
  Submit(Envelope(0, kC, 2, -1, "b@x.nl"));  // winactieplein.web is another channel
  Submit(Envelope(0, "winactieplein.emailing.a.b", 3, -1, "c@x.nl"));  // not the part "email"
  ASSERT_EQ(
      Block({{"source", "direct"}, {"campaign", kExampleCampaign}, {"reason", "test"}})->status,
      200);
  EXPECT_EQ(Body(client_->Post("/v1/consents", Envelope(0, kA, 4, -1, "d@x.nl").dump(),
                               "application/json"))["error"]["code"],
            "source_blocked");
  EXPECT_EQ(LastEntry()["campaign"], kExampleCampaign);

  struct Case {
    Json body;
    int status;
    std::string code;
    std::string field;
  };
  const std::vector<Case> cases = {
      {{{"source", "winactieplein..x"}, {"reason", "r"}}, 400, "source_invalid", "source"},
      {{{"source", "a.b.c.d.e"}, {"reason", "r"}}, 400, "source_invalid", "source"},
      {{{"source", "Winactieplein"}, {"reason", "r"}}, 400, "source_invalid", "source"},
      {{{"source", "winactieplein"}}, 400, "json_missing_member", "reason"},
      {{{"source", "winactieplein"}, {"reason", "r"}, {"campaign", "nope"}},
       422,
       "campaign_unknown",
       "campaign"},
      {{{"source", "winactieplein"}, {"reason", "r"}, {"until", "x"}},
       400,
       "json_unknown_member",
       "until"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.body.dump());
    auto res = Block(c.body);
    EXPECT_EQ(res->status, c.status) << res->body;
    EXPECT_EQ(ErrorCodeOf(res->body), c.code);
    EXPECT_EQ(Body(res)["error"]["field"], c.field);
  }
  auto by_partner = client_->Post("/v1/sources/unblock", Bearer(partner_),
                                  Json{{"source", "winactieplein"}}.dump(), "application/json");
  EXPECT_EQ(by_partner->status, 403);
}

TEST_F(SourcesTest, HeldBackRecordOfABlockedSourceIsNotDeliveredAfterThePause) {
  const auto first = Submit(Envelope(0, kA, 7, -1, "p@voorbeeld.nl"));
  ASSERT_EQ(Classified(first.first).flow, "lead");
  const auto held = Submit(Envelope(1, kB, 7, -1, "p@voorbeeld.nl"));  // the same person
  const server::ClassificationRow row = Classified(held.first);
  ASSERT_EQ(row.flow, "held_back");
  ASSERT_EQ(Block({{"source", "winactieplein"}, {"reason", "klachten"}})->status, 200);
  ASSERT_EQ(server_->Terminate(), 0);

  server::CampaignRegistry campaigns;
  ASSERT_TRUE(campaigns.Load(*storage_).ok());
  server::LeadProcessor processor(*storage_, campaigns);
  auto released = processor.ReleaseDue(*row.release_at, 10);
  ASSERT_TRUE(released.ok()) << released.error().message;
  EXPECT_EQ(*released, 1u);
  const auto after = storage_->FindClassification(held.first);
  EXPECT_EQ((*after)->flow, "not_callable");
  EXPECT_EQ((*after)->reason, "source_blocked");
}

// The known mix (see the comments for each count):
//   A direct.web.home.default: a1 phone, 1.5 s, e-mail at a subdomain of mailinator.com,
//     delivered, reached; a2 phone, 5 s, delivered, sale; a3 no phone, not measured, withdrawn
//     by the consumer with reason complaint. Refused: 1 disclosure_mismatch.
//   B winactieplein.email...: b1 phone, 20 s, delivered, not_reached; b2 phone, 90 s,
//     delivered, do_not_call (withdrawn, a complaint); b3 a1's phone number, 2 s, held back
//     (not delivered); b4 no phone, 12 s, e-mail at yopmail.com, withdrawn by customer service
//     with reason not_interested. Refused: 2 record_signature_invalid.
//   C winactieplein.web.banner.x: c1 relayed, phone, 4 s, delivered. Refused: 1
//     relay_signature_invalid (a forged batch), then blocked: 1 source_blocked.
//   No readable code: 1 json_wrong_type.
// Devices: a1, a2, a3 and b1 share device 0; b2, b3, b4, c1 have one each.
TEST_F(SourcesTest, ReportCountsAKnownMixExactly) {
  RegisterPartner();
  const auto a1 = Submit(Envelope(0, kA, 101, 1500, "anna@inbox.mailinator.com"));
  const auto a2 = Submit(Envelope(0, kA, 102, 5000, "a2@voorbeeld.nl"));
  const auto a3 = Submit(Envelope(0, kA, 0, -1, "a3@voorbeeld.nl"));
  const auto b1 = Submit(Envelope(0, kB, 104, 20000, "b1@voorbeeld.nl"));
  const auto b2 = Submit(Envelope(1, kB, 105, 90000, "b2@voorbeeld.nl"));
  const auto b3 = Submit(Envelope(2, kB, 101, 2000, "b3@voorbeeld.nl"));
  const auto b4 = Submit(Envelope(3, kB, 0, 12000, "b4@yopmail.com"));
  const Json c1 = Envelope(4, kC, 107, 4000, "c1@voorbeeld.nl");
  auto relayed = Relay({c1}, PartnerKey());
  ASSERT_EQ(relayed->status, 200) << relayed->body;
  auto forged =
      Relay({Envelope(4, kC, 108, 4000, "c2@voorbeeld.nl")}, *capture::SigningKey::Generate());
  EXPECT_EQ(ErrorCodeOf(forged->body), "relay_signature_invalid");

  // Refusals: two tampered B records, one A disclosure that is not its commitment, one
  // envelope that is not an object.
  Json bad = Envelope(0, kB, 110, -1, "x@voorbeeld.nl");
  bad["record"]["captured_at"] = "2020-01-01T00:00:00.000Z";
  Json bad2 = Envelope(0, kB, 111, -1, "y@voorbeeld.nl");
  bad2["record"]["consents"]["newsletter"] = true;
  Json mismatch = Envelope(0, kA, 112, -1, "z@voorbeeld.nl");
  mismatch["disclosures"]["given_name"]["value"] = "Bob";
  const Json batch = Json::array({bad, bad2, mismatch, 42});
  auto refused = client_->Post("/v1/consents", batch.dump(), "application/json");
  ASSERT_EQ(refused->status, 200);
  const Json results = Body(refused)["results"];
  EXPECT_EQ(results[0]["error"]["code"], "record_signature_invalid");
  EXPECT_EQ(results[1]["error"]["code"], "record_signature_invalid");
  EXPECT_EQ(results[2]["error"]["code"], "disclosure_mismatch");
  EXPECT_EQ(results[3]["error"]["code"], "json_wrong_type");

  const std::string c1_id = c1["record"]["id"];
  for (const auto& id : {a1.first, a2.first, a3.first, b1.first, b2.first, b4.first, c1_id}) {
    Classified(id);
  }
  EXPECT_EQ(Classified(b3.first).flow, "held_back");
  const std::vector<std::string> feed = Feed();
  EXPECT_EQ(feed.size(), 5u);  // a1, a2, b1, b2, c1
  Outcome(a1.first, "reached");
  Outcome(a2.first, "sale");
  Outcome(b1.first, "not_reached");
  Outcome(b2.first, "do_not_call");
  auto consumer = client_->Post(
      "/v1/withdrawals",
      Json{{"record_id", a3.first}, {"token", a3.second}, {"reason", "complaint"}}.dump(),
      "application/json");
  ASSERT_EQ(consumer->status, 200) << consumer->body;
  EXPECT_EQ(Body(consumer)["withdrawn"][0]["reason"], "complaint");
  auto service = client_->Post(
      "/v1/withdrawals/subject", Bearer(server_->Token("customer_service")),
      Json{{"email", "b4@yopmail.com"}, {"reason", "not_interested"}}.dump(), "application/json");
  ASSERT_EQ(service->status, 200) << service->body;
  auto bad_reason =
      client_->Post("/v1/withdrawals",
                    Json{{"record_id", a3.first}, {"token", a3.second}, {"reason", "boos"}}.dump(),
                    "application/json");
  EXPECT_EQ(ErrorCodeOf(bad_reason->body), "withdrawal_reason_unknown");

  ASSERT_EQ(Block({{"source", "winactieplein.web"}, {"reason", "te snel ingevuld"}})->status, 200);
  auto blocked = Relay({Envelope(4, kC, 109, 4000, "c3@voorbeeld.nl")}, PartnerKey());
  ASSERT_EQ(blocked->status, 200);
  EXPECT_EQ(Body(blocked)["results"][0]["error"]["code"], "source_blocked");

  // The facts of one record, as stored.
  auto facts = storage_->FindRecordFacts(a1.first);
  ASSERT_TRUE(facts.ok() && *facts);
  EXPECT_EQ((*facts)->time_on_page_ms, 1500);
  EXPECT_TRUE((*facts)->disposable_email);
  EXPECT_EQ((*facts)->device_key, devices_[0]->device_key().public_key().ToBase64());
  EXPECT_FALSE((*facts)->relay_batch);
  EXPECT_FALSE((*storage_->FindRecordFacts(a3.first))->time_on_page_ms);

  const Json report = Report(admin_);
  const Json& a = Row(report["sources"], "code", kA);
  EXPECT_EQ(a["partner"], "direct");
  EXPECT_EQ(a["channel"], "web");
  EXPECT_EQ(a["received"], 4);
  EXPECT_EQ(a["refused"], 1);
  EXPECT_EQ(a["refused_by_reason"], (Json{{"disclosure_mismatch", 1}}));
  EXPECT_EQ(a["accepted"], 3);
  EXPECT_EQ(a["relayed"], 0);
  EXPECT_EQ(a["delivered"], 2);
  EXPECT_EQ(a["reached"], 2);
  EXPECT_EQ(a["converted"], 1);
  EXPECT_EQ(a["withdrawn"], 1);
  EXPECT_EQ(a["complaints"], 1);
  EXPECT_EQ(a["rates"], (Json{{"refused", 0.25},
                              {"delivered", 0.6667},
                              {"reached", 1.0},
                              {"converted", 0.5},
                              {"withdrawn", 0.3333},
                              {"complaints", 0.3333}}));
  EXPECT_EQ(a["quality"], (Json{{"time_on_page",
                                 {{"unknown", 1},
                                  {"under_3s", 1},
                                  {"3s_to_10s", 1},
                                  {"10s_to_60s", 0},
                                  {"60s_and_more", 0}}},
                                {"disposable_email", 1},
                                {"shared_device", 3},
                                {"max_records_per_device", 4},
                                {"phone_via_other_partners", 1},
                                {"device_key_burst", 0}}));

  const Json& b = Row(report["sources"], "code", kB);
  EXPECT_EQ(b["received"], 6);
  EXPECT_EQ(b["refused_by_reason"], (Json{{"record_signature_invalid", 2}}));
  EXPECT_EQ(b["accepted"], 4);
  EXPECT_EQ(b["delivered"], 2);
  EXPECT_EQ(b["reached"], 1);
  EXPECT_EQ(b["converted"], 0);
  EXPECT_EQ(b["withdrawn"], 2);
  EXPECT_EQ(b["complaints"], 1);
  EXPECT_EQ(b["rates"]["reached"], 0.5);
  EXPECT_EQ(b["rates"]["converted"], 0.0);
  EXPECT_EQ(b["quality"], (Json{{"time_on_page",
                                 {{"unknown", 0},
                                  {"under_3s", 1},
                                  {"3s_to_10s", 0},
                                  {"10s_to_60s", 2},
                                  {"60s_and_more", 1}}},
                                {"disposable_email", 1},
                                {"shared_device", 1},
                                {"max_records_per_device", 4},
                                {"phone_via_other_partners", 1},
                                {"device_key_burst", 0}}));

  const Json& c = Row(report["sources"], "code", kC);
  EXPECT_EQ(c["received"], 3);
  EXPECT_EQ(c["refused_by_reason"], (Json{{"relay_signature_invalid", 1}, {"source_blocked", 1}}));
  EXPECT_EQ(c["accepted"], 1);
  EXPECT_EQ(c["relayed"], 1);
  EXPECT_EQ(c["delivered"], 1);
  EXPECT_EQ(c["reached"], 0);
  EXPECT_TRUE(c["rates"]["converted"].is_null());  // nobody reached: no rate
  EXPECT_EQ(c["quality"]["time_on_page"]["3s_to_10s"], 1);
  EXPECT_EQ(c["quality"]["max_records_per_device"], 1);

  const Json& none = Row(report["sources"], "code", Json());
  EXPECT_EQ(none["received"], 1);
  EXPECT_EQ(none["refused_by_reason"], (Json{{"json_wrong_type", 1}}));
  EXPECT_EQ(report["sources"].size(), 4u);

  const Json& w = Row(report["partners"], "partner", "winactieplein");
  EXPECT_EQ(w["received"], 9);
  EXPECT_EQ(w["refused"], 4);
  EXPECT_EQ(w["accepted"], 5);
  EXPECT_EQ(w["delivered"], 3);
  EXPECT_EQ(w["withdrawn"], 2);
  EXPECT_EQ(w["complaints"], 1);
  EXPECT_EQ(w["rates"]["delivered"], 0.6);
  EXPECT_EQ(Row(report["partners"], "partner", "direct")["accepted"], 3);
  EXPECT_EQ(report["partners"].size(), 3u);  // direct, winactieplein, and no readable code
  EXPECT_EQ(report["totals"]["received"], 14);
  EXPECT_EQ(report["totals"]["accepted"], 8);

  // The partner sees its own rows only, and may not ask for another partner's.
  const Json own = Report(partner_);
  EXPECT_EQ(own["partner"], "winactieplein");
  ASSERT_EQ(own["sources"].size(), 2u);
  EXPECT_EQ(own["sources"][0]["code"], kB);
  EXPECT_EQ(own["sources"][1]["code"], kC);
  ASSERT_EQ(own["partners"].size(), 1u);
  EXPECT_EQ(own["totals"]["received"], 9);
  auto other = client_->Get("/v1/reports/sources?partner=direct", Bearer(partner_));
  EXPECT_EQ(other->status, 403);
  EXPECT_EQ(client_->Get("/v1/reports/sources", Bearer(alpha_))->status, 403);

  // Slices: by campaign, by day (today in Amsterdam has everything, the day before nothing).
  const capture::CivilDate today = capture::AmsterdamDate(NowMillisForTest());
  char day[16], before[16];
  std::snprintf(day, sizeof day, "%04d-%02d-%02d", today.year, today.month, today.day);
  const capture::CivilDate y = capture::CivilFromDays(capture::DaysFromCivil(today) - 1);
  std::snprintf(before, sizeof before, "%04d-%02d-%02d", y.year, y.month, y.day);
  EXPECT_EQ(Report(admin_, std::string("?from=") + day + "&to=" + day)["totals"]["received"], 14);
  EXPECT_EQ(Report(admin_, std::string("?to=") + before)["sources"].size(), 0u);
  EXPECT_EQ(Report(admin_, std::string("?campaign=") + kExampleCampaign)["totals"]["accepted"], 8);
  auto bad_day = client_->Get("/v1/reports/sources?from=2026-02-30", Bearer(admin_));
  EXPECT_EQ(ErrorCodeOf(bad_day->body), "request_invalid");

  // The CLI's CSV has a row per code with the same numbers.
  const auto token_file = dir_.path() / "admin.token";
  std::ofstream(token_file) << admin_;
  std::string csv;
  ASSERT_EQ(RunProgram({OPTIN_CLI_BIN, "report", "sources", "--server", server_->url(),
                        "--token-file", token_file.string(), "--format", "csv"},
                       &csv),
            0);
  EXPECT_NE(csv.find("\"code\",\"partner\",\"channel\""), std::string::npos) << csv;
  EXPECT_NE(csv.find("\"refused_record_signature_invalid\""), std::string::npos) << csv;
  EXPECT_NE(csv.find("\"" + std::string(kA) +
                     "\",\"direct\",\"web\",\"home\",\"default\",\"4\","
                     "\"1\",\"3\""),
            std::string::npos)
      << csv;
  std::string table;
  ASSERT_EQ(RunProgram({OPTIN_CLI_BIN, "report", "sources", "--server", server_->url(),
                        "--token-file", token_file.string(), "--by", "partner"},
                       &table),
            0);
  EXPECT_NE(table.find("winactieplein"), std::string::npos) << table;
  EXPECT_NE(table.find("refused by reason:"), std::string::npos) << table;
}

}  // namespace
}  // namespace optin::testing
