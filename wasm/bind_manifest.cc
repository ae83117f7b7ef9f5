// The campaign manifest: what the page renders, and the QA lint (R1, R3, R4, R5, R21).
#include <emscripten/bind.h>

#include "api_util.h"
#include "capture/encoding.h"
#include "capture/manifest.h"

namespace capture::wasm {
namespace {

Result<Json> VerifyManifest(const std::string& signed_json, const std::string& advertiser_key) {
  CAPTURE_ASSIGN_OR_RETURN(const Manifest* m, VerifiedManifest(signed_json, advertiser_key));
  return Json{{"campaign", m->campaign_id},
              {"version", m->version},
              {"advertiser", m->advertiser_name},
              {"locale", m->locale},
              {"title", m->title},
              {"manifest_sha256", HexEncode(m->sha256)},
              {"shown_texts", ShownTexts(*m)},
              {"shown_text_sha256", HexEncode(ShownTextSha256(*m))},
              {"manifest", m->json}};
}

// Accepts a bare manifest object or a signed one (the signature is not checked: QA lints drafts).
Result<Json> LintManifest(const std::string& manifest_json) {
  CAPTURE_ASSIGN_OR_RETURN(Json json, JsonArg(manifest_json, "manifest"));
  const bool is_signed = json.is_object() && json.contains("manifest") && json.contains("sig");
  CAPTURE_ASSIGN_OR_RETURN(Manifest manifest, ParseManifest(is_signed ? json["manifest"] : json));
  Json findings = Json::array();
  bool passed = true;
  for (const LintFinding& f : capture::LintManifest(manifest)) {
    passed = passed && f.severity != "error";
    findings.push_back({{"rule", f.rule},
                        {"severity", f.severity},
                        {"where", f.where},
                        {"message", f.message},
                        {"hint", f.hint}});
  }
  return Json{{"passed", passed}, {"findings", std::move(findings)}};
}

}  // namespace

EMSCRIPTEN_BINDINGS(optin_capture_manifest) {
  emscripten::function("verifyManifest", &Entry<&VerifyManifest>::Call);
  emscripten::function("lintManifest", &Entry<&LintManifest>::Call);
}

}  // namespace capture::wasm
