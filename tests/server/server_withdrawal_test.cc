// Withdrawal end to end through the real server (R17-R19): the consumer with the receipt's token,
// customer service by phone or e-mail (match keys, never names), idempotent repeats, stable
// refusals, and the withdrawal feed of two call centres: one acknowledges late (after a server
// restart), one never does and shows in the report and the metric.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "capture/crypto.h"
#include "capture/encoding.h"
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

class WithdrawalTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // Every unacknowledged notice is overdue at once, so the report needs no waiting.
    server_ =
        std::make_unique<ServerProcess>(dir_.path() / "data", Json{{"withdrawal_ack_limit_ms", 1}});
    ASSERT_TRUE(server_->Start()) << server_->Log();
    client_ = server_->Client();
    auto maker = EnvelopeMaker::FromServer(*client_, kExampleCampaign);
    ASSERT_TRUE(maker.ok()) << maker.error().message;
    maker_ = std::make_unique<EnvelopeMaker>(std::move(*maker));
    admin_ = server_->Token("admin");
    service_ = server_->Token("customer_service");
    alpha_ = server_->Token("call_centre:alpha");
    beta_ = server_->Token("call_centre:beta");
    for (const char* id : {"alpha", "beta"}) {
      Json cc = {{"id", id}, {"campaigns", {kExampleCampaign}}};
      auto res = client_->Post("/v1/call-centres", Bearer(admin_), cc.dump(), "application/json");
      ASSERT_TRUE(res && res->status == 200);
    }
  }

  // Submits person n (optionally with another phone / e-mail); returns {id, withdrawal token}.
  std::pair<std::string, std::string> Submit(int n, const std::string& phone = "",
                                             const std::string& email = "") {
    Json sub = maker_->Submission(n);
    if (!phone.empty()) sub["fields"]["phone"] = phone;
    if (!email.empty()) sub["fields"]["email"] = email;
    Json env = maker_->FromSubmission(sub);
    auto res = client_->Post("/v1/consents", env.dump(), "application/json");
    EXPECT_TRUE(res && res->status == 200) << (res ? res->body : "no answer");
    const Json receipt = Body(res);
    return {env["record"]["id"].get<std::string>(),
            receipt.value("withdrawal_token", std::string())};
  }

  httplib::Result Post(const std::string& path, const Json& body, const std::string& token = "") {
    if (token.empty()) return client_->Post(path, body.dump(), "application/json");
    return client_->Post(path, Bearer(token), body.dump(), "application/json");
  }

  bool Withdrawn(const std::string& id) {
    auto storage = server_->OpenStore();
    if (!storage.ok()) return false;
    auto row = (*storage)->FindWithdrawal(id);
    return row.ok() && row->has_value();
  }

  // Waits (bounded) until the processor has queued the record for a call centre.
  void WaitClassified(const std::string& id) {
    auto storage = server_->OpenStore();
    ASSERT_TRUE(storage.ok());
    for (int i = 0; i < 300; ++i) {
      auto row = (*storage)->FindClassification(id);
      if (row.ok() && *row) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    FAIL() << "record " << id << " was not classified";
  }

  std::uint64_t LedgerSize() {
    auto storage = server_->OpenStore();
    auto size = (*storage)->LedgerSize();
    return size.ok() ? *size : 0;
  }

  Json Notices(const std::string& token) {
    auto res = client_->Get("/v1/feeds/withdrawals?cursor=0", Bearer(token));
    EXPECT_TRUE(res && res->status == 200) << (res ? res->body : "no answer");
    return Body(res)["withdrawals"];
  }

  TempDir dir_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<httplib::Client> client_;
  std::unique_ptr<EnvelopeMaker> maker_;
  std::string admin_, service_, alpha_, beta_;
};

