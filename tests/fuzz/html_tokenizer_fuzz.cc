// Fuzzes the HTML tokenizer and the form-QA page rules, which read landing pages from anywhere.
// Properties, each a crash on violation: the token count stays within its cap; tag and attribute
// names are lowercase; every line number lies within the input's lines; the QA never fails on
// HTML (only a bad manifest can fail it).
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "capture/form_qa.h"
#include "capture/html_tokenizer.h"

namespace {

constexpr std::string_view kManifest = R"({"campaign":{"id":"fuzz","version":1},
"advertiser":{"name":"A","key":"JydFCjSwpFbvkA0zaGQXsKgw6j5F1JDF5HOVFbtSvyY="},"locale":"nl-NL","title":"T","origins":["https://a.nl"],
"terms":{"url":"https://a.nl/t","text":"Voorwaarden"},"privacy":{"url":"https://a.nl/p","text":"Privacy"},
"fields":[{"name":"email","type":"email","label":"E-mail","purpose":"Om te mailen.","required":true,"max_length":254}],
"consents":[{"id":"participation","text":"Ik doe mee.","channel":"participation","required_for_participation":true,"one_time":false}],"partners":[],"policy":{"contact_pause_days":60,"consent_validity_days":365,"first_contact_term_days":90,"max_offline_age_hours":72,"timezone":"Europe/Amsterdam","calling_hours":"09:00-21:00"}})";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view html(reinterpret_cast<const char*>(data), size);
  const capture::HtmlTokens tokens = capture::TokenizeHtml(html);
  if (tokens.tokens.size() > capture::kMaxHtmlTokens) std::abort();
  std::size_t lines = 1;
  for (char c : html) lines += c == '\n';
  for (const auto& t : tokens.tokens) {
    if (t.line < 1 || t.line > lines) std::abort();
    for (char c : t.name) {
      if (c >= 'A' && c <= 'Z') std::abort();
    }
    for (const auto& a : t.attributes) {
      if (a.name.empty()) std::abort();
    }
  }
  auto report = capture::RunFormQa(kManifest, html);
  if (!report.ok()) std::abort();
  return 0;
}
