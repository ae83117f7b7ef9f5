#include "unicode_class.h"

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <string>

namespace capture::internal {
namespace {

struct Range {
  char32_t first;
  char32_t last;
  CharClass cls;
};

constexpr CharClass kD = CharClass::kDigit;
constexpr CharClass kM = CharClass::kMark;
constexpr CharClass kO = CharClass::kOther;

// Every range that is NOT a letter, sorted and disjoint; code points outside them are letters.
// Block-level choices: script blocks count as letters (their own vowel signs included), generic
// punctuation, symbol, emoji, private-use and mathematical-alphanumeric blocks do not (styled
// "math" letters are a spoofing favourite), and decimal digits of the major scripts are digits.
constexpr Range kRanges[] = {
    {0x0000, 0x002F, kO},   {0x0030, 0x0039, kD},   {0x003A, 0x0040, kO},   {0x005B, 0x0060, kO},
    {0x007B, 0x00BF, kO},   {0x00D7, 0x00D7, kO},   {0x00F7, 0x00F7, kO},   {0x02C2, 0x02C5, kO},
    {0x02D2, 0x02DF, kO},   {0x02E5, 0x02EB, kO},   {0x02EF, 0x02FF, kO},   {0x0300, 0x036F, kM},
    {0x0375, 0x0375, kO},   {0x037E, 0x037E, kO},   {0x0384, 0x0385, kO},   {0x0387, 0x0387, kO},
    {0x03F6, 0x03F6, kO},   {0x0482, 0x0482, kO},   {0x0483, 0x0489, kM},   {0x055A, 0x055F, kO},
    {0x0589, 0x058A, kO},   {0x058D, 0x058F, kO},   {0x05BE, 0x05BE, kO},   {0x05C0, 0x05C0, kO},
    {0x05C3, 0x05C3, kO},   {0x05C6, 0x05C6, kO},   {0x0600, 0x060F, kO},   {0x061B, 0x061F, kO},
    {0x0660, 0x0669, kD},   {0x066A, 0x066D, kO},   {0x06D4, 0x06D4, kO},   {0x06DD, 0x06DE, kO},
    {0x06E9, 0x06E9, kO},   {0x06F0, 0x06F9, kD},   {0x06FD, 0x06FE, kO},   {0x07C0, 0x07C9, kD},
    {0x0964, 0x0965, kO},   {0x0966, 0x096F, kD},   {0x0970, 0x0970, kO},   {0x09E6, 0x09EF, kD},
    {0x0A66, 0x0A6F, kD},   {0x0AE6, 0x0AEF, kD},   {0x0B66, 0x0B6F, kD},   {0x0BE6, 0x0BEF, kD},
    {0x0C66, 0x0C6F, kD},   {0x0CE6, 0x0CEF, kD},   {0x0D66, 0x0D6F, kD},   {0x0DE6, 0x0DEF, kD},
    {0x0E3F, 0x0E3F, kO},   {0x0E4F, 0x0E4F, kO},   {0x0E50, 0x0E59, kD},   {0x0E5A, 0x0E5B, kO},
    {0x0ED0, 0x0ED9, kD},   {0x0F20, 0x0F29, kD},   {0x1040, 0x1049, kD},   {0x1090, 0x1099, kD},
    {0x1680, 0x1680, kO},   {0x17D4, 0x17DB, kO},   {0x17E0, 0x17E9, kD},   {0x1800, 0x180A, kO},
    {0x180B, 0x180F, kM},   {0x1810, 0x1819, kD},   {0x1946, 0x194F, kD},   {0x1AB0, 0x1AFF, kM},
    {0x1DC0, 0x1DFF, kM},   {0x2000, 0x20CF, kO},   {0x20D0, 0x20FF, kM},   {0x2100, 0x2BFF, kO},
    {0x2E00, 0x2E7F, kO},   {0x2E80, 0x2FFF, kO},   {0x3000, 0x3004, kO},   {0x3008, 0x3020, kO},
    {0x3030, 0x3030, kO},   {0x3036, 0x303A, kO},   {0x303D, 0x303F, kO},   {0x30A0, 0x30A0, kO},
    {0x3190, 0x319F, kO},   {0x31C0, 0x31EF, kO},   {0x3200, 0x33FF, kO},   {0x4DC0, 0x4DFF, kO},
    {0xA490, 0xA4CF, kO},   {0xA60D, 0xA60F, kO},   {0xA620, 0xA629, kD},   {0xA700, 0xA71F, kO},
    {0xA8D0, 0xA8D9, kD},   {0xA900, 0xA909, kD},   {0xA9D0, 0xA9D9, kD},   {0xA9F0, 0xA9F9, kD},
    {0xAA50, 0xAA59, kD},   {0xABF0, 0xABF9, kD},   {0xD800, 0xF8FF, kO},   {0xFB29, 0xFB29, kO},
    {0xFD3E, 0xFD3F, kO},   {0xFDD0, 0xFDEF, kO},   {0xFDFC, 0xFDFF, kO},   {0xFE00, 0xFE0F, kM},
    {0xFE10, 0xFE1F, kO},   {0xFE20, 0xFE2F, kM},   {0xFE30, 0xFE6F, kO},   {0xFEFF, 0xFF0F, kO},
    {0xFF10, 0xFF19, kD},   {0xFF1A, 0xFF20, kO},   {0xFF3B, 0xFF40, kO},   {0xFF5B, 0xFF65, kO},
    {0xFFE0, 0xFFFF, kO},   {0x104A0, 0x104A9, kD}, {0x1D000, 0x1D7FF, kO}, {0x1EC70, 0x1EFFF, kO},
    {0x1F000, 0x1FFFF, kO}, {0xE0000, 0xE00FF, kO}, {0xE0100, 0xE01EF, kM}, {0xE01F0, 0x10FFFF, kO},
};

}  // namespace

std::u32string DecodeUtf8(std::string_view valid_utf8) {
  std::u32string out;
  out.reserve(valid_utf8.size());
  std::size_t i = 0;
  while (i < valid_utf8.size()) {
    const auto lead = static_cast<unsigned char>(valid_utf8[i]);
    std::size_t length = 1;
    char32_t cp = lead;
    if (lead >= 0xF0) {
      length = 4, cp = lead & 0x07;
    } else if (lead >= 0xE0) {
      length = 3, cp = lead & 0x0F;
    } else if (lead >= 0xC0) {
      length = 2, cp = lead & 0x1F;
    }
    for (std::size_t k = 1; k < length && i + k < valid_utf8.size(); ++k) {
      cp = (cp << 6) | (static_cast<unsigned char>(valid_utf8[i + k]) & 0x3F);
    }
    out.push_back(cp);
    i += length;
  }
  return out;
}

void AppendUtf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

std::string EncodeUtf8(std::u32string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char32_t cp : text) AppendUtf8(out, cp);
  return out;
}

