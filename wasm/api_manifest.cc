// The campaign manifest: what the page renders, and the QA lint (R1, R3, R4, R5, R21).
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
      .Str("shown_text_sha256", HexEncode(ShownTextSha256(*m)))
      .Value("manifest", m->json);
}

// Accepts a bare manifest object or a signed one (the signature is not checked: QA lints drafts).
Result<Answer> LintManifest(std::string_view manifest_json) {
  CAPTURE_ASSIGN_OR_RETURN(Json json, JsonArg(manifest_json, "manifest"));
  const bool is_signed = json.is_object() && json.contains("manifest") && json.contains("sig");
  CAPTURE_ASSIGN_OR_RETURN(Manifest manifest, ParseManifest(is_signed ? json["manifest"] : json));
  std::string findings = "[";
  bool passed = true;
  for (const LintFinding& f : capture::LintManifest(manifest)) {
    passed = passed && f.severity != "error";
    if (findings.size() > 1) findings += ',';
    const std::pair<const char*, const std::string*> members[] = {{"{\"rule\":", &f.rule},
                                                                  {",\"severity\":", &f.severity},
                                                                  {",\"where\":", &f.where},
                                                                  {",\"message\":", &f.message},
                                                                  {",\"hint\":", &f.hint}};
    for (const auto& [key, value] : members) {
      findings += key;
      AppendJsonString(*value, findings);
    }
    findings += '}';
  }
  return Answer().Bool("passed", passed).Raw("findings", findings + "]");
}

}  // namespace

CAPTURE_WASM_EXPORT(verifyManifest, VerifyManifest)
CAPTURE_WASM_EXPORT(lintManifest, LintManifest)

}  // namespace capture::wasm