TEST_F(WithdrawalTest, ConsumerWithdrawsWithTheReceiptTokenOnceAndRepeatsAreAnsweredTheSame) {
  const auto [id, token] = Submit(1);
  ASSERT_FALSE(token.empty());
  const std::uint64_t before = LedgerSize();
  auto first = Post("/v1/withdrawals", {{"record_id", id}, {"token", token}});
  ASSERT_TRUE(first);
  ASSERT_EQ(first->status, 200) << first->body;
  EXPECT_EQ(LedgerSize(), before + 1);
  const Json w = Body(first)["withdrawn"];
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0]["record_id"], id);
  EXPECT_EQ(w[0]["by"], "consumer");
  EXPECT_EQ(w[0]["how"], "receipt_token");
  EXPECT_TRUE(Withdrawn(id));

  auto again = Post("/v1/withdrawals", {{"record_id", id}, {"token", token}});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 200);
  EXPECT_EQ(again->body, first->body);
  // The token alone (what the demo page and the receipt link send) finds the same record.
  auto alone = Post("/v1/withdrawals", {{"token", token}});
  ASSERT_TRUE(alone);
  EXPECT_EQ(alone->body, first->body);
  EXPECT_EQ(Body(alone)["withdrawn_at"], w[0]["withdrawn_at"]);
  EXPECT_EQ(LedgerSize(), before + 1);  // nothing appended for a repeat

  // The withdrawal entry names the record and who withdrew how, nothing about the person.
  auto entries = client_->Get("/v1/log/entries?start=" + std::to_string(before) +
                              "&end=" + std::to_string(before + 1));
  ASSERT_TRUE(entries);
  const Json e = Body(entries)["entries"][0];
  EXPECT_EQ(e["type"], "withdrawal");
  auto bytes = capture::Base64Decode(e["entry"].get<std::string>());
  ASSERT_TRUE(bytes.ok());
  auto entry = capture::ParseJson(std::string(bytes->begin(), bytes->end()));
  ASSERT_TRUE(entry.ok());
  EXPECT_EQ(entry->size(), 5u) << entry->dump();
  EXPECT_EQ((*entry)["records"], Json::array({id}));
  EXPECT_EQ((*entry)["by"], "consumer");
  EXPECT_EQ((*entry)["how"], "receipt_token");
}

TEST_F(WithdrawalTest, BadTokensAndUnknownIdsGetStableCodes) {
  const auto [id, token] = Submit(2);
  const auto [other, other_token] = Submit(3);
  auto wrong = Post("/v1/withdrawals", {{"record_id", id}, {"token", other_token}});
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 403);
  EXPECT_EQ(ErrorCodeOf(wrong->body), "withdrawal_token_invalid");
  auto unknown = Post("/v1/withdrawals",
                      {{"record_id", "00000000-0000-4000-8000-000000000000"}, {"token", token}});
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 403);  // the same answer: ids are not revealed
  EXPECT_EQ(ErrorCodeOf(unknown->body), "withdrawal_token_invalid");
  auto forged = Post("/v1/withdrawals", {{"token", "not-a-token"}});
  ASSERT_TRUE(forged);
  EXPECT_EQ(ErrorCodeOf(forged->body), "withdrawal_token_invalid");
  auto missing = Post("/v1/withdrawals", {{"record_id", id}});
  ASSERT_TRUE(missing);
  EXPECT_EQ(ErrorCodeOf(missing->body), "json_missing_member");
  auto typed = Post("/v1/withdrawals", {{"record_id", id}, {"token", 7}});
  ASSERT_TRUE(typed);
  EXPECT_EQ(ErrorCodeOf(typed->body), "json_wrong_type");
  EXPECT_FALSE(Withdrawn(id));
  EXPECT_FALSE(Withdrawn(other));

  // Customer service only, and a person with no records is named as such.
  auto anonymous = Post("/v1/withdrawals/subject", {{"phone", "06-19999999"}});
  ASSERT_TRUE(anonymous);
  EXPECT_EQ(anonymous->status, 401);
  auto call_centre = Post("/v1/withdrawals/subject", {{"phone", "06-19999999"}}, alpha_);
  ASSERT_TRUE(call_centre);
  EXPECT_EQ(call_centre->status, 403);
  auto nobody = Post("/v1/withdrawals/subject", {{"phone", "06-19999999"}}, service_);
  ASSERT_TRUE(nobody);
  EXPECT_EQ(ErrorCodeOf(nobody->body), "subject_unknown");
  auto bad_phone = Post("/v1/withdrawals/subject", {{"phone", "12"}}, service_);
  ASSERT_TRUE(bad_phone);
  EXPECT_EQ(bad_phone->status, 422);
  auto both =
      Post("/v1/withdrawals/subject", {{"phone", "0612345678"}, {"email", "a@b.nl"}}, service_);
  ASSERT_TRUE(both);
  EXPECT_EQ(ErrorCodeOf(both->body), "request_invalid");
}

