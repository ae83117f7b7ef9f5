// ParseJson: a strict RFC 8259 parser that builds the nlohmann tree directly and refuses what
// signed records must not carry: duplicate keys, nesting past the limit, invalid UTF-8 and lone
// surrogates, integers that would silently change. Its own rather than nlohmann's lexer and
// parser: it is iterative (no recursion however deep the input), it stops at the first byte that
// is wrong and names it, and the WebAssembly module then links neither nlohmann's parser nor the
// C library's strtod and printf it uses.
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "capture/encoding.h"
#include "capture/json.h"
#include "number_text.h"

namespace capture {
namespace {

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

int HexValue(char c) {
  if (IsDigit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void AppendUtf8(char32_t cp, std::string& out) {
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

// "'x'" for a printable byte, "U+000A" or "byte 0xC3" otherwise, for messages.
std::string Describe(char c) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  const auto byte = static_cast<unsigned char>(c);
  if (byte >= 0x20 && byte < 0x7F) return std::string("'") + c + "'";
  return std::string(byte < 0x80 ? "U+00" : "byte 0x") + kHex[byte >> 4] + kHex[byte & 0xF];
}

class Parser {
 public:
  Parser(std::string_view text, const JsonLimits& limits) : text_(text), limits_(limits) {}

  Result<Json> Run() {
    Json root;
    Json* slot = &root;  // where the next value goes
    while (!error_) {
      if (!Value(*slot)) break;
      slot = Next();
      if (slot == nullptr) break;
    }
    if (error_) return std::move(*error_);
    return root;
  }

 private:
  // Reads one value into `out`; an opened container is pushed on the stack and left empty.
  bool Value(Json& out) {
    SkipSpace();
    if (pos_ == text_.size()) return Syntax("the text ends where a value should start");
    const char c = text_[pos_];
    if (c == '{' || c == '[') {
      if (stack_.size() >= limits_.max_depth) {
        return Fail(MakeError(
            ErrorCode::kJsonTooDeep,
            "the JSON is nested deeper than " + std::to_string(limits_.max_depth) + " levels"));
      }
      out = c == '{' ? Json::object() : Json::array();
      stack_.push_back(&out);
      ++pos_;
      opened_ = true;
      return true;
    }
    if (c == '"') {
      std::string s;
      if (!String(s)) return false;
      out = std::move(s);
      return true;
    }
    if (c == '-' || IsDigit(c)) return Number(out);
    if (Literal("true")) {
      out = true;
    } else if (Literal("false")) {
      out = false;
    } else if (Literal("null")) {
      out = nullptr;
    } else {
      return Syntax("unexpected " + Describe(c) + " where a value should start");
    }
    return true;
  }

  // After a value (or an opening bracket): the slot of the next value, or null at the end or
  // after an error. Closes every container that ends here.
  Json* Next() {
    bool first = std::exchange(opened_, false);
    while (!stack_.empty()) {
      Json& parent = *stack_.back();
      const char close = parent.is_object() ? '}' : ']';
      SkipSpace();
      if (pos_ < text_.size() && text_[pos_] == close) {
        ++pos_;
        stack_.pop_back();
        first = false;
        continue;
      }
      if (!first) {
        if (pos_ == text_.size() || text_[pos_] != ',') {
          Syntax(pos_ == text_.size() ? std::string("the text ends inside ") + close
                                      : "expected ',' or '" + std::string(1, close) + "', not " +
                                            Describe(text_[pos_]));
          return nullptr;
        }
        ++pos_;
      }
      if (parent.is_array()) {
        auto* items = parent.get_ptr<Json::array_t*>();
        items->emplace_back();
        return &items->back();  // the parent's earlier items are all closed: nothing dangles
      }
      return Member(parent);
    }
    SkipSpace();
    if (pos_ != text_.size()) Syntax("unexpected " + Describe(text_[pos_]) + " after the value");
    return nullptr;
  }

  // A member name and its colon; the new member's slot.
  Json* Member(Json& object) {
    SkipSpace();
    if (pos_ == text_.size() || text_[pos_] != '"') {
      Syntax("expected a member name in double quotes");
      return nullptr;
    }
    std::string name;
    if (!String(name)) return nullptr;
    SkipSpace();
    if (pos_ == text_.size() || text_[pos_] != ':') {
      Syntax("expected ':' after a member name");
      return nullptr;
    }
    ++pos_;
    auto [it, inserted] = object.get_ptr<Json::object_t*>()->emplace(std::move(name), nullptr);
    if (!inserted) {
      Fail(MakeError(ErrorCode::kJsonDuplicateKey,
                     "the key \"" + it->first + "\" appears twice in one object", it->first));
      return nullptr;
    }
    return &it->second;
  }

  bool String(std::string& out) {
    ++pos_;  // the opening quote
    while (true) {
      const std::size_t run = pos_;
      while (pos_ < text_.size() && text_[pos_] != '"' && text_[pos_] != '\\' &&
             static_cast<unsigned char>(text_[pos_]) >= 0x20) {
        ++pos_;
      }
      const std::string_view chunk = text_.substr(run, pos_ - run);
      if (!IsValidUtf8(chunk)) return Utf8Error(run, "a string is not valid UTF-8");
      out += chunk;
      if (pos_ == text_.size()) return Syntax("the text ends inside a string");
      const char c = text_[pos_];
      if (c == '"') {
        ++pos_;
        return true;
      }
      if (c != '\\') return Syntax("a control character (" + Describe(c) + ") must be escaped");
      if (!Escape(out)) return false;
    }
  }

  bool Escape(std::string& out) {
    if (++pos_ == text_.size()) return Syntax("the text ends inside an escape");
    const char c = text_[pos_++];
    constexpr std::string_view kFrom = "\"\\/bfnrt";
    constexpr std::string_view kTo = "\"\\/\b\f\n\r\t";
    if (const auto at = kFrom.find(c); at != std::string_view::npos) {
      out += kTo[at];
      return true;
    }
    if (c != 'u') return Syntax("invalid escape \\" + std::string(1, c));
    char32_t cp = 0;
    if (!Hex4(&cp)) return false;
    if (cp >= 0xDC00 && cp <= 0xDFFF) return Utf8Error(pos_ - 6, "a lone low surrogate");
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      char32_t low = 0;
      if (text_.substr(pos_, 2) != "\\u") return Utf8Error(pos_ - 6, "a lone high surrogate");
      pos_ += 2;
      if (!Hex4(&low)) return false;
      if (low < 0xDC00 || low > 0xDFFF) return Utf8Error(pos_ - 6, "a lone high surrogate");
      cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
    }
    AppendUtf8(cp, out);
    return true;
  }

  bool Hex4(char32_t* cp) {
    for (int i = 0; i < 4; ++i, ++pos_) {
      const int digit = pos_ < text_.size() ? HexValue(text_[pos_]) : -1;
      if (digit < 0) return Syntax("\\u needs four hex digits");
      *cp = *cp * 16 + static_cast<char32_t>(digit);
    }
    return true;
  }

  bool Literal(std::string_view word) {
    if (text_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }

  bool Digits() {
    const std::size_t start = pos_;
    while (pos_ < text_.size() && IsDigit(text_[pos_])) ++pos_;
    return pos_ > start;
  }

  bool Number(Json& out);

  void SkipSpace() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' ||
                                   text_[pos_] == '\n' || text_[pos_] == '\r')) {
      ++pos_;
    }
  }
  // Positions count bytes read, the offending one included ("at byte 4" for "{} x").
  bool Syntax(const std::string& why) {
    return Fail(MakeError(ErrorCode::kJsonInvalid,
                          "invalid JSON at byte " + std::to_string(pos_ + 1) + ": " + why));
  }
  bool Utf8Error(std::size_t at, const std::string& why) {
    return Fail(MakeError(ErrorCode::kUtf8Invalid,
                          "invalid JSON at byte " + std::to_string(at + 1) + ": " + why));
  }
  bool Fail(Error error) {
    if (!error_) error_ = std::move(error);  // the first refusal is the cause; keep it
    return false;
  }

