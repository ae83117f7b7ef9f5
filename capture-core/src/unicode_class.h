// The few Unicode facts the field validators need, without a Unicode database: the core must stay
// small for WebAssembly, so character classes are coarse block ranges chosen for form input
// (names, e-mail addresses, free text), not the full General_Category property.
#pragma once

#include <string>
#include <string_view>

namespace capture::internal {

// Code points of text that IsValidUtf8() accepted (the caller checks first).
[[nodiscard]] std::u32string DecodeUtf8(std::string_view valid_utf8);
void AppendUtf8(std::string& out, char32_t cp);
[[nodiscard]] std::string EncodeUtf8(std::u32string_view text);

// Unicode White_Space (ASCII and the Unicode spaces, line and paragraph separators).
[[nodiscard]] bool IsUnicodeSpace(char32_t cp);
// What CleanText removes at both ends: whitespace plus invisible padding that pasted text carries
// (zero-width space, word joiner, byte order mark).
[[nodiscard]] bool IsTrimmable(char32_t cp);
// What never belongs inside a field value: C0, DEL, C1, bidirectional embeddings, overrides,
// isolates and marks, line/paragraph separators, invisible padding, interlinear annotation and
// noncharacters. Zero-width (non-)joiners are judged by their neighbours (see IsJoiner).
[[nodiscard]] bool IsForbiddenControl(char32_t cp);
// U+200C ZERO WIDTH NON-JOINER and U+200D ZERO WIDTH JOINER: needed inside Persian, Indic and
// emoji sequences, a spoofing tool next to Latin letters.
[[nodiscard]] bool IsJoiner(char32_t cp);

enum class CharClass {
  kLetter,  // a letter of any script (block-based)
  kMark,    // combining mark: valid only after a letter
  kDigit,   // a decimal digit of any major script
  kOther,   // punctuation, symbols, emoji, private use, ...
};
[[nodiscard]] CharClass Classify(char32_t cp);

[[nodiscard]] inline bool IsAsciiDigit(char32_t cp) { return cp >= '0' && cp <= '9'; }
[[nodiscard]] inline bool IsAsciiLetter(char32_t cp) {
  return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
}
[[nodiscard]] inline char ToAsciiUpper(char c) { return (c >= 'a' && c <= 'z') ? c - 32 : c; }
[[nodiscard]] inline char ToAsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }

// "U+00A0" for messages.
[[nodiscard]] std::string CodePointName(char32_t cp);
// "'@' (U+0040)", "a space (U+0020)", "U+1F600": names a character in a message.
[[nodiscard]] std::string DescribeCodePoint(char32_t cp);

}  // namespace capture::internal