// A token names its record ("<record id>.<MAC>", found by the primary key): the right id with
// another record's MAC, a changed MAC and an unknown id are refused alike.
TEST_F(WithdrawalTest, TokensNameTheirRecordAndOnlyTheirOwnMacOpensIt) {
  const auto [id, token] = Submit(20);
  const auto [other, other_token] = Submit(21);
  ASSERT_EQ(token.rfind(id + ".", 0), 0u) << token;
  const std::string mac = token.substr(id.size() + 1);
  const std::string other_mac = other_token.substr(other.size() + 1);
  EXPECT_EQ(mac.size(), 64u);
  std::string changed = token;
  changed.back() = changed.back() == '0' ? '1' : '0';
  for (const std::string& bad : {id + "." + other_mac, changed, id + ".", std::string(".") + mac,
                                 "00000000-0000-4000-8000-000000000000." + mac}) {
    auto res = Post("/v1/withdrawals", {{"token", bad}});
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 403) << bad;
    EXPECT_EQ(ErrorCodeOf(res->body), "withdrawal_token_invalid") << bad;
  }
  EXPECT_FALSE(Withdrawn(id));
  auto ok = Post("/v1/withdrawals", {{"token", token}});
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200) << ok->body;
  EXPECT_TRUE(Withdrawn(id));
  EXPECT_FALSE(Withdrawn(other));
}

