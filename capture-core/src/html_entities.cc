// Character references for the HTML tokenizer: numeric ones and the named ones landing pages
// actually use. An unknown or malformed reference stays as written (browsers do the same).
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "capture/html_tokenizer.h"

namespace capture {
namespace {

using namespace std::string_view_literals;

constexpr std::array<std::pair<std::string_view, std::string_view>, 24> kNamed = {{
    {"amp"sv, "&"sv},
    {"lt"sv, "<"sv},
    {"gt"sv, ">"sv},
    {"quot"sv, "\""sv},
    {"apos"sv, "'"sv},
    {"nbsp"sv, "\xC2\xA0"sv},
    {"euro"sv, "\xE2\x82\xAC"sv},
    {"copy"sv, "\xC2\xA9"sv},
    {"reg"sv, "\xC2\xAE"sv},
    {"hellip"sv, "\xE2\x80\xA6"sv},
    {"ndash"sv, "\xE2\x80\x93"sv},
    {"mdash"sv, "\xE2\x80\x94"sv},
    {"lsquo"sv, "\xE2\x80\x98"sv},
    {"rsquo"sv, "\xE2\x80\x99"sv},
    {"ldquo"sv, "\xE2\x80\x9C"sv},
    {"rdquo"sv, "\xE2\x80\x9D"sv},
    {"middot"sv, "\xC2\xB7"sv},
    {"eacute"sv, "\xC3\xA9"sv},
    {"euml"sv, "\xC3\xAB"sv},
    {"iuml"sv, "\xC3\xAF"sv},
    {"ouml"sv, "\xC3\xB6"sv},
    {"uuml"sv, "\xC3\xBC"sv},
    {"egrave"sv, "\xC3\xA8"sv},
    {"shy"sv, ""sv},
}};

void AppendUtf8(std::uint32_t cp, std::string& out) {
  // Invalid code points (surrogates, beyond U+10FFFF, NUL) become U+FFFD, as in browsers.
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

int DigitValue(char c, bool hex) {
  if (c >= '0' && c <= '9') return c - '0';
  if (!hex) return -1;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Decodes the reference starting at text[at] == '&'; returns the bytes consumed (0: not one).
std::size_t DecodeOne(std::string_view text, std::size_t at, std::string& out) {
  std::size_t i = at + 1;
  if (i < text.size() && text[i] == '#') {
    ++i;
    const bool hex = i < text.size() && (text[i] == 'x' || text[i] == 'X');
    if (hex) ++i;
    std::uint32_t cp = 0;
    std::size_t digits = 0;
    for (; i < text.size() && digits < 8; ++i, ++digits) {
      const int d = DigitValue(text[i], hex);
      if (d < 0) break;
      cp = cp * (hex ? 16 : 10) + static_cast<std::uint32_t>(d);
    }
    if (digits == 0) return 0;
    if (i < text.size() && text[i] == ';') ++i;
    AppendUtf8(cp, out);
    return i - at;
  }
  for (const auto& [name, value] : kNamed) {
    if (text.substr(i, name.size()) != name) continue;
    std::size_t end = i + name.size();
    if (end < text.size() && text[end] == ';') {
      ++end;
    } else if (name != "amp"sv && name != "lt"sv && name != "gt"sv && name != "nbsp"sv &&
               name != "quot"sv) {
      continue;  // only the legacy ones may lack the semicolon
    }
    out += value;
    return end - at;
  }
  return 0;
}

}  // namespace

std::string DecodeHtmlEntities(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    if (text[i] == '&') {
      if (const std::size_t used = DecodeOne(text, i, out); used > 0) {
        i += used;
        continue;
      }
    }
    out += text[i++];
  }
  return out;
}

}  // namespace capture
