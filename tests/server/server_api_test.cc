// Every endpoint of the verification server over real HTTP, with real SQLite files.
#include <gtest/gtest.h>

#include "capture/checkpoint.h"
#include "capture/ledger.h"
#include "evidence_verify.h"
#include "ledger_entries.h"
#include "server_test_env.h"

namespace optin::testing {
namespace {

using capture::Json;

Json Body(const httplib::Result& res) {
  auto json = capture::ParseJson(res->body);
  return json.ok() ? *json : Json();
}

std::string Vkey(httplib::Client& c) {
  return Body(c.Get("/v1/keys"))["log"]["vkey"].get<std::string>();
}

httplib::Result PostJson(httplib::Client& c, const std::string& path, const Json& body,
                         const httplib::Headers& headers = {}) {
  return c.Post(path.c_str(), headers, body.dump(), "application/json");
}

// Checks a receipt with the core alone: checkpoint signature, leaf = the entry, inclusion.
void ExpectValidReceipt(httplib::Client& c, const Json& envelope, const Json& receipt) {
  auto key = capture::ParseVerifierKey(Vkey(c));
  ASSERT_TRUE(key.ok());
  auto cp =
      capture::VerifyCheckpoint(receipt["checkpoint"].get<std::string>(), key->first, key->second);
  ASSERT_TRUE(cp.ok()) << cp.error().message;
  EXPECT_EQ(cp->size, receipt["tree_size"].get<std::uint64_t>());
  auto env = capture::ParseEnvelope(envelope);
  ASSERT_TRUE(env.ok());
  auto at = capture::ParseRfc3339Millis(receipt["server_time"].get<std::string>());
  ASSERT_TRUE(at.ok());
  const std::string entry =
      server::ConsentEntry(env->canonical, capture::Base64Encode(env->sig), *at);
  const capture::Hash leaf = capture::LeafHash(capture::AsBytes(entry));
  EXPECT_EQ(capture::Base64Encode(leaf), receipt["leaf_hash"].get<std::string>());
  std::vector<capture::Bytes> raw;
  for (const auto& h : receipt["inclusion_proof"])
    raw.push_back(*capture::Base64Decode(h.get<std::string>()));
  auto proof = capture::ProofFromBytes(raw);
  ASSERT_TRUE(proof.ok());
  EXPECT_TRUE(capture::VerifyInclusion(receipt["leaf_index"].get<std::uint64_t>(), cp->size, leaf,
                                       *proof, cp->root)
                  .ok());
  // "<record id>.<64 hex digits>" (docs/withdrawal.md)
  const std::string id = envelope["record"]["id"].get<std::string>();
  EXPECT_EQ(receipt["withdrawal_token"].get<std::string>().rfind(id + ".", 0), 0u);
  EXPECT_EQ(receipt["withdrawal_token"].get<std::string>().size(), id.size() + 65);
  EXPECT_EQ(receipt["record_id"], envelope["record"]["id"]);
}

// Submits one fresh envelope and returns (envelope, receipt).
std::pair<Json, Json> SubmitOne(httplib::Client& c) {
  Json env = Shared().maker->Make(NextPerson());
  auto res = PostJson(c, "/v1/consents", env);
  EXPECT_TRUE(res);
  EXPECT_EQ(res->status, 200) << res->body;
  return {env, Body(res)};
}

TEST(ServerApiTest, HealthReadyAndKeysAnswer) {
  auto c = Shared().server->Client();
  EXPECT_EQ(c->Get("/healthz")->status, 200);
  auto ready = c->Get("/readyz");
  EXPECT_EQ(ready->status, 200);
  EXPECT_TRUE(Body(ready)["ledger_size"].get<std::uint64_t>() >= 1u);  // the example manifest
  Json keys = Body(c->Get("/v1/keys"));
  EXPECT_TRUE(capture::ParseVerifierKey(keys["log"]["vkey"].get<std::string>()).ok());
  EXPECT_EQ(keys["advertisers"][kExampleCampaign], Shared().maker->advertiser_key());
}

TEST(ServerApiTest, CheckpointIsASignedNoteOfTheLogKey) {
  auto c = Shared().server->Client();
  auto res = c->Get("/v1/log/checkpoint");
  ASSERT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Type").rfind("text/plain", 0), 0u);
  auto key = capture::ParseVerifierKey(Vkey(*c));
  auto cp =
      capture::VerifyCheckpoint(res->body, key->first, key->second, "localhost/optin-capture");
  ASSERT_TRUE(cp.ok()) << cp.error().message;
  EXPECT_GE(cp->size, 1u);
}

TEST(ServerApiTest, CampaignsArePublicByIdAndVersion) {
  auto c = Shared().server->Client();
  auto latest = c->Get((std::string("/v1/campaigns/") + kExampleCampaign).c_str());
  ASSERT_EQ(latest->status, 200);
  Json j = Body(latest);
  EXPECT_EQ(j["id"], kExampleCampaign);
  EXPECT_TRUE(j["signed_manifest"].contains("sig"));
  EXPECT_EQ(j["manifest_sha256"], capture::HexEncode(Shared().maker->manifest().sha256));
  auto v1 = c->Get((std::string("/v1/campaigns/") + kExampleCampaign + "/versions/1").c_str());
  EXPECT_EQ(v1->status, 200);
  auto v9 = c->Get((std::string("/v1/campaigns/") + kExampleCampaign + "/versions/99").c_str());
  EXPECT_EQ(v9->status, 404);
  EXPECT_EQ(ErrorCodeOf(v9->body), "not_found");
  auto none = c->Get("/v1/campaigns/no-such-campaign");
  EXPECT_EQ(none->status, 404);
  EXPECT_EQ(ErrorCodeOf(none->body), "not_found");
}

TEST(ServerApiTest, AcceptsAnEnvelopeWithAVerifiableReceipt) {
  auto c = Shared().server->Client();
  auto [env, receipt] = SubmitOne(*c);
  ExpectValidReceipt(*c, env, receipt);
}

TEST(ServerApiTest, RepeatedSubmissionGetsTheSameReceipt) {
  auto c = Shared().server->Client();
  auto [env, receipt] = SubmitOne(*c);
  SubmitOne(*c);  // the log grows in between
  auto again = PostJson(*c, "/v1/consents", env);
  ASSERT_EQ(again->status, 200);
  EXPECT_EQ(Body(again), receipt);
}

TEST(ServerApiTest, ADifferentRecordWithAUsedIdIsRefused) {
  auto c = Shared().server->Client();
  auto [env, receipt] = SubmitOne(*c);
  // Same id and capture time (a UUIDv7 carries its time), different person.
  auto at = capture::ParseRfc3339Millis(env["record"]["captured_at"].get<std::string>());
  ASSERT_TRUE(at.ok());
  Json other = Shared().maker->Make(NextPerson(), true, *at);
  other["record"]["id"] = env["record"]["id"];
  other = Resign(other, Shared().maker->device_key());
  auto res = PostJson(*c, "/v1/consents", other);
  EXPECT_EQ(res->status, 409);
  EXPECT_EQ(ErrorCodeOf(res->body), "record_id_conflict");
}

TEST(ServerApiTest, ConcurrentRepeatsOfOneRecordShareOneEntry) {
  Json env = Shared().maker->Make(NextPerson());
  std::vector<std::thread> threads;
  std::vector<Json> receipts(8);
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      auto c = Shared().server->Client();
      auto res = PostJson(*c, "/v1/consents", env);
      if (res && res->status == 200) receipts[i] = Body(res);
    });
  }
  for (auto& t : threads) t.join();
  for (const auto& r : receipts) EXPECT_EQ(r["leaf_index"], receipts[0]["leaf_index"]);
}

