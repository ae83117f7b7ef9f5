// Partners (R20) through the real server: a registration must agree with the advertiser's signed
// manifest; a relayed batch countersigned with the partner key is accepted, its countersignature
// kept in each record's ledger entry and evidence bundle, and verified offline; a forged or
// wrong-key countersignature, a batch that does not cover exactly its envelopes, another
// partner's token or records are refused, and nothing of a refused batch is stored.
#include <gtest/gtest.h>

#include "capture/relay.h"
#include "envelope_maker.h"
#include "evidence_verify.h"
#include "relay_client.h"
#include "server_harness.h"
#include "storage.h"

namespace optin::testing {
namespace {

using capture::Json;

constexpr const char* kPartner = "winactieplein";
constexpr const char* kPartnerCode = "winactieplein.email.nieuwsbrief.banner-1";

Json Body(const httplib::Result& res) {
  if (!res) return Json();
  auto json = capture::ParseJson(res->body);
  return json.ok() ? *json : Json();
}

httplib::Headers Bearer(const std::string& token) { return {{"Authorization", "Bearer " + token}}; }

// The example manifest lists winactieplein with the key of this documented seed (manifest.md).
capture::SigningKey PartnerKey() {
  return *capture::SigningKey::FromSeed(capture::Sha256("optin-capture example partner seed"));
}

class PartnersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<ServerProcess>(dir_.path() / "data");
    ASSERT_TRUE(server_->Start()) << server_->Log();
    client_ = server_->Client();
    auto maker = EnvelopeMaker::FromServer(*client_, kExampleCampaign);
    ASSERT_TRUE(maker.ok()) << maker.error().message;
    maker_ = std::make_unique<EnvelopeMaker>(std::move(*maker));
    admin_ = server_->Token("admin");
    auditor_ = server_->Token("auditor");
    partner_ = server_->Token(std::string("partner:") + kPartner);
    auto storage = server_->OpenStore();
    ASSERT_TRUE(storage.ok());
    storage_ = std::move(*storage);
    const capture::PartnerSpec* listed = maker_->manifest().FindPartner(kPartner);
    ASSERT_NE(listed, nullptr);
    ASSERT_EQ(listed->key, PartnerKey().public_key()) << "the example's partner seed changed";
  }

  httplib::Result Register(const Json& body) {
    return client_->Post("/v1/partners", Bearer(admin_), body.dump(), "application/json");
  }

  Json Registration() const {
    return {{"id", kPartner},
            {"name", "Winactieplein B.V."},
            {"key", PartnerKey().public_key().ToBase64()},
            {"campaigns", {kExampleCampaign}}};
  }

  // An envelope captured on the partner's page (its own device key signs it).
  Json PartnerEnvelope(int n, const std::string& code = kPartnerCode) {
    Json submission = maker_->Submission(n);
    submission["source"] = code;
    return maker_->FromSubmission(submission);
  }

  httplib::Result Relay(const Json& request, const std::string& token) {
    return client_->Post("/v1/relay", Bearer(token), request.dump(), "application/json");
  }

  Json Countersigned(const std::vector<Json>& envelopes, const capture::SigningKey& key,
                     const std::string& partner = kPartner) {
    auto request = client::BuildRelayRequest(envelopes, partner, key, NowMillisForTest());
    EXPECT_TRUE(request.ok()) << request.error().message;
    return request.ok() ? *request : Json();
  }

  std::uint64_t LedgerSize() { return *storage_->LedgerSize(); }

  Json EntryOf(const std::string& record_id) {
    auto row = storage_->FindRecord(record_id);
    EXPECT_TRUE(row.ok() && *row);
    auto entries = storage_->Entries((*row)->leaf_index, (*row)->leaf_index + 1);
    return *capture::ParseJson((*entries)[0].bytes);
  }

  std::string Vkey() { return Body(client_->Get("/v1/keys"))["log"]["vkey"].get<std::string>(); }

  TempDir dir_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<httplib::Client> client_;
  std::unique_ptr<EnvelopeMaker> maker_;
  std::unique_ptr<server::Storage> storage_;
  std::string admin_, auditor_, partner_;
};

