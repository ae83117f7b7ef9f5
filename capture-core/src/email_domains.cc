// Looks e-mail domains up in the compiled-in list (disposable_domains_data.cc.in).
#include "capture/email_domains.h"

#include <set>
#include <string>

namespace capture {
namespace internal {
extern const std::string_view kDisposableDomainsText;
}  // namespace internal

namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

const std::set<std::string, std::less<>>& Domains() {
  static const std::set<std::string, std::less<>> domains = [] {
    std::set<std::string, std::less<>> out;
    std::string_view rest = internal::kDisposableDomainsText;
    while (!rest.empty()) {
      const std::size_t nl = rest.find('\n');
      std::string_view line = rest.substr(0, nl);
      rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
      while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
      while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
      if (line.empty() || line.front() == '#') continue;
      out.insert(Lower(line));
    }
    return out;
  }();
  return domains;
}

}  // namespace

bool IsDisposableEmailDomain(std::string_view address_or_domain) {
  const std::size_t at = address_or_domain.rfind('@');
  std::string domain =
      Lower(at == std::string_view::npos ? address_or_domain : address_or_domain.substr(at + 1));
  while (!domain.empty() && domain.back() == '.') domain.pop_back();  // a fully qualified name
  std::string_view d = domain;
  // The domain itself, then each parent: "x.mailinator.com" is listed through "mailinator.com".
  while (!d.empty()) {
    if (Domains().count(d) != 0) return true;
    const std::size_t dot = d.find('.');
    if (dot == std::string_view::npos) break;
    d.remove_prefix(dot + 1);
  }
  return false;
}

}  // namespace capture