bool IsUnicodeSpace(char32_t cp) {
  return (cp >= 0x09 && cp <= 0x0D) || cp == 0x20 || cp == 0x85 || cp == 0xA0 || cp == 0x1680 ||
         (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F ||
         cp == 0x205F || cp == 0x3000;
}

bool IsTrimmable(char32_t cp) {
  return IsUnicodeSpace(cp) || cp == 0x180E || cp == 0x200B || cp == 0x2060 || cp == 0xFEFF;
}

bool IsJoiner(char32_t cp) { return cp == 0x200C || cp == 0x200D; }

bool IsForbiddenControl(char32_t cp) {
  if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) return true;       // C0, DEL, C1
  if (cp == 0xAD || cp == 0x61C || cp == 0x180E) return true;     // soft hyphen, Arabic letter mark
  if (cp == 0x200B || cp == 0x200E || cp == 0x200F) return true;  // ZWSP, LRM, RLM
  if (cp >= 0x2028 && cp <= 0x202E) return true;  // line/paragraph separators, LRE..RLO
  if (cp >= 0x2060 && cp <= 0x206F) return true;  // word joiner, invisible operators, LRI..PDI
  if (cp == 0xFEFF || (cp >= 0xFFF9 && cp <= 0xFFFB)) return true;
  if (cp >= 0xFDD0 && cp <= 0xFDEF) return true;  // noncharacters
  return (cp & 0xFFFE) == 0xFFFE;                 // U+xFFFE and U+xFFFF of every plane
}

CharClass Classify(char32_t cp) {
  const auto* end = std::end(kRanges);
  // The first range whose last code point is >= cp.
  const auto* it = std::lower_bound(std::begin(kRanges), end, cp,
                                    [](const Range& r, char32_t c) { return r.last < c; });
  if (it != end && it->first <= cp) return it->cls;
  return CharClass::kLetter;
}

std::string CodePointName(char32_t cp) {
  // As printf("U+%04X"): uppercase hex, at least four digits.
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string digits;
  for (auto v = static_cast<std::uint32_t>(cp); v != 0 || digits.size() < 4; v >>= 4) {
    digits.insert(digits.begin(), kHex[v & 0xF]);
  }
  return "U+" + digits;
}

std::string DescribeCodePoint(char32_t cp) {
  if (cp == ' ') return "a space (U+0020)";
  if (cp > 0x20 && cp < 0x7F)
    return std::string("'") + static_cast<char>(cp) + "' (" + CodePointName(cp) + ")";
  return CodePointName(cp);
}

}  // namespace capture::internal
