// Campaign QA (R21), only in the QA build of the module (optin-capture-qa, loaded by qa.mjs): the
// manifest lint, and the landing page linted against its manifest with the same rules and the
// same report bytes as `optin qa --format json` (the web-demo's QA page calls this). Landing pages
// never lint themselves, and the HTML tokenizer, page rules and phrase lists are about 14 KB gzip
// they need not download.
#include "api_util.h"
#include "capture/form_qa.h"
#include "capture/manifest.h"

namespace capture::wasm {
namespace {

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

// options: "" or {"browser_facts": {...}} (what a renderer measured, docs/qa.md). The answer
// carries the report as an object, as the CLI's exact JSON text and as its text report.
Result<Answer> QaForm(std::string_view manifest_json, std::string_view html,
                      std::string_view options_json) {
  Json facts;
  if (!options_json.empty()) {
    CAPTURE_ASSIGN_OR_RETURN(Json options, JsonArg(options_json, "options"));
    if (!options.is_object()) {
      return MakeError(ErrorCode::kJsonWrongType, "expected an object", "options");
    }
    for (const auto& [key, value] : options.items()) {
      if (key != "browser_facts") {
        return MakeError(ErrorCode::kJsonUnknownMember, "unknown option", "options." + key);
      }
      facts = value;
    }
  }
  CAPTURE_ASSIGN_OR_RETURN(QaReport report, RunFormQa(manifest_json, html, facts));
  const std::string json = QaReportJsonText(report);
  return Answer().Raw("report", json).Str("json", json).Str("text", QaReportText(report));
}

}  // namespace

CAPTURE_WASM_EXPORT(lintManifest, LintManifest)
CAPTURE_WASM_EXPORT(qaForm, QaForm)

}  // namespace capture::wasm