// Tokens handed out before schema 8 were the MAC alone and the records stored its hash. The
// database is put back to that state (schema 7: the old hash, the token-hash index, no legacy
// table), the server restarted so migration 8 runs over existing records, and then the old
// token withdraws by itself, and today's form of another old record's token works too.
TEST_F(WithdrawalTest, TokensHandedOutBeforeSchema8StillWithdraw) {
  const auto [id, token] = Submit(22);
  const auto [other, other_token] = Submit(23);
  const std::string mac = token.substr(id.size() + 1);
  const std::string other_mac = other_token.substr(other.size() + 1);
  auto hash = [](const std::string& s) {
    const auto d = capture::Sha256(s);
    return capture::Bytes(d.begin(), d.end());
  };
  ASSERT_EQ(server_->Terminate(), 0);
  ASSERT_TRUE(
      server_->Sql("UPDATE records SET withdrawal_token_sha256 = ? WHERE id = ?", {hash(mac), id}));
  ASSERT_TRUE(server_->Sql("UPDATE records SET withdrawal_token_sha256 = ? WHERE id = ?",
                           {hash(other_mac), other}));
  ASSERT_TRUE(server_->Sql("DROP TABLE legacy_withdrawal_tokens"));
  ASSERT_TRUE(
      server_->Sql("CREATE INDEX records_withdrawal_token ON records "
                   "(withdrawal_token_sha256)"));
  // Schema 9 and later undone too, so that 8 and what follows it run again: 11 added a column
  // to deliveries, 10 rebuilt record_keys with the leaf, 9 added two columns to records.
  ASSERT_TRUE(server_->Sql("ALTER TABLE deliveries DROP COLUMN first_of_its_keys"));
  if (server_->database().empty()) {
    ASSERT_TRUE(
        server_->Sql("CREATE TABLE record_keys_9 (record_id TEXT NOT NULL, kind TEXT NOT "
                     "NULL, key BLOB NOT NULL, PRIMARY KEY (kind, key, record_id)) "
                     "WITHOUT ROWID"));
    ASSERT_TRUE(
        server_->Sql("INSERT INTO record_keys_9 SELECT record_id, kind, key FROM "
                     "record_keys"));
    ASSERT_TRUE(server_->Sql("DROP TABLE record_keys"));
    ASSERT_TRUE(server_->Sql("ALTER TABLE record_keys_9 RENAME TO record_keys"));
    ASSERT_TRUE(server_->Sql("CREATE INDEX record_keys_record ON record_keys (record_id)"));
  } else {
    ASSERT_TRUE(server_->Sql("DROP INDEX record_keys_first"));
    ASSERT_TRUE(server_->Sql("ALTER TABLE record_keys DROP COLUMN leaf_index"));
  }
  // Migration 10 gives the rows of records from before it their leaf.
  ASSERT_TRUE(server_->Sql("ALTER TABLE records DROP COLUMN captured_at"));
  ASSERT_TRUE(server_->Sql("ALTER TABLE records DROP COLUMN telephone_consent"));
  ASSERT_TRUE(server_->Sql("DELETE FROM schema_version WHERE version >= 8"));
  ASSERT_TRUE(server_->Start()) << server_->Log();
  client_ = server_->Client();
  EXPECT_EQ(
      server_->SqlInt("SELECT COUNT(*) FROM legacy_withdrawal_tokens WHERE record_id = ?", {id}),
      1);
  EXPECT_EQ(server_->SqlInt("SELECT COUNT(*) FROM record_keys k JOIN records r ON r.id = "
                            "k.record_id WHERE k.leaf_index = r.leaf_index"),
            server_->SqlInt("SELECT COUNT(*) FROM record_keys"));
  EXPECT_GE(server_->SqlInt("SELECT COUNT(*) FROM record_keys"), 4);  // two people, two keys

  auto wrong = Post("/v1/withdrawals", {{"token", other_mac}, {"record_id", id}});
  ASSERT_TRUE(wrong);
  EXPECT_EQ(ErrorCodeOf(wrong->body), "withdrawal_token_invalid");
  auto old = Post("/v1/withdrawals", {{"token", mac}});
  ASSERT_TRUE(old);
  EXPECT_EQ(old->status, 200) << old->body;
  EXPECT_TRUE(Withdrawn(id));
  auto today = Post("/v1/withdrawals", {{"token", other_token}});
  ASSERT_TRUE(today);
  EXPECT_EQ(today->status, 200) << today->body;
  EXPECT_TRUE(Withdrawn(other));
}

// R19: the same name with different numbers is two people; one person with two numbers (and one
// e-mail address) is found by either number, in any notation, and by the address.
TEST_F(WithdrawalTest, CustomerServiceMatchesByPhoneAndEmailNeverByName) {
  const auto [anna1, t1] = Submit(10, "06-11111111", "anna@voorbeeld.nl");
  const auto [anna2, t2] = Submit(11, "06-22222222", "anna.other@voorbeeld.nl");
  const auto [same1, t3] = Submit(12, "06-33333333", "same@voorbeeld.nl");
  const auto [same2, t4] = Submit(13, "06-44444444", "same@voorbeeld.nl");

  auto res = Post("/v1/withdrawals/subject", {{"phone", "+31 6 1111 1111"}}, service_);
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_TRUE(Withdrawn(anna1));
  EXPECT_FALSE(Withdrawn(anna2));  // same name, another number: another person

  res = Post("/v1/withdrawals/subject", {{"phone", "0644444444"}}, service_);
  ASSERT_TRUE(res && res->status == 200);
  EXPECT_TRUE(Withdrawn(same2));
  EXPECT_FALSE(Withdrawn(same1));
  res = Post("/v1/withdrawals/subject", {{"phone", "0031 6 3333 3333"}}, service_);
  ASSERT_TRUE(res && res->status == 200) << (res ? res->body : "");
  EXPECT_TRUE(Withdrawn(same1));  // the same person by the other number
  res = Post("/v1/withdrawals/subject", {{"email", " same@Voorbeeld.NL "}}, service_);
  ASSERT_TRUE(res && res->status == 200) << res->body;
  EXPECT_TRUE(Withdrawn(same1));
  const Json w = Body(res)["withdrawn"];
  ASSERT_EQ(w.size(), 2u);
  for (const auto& row : w) EXPECT_EQ(row["by"], "customer_service");
  EXPECT_FALSE(Withdrawn(anna2));
}

