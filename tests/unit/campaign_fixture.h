// Shared by the manifest and record tests: the example campaign, fixed keys and fixed entropy.
// The seeds are SHA-256("optin-capture example <label> seed") (docs/manifest.md, "Vectors").
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "capture/manifest.h"
#include "capture/record.h"
#include "test_support.h"

namespace capture::testing {

inline constexpr std::string_view kAdvertiserSeedHex =
    "4634d87b8691e905a82d8a498769ff11c4f887b924264bb5ad1068c601d48222";
inline constexpr std::string_view kPartnerSeedHex =
    "0e0f78f20c3102f716b728ceaf1c7abfa3e4945b4fde04658b8053db66c86331";
inline constexpr std::string_view kDeviceSeedHex =
    "94db170161e4bf51208980b6f31970948b5517f3f3eb608e749e2ff776452aae";
inline constexpr std::string_view kOtherSeedHex =
    "b6ca870871d92075aa0c5d6faea0948a4d697665fc8dd96bc73a1996822af2a1";

// 2026-11-28T09:00:00.000Z
inline constexpr UnixMillis kCapturedAt = 1795856400000;

inline SigningKey KeyFromSeedHex(std::string_view hex) {
  auto seed = HexDecode(hex);
  EXPECT_TRUE(seed.ok());
  auto key = SigningKey::FromSeed(*seed);
  EXPECT_TRUE(key.ok());
  return *key;
}

inline Json ExampleManifestJson() {
  auto json = ParseJson(ReadFile(TestVectorsDir() / "manifests" / "example-campaign.json"));
  EXPECT_TRUE(IsOk(json));
  return *json;
}

inline Manifest ExampleManifest() {
  auto manifest = ParseManifest(ExampleManifestJson());
  EXPECT_TRUE(IsOk(manifest));
  return *manifest;
}

// Bytes 0, 1, 2, ... : every draw is distinct and reproducible.
inline EntropySource CountingEntropy() {
  auto next = std::make_shared<std::uint8_t>(0);
  return [next](std::span<std::uint8_t> out) {
    for (auto& b : out) b = (*next)++;
  };
}

inline Submission ExampleSubmission() {
  Submission s;
  s.fields = {{"given_name", " Anna "},       {"family_name", "de  Vries"},
              {"email", "Anna@Example.NL"},   {"phone", "06-12345678"},
              {"postcode", "1234 ab"},        {"date_of_birth", "15-03-1990"},
              {"ebike_use", "Naar mijn werk"}};
  s.consents = {{"participation", true}, {"telephone", true}, {"newsletter", false}};
  s.source_code = "winactieplein.display.sidebar.c7";
  s.context = Json{{"legal_text_font_px", 14}, {"prechecked", false}};
  return s;
}

}  // namespace capture::testing
