// Escapes text for HTML element content and double-quoted attribute values (& < > ").
// One definition for every page the project writes: the verification link page and the QA report.
#pragma once

#include <string>
#include <string_view>

namespace capture {

inline std::string HtmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
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

}  // namespace capture