TEST_F(PartnersTest, RegistrationMustAgreeWithTheSignedManifest) {
  struct Case {
    const char* why;
    Json body;
    int status;
    std::string code;
    std::string field;
  };
  auto with = [this](const char* key, Json value) {
    Json j = Registration();
    j[key] = std::move(value);
    return j;
  };
  const std::vector<Case> cases = {
      {"another key than the manifest's", with("key", maker_->device_key().public_key().ToBase64()),
       422, "partner_key_mismatch", "key"},
      {"a campaign not published", with("campaigns", {"andere-campagne"}), 422, "campaign_unknown",
       "campaigns[0]"},
      {"a partner the manifest does not list", with("id", "acme"), 422, "partner_not_allowed",
       "campaigns[0]"},
      {"direct is the advertiser", with("id", "direct"), 400, "request_invalid", "id"},
      {"no campaigns", with("campaigns", Json::array()), 400, "request_invalid", "campaigns"},
      {"not a key", with("key", "abc"), 400, "key_invalid", "key"},
      {"an unknown member", with("webhook", "x"), 400, "json_unknown_member", "webhook"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.why);
    auto res = Register(c.body);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, c.status) << res->body;
    EXPECT_EQ(ErrorCodeOf(res->body), c.code);
    EXPECT_EQ(Body(res)["error"]["field"], c.field);
  }
  auto by_auditor =
      client_->Post("/v1/partners", Bearer(auditor_), Registration().dump(), "application/json");
  EXPECT_EQ(by_auditor->status, 403);
  EXPECT_EQ(Body(client_->Get("/v1/partners", Bearer(auditor_)))["partners"].size(), 0u);

  auto res = Register(Registration());
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(Body(res)["key"], PartnerKey().public_key().ToBase64());
  EXPECT_EQ(Body(res)["key_sha256"].get<std::string>().size(), 64u);
  const Json listed = Body(client_->Get("/v1/partners", Bearer(auditor_)));
  ASSERT_EQ(listed["partners"].size(), 1u);
  EXPECT_EQ(listed["partners"][0]["id"], kPartner);
  EXPECT_EQ(listed["partners"][0]["campaigns"], Json::array({kExampleCampaign}));
  // Registering again replaces the registration (the same partner, one row).
  ASSERT_EQ(Register(Registration())->status, 200);
  EXPECT_EQ(Body(client_->Get("/v1/partners", Bearer(auditor_)))["partners"].size(), 1u);
}

TEST_F(PartnersTest, CountersignedBatchIsAcceptedKeptAndVerifiesOffline) {
  ASSERT_EQ(Register(Registration())->status, 200);
  std::vector<Json> envelopes = {PartnerEnvelope(1), PartnerEnvelope(2), PartnerEnvelope(3)};
  const Json request = Countersigned(envelopes, PartnerKey());
  const std::uint64_t before = LedgerSize();
  auto res = Relay(request, partner_);
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  const Json answer = Body(res);
  ASSERT_EQ(answer["results"].size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(answer["results"][i]["record_id"], envelopes[i]["record"]["id"]);
  }
  EXPECT_EQ(LedgerSize(), before + 3);
  const std::string batch_sha =
      capture::HexEncode(capture::Sha256(*capture::CanonicalJson(request["batch"])));
  EXPECT_EQ(answer["batch_sha256"], batch_sha);

  // Each record's ledger entry carries the countersignature; the batch is stored once.
  const std::string id = envelopes[1]["record"]["id"];
  const Json entry = EntryOf(id);
  EXPECT_EQ(entry["relay"]["partner"], kPartner);
  EXPECT_EQ(entry["relay"]["batch_sha256"], batch_sha);
  EXPECT_EQ(entry["relay"]["sig"], request["sig"]);
  auto facts = storage_->FindRecordFacts(id);
  ASSERT_TRUE(facts.ok() && *facts && (*facts)->relay_batch);
  EXPECT_EQ(capture::HexEncode(*(*facts)->relay_batch), batch_sha);

  // Relaying the same batch again repeats the receipts and appends nothing.
  auto again = Relay(request, partner_);
  ASSERT_EQ(again->status, 200);
  EXPECT_EQ(Body(again)["results"][1]["leaf_index"], answer["results"][1]["leaf_index"]);
  EXPECT_EQ(LedgerSize(), before + 3);

  // The evidence bundle shows who relayed it, and verifies offline with the two public keys.
  auto evidence = client_->Get(("/v1/evidence/" + id).c_str(), Bearer(auditor_));
  ASSERT_EQ(evidence->status, 200);
  const Json bundle = Body(evidence);
  EXPECT_EQ(bundle["relay"]["batch"], request["batch"]);
  EXPECT_EQ(bundle["relay"]["sig"], request["sig"]);
  auto advertiser = capture::PublicKey::FromBase64(maker_->advertiser_key());
  const std::string vkey = Vkey();
  auto report = client::VerifyEvidenceBundle(evidence->body, vkey, *advertiser);
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->relayed_by, kPartner);
  EXPECT_EQ(report->relayed_by_name, "Winactieplein B.V.");
  EXPECT_EQ(report->relay_batch_records, 3u);
  bool checked = false;
  for (const auto& c : report->checks) checked = checked || c.name == "relay_countersignature";
  EXPECT_TRUE(checked);

  // The CLI says so too.
  const auto bundle_path = dir_.path() / "bundle.json";
  std::ofstream(bundle_path) << evidence->body;
  std::string out;
  EXPECT_EQ(RunProgram({OPTIN_CLI_BIN, "evidence", "verify", bundle_path.string(), "--server-key",
                        vkey, "--advertiser-key", maker_->advertiser_key()},
                       &out),
            0);
  EXPECT_NE(out.find("relayed by partner winactieplein (Winactieplein B.V.)"), std::string::npos)
      << out;
  EXPECT_NE(out.find("ok  relay_countersignature"), std::string::npos) << out;

  // Tampered: each change fails, and the error names the check.
  struct Tamper {
    const char* why;
    std::function<void(Json&)> change;
    std::string check;
  };
  const auto other = capture::SigningKey::Generate();
  const std::vector<Tamper> tampers = {
      {"relayed_at moved",
       [](Json& b) { b["relay"]["batch"]["relayed_at"] = "2020-01-01T00:00:00.000Z"; },
       "relay_countersignature"},
      {"another record's hash dropped", [](Json& b) { b["relay"]["batch"]["records"].erase(0); },
       "relay_countersignature"},
      {"signed again with another key",
       [&](Json& b) {
         auto batch = capture::ParseRelayBatch(b["relay"]["batch"]);
         b["relay"]["sig"] = capture::Base64Encode(*capture::SignRelayBatch(*batch, *other));
       },
       "relay_countersignature"},
      {"the relay removed", [](Json& b) { b.erase("relay"); }, "ledger_entry"},
  };
  for (const auto& t : tampers) {
    SCOPED_TRACE(t.why);
    Json changed = bundle;
    t.change(changed);
    auto r = client::VerifyEvidenceBundle(changed.dump(), vkey, *advertiser);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find("check " + t.check + " failed"), std::string::npos)
        << r.error().message;
  }
  // And any single flipped byte of the relayed bundle is caught.
  const std::string text = evidence->body;
  const std::size_t from = text.find("\"relay\"");
  ASSERT_NE(from, std::string::npos);
  for (std::size_t i = from; i < text.size() && i < from + 600; ++i) {
    std::string flipped = text;
    flipped[i] = static_cast<char>(flipped[i] ^ 0x01);
    EXPECT_FALSE(client::VerifyEvidenceBundle(flipped, vkey, *advertiser).ok()) << "byte " << i;
  }
}

