// Malformed and hostile requests: each must be refused with a 4xx and its stable error code,
// never a 5xx, and the server must keep serving.
#include <gtest/gtest.h>

#include <functional>

#include "server_test_env.h"

namespace optin::testing {
namespace {

using capture::Json;

struct BadCase {
  std::string name;
  std::function<std::string()> body;  // built lazily (needs the shared server's campaign)
  int status;
  std::string code;
  std::string content_type = "application/json";
  std::string path = "/v1/consents";
};

const EnvelopeMaker& M() { return *Shared().maker; }
const capture::SigningKey& Key() { return M().device_key(); }
Json Fresh() { return M().Make(NextPerson()); }
std::string Dump(const Json& j) { return j.dump(); }
// Changes the record with `f`, then signs it again so only that change can be refused.
std::string Signed(const std::function<void(Json&)>& f) {
  Json env = Fresh();
  f(env["record"]);
  return Dump(Resign(env, Key()));
}
std::string Unsigned(const std::function<void(Json&)>& f) {
  Json env = Fresh();
  f(env);
  return Dump(env);
}

std::vector<BadCase> Cases() {
  const auto now = NowMillisForTest();
  std::vector<BadCase> c = {
      {"not_json", [] { return std::string("{\"record\":"); }, 400, "json_invalid"},
      {"empty_body", [] { return std::string(); }, 400, "json_invalid"},
      {"trailing_garbage", [] { return Dump(Fresh()) + "x"; }, 400, "json_invalid"},
      {"a_string", [] { return std::string("\"hello\""); }, 400, "json_wrong_type"},
      {"a_number", [] { return std::string("42"); }, 400, "json_wrong_type"},
      {"null", [] { return std::string("null"); }, 400, "json_wrong_type"},
      {"invalid_utf8", [] { return std::string("{\"record\":\"\xff\xfe\"}"); }, 400,
       "utf8_invalid"},
      {"overlong_utf8", [] { return std::string("{\"record\":\"\xc0\xaf\"}"); }, 400,
       "utf8_invalid"},
      {"lone_surrogate", [] { return std::string("{\"record\":\"\\ud800\"}"); }, 400,
       "utf8_invalid"},
      {"duplicate_key", [] { return std::string("{\"sig\":\"a\",\"sig\":\"b\",\"record\":{}}"); },
       400, "json_duplicate_key"},
      {"too_deep", [] { return std::string(100, '[') + std::string(100, ']'); }, 400,
       "json_too_deep"},
      {"huge_body", [] { return std::string(300000, ' ') + "{}"; }, 413, "payload_too_large"},
      {"huge_number", [] { return std::string("{\"record\":1e400}"); }, 400, "json_number_invalid"},
      {"wrong_content_type", [] { return Dump(Fresh()); }, 415, "content_type_unsupported",
       "text/plain"},
      {"no_record", [] { return Unsigned([](Json& e) { e.erase("record"); }); }, 400,
       "json_missing_member"},
      {"record_is_array", [] { return Unsigned([](Json& e) { e["record"] = Json::array(); }); },
       400, "json_wrong_type"},
      {"no_sig", [] { return Unsigned([](Json& e) { e.erase("sig"); }); }, 400,
       "json_missing_member"},
      {"sig_not_base64", [] { return Unsigned([](Json& e) { e["sig"] = "not base64!"; }); }, 400,
       "base64_invalid"},
      {"sig_too_short", [] { return Unsigned([](Json& e) { e["sig"] = "AAAA"; }); }, 400,
       "base64_invalid"},
      {"forged_sig",
       [] {
         return Unsigned([](Json& e) {
           std::string s = e["sig"].get<std::string>();
           s[10] = s[10] == 'A' ? 'B' : 'A';
           e["sig"] = s;
         });
       },
       422, "record_signature_invalid"},
      {"replayed_sig_on_changed_record",
       [] { return Unsigned([](Json& e) { e["record"]["source"]["creative"] = "other"; }); }, 422,
       "record_signature_invalid"},
      {"sig_of_another_record",
       [] {
         Json a = Fresh();
         a["sig"] = Fresh()["sig"];
         return Dump(a);
       },
       422, "record_signature_invalid"},
      {"device_key_swapped",
       [] {
         return Unsigned([](Json& e) {
           e["record"]["device_key"] = capture::SigningKey::Generate()->public_key().ToBase64();
         });
       },
       422, "record_signature_invalid"},
      {"device_key_garbage",
       [] { return Unsigned([](Json& e) { e["record"]["device_key"] = "AAAA"; }); }, 400,
       "key_invalid"},
      {"unknown_envelope_member", [] { return Unsigned([](Json& e) { e["extra"] = 1; }); }, 400,
       "json_unknown_member"},
      {"unknown_record_member", [] { return Signed([](Json& r) { r["ip"] = "10.0.0.1"; }); }, 400,
       "json_unknown_member"},
      {"unknown_campaign",
       [] { return Signed([](Json& r) { r["campaign"]["id"] = "nonexistent-campaign"; }); }, 422,
       "campaign_unknown"},
      {"unknown_version", [] { return Signed([](Json& r) { r["campaign"]["version"] = 77; }); },
       422, "campaign_version_unknown"},
      {"campaign_id_number", [] { return Signed([](Json& r) { r["campaign"]["id"] = 5; }); }, 400,
       "json_wrong_type"},
      {"version_string", [] { return Signed([](Json& r) { r["campaign"]["version"] = "1"; }); },
       400, "json_wrong_type"},
      {"manifest_hash_mismatch",
       [] {
         return Signed([](Json& r) { r["campaign"]["manifest_sha256"] = std::string(64, 'a'); });
       },
       422, "campaign_mismatch"},
      {"shown_text_mismatch",
       [] { return Signed([](Json& r) { r["shown_text_sha256"] = std::string(64, 'b'); }); }, 422,
       "shown_text_mismatch"},
      {"disclosure_value_changed",
       [] { return Unsigned([](Json& e) { e["disclosures"]["given_name"]["value"] = "Bert"; }); },
       422, "disclosure_mismatch"},
      {"disclosure_salt_changed",
       [] {
         return Unsigned([](Json& e) {
           e["disclosures"]["email"]["salt"] = capture::Base64Encode(capture::Bytes(16, 7));
         });
       },
       422, "disclosure_mismatch"},
      {"disclosure_missing",
       [] { return Unsigned([](Json& e) { e["disclosures"].erase("email"); }); }, 422,
       "disclosure_missing"},
      {"disclosure_unexpected",
       [] {
         return Unsigned([](Json& e) {
           e["disclosures"]["iban"] = {{"salt", capture::Base64Encode(capture::Bytes(16, 1))},
                                       {"value", "NL00BANK0123456789"}};
         });
       },
       422, "disclosure_unexpected"},
      {"disclosure_not_normalised",
       [] { return Dump(Redisclose(Fresh(), "postcode", "1234 ab", Key())); }, 422,
       "disclosure_not_normalised"},
      {"email_invalid_with_matching_commitment",
       [] { return Dump(Redisclose(Fresh(), "email", "not-an-email", Key())); }, 422,
       "email_invalid"},
      {"undeclared_field", [] { return Dump(Redisclose(Fresh(), "bsn", "123456782", Key())); }, 422,
       "field_not_declared"},
      {"captured_in_future",
       [now] { return Dump(M().Make(NextPerson(), true, now + 3600 * 1000)); }, 422,
       "captured_in_future"},
      {"captured_too_long_ago",
       [now] { return Dump(M().Make(NextPerson(), true, now - 100LL * 3600 * 1000)); }, 422,
       "captured_too_long_ago"},
      {"timestamp_malformed",
       [] { return Signed([](Json& r) { r["captured_at"] = "2026-11-28 10:00:00"; }); }, 400,
       "timestamp_invalid"},
      {"record_id_not_uuid", [] { return Signed([](Json& r) { r["id"] = "lead-42"; }); }, 400,
       "record_id_invalid"},
      {"source_malformed",
       [] { return Signed([](Json& r) { r["source"]["code"] = "no dots here"; }); }, 400,
       "source_invalid"},
      {"partner_not_allowed",
       [] {
         return Signed([](Json& r) {
           r["source"] = {{"code", "evil.web.top.c1"},
                          {"partner", "evil"},
                          {"channel", "web"},
                          {"placement", "top"},
                          {"creative", "c1"}};
         });
       },
       422, "partner_not_allowed"},
      {"consent_unknown", [] { return Signed([](Json& r) { r["consents"]["lottery"] = true; }); },
       422, "consent_unknown"},
      {"consent_missing", [] { return Signed([](Json& r) { r["consents"].erase("newsletter"); }); },
       422, "consent_missing"},
      {"participation_refused",
       [] { return Signed([](Json& r) { r["consents"]["participation"] = false; }); }, 422,
       "participation_consent_required"},
      {"phone_without_telephone_consent",
       [] { return Signed([](Json& r) { r["consents"]["telephone"] = false; }); }, 422,
       "phone_without_consent"},
      {"consent_not_boolean",
       [] { return Signed([](Json& r) { r["consents"]["newsletter"] = "yes"; }); }, 400,
       "json_wrong_type"},
      {"batch_with_101", [] { return Dump(Json(std::vector<Json>(101, Json::object()))); }, 413,
       "batch_too_large"},
      {"empty_batch", [] { return std::string("[]"); }, 400, "request_invalid"},
      {"campaign_without_token", [] { return std::string("{}"); }, 401, "unauthorized",
       "application/json", "/v1/campaigns"},
  };
  return c;
}

TEST(ServerBadInputTest, EveryMalformedRequestIsA4xxWithItsCode) {
  auto client = Shared().server->Client();
  const auto cases = Cases();
  ASSERT_GE(cases.size(), 40u);
  for (const auto& bad : cases) {
    const std::string body = bad.body();
    auto res = client->Post(bad.path.c_str(), body, bad.content_type.c_str());
    ASSERT_TRUE(res) << bad.name << ": no answer (" << httplib::to_string(res.error()) << ")";
    EXPECT_EQ(res->status, bad.status) << bad.name << ": " << res->body;
    EXPECT_EQ(ErrorCodeOf(res->body), bad.code) << bad.name << ": " << res->body;
    EXPECT_LT(res->status, 500) << bad.name;
  }
  // Still serving, and a valid record is still accepted.
  auto ok = client->Post("/v1/consents", Dump(Fresh()), "application/json");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200) << ok->body;
}

TEST(ServerBadInputTest, BadQueryParametersAreRefused) {
  auto client = Shared().server->Client();
  const std::pair<const char*, const char*> cases[] = {
      {"/v1/log/proof/inclusion?index=abc", "request_invalid"},
      {"/v1/log/proof/inclusion?index=-1", "request_invalid"},
      {"/v1/log/proof/inclusion?index=99999999", "index_out_of_range"},
      {"/v1/log/proof/inclusion?index=0&size=99999999", "index_out_of_range"},
      {"/v1/log/proof/inclusion", "request_invalid"},
      {"/v1/log/proof/inclusion?leaf_hash=AAAA", "request_invalid"},
      {"/v1/log/proof/consistency?from=0&to=1", "index_out_of_range"},
      {"/v1/log/proof/consistency?to=1", "request_invalid"},
      {"/v1/log/entries?start=01", "request_invalid"},
      {"/v1/log/entries?start=99999999", "index_out_of_range"},
  };
  for (const auto& [path, code] : cases) {
    auto res = client->Get(path);
    ASSERT_TRUE(res) << path;
    EXPECT_EQ(res->status, 400) << path << ": " << res->body;
    EXPECT_EQ(ErrorCodeOf(res->body), code) << path << ": " << res->body;
  }
}

}  // namespace
}  // namespace optin::testing
