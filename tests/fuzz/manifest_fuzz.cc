// Arbitrary bytes as a signed manifest: parse, verify against a fixed advertiser key, and, when the
// bytes hold a manifest object, run the rules, the shown texts and the lint. Nothing may crash,
// leak or trip a sanitizer, and a manifest that parses must canonicalise to a fixed point.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "capture/manifest.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const bool crypto_ok = capture::InitCrypto().ok();
  if (!crypto_ok) return 0;
  // The example advertiser's key (tests/vectors/manifests/example-campaign.json).
  static const auto key =
      capture::PublicKey::FromBase64("JydFCjSwpFbvkA0zaGQXsKgw6j5F1JDF5HOVFbtSvyY=");
  if (!key.ok()) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)capture::VerifySignedManifest(text, *key);
  auto json = capture::ParseJson(text);
  if (!json.ok()) return 0;
  const capture::Json* object = &*json;
  if (json->is_object() && json->contains("manifest")) object = &(*json)["manifest"];
  auto manifest = capture::ParseManifest(*object);
  if (!manifest.ok()) return 0;
  (void)capture::ShownTextSha256(*manifest);
  (void)capture::LintManifest(*manifest);
  auto again = capture::ParseJson(manifest->canonical);
  if (!again.ok()) __builtin_trap();
  auto reparsed = capture::ParseManifest(*again);
  if (!reparsed.ok() || reparsed->canonical != manifest->canonical) __builtin_trap();
  return 0;
}