TEST_F(PartnersTest, ForgedOrMismatchedCountersignaturesAreRefusedAndStoreNothing) {
  ASSERT_EQ(Register(Registration())->status, 200);
  const std::uint64_t before = LedgerSize();
  const auto forger = capture::SigningKey::Generate();
  struct Case {
    const char* why;
    Json request;
    std::string token;
    int status;
    std::string code;
  };
  Json swapped = Countersigned({PartnerEnvelope(10)}, PartnerKey());
  swapped["envelopes"][0] = PartnerEnvelope(11);  // the batch names another record
  Json stretched = Countersigned({PartnerEnvelope(12)}, PartnerKey());
  stretched["envelopes"].push_back(PartnerEnvelope(13));  // one more than countersigned
  Json bad_sig = Countersigned({PartnerEnvelope(14)}, PartnerKey());
  bad_sig["sig"] = "AAAA";
  const std::string acme = server_->Token("partner:acme");
  const std::vector<Case> cases = {
      {"a key that is not the partner's", Countersigned({PartnerEnvelope(15)}, *forger), partner_,
       422, "relay_signature_invalid"},
      {"a signature that is not 64 bytes", bad_sig, partner_, 422, "relay_signature_invalid"},
      {"an envelope the batch does not name", swapped, partner_, 422, "relay_batch_mismatch"},
      {"more envelopes than countersigned", stretched, partner_, 422, "relay_batch_mismatch"},
      {"a batch in another partner's name",
       Countersigned({PartnerEnvelope(16)}, PartnerKey(), "acme"), partner_, 422,
       "relay_batch_mismatch"},
      {"an unregistered partner", Countersigned({PartnerEnvelope(17)}, *forger, "acme"), acme, 403,
       "partner_unknown"},
      {"an admin token is not a partner", Countersigned({PartnerEnvelope(18)}, PartnerKey()),
       admin_, 403, "forbidden"},
      {"no token", Countersigned({PartnerEnvelope(19)}, PartnerKey()), "", 401, "unauthorized"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.why);
    auto res = Relay(c.request, c.token);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, c.status) << res->body;
    EXPECT_EQ(ErrorCodeOf(res->body), c.code) << res->body;
  }
  EXPECT_EQ(LedgerSize(), before);

  // Countersigned correctly, but one record names the advertiser's own page: the partner may
  // relay only its own leads; the other record is accepted.
  const Json mixed = Countersigned(
      {PartnerEnvelope(20), PartnerEnvelope(21, "direct.web.home.default")}, PartnerKey());
  auto res = Relay(mixed, partner_);
  ASSERT_EQ(res->status, 200) << res->body;
  const Json results = Body(res)["results"];
  EXPECT_TRUE(results[0].contains("record_id"));
  EXPECT_EQ(results[1]["error"]["code"], "relay_batch_mismatch");
  EXPECT_EQ(results[1]["error"]["field"], "record.source.partner");
  EXPECT_EQ(LedgerSize(), before + 1);
}

