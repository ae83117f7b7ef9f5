// Campaign-form QA (R21): the landing page linted against its manifest, the same rules and the
// same report bytes as `optin qa --format json` (the web-demo's QA page calls this).
#include <emscripten/bind.h>

#include "api_util.h"
#include "capture/form_qa.h"

namespace capture::wasm {
namespace {

// options: "" or {"browser_facts": {...}} (what a renderer measured, docs/qa.md). The answer
// carries the report as an object, as the CLI's exact JSON text and as its text report.
Result<Json> QaForm(const std::string& manifest_json, const std::string& html,
                    const std::string& options_json) {
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
  return Json{{"report", QaReportJson(report)},
              {"json", QaReportJsonText(report)},
              {"text", QaReportText(report)}};
}

}  // namespace

EMSCRIPTEN_BINDINGS(optin_capture_qa) { emscripten::function("qaForm", &Entry<&QaForm>::Call); }

}  // namespace capture::wasm
