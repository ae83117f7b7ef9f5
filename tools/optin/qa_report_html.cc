#include "qa_report_html.h"
#include "capture/html_escape.h"

namespace optin {
namespace {}  // namespace

std::string QaReportHtml(const capture::QaReport& report) {
  std::string title =
      "QA " + capture::HtmlEscape(report.campaign) + " v" + std::to_string(report.version);
  std::string out =
      "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + title +
      "</title>\n<style>body{font:15px/1.4 sans-serif;margin:2em}table{border-collapse:collapse}"
      "td,th{border:1px solid #999;padding:4px 8px;text-align:left;vertical-align:top}"
      ".error{background:#fdd}.warning{background:#ffd}.info{background:#eef}</style></head>\n"
      "<body><h1>" +
      title + "</h1>\n<p>" + std::to_string(report.Count("error")) + " errors, " +
      std::to_string(report.Count("warning")) + " warnings, " +
      std::to_string(report.Count("info")) + " infos: <strong>" +
      (report.Passed() ? "passed" : "failed") + "</strong>" +
      (report.browser ? " (rendered in a browser)" : "") +
      "</p>\n<table><tr><th>severity</th>"
      "<th>rule</th><th>element</th><th>line</th><th>finding</th><th>fix</th></tr>\n";
  for (const auto& f : report.findings) {
    out += "<tr class=\"" + capture::HtmlEscape(f.severity) + "\"><td>" +
           capture::HtmlEscape(f.severity) + "</td><td>" + capture::HtmlEscape(f.rule) +
           "</td><td><code>" + capture::HtmlEscape(f.element) + "</code></td><td>" +
           (f.line ? std::to_string(f.line) : "") + "</td><td>" + capture::HtmlEscape(f.message) +
           "</td><td>" + capture::HtmlEscape(f.hint) + "</td></tr>\n";
  }
  return out + "</table></body></html>\n";
}

}  // namespace optin
