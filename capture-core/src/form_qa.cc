// Entry point of the campaign-form QA: reads the manifest, runs the manifest lint, the page rules
// and (with browser facts) the rendered-page rules, and writes the report as JSON or text.
#include "capture/form_qa.h"

#include <algorithm>
#include <string>

#include "capture/manifest.h"
#include "form_qa_internal.h"

namespace capture {
namespace {

Result<Manifest> ReadManifest(std::string_view manifest_json) {
  CAPTURE_ASSIGN_OR_RETURN(Json json, ParseJson(manifest_json));
  const bool is_signed = json.is_object() && json.contains("manifest") && json.contains("sig");
  return ParseManifest(is_signed ? json["manifest"] : json);
}

}  // namespace

std::size_t QaReport::Count(std::string_view severity) const {
  return static_cast<std::size_t>(
      std::count_if(findings.begin(), findings.end(),
                    [&](const QaFinding& f) { return f.severity == severity; }));
}

bool QaReport::Passed(bool strict) const {
  return Count("error") == 0 && (!strict || Count("warning") == 0);
}

Result<QaReport> RunFormQa(std::string_view manifest_json, std::string_view html,
                           const Json& browser_facts) {
  CAPTURE_ASSIGN_OR_RETURN(Manifest manifest, ReadManifest(manifest_json));
  internal::QaFindings out;
  for (const LintFinding& f : LintManifest(manifest)) {
    out.Add("manifest." + f.rule, f.severity, "manifest " + f.where, 0, f.message, f.hint);
  }
  QaReport report;
  report.campaign = manifest.campaign_id;
  report.version = manifest.version;
  if (browser_facts.is_null()) {
    internal::RunPageRules(manifest, internal::ReadPage(html), out);
  } else {
    if (!browser_facts.is_object()) {
      return MakeError(ErrorCode::kJsonWrongType, "expected an object", "browser_facts");
    }
    report.browser = true;
    // The DOM after the scripts ran is what a person gets; fall back to the file's HTML.
    auto rendered = browser_facts.find("html");
    const bool has_dom = rendered != browser_facts.end() && rendered->is_string();
    const std::string dom = has_dom ? rendered->get<std::string>() : std::string(html);
    internal::RunPageRules(manifest, internal::ReadPage(dom), out);
    CAPTURE_RETURN_IF_ERROR(internal::RunBrowserRules(manifest, browser_facts, out));
  }
  report.findings = std::move(out.list());
  return report;
}

Json QaReportJson(const QaReport& report) {
  Json findings = Json::array();
  for (const QaFinding& f : report.findings) {
    findings.push_back({{"rule", f.rule},
                        {"severity", f.severity},
                        {"element", f.element},
                        {"line", f.line},
                        {"message", f.message},
                        {"hint", f.hint}});
  }
  return Json{{"campaign", report.campaign},
              {"version", report.version},
              {"browser", report.browser},
              {"passed", report.Passed()},
              {"counts",
               {{"error", report.Count("error")},
                {"warning", report.Count("warning")},
                {"info", report.Count("info")}}},
              {"findings", std::move(findings)}};
}

std::string QaReportJsonText(const QaReport& report) {
  return JsonText(QaReportJson(report), 2) + "\n";
}

std::string QaReportText(const QaReport& report) {
  std::string out = "QA of campaign " + report.campaign + " v" + std::to_string(report.version) +
                    (report.browser ? " (rendered in a browser)" : "") + "\n";
  for (const QaFinding& f : report.findings) {
    out += f.severity + " " + f.rule;
    if (f.line > 0) out += " line " + std::to_string(f.line);
    out += " " + f.element + ": " + f.message + "\n  fix: " + f.hint + "\n";
  }
  out += std::to_string(report.Count("error")) + " errors, " +
         std::to_string(report.Count("warning")) + " warnings, " +
         std::to_string(report.Count("info")) +
         " infos: " + (report.Passed() ? "passed" : "failed") + "\n";
  return out;
}

}  // namespace capture