TEST_F(WithdrawalTest, EveryCallCentreIsToldAndUnacknowledgedNoticesAreReported) {
  // Two people, consecutive records: the processor gives one lead to alpha and one to beta
  // (a person's later records are repeat leads and never delivered twice). Piet withdraws through
  // customer service, Klaas with his receipt's token.
  const auto [r1, t1] = Submit(20, "06-55555555", "piet@voorbeeld.nl");
  const auto [r2, t2] = Submit(21, "06-56565656", "klaas@voorbeeld.nl");
  WaitClassified(r2);
  for (const auto& token : {alpha_, beta_}) {
    auto res = client_->Get("/v1/feeds/leads?cursor=0", Bearer(token));
    ASSERT_TRUE(res && res->status == 200);
    EXPECT_EQ(Body(res)["leads"].size(), 1u) << res->body;
  }
  auto res = Post("/v1/withdrawals/subject", {{"phone", "06 5555 5555"}}, service_);
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  res = Post("/v1/withdrawals", {{"token", t2}});
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;

  const Json a = Notices(alpha_);
  const Json b = Notices(beta_);
  ASSERT_EQ(a.size(), 1u) << a.dump();
  ASSERT_EQ(b.size(), 1u) << b.dump();
  EXPECT_NE(a[0]["record_id"], b[0]["record_id"]);  // each hears of its own lead only
  EXPECT_EQ(a[0]["acknowledged"], false);

  // Nothing of that person is delivered again.
  for (const auto& token : {alpha_, beta_}) {
    auto feed = client_->Get("/v1/feeds/leads?cursor=0", Bearer(token));
    ASSERT_TRUE(feed);
    EXPECT_EQ(Body(feed)["leads"].size(), 0u) << feed->body;
  }

  // A restart between the withdrawal and the acknowledgement loses nothing.
  ASSERT_EQ(server_->Terminate(), 0);
  ASSERT_TRUE(server_->Start()) << server_->Log();
  client_ = server_->Client();
  EXPECT_EQ(Notices(alpha_), a);

  auto report = client_->Get("/v1/reports/withdrawals", Bearer(admin_));
  ASSERT_TRUE(report && report->status == 200);
  EXPECT_EQ(Body(report)["unacknowledged"].size(), 2u) << report->body;

  // Alpha acknowledges late (twice: harmless); beta never does.
  Json acks = {{"leads", Json::array()}, {"withdrawals", {a[0]["record_id"], b[0]["record_id"]}}};
  for (int i = 0; i < 2; ++i) {
    auto ack = Post("/v1/feeds/acks", acks, alpha_);
    ASSERT_TRUE(ack);
    ASSERT_EQ(ack->status, 200) << ack->body;
    EXPECT_EQ(Body(ack)["withdrawals"]["acknowledged"], 1);  // its own, not beta's
    EXPECT_EQ(Body(ack)["withdrawals"]["unknown"], 1);
  }
  report = client_->Get("/v1/reports/withdrawals", Bearer(admin_));
  ASSERT_TRUE(report && report->status == 200);
  const Json open = Body(report)["unacknowledged"];
  ASSERT_EQ(open.size(), 1u) << report->body;
  EXPECT_EQ(open[0]["call_centre"], "beta");
  EXPECT_EQ(open[0]["record_id"], b[0]["record_id"]);
  auto metrics = client_->Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_NE(metrics->body.find("optin_withdrawals_unacknowledged 1\n"), std::string::npos);
  auto forbidden = client_->Get("/v1/reports/withdrawals", Bearer(alpha_));
  ASSERT_TRUE(forbidden);
  EXPECT_EQ(forbidden->status, 403);
}

