// The tolerant HTML tokenizer (see html_tokenizer.h). One left-to-right pass: every search moves
// the cursor forward, so the work is linear in the input whatever it holds.
#include "capture/html_tokenizer.h"

#include <array>
#include <string_view>

namespace capture {
namespace {

using namespace std::string_view_literals;

constexpr std::array kVoid = {"area"sv,  "base"sv, "br"sv,   "col"sv,    "embed"sv, "hr"sv, "img"sv,
                              "input"sv, "link"sv, "meta"sv, "source"sv, "track"sv, "wbr"sv};

bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

class Tokenizer {
 public:
  explicit Tokenizer(std::string_view html) : in_(html.substr(0, kMaxHtmlBytes)) {
    out_.truncated = html.size() > kMaxHtmlBytes;
  }

  HtmlTokens Run() {
    std::size_t text_start = 0;
    while (pos_ < in_.size()) {
      if (out_.tokens.size() >= kMaxHtmlTokens) {
        out_.truncated = true;
        return std::move(out_);
      }
      if (in_[pos_] != '<' || pos_ + 1 >= in_.size()) {
        ++pos_;
        continue;
      }
      const char next = in_[pos_ + 1];
      const bool tag_like = IsAsciiAlpha(next) || next == '/' || next == '!' || next == '?';
      if (!tag_like) {
        ++pos_;
        continue;
      }
      EmitText(text_start, pos_);
      if (IsAsciiAlpha(next)) {
        StartTag();
      } else if (next == '/') {
        EndTag();
      } else {
        Markup();
      }
      text_start = pos_;
    }
    EmitText(text_start, in_.size());
    return std::move(out_);
  }

 private:
  // The line of byte `at`, counted forward from the last position asked (positions only grow).
  std::size_t LineAt(std::size_t at) {
    for (; counted_ < at && counted_ < in_.size(); ++counted_) {
      if (in_[counted_] == '\n') ++line_;
    }
    return line_;
  }

  void EmitText(std::size_t from, std::size_t to) {
    if (to <= from) return;
    HtmlToken t;
    t.kind = HtmlTokenKind::kText;
    t.line = LineAt(from);
    t.text = DecodeHtmlEntities(in_.substr(from, to - from));
    out_.tokens.push_back(std::move(t));
  }

  std::string ReadName() {
    std::string name;
    while (pos_ < in_.size() && !IsSpace(in_[pos_]) && in_[pos_] != '>' && in_[pos_] != '/') {
      name += Lower(in_[pos_++]);
    }
    return name;
  }

  void SkipSpace() {
    while (pos_ < in_.size() && IsSpace(in_[pos_])) ++pos_;
  }

  void StartTag() {
    HtmlToken t;
    t.kind = HtmlTokenKind::kStartTag;
    t.line = LineAt(pos_);
    ++pos_;  // '<'
    t.name = ReadName();
    ReadAttributes(t);
    const std::string name = t.name;
    const bool self_closing = t.self_closing;
    out_.tokens.push_back(std::move(t));
    if (self_closing) return;
    if (name == "script" || name == "style") {
      RawText(name, false);
    } else if (name == "textarea" || name == "title") {
      RawText(name, true);
    }
  }

  void ReadAttributes(HtmlToken& t) {
    while (pos_ < in_.size()) {
      SkipSpace();
      if (pos_ >= in_.size()) return;
      if (in_[pos_] == '>') {
        ++pos_;
        return;
      }
      if (in_[pos_] == '/') {
        ++pos_;
        if (pos_ < in_.size() && in_[pos_] == '>') {
          t.self_closing = true;
          ++pos_;
          return;
        }
        continue;
      }
      HtmlAttribute a;
      // The first character may be '=' (a malformed name), so a name is never empty.
      do {
        a.name += Lower(in_[pos_++]);
      } while (pos_ < in_.size() && !IsSpace(in_[pos_]) && in_[pos_] != '>' && in_[pos_] != '/' &&
               in_[pos_] != '=');
      SkipSpace();
      if (pos_ < in_.size() && in_[pos_] == '=') {
        ++pos_;
        SkipSpace();
        a.value = DecodeHtmlEntities(ReadValue());
      }
      if (t.attributes.size() < kMaxHtmlAttributes && !t.Has(a.name)) {
        t.attributes.push_back(std::move(a));  // the first of duplicates wins, as in browsers
      }
    }
  }