  std::string_view text_;
  const JsonLimits& limits_;
  std::size_t pos_ = 0;
  std::vector<Json*> stack_;
  bool opened_ = false;  // the last value was an opening bracket
  std::optional<Error> error_;
};

// Integers stay exact: non-negative ones as uint64, negative ones as int64 (as nlohmann reads
// them). Beyond 64 bits an integer becomes the double only when RFC 8785 writes that double with
// the integer's own digits (18446744073709552000); any other (18446744073709551617, or 2^64 spelled
// exactly) is refused, so the signed canonical text never states another integer than the one
// received. CanonicalJson applies the same rule to int64/uint64 (jcs.cc).
bool Parser::Number(Json& out) {
  const std::size_t start = pos_;
  const bool negative = text_[pos_] == '-';
  if (negative) ++pos_;
  if (pos_ < text_.size() && text_[pos_] == '0') {
    ++pos_;  // no leading zeros: "01" ends after the 0
  } else if (!Digits()) {
    return Syntax("a minus sign must be followed by digits");
  }
  bool integer = true;
  if (pos_ < text_.size() && text_[pos_] == '.') {
    integer = false;
    ++pos_;
    if (!Digits()) return Syntax("a decimal point must be followed by digits");
  }
  if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
    integer = false;
    if (++pos_ < text_.size() && (text_[pos_] == '+' || text_[pos_] == '-')) ++pos_;
    if (!Digits()) return Syntax("an exponent needs digits");
  }
  const std::string_view token = text_.substr(start, pos_ - start);
  if (integer) {
    std::uint64_t magnitude = 0;
    bool fits = true;
    for (const char c : token.substr(negative ? 1 : 0)) {
      const auto digit = static_cast<std::uint64_t>(c - '0');
      fits = fits && magnitude <= (UINT64_MAX - digit) / 10;
      magnitude = magnitude * 10 + digit;
    }
    if (fits && !negative) {
      out = magnitude;
      return true;
    }
    if (fits && magnitude <= std::uint64_t{1} << 63) {
      out = static_cast<std::int64_t>(0 - magnitude);  // 2^63 is INT64_MIN (C++20 wraps)
      return true;
    }
  }
  const double value = internal::ParseDecimalNumber(token);
  if (integer && FormatEcmaScriptNumber(value) != token) {
    return Fail(MakeError(ErrorCode::kJsonNumberInvalid,
                          "the integer " + std::string(token) +
                              " cannot be held exactly (not even as an IEEE 754 double); send it "
                              "as a string"));
  }
  if (!std::isfinite(value)) {
    return Fail(MakeError(ErrorCode::kJsonNumberInvalid,
                          "invalid JSON at byte " + std::to_string(pos_) + ": the number " +
                              std::string(token) + " is beyond the range of an IEEE 754 double"));
  }
  out = value;
  return true;
}

}  // namespace

Result<Json> ParseJson(std::string_view text, const JsonLimits& limits) {
  if (text.size() > limits.max_bytes) {
    return MakeError(ErrorCode::kJsonTooLarge, "the JSON is " + std::to_string(text.size()) +
                                                   " bytes, more than the limit of " +
                                                   std::to_string(limits.max_bytes));
  }
  // RFC 8259 section 8.1 lets a parser ignore a byte order mark; we refuse it so that one
  // document has one byte form.
  if (text.substr(0, kByteOrderMark.size()) == kByteOrderMark) {
    return MakeError(ErrorCode::kJsonInvalid,
                     "invalid JSON at byte 0: a byte order mark (U+FEFF) "
                     "is not allowed before the JSON text");
  }
  // No JSON text holds a raw NUL; naming it here says more than "unexpected byte".
  if (const auto nul = text.find('\0'); nul != std::string_view::npos) {
    return MakeError(ErrorCode::kJsonInvalid,
                     "invalid JSON at byte " + std::to_string(nul) + ": a NUL byte");
  }
  return Parser(text, limits).Run();
}

}  // namespace capture
