// JsonText: readable JSON for answers and reports (the WebAssembly module's answers, the QA
// report). The layout is nlohmann's dump() (members in the tree's byte order, compact or indented
// by `indent` spaces), but numbers are written in their ECMAScript form and an invalid UTF-8
// sequence becomes U+FFFD, exactly where dump() with error_handler_t::replace puts it. Written
// here rather than through dump() so that the module links neither nlohmann's serializer nor the
// C library's printf family. Never fails; what is signed goes through CanonicalJson instead.
#include <cmath>
#include <cstdint>
#include <string>

#include "capture/json.h"

namespace capture {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

bool InRange(unsigned char byte, unsigned char low, unsigned char high) {
  return byte >= low && byte <= high;
}

// The length of the well-formed UTF-8 sequence at text[i], or 0 when there is none; then
// *skip is the maximal subpart to replace by one U+FFFD (at least one byte: the lead).
std::size_t SequenceAt(std::string_view text, std::size_t i, std::size_t* skip) {
  const auto lead = static_cast<unsigned char>(text[i]);
  if (lead < 0x80) return 1;
  std::size_t need = 0;
  unsigned char low = 0x80;
  unsigned char high = 0xBF;
  if (InRange(lead, 0xC2, 0xDF)) {
    need = 1;
  } else if (InRange(lead, 0xE0, 0xEF)) {
    need = 2;
    if (lead == 0xE0) low = 0xA0;   // no overlongs
    if (lead == 0xED) high = 0x9F;  // no surrogates
  } else if (InRange(lead, 0xF0, 0xF4)) {
    need = 3;
    if (lead == 0xF0) low = 0x90;   // no overlongs
    if (lead == 0xF4) high = 0x8F;  // nothing above U+10FFFF
  }
  *skip = 1;
  if (need == 0) return 0;
  for (std::size_t j = 1; j <= need; ++j) {
    if (i + j >= text.size()) return 0;
    if (!InRange(static_cast<unsigned char>(text[i + j]), low, high)) return 0;
    low = 0x80;
    high = 0xBF;
    *skip = j + 1;
  }
  return need + 1;
}

void AppendIndent(int indent, int depth, std::string& out) {
  if (indent < 0) return;
  out += '\n';
  out.append(static_cast<std::size_t>(indent) * static_cast<std::size_t>(depth), ' ');
}

void Append(const Json& value, int indent, int depth, std::string& out) {
  switch (value.type()) {
    case Json::value_t::boolean:
      out += *value.get_ptr<const bool*>() ? "true" : "false";
      return;
    case Json::value_t::string:
      AppendJsonString(*value.get_ptr<const std::string*>(), out);
      return;
    case Json::value_t::number_integer:
      out += std::to_string(*value.get_ptr<const std::int64_t*>());
      return;
    case Json::value_t::number_unsigned:
      out += std::to_string(*value.get_ptr<const std::uint64_t*>());
      return;
    case Json::value_t::number_float: {
      const double v = *value.get_ptr<const double*>();
      out += std::isfinite(v) ? FormatEcmaScriptNumber(v) : "null";  // as dump() writes NaN
      return;
    }
    case Json::value_t::array: {
      const auto& items = *value.get_ptr<const Json::array_t*>();
      if (items.empty()) {
        out += "[]";
        return;
      }
      out += '[';
      for (std::size_t i = 0; i < items.size(); ++i) {
        if (i > 0) out += ',';
        AppendIndent(indent, depth + 1, out);
        Append(items[i], indent, depth + 1, out);
      }
      AppendIndent(indent, depth, out);
      out += ']';
      return;
    }
    case Json::value_t::object: {
      const auto& members = *value.get_ptr<const Json::object_t*>();
      if (members.empty()) {
        out += "{}";
        return;
      }
      out += '{';
      bool first = true;
      for (const auto& [key, member] : members) {
        if (!first) out += ',';
        first = false;
        AppendIndent(indent, depth + 1, out);
        AppendJsonString(key, out);
        out += indent < 0 ? ":" : ": ";
        Append(member, indent, depth + 1, out);
      }
      AppendIndent(indent, depth, out);
      out += '}';
      return;
    }
    case Json::value_t::null:
    case Json::value_t::binary:
    case Json::value_t::discarded:
      break;
  }
  out += "null";
}

}  // namespace

void AppendJsonString(std::string_view text, std::string& out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  for (std::size_t i = 0; i < text.size();) {
    // A run of printable ASCII other than the quote and the backslash needs neither an escape
    // nor a UTF-8 check: copied at once (a lead's consent text is mostly that).
    std::size_t run = i;
    while (run < text.size()) {
      const auto byte = static_cast<unsigned char>(text[run]);
      if (byte < 0x20 || byte >= 0x80 || byte == '"' || byte == '\\') break;
      ++run;
    }
    if (run > i) {
      out.append(text.data() + i, run - i);
      i = run;
      continue;
    }
    std::size_t skip = 0;
    const std::size_t length = SequenceAt(text, i, &skip);
    if (length == 0) {
      out += kReplacement;
      i += skip;
      continue;
    }
    if (length > 1) {
      out.append(text, i, length);
      i += length;
      continue;
    }
    const char c = text[i++];
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += "\\u00";
          out += kHex[static_cast<unsigned char>(c) >> 4];
          out += kHex[c & 0xF];
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

std::string JsonText(const Json& value, int indent) {
  std::string out;
  Append(value, indent, 0, out);
  return out;
}

}  // namespace capture