TEST(ServerApiTest, BatchAnswersEachRecord) {
  auto c = Shared().server->Client();
  Json batch = Json::array();
  for (int i = 0; i < 5; ++i) batch.push_back(Shared().maker->Make(NextPerson()));
  Json broken = Shared().maker->Make(NextPerson());
  broken["sig"] = batch[0]["sig"];
  batch.push_back(broken);
  auto res = PostJson(*c, "/v1/consents", batch);
  ASSERT_EQ(res->status, 200) << res->body;
  Json results = Body(res)["results"];
  ASSERT_EQ(results.size(), 6u);
  for (int i = 0; i < 5; ++i) ExpectValidReceipt(*c, batch[i], results[i]);
  EXPECT_EQ(results[5]["error"]["code"], "record_signature_invalid");
}

TEST(ServerApiTest, BatchLimitsAreEnforced) {
  auto c = Shared().server->Client();
  Json big = Json::array();
  for (int i = 0; i < 101; ++i) big.push_back(Json::object());
  auto res = PostJson(*c, "/v1/consents", big);
  EXPECT_EQ(res->status, 413);
  EXPECT_EQ(ErrorCodeOf(res->body), "batch_too_large");
  auto empty = PostJson(*c, "/v1/consents", Json::array());
  EXPECT_EQ(empty->status, 400);
  EXPECT_EQ(ErrorCodeOf(empty->body), "request_invalid");
}

