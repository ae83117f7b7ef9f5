// A small, tolerant HTML tokenizer for the form QA (R21): landing pages are real-world HTML, often
// broken, sometimes hostile. It never fails: every input gives tokens; work and memory are linear
// in the input and capped (kMaxHtmlBytes, kMaxHtmlTokens, kMaxHtmlAttributes). Character
// references are decoded in text and attribute values. Not an HTML5 tree builder: it yields the
// token stream (start tags, end tags, text, comments) with line numbers, which is what the lint
// rules need.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace capture {

inline constexpr std::size_t kMaxHtmlBytes = 2 << 20;  // 2 MiB: a landing page, not a site
inline constexpr std::size_t kMaxHtmlTokens = 200000;
inline constexpr std::size_t kMaxHtmlAttributes = 64;  // per tag; the rest are skipped

struct HtmlAttribute {
  std::string name;   // ASCII-lowercased
  std::string value;  // entities decoded; "" for a bare attribute
};

enum class HtmlTokenKind { kStartTag, kEndTag, kText, kComment, kDoctype };

struct HtmlToken {
  HtmlTokenKind kind = HtmlTokenKind::kText;
  std::string name;  // tag name, ASCII-lowercased; empty for text and comments
  std::vector<HtmlAttribute> attributes;
  bool self_closing = false;
  std::string text;      // decoded text (raw for script/style content and comments)
  std::size_t line = 1;  // 1-based line where the token starts

  [[nodiscard]] const HtmlAttribute* Find(std::string_view attribute) const;
  [[nodiscard]] bool Has(std::string_view attribute) const { return Find(attribute) != nullptr; }
  [[nodiscard]] std::string Get(std::string_view attribute) const;
};

struct HtmlTokens {
  std::vector<HtmlToken> tokens;
  bool truncated = false;  // input or token cap reached: the rest was not looked at
};

[[nodiscard]] HtmlTokens TokenizeHtml(std::string_view html);

// Decodes character references (&amp; &#39; &#x27; and the common named ones); unknown ones stay.
[[nodiscard]] std::string DecodeHtmlEntities(std::string_view text);

// Elements without an end tag (<input>, <br>, ...).
[[nodiscard]] bool IsVoidElement(std::string_view tag);

}  // namespace capture
