// Record vectors (tests/vectors/records/*.json): fixed keys, entropy and time give exact envelope
// bytes that every build (native, WebAssembly) must reproduce. OPTIN_REGENERATE_VECTORS=1 rewrites
// the expected envelopes from this implementation (done once, then checked in); refusals are
// written by hand and never regenerated. check_with_pynacl.py re-checks the envelopes without
// our code.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "capture/manifest.h"
#include "capture/record.h"
#include "test_support.h"

namespace capture {
namespace {

struct Tape {  // the vector's entropy, consumed in order
  Bytes bytes;
  std::size_t used = 0;
  bool overrun = false;
};

void RunVector(const std::filesystem::path& path, bool regenerate) {
  SCOPED_TRACE(path.filename().string());
  auto parsed = ParseJson(testing::ReadFile(path));
  ASSERT_OK(parsed);
  Json vector = *parsed;
  auto manifest_json =
      ParseJson(testing::ReadFile(path.parent_path() / vector["manifest_file"].get<std::string>()));
  ASSERT_OK(manifest_json);
  auto advertiser = SigningKey::FromSeed(*HexDecode(vector["advertiser_seed"].get<std::string>()));
  auto device = SigningKey::FromSeed(*HexDecode(vector["device_seed"].get<std::string>()));
  ASSERT_OK(advertiser);
  ASSERT_OK(device);
  // The manifest goes the way a page gets it: signed by the advertiser, verified by the core.
  auto signed_manifest = SignManifest(*manifest_json, *advertiser);
  ASSERT_OK(signed_manifest);
  auto manifest = VerifySignedManifest(*signed_manifest, advertiser->public_key());
  ASSERT_OK(manifest);

  auto tape = std::make_shared<Tape>();
  tape->bytes = *HexDecode(vector["entropy"].get<std::string>());
  BuildOptions options;
  auto captured_at = ParseRfc3339Millis(vector["captured_at"].get<std::string>());
  ASSERT_OK(captured_at);
  options.captured_at = *captured_at;
  options.entropy = [tape](std::span<std::uint8_t> out) {
    for (auto& b : out) {
      if (tape->used == tape->bytes.size()) {
        tape->overrun = true;
        b = 0;
      } else {
        b = tape->bytes[tape->used++];
      }
    }
  };
  auto submission = ParseSubmission(vector["submission"]);
  ASSERT_OK(submission);
  auto envelope = BuildRecord(*manifest, *submission, *device, options);
  ASSERT_FALSE(tape->overrun) << "the vector's entropy is too short";
  const Json& expect = vector["expect"];

  if (expect.contains("error")) {
    ASSERT_FALSE(envelope.ok()) << "expected " << expect["error"];
    EXPECT_EQ(envelope.error().wire(), expect["error"].get<std::string>());
    const auto report = ValidateSubmission(*manifest, *submission, AmsterdamDate(*captured_at));
    Json got = Json::array();
    for (const auto& e : report.errors) got.push_back({{"code", e.wire()}, {"field", e.field}});
    EXPECT_EQ(got, expect["report"]);
    return;
  }
  ASSERT_OK(envelope);
  const std::string text = EnvelopeToJson(*envelope);
  if (regenerate) {
    vector["expect"]["envelope"] = text;
    std::ofstream(path, std::ios::binary) << vector.dump(2) << "\n";
    return;
  }
  EXPECT_EQ(text, expect["envelope"].get<std::string>());
  // And the envelope verifies at the server a minute later.
  auto envelope_json = ParseJson(text);
  ASSERT_OK(envelope_json);
  VerifyOptions verify;
  verify.now = *captured_at + 60 * 1000;
  EXPECT_OK(VerifyEnvelope(*envelope_json, *manifest, verify));
}

TEST(RecordVectorsTest, EveryVectorGivesItsExactEnvelopeOrRefusal) {
  ASSERT_OK(InitCrypto());
  const char* env = std::getenv("OPTIN_REGENERATE_VECTORS");
  const bool regenerate = env != nullptr && std::string(env) == "1";
  const auto files = testing::FilesUnder(testing::TestVectorsDir() / "records", ".json");
  ASSERT_GE(files.size(), 8u);
  for (const auto& path : files) RunVector(path, regenerate);
}

}  // namespace
}  // namespace capture
