// RFC 8785 (JCS) canonical serialisation of a nlohmann::json tree: members sorted by the UTF-16
// code units of their names, minimal string escapes, numbers as ECMAScript prints them.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "capture/encoding.h"
#include "capture/json.h"

namespace capture {
namespace {

// UTF-16 code units of valid UTF-8. Sorting by these, not by UTF-8 bytes, matters only for
// characters above U+FFFF (surrogates 0xD800..) against U+E000..U+FFFF, where the orders differ.
std::u16string ToUtf16(std::string_view utf8) {
  std::u16string out;
  for (std::size_t i = 0; i < utf8.size();) {
    const auto lead = static_cast<unsigned char>(utf8[i]);
    const std::size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    char32_t cp = length == 1 ? lead : lead & (0x7F >> length);
    for (std::size_t j = 1; j < length; ++j) cp = (cp << 6) | (utf8[i + j] & 0x3F);
    i += length;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      out.push_back(static_cast<char16_t>(0xD800 + (cp >> 10)));
      out.push_back(static_cast<char16_t>(0xDC00 + (cp & 0x3FF)));
    } else {
      out.push_back(static_cast<char16_t>(cp));
    }
  }
  return out;
}

Status WriteString(std::string_view text, std::string& out) {
  if (!IsValidUtf8(text)) {
    return MakeError(ErrorCode::kUtf8Invalid, "a JSON string is not valid UTF-8");
  }
  // RFC 8785 3.2.2.2 escapes as ECMAScript's JSON.stringify: the two-character forms for the
  // quote, the backslash, \b, \t, \n, \f and \r, \u00xx (lower-case hex) for the other
  // controls, everything else as is (U+007F and U+2028 included). The readable writer escapes
  // exactly so, and on valid UTF-8 it replaces nothing.
  AppendJsonString(text, out);
  return OkStatus();
}

// RFC 8785 treats every number as an IEEE 754 double (a JavaScript verifier parses it as one),
// while nlohmann keeps integers as int64/uint64. An integer is written only when the double's
// ECMAScript form has the integer's own digits: always up to 2^53, beyond that only for the
// integers that are themselves the shortest form of a double (1152921504606847000). Any other is
// refused, not rounded: 2^53 + 1 would be signed as 9007199254740992, and even 2^60, which a
// double holds exactly, would be signed as 1152921504606847000, so an integer reader (Go, Python)
// would read another number than the author wrote. Outputs always pass this test again when
// parsed, which keeps canon(parse(canon(x))) == canon(x).
Status WriteInteger(std::uint64_t magnitude, bool negative, std::string& out) {
  if (magnitude <= (std::uint64_t{1} << 53)) {
    // Every such integer is a double exactly, and no shorter digit string names the same
    // double, so its ECMAScript form is its own digits: written without the round trip below.
    char digits[24];
    char* end = digits;
    if (negative) *end++ = '-';
    end = std::to_chars(end, digits + sizeof digits, magnitude).ptr;
    out.append(digits, end);
    return OkStatus();
  }
  const std::string digits = (negative ? "-" : "") + std::to_string(magnitude);
  const double value = static_cast<double>(magnitude);
  std::string text = FormatEcmaScriptNumber(negative ? -value : value);
  if (text != digits) {
    return MakeError(ErrorCode::kJsonNumberInvalid,
                     "the integer " + digits + " would be written as " + text +
                         " (RFC 8785 numbers are IEEE 754 doubles); send it as a string");
  }
  out += text;
  return OkStatus();
}

Status Write(const Json& value, std::string& out);

// True when no name holds a character at or above U+E000 (UTF-8 lead byte 0xEE or more): then
// the map's own order (bytes, which is code points) is the order of UTF-16 code units too, which
// differ only between U+E000..U+FFFF and the surrogates of the characters above U+FFFF.
static_assert(std::is_same_v<Json::object_comparator_t, std::less<>>,
              "WriteObject relies on the members being ordered by their bytes");
bool MapOrderIsUtf16Order(const Json::object_t& members) {
  for (const auto& member : members) {
    for (const char c : member.first) {
      if (static_cast<unsigned char>(c) >= 0xEE) return false;
    }
  }
  return true;
}

Status WriteObject(const Json::object_t& members, std::string& out) {
  if (MapOrderIsUtf16Order(members)) {
    out += '{';
    bool first = true;
    for (const auto& [name, value] : members) {
      if (!first) out += ',';
      first = false;
      CAPTURE_RETURN_IF_ERROR(WriteString(name, out));  // checks the name's UTF-8 too
      out += ':';
      CAPTURE_RETURN_IF_ERROR(Write(value, out));
    }
    out += '}';
    return OkStatus();
  }
  std::vector<std::pair<std::u16string, const Json::object_t::value_type*>> sorted;
  sorted.reserve(members.size());
  for (const auto& member : members) {
    if (!IsValidUtf8(member.first)) {
      return MakeError(ErrorCode::kUtf8Invalid, "a JSON member name is not valid UTF-8");
    }
    sorted.emplace_back(ToUtf16(member.first), &member);
  }
  std::sort(sorted.begin(), sorted.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  out += '{';
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    if (i > 0) out += ',';
    CAPTURE_RETURN_IF_ERROR(WriteString(sorted[i].second->first, out));
    out += ':';
    CAPTURE_RETURN_IF_ERROR(Write(sorted[i].second->second, out));
  }
  out += '}';
  return OkStatus();
}

Status Write(const Json& value, std::string& out) {
  switch (value.type()) {
    case Json::value_t::null:
      out += "null";
      return OkStatus();
    case Json::value_t::boolean:
      out += *value.get_ptr<const bool*>() ? "true" : "false";
      return OkStatus();
    case Json::value_t::string:
      return WriteString(*value.get_ptr<const std::string*>(), out);
    case Json::value_t::number_integer: {
      const std::int64_t v = *value.get_ptr<const std::int64_t*>();
      const std::uint64_t magnitude = v < 0 ? 0 - static_cast<std::uint64_t>(v) : v;
      return WriteInteger(magnitude, v < 0, out);
    }
    case Json::value_t::number_unsigned:
      return WriteInteger(*value.get_ptr<const std::uint64_t*>(), false, out);
    case Json::value_t::number_float: {
      const double v = *value.get_ptr<const double*>();
      if (!std::isfinite(v)) {
        return MakeError(ErrorCode::kJsonNumberInvalid, "NaN and Infinity have no JSON form");
      }
      out += FormatEcmaScriptNumber(v);
      return OkStatus();
    }
    case Json::value_t::array: {
      out += '[';
      bool first = true;
      for (const auto& item : *value.get_ptr<const Json::array_t*>()) {
        if (!first) out += ',';
        first = false;
        CAPTURE_RETURN_IF_ERROR(Write(item, out));
      }
      out += ']';
      return OkStatus();
    }
    case Json::value_t::object:
      return WriteObject(*value.get_ptr<const Json::object_t*>(), out);
    case Json::value_t::binary:
    case Json::value_t::discarded:
      break;
  }
  return MakeError(ErrorCode::kJsonWrongType,
                   std::string("a ") + value.type_name() + " value has no JSON text form");
}

}  // namespace

Result<std::string> CanonicalJson(const Json& value) {
  std::string out;
  CAPTURE_RETURN_IF_ERROR(Write(value, out));
  return out;
}

Result<std::string> Canonicalize(std::string_view text, const JsonLimits& limits) {
  CAPTURE_ASSIGN_OR_RETURN(const Json parsed, ParseJson(text, limits));
  return CanonicalJson(parsed);
}

}  // namespace capture
