// Campaign-form QA (R21): lints a landing page against its campaign manifest before it goes live.
// The same rules run in the `optin qa` CLI and, through the WebAssembly module, on the web-demo's
// QA page. Rule ids are stable and documented in docs/qa.md; findings are facts for a reviewer,
// with a severity that CI can act on (errors fail, warnings only under --strict).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "capture/json.h"
#include "capture/result.h"

namespace capture {

struct QaFinding {
  std::string rule;      // stable id, e.g. "checkbox_prechecked" (docs/qa.md)
  std::string severity;  // "error" | "warning" | "info"
  std::string element;   // CSS-like path ("form#signup > input[name=phone]") or manifest member
  std::size_t line = 0;  // 1-based line in the HTML; 0 when the finding is about the manifest
  std::string message;   // English
  std::string hint;      // how to fix it
};

struct QaReport {
  std::string campaign;
  std::int64_t version = 0;
  bool browser = false;  // facts from a rendered page were used
  std::vector<QaFinding> findings;

  [[nodiscard]] std::size_t Count(std::string_view severity) const;
  // No errors; with `strict`, no warnings either.
  [[nodiscard]] bool Passed(bool strict = false) const;
};

// Lints `html` against the manifest (a bare manifest object or a signed {"manifest","sig"}
// document; the signature is not checked, QA looks at drafts). The manifest's own lint findings
// come first (rule ids prefixed "manifest."). `browser_facts` is null for a static check, or what
// tools/qa-browser.mjs measured in a rendered page (see docs/qa.md): then the rendered DOM is
// linted and the visibility, contrast and checkbox-state rules run as well. Fails only when the
// manifest (or the facts) cannot be read.
[[nodiscard]] Result<QaReport> RunFormQa(std::string_view manifest_json, std::string_view html,
                                         const Json& browser_facts = Json());

// {"campaign","version","browser","passed","counts":{"error","warning","info"},"findings":[...]}
// (the same bytes from the native CLI and the WebAssembly module).
[[nodiscard]] Json QaReportJson(const QaReport& report);
// QaReportJson as text, indented by two spaces with a final newline: the exact bytes of
// `optin qa --format json` and of the WebAssembly qaForm (invalid UTF-8 from a page is replaced
// by U+FFFD, never an exception).
[[nodiscard]] std::string QaReportJsonText(const QaReport& report);
// One line per finding: "error checkbox_prechecked line 12 input[name=x]: message\n  fix: hint".
[[nodiscard]] std::string QaReportText(const QaReport& report);

}  // namespace capture
