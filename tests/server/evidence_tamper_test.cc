// An evidence bundle must fail verification when any single byte of it changes: every member is
// either signed, hashed into the log, or compared with the trusted keys.
#include <gtest/gtest.h>

#include "evidence_verify.h"
#include "server_test_env.h"

namespace optin::testing {
namespace {

TEST(EvidenceTamperTest, FlippingAnyByteOfABundleFailsVerification) {
  auto c = Shared().server->Client();
  capture::Json env = Shared().maker->Make(NextPerson());
  ASSERT_EQ(c->Post("/v1/consents", env.dump(), "application/json")->status, 200);
  auto res = c->Get(("/v1/evidence/" + env["record"]["id"].get<std::string>()).c_str(),
                    Bearer(Shared().auditor));
  ASSERT_EQ(res->status, 200);
  const std::string bundle = res->body;
  const std::string vkey =
      (*capture::ParseJson(c->Get("/v1/keys")->body))["log"]["vkey"].get<std::string>();
  auto advertiser = capture::PublicKey::FromBase64(Shared().maker->advertiser_key());
  ASSERT_TRUE(client::VerifyEvidenceBundle(bundle, vkey, *advertiser).ok());

  std::size_t refused = 0;
  for (std::size_t i = 0; i < bundle.size(); ++i) {
    for (std::uint8_t mask : {0x01, 0x20}) {
      std::string tampered = bundle;
      tampered[i] = static_cast<char>(tampered[i] ^ mask);
      auto report = client::VerifyEvidenceBundle(tampered, vkey, *advertiser);
      EXPECT_FALSE(report.ok()) << "byte " << i << " ('" << bundle[i] << "') ^ " << int(mask)
                                << " was not detected";
      refused += report.ok() ? 0 : 1;
    }
  }
  EXPECT_EQ(refused, 2 * bundle.size());
}

TEST(EvidenceTamperTest, TheFailingCheckIsNamed) {
  auto c = Shared().server->Client();
  capture::Json env = Shared().maker->Make(NextPerson());
  ASSERT_EQ(c->Post("/v1/consents", env.dump(), "application/json")->status, 200);
  auto res = c->Get(("/v1/evidence/" + env["record"]["id"].get<std::string>()).c_str(),
                    Bearer(Shared().auditor));
  const std::string vkey =
      (*capture::ParseJson(c->Get("/v1/keys")->body))["log"]["vkey"].get<std::string>();
  auto advertiser = capture::PublicKey::FromBase64(Shared().maker->advertiser_key());
  capture::Json bundle = *capture::ParseJson(res->body);
  bundle["receipt"]["leaf_index"] = bundle["receipt"]["leaf_index"].get<std::uint64_t>() + 1;
  auto report = client::VerifyEvidenceBundle(bundle.dump(), vkey, *advertiser);
  ASSERT_FALSE(report.ok());
  EXPECT_NE(report.error().message.find("record_in_log"), std::string::npos)
      << report.error().message;
  auto other = capture::SigningKey::Generate();
  auto wrong_key = client::VerifyEvidenceBundle(res->body, vkey, other->public_key());
  ASSERT_FALSE(wrong_key.ok());
  EXPECT_NE(wrong_key.error().message.find("check keys"), std::string::npos);
}

}  // namespace
}  // namespace optin::testing