TEST(ServerApiTest, InclusionProofsByIndexAndByLeafHashVerify) {
  auto c = Shared().server->Client();
  auto [env, receipt] = SubmitOne(*c);
  SubmitOne(*c);
  const std::string note = c->Get("/v1/log/checkpoint")->body;
  auto key = capture::ParseVerifierKey(Vkey(*c));
  auto cp = capture::VerifyCheckpoint(note, key->first, key->second);
  ASSERT_TRUE(cp.ok());
  const auto index = receipt["leaf_index"].get<std::uint64_t>();
  for (const std::string& query :
       {"index=" + std::to_string(index),
        "leaf_hash=" + UrlEncode(receipt["leaf_hash"].get<std::string>())}) {
    auto res =
        c->Get(("/v1/log/proof/inclusion?size=" + std::to_string(cp->size) + "&" + query).c_str());
    ASSERT_EQ(res->status, 200) << res->body;
    Json j = Body(res);
    EXPECT_EQ(j["index"].get<std::uint64_t>(), index);
    std::vector<capture::Bytes> raw;
    for (const auto& h : j["proof"]) raw.push_back(*capture::Base64Decode(h.get<std::string>()));
    auto leaf = capture::HashFromBytes(*capture::Base64Decode(j["leaf_hash"].get<std::string>()));
    EXPECT_TRUE(
        capture::VerifyInclusion(index, cp->size, *leaf, *capture::ProofFromBytes(raw), cp->root)
            .ok());
  }
}

TEST(ServerApiTest, ConsistencyProofLinksTwoCheckpoints) {
  auto c = Shared().server->Client();
  auto key = capture::ParseVerifierKey(Vkey(*c));
  auto first =
      capture::VerifyCheckpoint(c->Get("/v1/log/checkpoint")->body, key->first, key->second);
  for (int i = 0; i < 3; ++i) SubmitOne(*c);
  auto second =
      capture::VerifyCheckpoint(c->Get("/v1/log/checkpoint")->body, key->first, key->second);
  ASSERT_TRUE(first.ok() && second.ok());
  auto res = c->Get(("/v1/log/proof/consistency?from=" + std::to_string(first->size) +
                     "&to=" + std::to_string(second->size))
                        .c_str());
  ASSERT_EQ(res->status, 200) << res->body;
  const Json answer = Body(res);  // a range-for over Body(res)[...] would dangle
  std::vector<capture::Bytes> raw;
  for (const auto& h : answer["proof"]) raw.push_back(*capture::Base64Decode(h.get<std::string>()));
  EXPECT_TRUE(capture::VerifyConsistency(first->size, second->size, *capture::ProofFromBytes(raw),
                                         first->root, second->root)
                  .ok());
}

TEST(ServerApiTest, EntriesHashToTheCheckpointRoot) {
  auto c = Shared().server->Client();
  SubmitOne(*c);
  auto key = capture::ParseVerifierKey(Vkey(*c));
  auto cp = capture::VerifyCheckpoint(c->Get("/v1/log/checkpoint")->body, key->first, key->second);
  ASSERT_TRUE(cp.ok());
  std::vector<capture::Hash> leaves;
  while (leaves.size() < cp->size) {
    auto res = c->Get(("/v1/log/entries?start=" + std::to_string(leaves.size()) +
                       "&end=" + std::to_string(cp->size))
                          .c_str());
    ASSERT_EQ(res->status, 200);
    const Json page = Body(res);
    for (const auto& e : page["entries"]) {
      leaves.push_back(capture::LeafHash(*capture::Base64Decode(e["entry"].get<std::string>())));
    }
  }
  EXPECT_EQ(capture::RootFromLeafHashes(leaves), cp->root);
  auto bad = c->Get("/v1/log/entries?start=5&end=2");
  EXPECT_EQ(bad->status, 400);
  EXPECT_EQ(ErrorCodeOf(bad->body), "index_out_of_range");
}

