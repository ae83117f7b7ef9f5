// Key rotation as docs/security.md describes it (issue 9): an advertiser key is rotated by
// configuring the new key and publishing a new campaign version signed with it; from then on the
// old key publishes nothing, while the versions and records made under the old key still verify.
#include <gtest/gtest.h>

#include <fstream>

#include "envelope_maker.h"
#include "evidence_verify.h"
#include "key_store.h"
#include "server_harness.h"

namespace optin::testing {
namespace {

using capture::Json;

std::string SignedVersion(const capture::Manifest& base, int version,
                          const capture::SigningKey& signer, const capture::PublicKey& named) {
  Json manifest = base.json;
  manifest["campaign"]["version"] = version;
  manifest["advertiser"]["key"] = named.ToBase64();
  auto text = capture::SignManifest(manifest, signer);
  EXPECT_TRUE(text.ok());
  return text.ok() ? *text : std::string();
}

TEST(ServerSecurityTest, AdvertiserKeyRotatesWithANewVersion) {
  TempDir dir;
  ServerProcess server(dir.path() / "data", Json::object());
  ASSERT_TRUE(server.Start()) << server.Log();  // --dev: version 1 signed with the dev key
  auto client = server.Client();
  auto old_maker = EnvelopeMaker::FromServer(*client, kExampleCampaign);
  ASSERT_TRUE(old_maker.ok());
  const Json old_envelope = old_maker->Make(1);
  auto accepted = client->Post("/v1/consents", old_envelope.dump(), "application/json");
  ASSERT_EQ(accepted->status, 200) << accepted->body;
  auto old_key =
      server::LoadOrCreateSigningKey((server.data_dir() / "keys" / "dev-advertiser.key").string());
  ASSERT_TRUE(old_key.ok());
  ASSERT_EQ(server.Terminate(), 0);

  // Rotate: the new public key in config.json, then a restart (without --dev, so nothing signs
  // with the old key).
  auto new_key = capture::SigningKey::Generate();
  ASSERT_TRUE(new_key.ok());
  const auto config_path = server.data_dir() / "config.json";
  std::ifstream in(config_path);
  Json config = *capture::ParseJson(std::string(std::istreambuf_iterator<char>(in), {}));
  config["advertiser_keys"][kExampleCampaign] = new_key->public_key().ToBase64();
  std::ofstream(config_path) << config.dump(2);
  ASSERT_TRUE(server.Start({})) << server.Log();
  client = server.Client();
  const std::string admin = server.Token("admin");
  const httplib::Headers auth = {{"Authorization", "Bearer " + admin}};

  auto by_old = client->Post(
      "/v1/campaigns", auth,
      SignedVersion(old_maker->manifest(), 2, *old_key, old_key->public_key()), "application/json");
  ASSERT_TRUE(by_old);
  EXPECT_EQ(by_old->status, 422) << by_old->body;
  EXPECT_EQ(ErrorCodeOf(by_old->body), "manifest_signature_invalid");
  auto by_new = client->Post(
      "/v1/campaigns", auth,
      SignedVersion(old_maker->manifest(), 2, *new_key, new_key->public_key()), "application/json");
  ASSERT_TRUE(by_new);
  EXPECT_EQ(by_new->status, 201) << by_new->body;

  // New records are made for version 2 under the new key.
  auto new_maker = EnvelopeMaker::FromServer(*client, kExampleCampaign);
  ASSERT_TRUE(new_maker.ok()) << new_maker.error().message;
  EXPECT_EQ(new_maker->manifest().version, 2);
  auto fresh = client->Post("/v1/consents", new_maker->Make(2).dump(), "application/json");
  ASSERT_EQ(fresh->status, 200) << fresh->body;

  // The record made under the old key still has a bundle that verifies with the old key.
  const std::string vkey =
      (*capture::ParseJson(client->Get("/v1/keys")->body))["log"]["vkey"].get<std::string>();
  auto bundle = client->Get(
      ("/v1/evidence/" + old_envelope["record"]["id"].get<std::string>()).c_str(), auth);
  ASSERT_EQ(bundle->status, 200) << bundle->body;
  auto report = client::VerifyEvidenceBundle(bundle->body, vkey, old_key->public_key());
  EXPECT_TRUE(report.ok()) << report.error().message;
  EXPECT_FALSE(client::VerifyEvidenceBundle(bundle->body, vkey, new_key->public_key()).ok());
}

}  // namespace
}  // namespace optin::testing
