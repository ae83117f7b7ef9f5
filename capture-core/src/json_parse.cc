// ParseJson: nlohmann's lexer and parser (exceptions off) driving our own SAX handler, which builds
// the tree and refuses what nlohmann would accept but signed records must not carry: duplicate
// keys (nlohmann keeps the last), nesting past the limit, integers it would silently round.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "capture/json.h"

namespace capture {
namespace {

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

// True for an integer literal (no fraction, no exponent) that RFC 8785 writes back with the same
// digits. nlohmann hands integers beyond 64 bits to number_float already rounded to a double; one
// whose digits that double does not reproduce (18446744073709551617, or 2^64 spelled exactly as
// 18446744073709551616, which JCS writes as 18446744073709552000) is refused, so the signed
// canonical text never states another integer than the one received. The rule is the one
// CanonicalJson applies to int64/uint64 (see jcs.cc) and every canonical output satisfies it.
bool IntegerLiteralSurvives(double value, const std::string& literal) {
  return FormatEcmaScriptNumber(value) == literal;
}

class TreeBuilder {
 public:
  TreeBuilder(Json& root, const JsonLimits& limits) : root_(root), limits_(limits) {}

  bool null() { return Put(nullptr); }
  bool boolean(bool value) { return Put(value); }
  bool number_integer(std::int64_t value) { return Put(value); }
  bool number_unsigned(std::uint64_t value) { return Put(value); }
  bool number_float(double value, const std::string& literal) {
    // nlohmann refuses non-finite results itself (error 406); this handles a 65+ bit integer.
    if (literal.find_first_of(".eE") == std::string::npos &&
        !IntegerLiteralSurvives(value, literal)) {
      return Fail(
          MakeError(ErrorCode::kJsonNumberInvalid, "the integer " + literal +
                                                       " cannot be held exactly (not even as an "
                                                       "IEEE 754 double); send it as a string"));
    }
    return Put(value);
  }
  bool string(std::string& value) { return Put(std::move(value)); }
  bool binary(Json::binary_t& /*value*/) { return false; }  // only binary formats produce these

  bool start_object(std::size_t /*size*/) { return Open(Json::object()); }
  bool start_array(std::size_t /*size*/) { return Open(Json::array()); }
  bool end_object() { return Close(); }
  bool end_array() { return Close(); }

  bool key(std::string& name) {
    auto* members = stack_.back()->get_ptr<Json::object_t*>();
    auto [it, inserted] = members->emplace(std::move(name), nullptr);
    if (!inserted) {
      return Fail(MakeError(ErrorCode::kJsonDuplicateKey,
                            "the key \"" + it->first + "\" appears twice in one object",
                            it->first));
    }
    member_ = &it->second;
    return true;
  }

  template <class Exception>
  bool parse_error(std::size_t position, const std::string& /*token*/, const Exception& ex) {
    std::string what = ex.what();
    // "[json.exception.parse_error.101] parse error at line 1, column 2: ..." -> the part after
    // ']'.
    if (const auto bracket = what.find("] "); bracket != std::string::npos) {
      what.erase(0, bracket + 2);
    }
    ErrorCode code = ErrorCode::kJsonInvalid;
    if (ex.id == 406) {
      code = ErrorCode::kJsonNumberInvalid;  // "number overflow": 1e400 is not a finite double
    } else if (what.find("ill-formed UTF-8") != std::string::npos ||
               what.find("surrogate U+") != std::string::npos) {
      code = ErrorCode::kUtf8Invalid;
    }
    return Fail(MakeError(code, "invalid JSON at byte " + std::to_string(position) + ": " + what));
  }

  bool failed() const { return error_.has_value(); }
  Error TakeError() { return std::move(*error_); }

 private:
  template <class Value>
  Json* Place(Value&& value) {
    if (stack_.empty()) {
      root_ = Json(std::forward<Value>(value));
      return &root_;
    }
    Json* parent = stack_.back();
    if (parent->is_array()) {
      auto* items = parent->get_ptr<Json::array_t*>();
      items->emplace_back(std::forward<Value>(value));
      return &items->back();
    }
    *member_ = Json(std::forward<Value>(value));
    return member_;
  }
  template <class Value>
  bool Put(Value&& value) {
    Place(std::forward<Value>(value));
    return true;
  }
  bool Open(Json&& container) {
    if (stack_.size() >= limits_.max_depth) {
      return Fail(MakeError(
          ErrorCode::kJsonTooDeep,
          "the JSON is nested deeper than " + std::to_string(limits_.max_depth) + " levels"));
    }
    // A parent array does not grow while this child is open, so the pointer stays valid.
    stack_.push_back(Place(std::move(container)));
    return true;
  }
  bool Close() {
    stack_.pop_back();
    return true;
  }
  bool Fail(Error error) {
    if (!error_) error_ = std::move(error);  // the first refusal is the cause; keep it
    return false;
  }

  Json& root_;
  const JsonLimits& limits_;
  std::vector<Json*> stack_;
  Json* member_ = nullptr;
  std::optional<Error> error_;
};

}  // namespace

Result<Json> ParseJson(std::string_view text, const JsonLimits& limits) {
  if (text.size() > limits.max_bytes) {
    return MakeError(ErrorCode::kJsonTooLarge, "the JSON is " + std::to_string(text.size()) +
                                                   " bytes, more than the limit of " +
                                                   std::to_string(limits.max_bytes));
  }
  // RFC 8259 section 8.1 lets a parser ignore a byte order mark, and nlohmann skips it silently;
  // we refuse it so that one document has one byte form.
  if (text.substr(0, kByteOrderMark.size()) == kByteOrderMark) {
    return MakeError(ErrorCode::kJsonInvalid,
                     "invalid JSON at byte 0: a byte order mark (U+FEFF) "
                     "is not allowed before the JSON text");
  }
  // nlohmann's lexer takes a NUL byte for the end of the input and would ignore whatever follows
  // it ("{}\0anything" parses as {}). No JSON text holds a raw NUL, so refuse it here.
  if (const auto nul = text.find('\0'); nul != std::string_view::npos) {
    return MakeError(ErrorCode::kJsonInvalid,
                     "invalid JSON at byte " + std::to_string(nul) + ": a NUL byte");
  }
  Json root;
  TreeBuilder builder(root, limits);
  const bool ok = Json::sax_parse(text.begin(), text.end(), &builder, Json::input_format_t::json,
                                  /*strict=*/true, /*ignore_comments=*/false);
  if (builder.failed()) return builder.TakeError();
  if (!ok) return MakeError(ErrorCode::kJsonInvalid, "invalid JSON");  // not expected: no reason
  return root;
}

}  // namespace capture