// A registration limits a partner to the campaigns it names: the partner is listed in the
// example's signed manifest, but registered only for another campaign, so its records for the
// example are refused (and an unregistered partner's would not be, without the option).
TEST(PartnerCampaignsTest, ARegisteredPartnerIsRefusedForCampaignsItIsNotRegisteredFor) {
  TempDir dir;
  const auto advertiser = capture::SigningKey::Generate();
  ASSERT_TRUE(advertiser.ok());
  constexpr const char* kOther = "fietsplezier-zomer-2026";
  ServerProcess server(dir.path() / "data",
                       Json{{"advertiser_keys", {{kOther, advertiser->public_key().ToBase64()}}}});
  ASSERT_TRUE(server.Start()) << server.Log();
  auto client = server.Client();
  auto maker = EnvelopeMaker::FromServer(*client, kExampleCampaign);
  ASSERT_TRUE(maker.ok());
  const std::string admin = server.Token("admin");
  Json other = maker->manifest().json;
  other["campaign"]["id"] = kOther;
  other["campaign"]["version"] = 1;
  other["advertiser"]["key"] = advertiser->public_key().ToBase64();
  auto signed_other = capture::SignManifest(other, *advertiser);
  ASSERT_TRUE(signed_other.ok()) << signed_other.error().message;
  auto published = client->Post("/v1/campaigns", Bearer(admin), *signed_other, "application/json");
  ASSERT_EQ(published->status, 201) << published->body;
  const Json registration = {{"id", kPartner},
                             {"name", "Winactieplein B.V."},
                             {"key", PartnerKey().public_key().ToBase64()},
                             {"campaigns", {kOther}}};
  auto res = client->Post("/v1/partners", Bearer(admin), registration.dump(), "application/json");
  ASSERT_EQ(res->status, 200) << res->body;

  Json submission = maker->Submission(1);
  submission["source"] = kPartnerCode;
  auto refused =
      client->Post("/v1/consents", maker->FromSubmission(submission).dump(), "application/json");
  EXPECT_EQ(refused->status, 403) << refused->body;
  EXPECT_EQ(ErrorCodeOf(refused->body), "partner_campaign_not_allowed");
  EXPECT_EQ(Body(refused)["error"]["field"], "record.campaign.id");
  // The advertiser's own page is not limited by a partner's registration.
  auto direct = client->Post("/v1/consents", maker->Make(2).dump(), "application/json");
  EXPECT_EQ(direct->status, 200) << direct->body;
}

TEST(PartnerRegistrationRequiredTest, UnregisteredPartnersAreRefusedWhenConfigured) {
  TempDir dir;
  ServerProcess server(dir.path() / "data", Json{{"partner_registration_required", true}});
  ASSERT_TRUE(server.Start()) << server.Log();
  auto client = server.Client();
  auto maker = EnvelopeMaker::FromServer(*client, kExampleCampaign);
  ASSERT_TRUE(maker.ok());
  Json submission = maker->Submission(1);
  submission["source"] = kPartnerCode;
  auto refused =
      client->Post("/v1/consents", maker->FromSubmission(submission).dump(), "application/json");
  EXPECT_EQ(refused->status, 403);
  EXPECT_EQ(ErrorCodeOf(refused->body), "partner_unknown");
  // The advertiser's own page needs no registration.
  auto direct = client->Post("/v1/consents", maker->Make(2).dump(), "application/json");
  EXPECT_EQ(direct->status, 200) << direct->body;
  const Json registration = {{"id", kPartner},
                             {"name", "Winactieplein B.V."},
                             {"key", PartnerKey().public_key().ToBase64()},
                             {"campaigns", {kExampleCampaign}}};
  auto res = client->Post("/v1/partners", Bearer(server.Token("admin")), registration.dump(),
                          "application/json");
  ASSERT_EQ(res->status, 200) << res->body;
  submission = maker->Submission(3);
  submission["source"] = kPartnerCode;
  auto accepted =
      client->Post("/v1/consents", maker->FromSubmission(submission).dump(), "application/json");
  EXPECT_EQ(accepted->status, 200) << accepted->body;
}

}  // namespace
}  // namespace optin::testing
