// optin qa: lints a campaign's landing page against its manifest before it goes live (R21).
// Exit status for CI: 0 no errors, 1 errors (or warnings with --strict), 2 usage or input
// problems. --browser renders the page in headless Chromium (tools/qa-browser.mjs) and checks it
// as a person sees it.
#include <httplib.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <regex>

#include "capture/form_qa.h"
#include "capture/json.h"
#include "command.h"
#include "qa_report_html.h"

namespace optin {
namespace {

constexpr const char* kName = "qa";

// http://127.0.0.1:PORT/path (or localhost, [::1]): QA fetches pages on this machine only.
capture::Result<std::string> FetchLoopback(const std::string& url) {
  static const std::regex kUrl(R"(^http://(127\.0\.0\.1|localhost|\[::1\])(:[0-9]{1,5})?(/.*)?$)");
  std::smatch m;
  if (!std::regex_match(url, m, kUrl)) {
    return capture::MakeError(capture::ErrorCode::kJsonInvalid,
                              "--url must be http://127.0.0.1[:port]/... (this machine only)",
                              "url");
  }
  httplib::Client http("http://" + m[1].str() + m[2].str());
  http.set_connection_timeout(5);
  http.set_read_timeout(10);
  const std::string path = m[3].matched ? m[3].str() : "/";
  auto res = http.Get(path.c_str());
  if (!res)
    return capture::MakeError(capture::ErrorCode::kJsonInvalid, "cannot fetch " + url, "url");
  if (res->status != 200) {
    return capture::MakeError(capture::ErrorCode::kJsonInvalid,
                              url + " answered HTTP " + std::to_string(res->status), "url");
  }
  return res->body;
}

std::string ShellQuote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// Runs tools/qa-browser.mjs (OPTIN_QA_BROWSER overrides the path) and returns its facts JSON.
// The manifest file tells it which links and labels are the legal texts (from stdin it guesses).
capture::Result<capture::Json> BrowserFacts(const std::string& target,
                                            const std::string& manifest_path) {
  const char* env = std::getenv("OPTIN_QA_BROWSER");
  const std::string script = env ? env : CAPTURE_SOURCE_DIR "/tools/qa-browser.mjs";
  std::string command = "node " + ShellQuote(script) + " " + ShellQuote(target);
  if (manifest_path != "-") command += " --manifest " + ShellQuote(manifest_path);
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) {
    return capture::MakeError(capture::ErrorCode::kJsonInvalid, "cannot run " + script);
  }
  std::string out;
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, pipe)) > 0;) out.append(buf, n);
  const int status = pclose(pipe);
  if (status != 0) {
    return capture::MakeError(capture::ErrorCode::kJsonInvalid,
                              "the browser run failed (" + script + "; see its message above)");
  }
  return capture::ParseJson(out, capture::JsonLimits{16 << 20, 32});
}

int Qa(const Args& args) {
  auto manifest_path = args.Option("manifest");
  auto html_path = args.Option("html");
  auto url = args.Option("url");
  const std::string format = args.Option("format").value_or("text");
  if (!manifest_path) return UsageError(kName, "--manifest FILE is required");
  if (html_path.has_value() == url.has_value()) {
    return UsageError(kName, "give exactly one of --html FILE or --url http://127.0.0.1:PORT/...");
  }
  if (format != "text" && format != "json" && format != "html") {
    return UsageError(kName, "--format is text, json or html");
  }
  if (args.Flag("browser") && html_path == "-") {
    return UsageError(kName, "--browser renders a file or a URL, not standard input");
  }
  auto manifest = ReadInput(*manifest_path);
  if (!manifest.ok()) return ReportError(args, manifest.error(), kExitUsage);
  auto html = html_path ? ReadInput(*html_path) : FetchLoopback(*url);
  if (!html.ok()) return ReportError(args, html.error(), kExitUsage);
  capture::Json facts;
  if (args.Flag("browser")) {
    auto measured = BrowserFacts(html_path ? *html_path : *url, *manifest_path);
    if (!measured.ok()) return ReportError(args, measured.error(), kExitUsage);
    facts = std::move(*measured);
  }
  auto report = capture::RunFormQa(*manifest, *html, facts);
  if (!report.ok()) return ReportError(args, report.error(), kExitUsage);
  if (format == "json") {
    std::cout << capture::QaReportJsonText(*report);
  } else if (format == "html") {
    std::cout << QaReportHtml(*report);
  } else {
    std::cout << capture::QaReportText(*report);
  }
  return report->Passed(args.Flag("strict")) ? kExitOk : kExitRefused;
}

OPTIN_COMMAND("qa", "lint a landing page against its campaign manifest (R21)",
              "--manifest FILE (--html FILE | --url http://127.0.0.1:PORT/...) "
              "[--format text|json|html] [--browser] [--strict]",
              Qa);

}  // namespace
}  // namespace optin