TEST(ServerApiTest, EvidenceBundleVerifiesOfflineForAuditorAndAdmin) {
  auto c = Shared().server->Client();
  auto [env, receipt] = SubmitOne(*c);
  const std::string path = "/v1/evidence/" + env["record"]["id"].get<std::string>();
  for (const auto& token : {Shared().auditor, Shared().admin}) {
    auto res = c->Get(path.c_str(), Bearer(token));
    ASSERT_EQ(res->status, 200) << res->body;
    auto pk = capture::PublicKey::FromBase64(Shared().maker->advertiser_key());
    auto report = client::VerifyEvidenceBundle(res->body, Vkey(*c), *pk);
    ASSERT_TRUE(report.ok()) << report.error().message;
    EXPECT_EQ(report->record_id, env["record"]["id"]);
    EXPECT_EQ(report->checks.size(), 9u);
    EXPECT_EQ(Body(res)["envelope"]["disclosures"], env["disclosures"]);
  }
}

TEST(ServerApiTest, EvidenceNeedsAnAuditorOrAdminToken) {
  auto c = Shared().server->Client();
  auto [env, receipt] = SubmitOne(*c);
  const std::string path = "/v1/evidence/" + env["record"]["id"].get<std::string>();
  auto none = c->Get(path.c_str());
  EXPECT_EQ(none->status, 401);
  EXPECT_EQ(ErrorCodeOf(none->body), "unauthorized");
  auto forged = c->Get(path.c_str(), Bearer("optin_" + std::string(64, 'a')));
  EXPECT_EQ(forged->status, 401);
  for (const char* scope : {"customer_service", "call_centre:cc1", "partner:winactieplein"}) {
    auto res = c->Get(path.c_str(), Bearer(Shared().server->Token(scope)));
    EXPECT_EQ(res->status, 403) << scope;
    EXPECT_EQ(ErrorCodeOf(res->body), "forbidden");
  }
  auto missing =
      c->Get("/v1/evidence/00000000-0000-7000-8000-000000000000", Bearer(Shared().auditor));
  EXPECT_EQ(missing->status, 404);
  EXPECT_EQ(ErrorCodeOf(missing->body), "not_found");
}

TEST(ServerApiTest, NotFoundAndMethodNotAllowedAreJson) {
  auto c = Shared().server->Client();
  auto nf = c->Get("/v1/nothing-here");
  EXPECT_EQ(nf->status, 404);
  EXPECT_EQ(ErrorCodeOf(nf->body), "not_found");
  auto wrong = c->Get("/v1/consents");
  EXPECT_EQ(wrong->status, 405);
  EXPECT_EQ(ErrorCodeOf(wrong->body), "method_not_allowed");
}

TEST(ServerApiTest, CorsOnlyForCampaignOrigins) {
  auto c = Shared().server->Client();
  httplib::Headers ok = {{"Origin", "https://www.fietsplezier.nl"}};
  httplib::Headers evil = {{"Origin", "https://evil.example"}};
  auto pre = c->Options("/v1/consents", ok);
  EXPECT_EQ(pre->status, 204);
  EXPECT_EQ(pre->get_header_value("Access-Control-Allow-Origin"), "https://www.fietsplezier.nl");
  auto refused = c->Options("/v1/consents", evil);
  EXPECT_EQ(refused->status, 403);
  EXPECT_EQ(ErrorCodeOf(refused->body), "forbidden");
  EXPECT_EQ(c->Get("/v1/keys", ok)->get_header_value("Access-Control-Allow-Origin"),
            "https://www.fietsplezier.nl");
  EXPECT_FALSE(c->Get("/v1/keys", evil)->has_header("Access-Control-Allow-Origin"));
}

TEST(ServerApiTest, MetricsCountRequestsRecordsAndBatches) {
  auto c = Shared().server->Client();
  SubmitOne(*c);
  auto res = c->Get("/metrics");
  ASSERT_EQ(res->status, 200);
  for (const char* needle :
       {"optin_http_requests_total{route=\"/v1/consents\",method=\"POST\",status=\"200\"}",
        "optin_records_total{outcome=\"accepted\"}", "optin_batch_entries_bucket{le=\"+Inf\"}",
        "optin_commit_seconds_count", "optin_ledger_entries ", "optin_sequencer_outstanding "}) {
    EXPECT_NE(res->body.find(needle), std::string::npos) << needle;
  }
}

}  // namespace
}  // namespace optin::testing
