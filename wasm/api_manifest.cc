// The campaign manifest: what the page renders (R1, R3, R4, R5).
#include "api_util.h"
#include "capture/encoding.h"
#include "capture/manifest.h"

namespace capture::wasm {
namespace {

Result<Answer> VerifyManifest(std::string_view signed_json, std::string_view advertiser_key) {
  CAPTURE_ASSIGN_OR_RETURN(const Manifest* m, VerifiedManifest(signed_json, advertiser_key));
  return Answer()
      .Str("campaign", m->campaign_id)
      .Int("version", m->version)
      .Str("advertiser", m->advertiser_name)
      .Str("locale", m->locale)
      .Str("title", m->title)
      .Str("manifest_sha256", HexEncode(m->sha256))
      .Value("shown_texts", ShownTexts(*m))
      .Str("shown_text_sha256", HexEncode(m->shown_text_sha256))
      .Value("manifest", m->json);
}

}  // namespace

CAPTURE_WASM_EXPORT(verifyManifest, VerifyManifest)

}  // namespace capture::wasm
