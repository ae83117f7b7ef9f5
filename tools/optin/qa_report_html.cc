#include "qa_report_html.h"

namespace optin {
namespace {

std::string Escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace

std::string QaReportHtml(const capture::QaReport& report) {
  std::string title = "QA " + Escape(report.campaign) + " v" + std::to_string(report.version);
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
    out += "<tr class=\"" + Escape(f.severity) + "\"><td>" + Escape(f.severity) + "</td><td>" +
           Escape(f.rule) + "</td><td><code>" + Escape(f.element) + "</code></td><td>" +
           (f.line ? std::to_string(f.line) : "") + "</td><td>" + Escape(f.message) + "</td><td>" +
           Escape(f.hint) + "</td></tr>\n";
  }
  return out + "</table></body></html>\n";
}

}  // namespace optin
