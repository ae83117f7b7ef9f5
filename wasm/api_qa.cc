// Campaign-form QA (R21): the landing page linted against its manifest, the same rules and the
// same report bytes as `optin qa --format json` (the web-demo's QA page calls this).
#include "api_util.h"
#include "capture/form_qa.h"

namespace capture::wasm {
namespace {

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

CAPTURE_WASM_EXPORT(qaForm, QaForm)

}  // namespace capture::wasm