// Erasure: the person's disclosures can no longer be opened (the evidence bundle says so and
// still verifies), the neighbour's bundle and the whole log still verify, erasing again appends
// nothing, and the person is suppressed.
TEST_F(WithdrawalTest, ErasureShredsOnePersonAndEverythingElseStillVerifies) {
  const auto [gone, t1] = Submit(40, "06-16666666", "weg@voorbeeld.nl");
  const auto [kept, t2] = Submit(41, "06-27777777", "blijft@voorbeeld.nl");
  const std::string auditor = server_->Token("auditor");
  auto refused = Post("/v1/subjects/erase", {{"phone", "06-16666666"}}, service_);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 403);
  auto res = Post("/v1/subjects/erase", {{"phone", "+31616666666"}}, admin_);
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(Body(res)["erased"], Json::array({gone}));
  const std::uint64_t size = LedgerSize();
  auto again = Post("/v1/subjects/erase", {{"phone", "06-16666666"}}, admin_);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->body, res->body);
  EXPECT_EQ(LedgerSize(), size);
  EXPECT_TRUE(Withdrawn(gone));
  EXPECT_FALSE(Withdrawn(kept));

  const std::string vkey = Body(client_->Get("/v1/keys"))["log"]["vkey"].get<std::string>();
  TempDir tmp;
  for (const auto& [id, erased] : {std::pair{gone, true}, std::pair{kept, false}}) {
    auto bundle = client_->Get("/v1/evidence/" + id, Bearer(auditor));
    ASSERT_TRUE(bundle && bundle->status == 200);
    EXPECT_EQ(Body(bundle)["erased"], erased) << bundle->body;
    EXPECT_EQ(bundle->body.find("16666666") == std::string::npos, true);
    const std::string file = (tmp.path() / (id + ".json")).string();
    std::ofstream(file) << bundle->body;
    std::string out;
    EXPECT_EQ(RunProgram({OPTIN_CLI_BIN, "evidence", "verify", file, "--server-key", vkey,
                          "--advertiser-key", maker_->advertiser_key()},
                         &out),
              0)
        << out;
  }
  std::string out;
  EXPECT_EQ(RunProgram({OPTIN_CLI_BIN, "log", "verify", "--server", server_->url(), "--state",
                        (tmp.path() / "state.json").string(), "--no-progress"},
                       &out),
            0)
      << out;
  auto nobody = Post("/v1/subjects/erase", {{"email", "niemand@voorbeeld.nl"}}, admin_);
  ASSERT_TRUE(nobody);
  EXPECT_EQ(ErrorCodeOf(nobody->body), "subject_unknown");
}

