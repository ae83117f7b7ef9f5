// Reads the phrase lists compiled in from data/qa_phrases.txt (see qa_phrases_data.cc.in).
#include <map>
#include <string>
#include <vector>

#include "lint_phrases.h"

namespace capture::internal {

extern const std::string_view kQaPhrasesText;

namespace {

using Sections = std::map<std::string, std::vector<std::string_view>, std::less<>>;

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

Sections Parse() {
  Sections sections;
  std::vector<std::string_view>* current = nullptr;
  std::string_view rest = kQaPhrasesText;
  while (!rest.empty()) {
    const std::size_t nl = rest.find('\n');
    const std::string_view line = Trim(rest.substr(0, nl));
    rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
    if (line.empty() || line.front() == '#') continue;
    if (line.front() == '[' && line.back() == ']') {
      current = &sections[std::string(line.substr(1, line.size() - 2))];
    } else if (current != nullptr) {
      current->push_back(line);  // views into the compiled-in text, which lives forever
    }
  }
  return sections;
}

}  // namespace

std::span<const std::string_view> QaPhrases(std::string_view section) {
  static const Sections sections = Parse();
  const auto it = sections.find(section);
  if (it == sections.end()) return {};
  return it->second;
}

}  // namespace capture::internal
