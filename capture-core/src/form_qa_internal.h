// Private interface between the form-QA entry point and its rule sets.
#pragma once

#include <string>
#include <vector>

#include "capture/form_qa.h"
#include "capture/manifest.h"
#include "form_qa_page.h"

namespace capture::internal {

// Collects findings; one place decides the shape of a finding.
class QaFindings {
 public:
  void Add(std::string rule, std::string severity, std::string element, std::size_t line,
           std::string message, std::string hint) {
    list_.push_back(QaFinding{std::move(rule), std::move(severity), std::move(element), line,
                              std::move(message), std::move(hint)});
  }
  std::vector<QaFinding>& list() { return list_; }

 private:
  std::vector<QaFinding> list_;
};

// The rules over the HTML (static, or the DOM a browser rendered).
void RunPageRules(const Manifest& manifest, const Page& page, QaFindings& out);
// The rules over what a browser measured (visibility, contrast, checkbox state after scripts).
[[nodiscard]] Status RunBrowserRules(const Manifest& manifest, const Json& facts, QaFindings& out);

// Whether a control is the checkbox of consent `id` (name, id or data-consent: "telephone",
// "consent:telephone", "c-telephone").
[[nodiscard]] bool IsConsentControl(const PageControl& control, std::string_view id);

}  // namespace capture::internal