// Inspection (industry code): the receipt's token opens what the person agreed to, exactly as the
// ledger and the signed manifest say, and the same as an ISO/IEC TS 27560 receipt; it follows
// the consent through withdrawal and erasure, and shows nothing to a wrong token.
TEST_F(WithdrawalTest, TheTokenShowsTheConsentAndItsReceiptThroughWithdrawalAndErasure) {
  const auto [id, token] = Submit(60, "06-12121212", "inzage@voorbeeld.nl");
  auto res = Post("/v1/consents/inspect", {{"token", token}});
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  Json view = Body(res);
  EXPECT_EQ(view["record_id"], id);
  EXPECT_EQ(view["status"], "given");
  EXPECT_EQ(view["erased"], false);
  EXPECT_TRUE(view["withdrawn"].is_null());
  EXPECT_EQ(view["campaign"]["id"], kExampleCampaign);
  EXPECT_EQ(view["source"]["code"], "direct.web.home.default");
  EXPECT_EQ(view["partner"]["id"], "direct");
  // The consent texts are the manifest's, byte for byte, with what was answered.
  auto signed_manifest = Body(client_->Get(std::string("/v1/campaigns/") + kExampleCampaign));
  const Json& consents = signed_manifest["signed_manifest"]["manifest"]["consents"];
  ASSERT_EQ(view["consents"].size(), consents.size());
  for (std::size_t i = 0; i < consents.size(); ++i) {
    EXPECT_EQ(view["consents"][i]["text"], consents[i]["text"]);
    EXPECT_EQ(view["consents"][i]["given"], consents[i]["id"] != "newsletter");
  }
  ASSERT_EQ(view["who_may_call"].size(), 1u) << view.dump();
  bool phone_shown = false;
  for (const auto& f : view["fields"]) {
    EXPECT_FALSE(f["purpose"].get<std::string>().empty());
    if (f["name"] == "phone") phone_shown = f["value"] == "+31612121212";
  }
  EXPECT_TRUE(phone_shown) << view.dump();

  auto receipt = Post("/v1/consents/receipt", {{"record_id", id}, {"token", token}});
  ASSERT_TRUE(receipt);
  ASSERT_EQ(receipt->status, 200) << receipt->body;
  EXPECT_EQ(receipt->get_header_value("Content-Type"), "application/ld+json");
  Json ld = Body(receipt);
  EXPECT_EQ(ld["@type"], "dpv:ConsentRecord");
  EXPECT_EQ(ld["@context"]["dpv"], "https://w3id.org/dpv#");
  EXPECT_EQ(ld["dct:identifier"], id);
  EXPECT_EQ(ld["dct:conformsTo"], "https://w3id.org/dpv/schema/dpv-27560#receipt-record");
  EXPECT_EQ(ld["dpv:hasConsentStatus"], "dpv:ConsentGiven");
  EXPECT_EQ(ld["dpv:isIndicatedAtTime"], view["captured_at"]);
  EXPECT_EQ(ld["dpv:hasNotice"]["dct:identifier"],
            "sha256:" + view["shown_text_sha256"].get<std::string>());
  // Two consents given (participation, telephone): two processes; the phone number only under
  // the telephone consent, with a direct-marketing purpose.
  ASSERT_EQ(ld["dpv:hasProcess"].size(), 2u) << ld.dump();
  for (const auto& process : ld["dpv:hasProcess"]) {
    const bool telephone = process["dct:identifier"] == "telephone";
    bool has_phone = false;
    for (const auto& data : process["dpv:hasPersonalData"]) {
      has_phone = has_phone || data["@type"] == "pd:TelephoneNumber";
    }
    EXPECT_EQ(has_phone, telephone) << process.dump();
    EXPECT_EQ(process["dpv:hasPurpose"]["@type"],
              telephone ? "dpv:DirectMarketing" : "dpv:ServiceProvision");
  }

  auto wrong = Post("/v1/consents/inspect", {{"token", "not-the-token"}});
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 403);
  EXPECT_EQ(ErrorCodeOf(wrong->body), "withdrawal_token_invalid");
  EXPECT_EQ(wrong->body.find("12121212"), std::string::npos);

  ASSERT_EQ(Post("/v1/withdrawals", {{"token", token}})->status, 200);
  view = Body(Post("/v1/consents/inspect", {{"token", token}}));
  EXPECT_EQ(view["status"], "withdrawn");
  EXPECT_EQ(view["withdrawn"]["by"], "consumer");
  EXPECT_EQ(view["who_may_call"].size(), 0u);
  EXPECT_EQ(Body(Post("/v1/consents/receipt", {{"token", token}}))["dpv:hasConsentStatus"],
            "dpv:ConsentWithdrawn");

  ASSERT_EQ(Post("/v1/subjects/erase", {{"email", "inzage@voorbeeld.nl"}}, admin_)->status, 200);
  res = Post("/v1/consents/inspect", {{"token", token}});
  ASSERT_TRUE(res && res->status == 200);
  view = Body(res);
  EXPECT_EQ(view["status"], "erased");
  for (const auto& f : view["fields"]) EXPECT_TRUE(f["value"].is_null()) << f.dump();
  EXPECT_EQ(res->body.find("12121212"), std::string::npos);
  EXPECT_EQ(res->body.find("inzage@"), std::string::npos);
  receipt = Post("/v1/consents/receipt", {{"token", token}});
  ASSERT_TRUE(receipt && receipt->status == 200);
  EXPECT_EQ(receipt->body.find("12121212"), std::string::npos);
}

}  // namespace
}  // namespace optin::testing