  std::string_view ReadValue() {
    if (pos_ >= in_.size()) return {};
    const char quote = in_[pos_];
    if (quote == '"' || quote == '\'') {
      const std::size_t start = ++pos_;
      const std::size_t end = in_.find(quote, start);
      pos_ = end == std::string_view::npos ? in_.size() : end + 1;
      return in_.substr(start, (end == std::string_view::npos ? in_.size() : end) - start);
    }
    const std::size_t start = pos_;
    while (pos_ < in_.size() && !IsSpace(in_[pos_]) && in_[pos_] != '>') ++pos_;
    return in_.substr(start, pos_ - start);
  }

  // Content of script/style (raw) or textarea/title (entities decoded) up to its end tag.
  void RawText(const std::string& name, bool decode) {
    const std::size_t start = pos_;
    std::size_t end = in_.size();
    for (std::size_t at = in_.find("</", pos_); at != std::string_view::npos;
         at = in_.find("</", at + 2)) {
      bool match = at + 2 + name.size() <= in_.size();
      for (std::size_t i = 0; match && i < name.size(); ++i) {
        match = Lower(in_[at + 2 + i]) == name[i];
      }
      const std::size_t after = at + 2 + name.size();
      if (match &&
          (after >= in_.size() || IsSpace(in_[after]) || in_[after] == '>' || in_[after] == '/')) {
        end = at;
        break;
      }
    }
    pos_ = end;
    if (end > start) {
      HtmlToken t;
      t.kind = HtmlTokenKind::kText;
      t.line = LineAt(start);
      const std::string_view raw = in_.substr(start, end - start);
      t.text = decode ? DecodeHtmlEntities(raw) : std::string(raw);
      out_.tokens.push_back(std::move(t));
    }
  }

  void EndTag() {
    HtmlToken t;
    t.kind = HtmlTokenKind::kEndTag;
    t.line = LineAt(pos_);
    pos_ += 2;  // "</"
    t.name = ReadName();
    const std::size_t close = in_.find('>', pos_);
    pos_ = close == std::string_view::npos ? in_.size() : close + 1;
    if (!t.name.empty()) out_.tokens.push_back(std::move(t));
  }

  // <!-- comment -->, <!doctype ...>, and bogus comments (<!x>, <?x>).
  void Markup() {
    HtmlToken t;
    t.line = LineAt(pos_);
    t.kind = HtmlTokenKind::kComment;
    if (in_.substr(pos_, 4) == "<!--") {
      const std::size_t end = in_.find("-->", pos_ + 4);
      const std::size_t stop = end == std::string_view::npos ? in_.size() : end;
      t.text = std::string(in_.substr(pos_ + 4, stop - (pos_ + 4)));
      pos_ = end == std::string_view::npos ? in_.size() : end + 3;
    } else {
      const std::size_t end = in_.find('>', pos_ + 2);
      const std::size_t stop = end == std::string_view::npos ? in_.size() : end;
      t.text = std::string(in_.substr(pos_ + 2, stop - (pos_ + 2)));
      std::string head;
      for (std::size_t i = 0; i < t.text.size() && i < 7; ++i) head += Lower(t.text[i]);
      if (head == "doctype") t.kind = HtmlTokenKind::kDoctype;
      pos_ = end == std::string_view::npos ? in_.size() : end + 1;
    }
    out_.tokens.push_back(std::move(t));
  }

  std::string_view in_;
  std::size_t pos_ = 0;
  std::size_t counted_ = 0;
  std::size_t line_ = 1;
  HtmlTokens out_;
};

}  // namespace

const HtmlAttribute* HtmlToken::Find(std::string_view attribute) const {
  for (const auto& a : attributes) {
    if (a.name == attribute) return &a;
  }
  return nullptr;
}

std::string HtmlToken::Get(std::string_view attribute) const {
  const HtmlAttribute* a = Find(attribute);
  return a ? a->value : std::string();
}

bool IsVoidElement(std::string_view tag) {
  for (auto v : kVoid) {
    if (v == tag) return true;
  }
  return false;
}

HtmlTokens TokenizeHtml(std::string_view html) { return Tokenizer(html).Run(); }

}  // namespace capture
