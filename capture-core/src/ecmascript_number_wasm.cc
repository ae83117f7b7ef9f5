// The WebAssembly build's number text (this file replaces ecmascript_number.cc there). RFC 8785
// defines a number's canonical form as ECMAScript's Number::toString, and the module always runs
// inside an ECMAScript engine, so it asks the engine: String(value) is the reference itself and
// Number(text) reads decimal text correctly rounded. The native build computes the same digits
// in C++; tests/vectors/jcs/numbers.tsv (18,000 doubles, printed by node) holds both to it. With
// the JSON parser's own lexer (json_parse.cc) the module thus links no strtod and no printf.
#include <emscripten/emscripten.h>

#include <string>

#include "capture/json.h"
#include "number_text.h"

// clang-format off
EM_JS(int, capture_number_text, (double value, char* out, int capacity), {
  return stringToUTF8(String(value), out, capacity);
});
EM_JS(double, capture_number_value, (const char* text, int length), {
  return Number(UTF8ToString(text, length));
});
// clang-format on

namespace capture {

double internal::ParseDecimalNumber(std::string_view token) {
  return capture_number_value(token.data(), static_cast<int>(token.size()));
}

std::string FormatEcmaScriptNumber(double value) {
  char text[32];  // the longest form, "-2.2250738585072014e-308", has 24 bytes
  const int length = capture_number_text(value, text, sizeof text);
  return std::string(text, static_cast<std::size_t>(length));
}

}  // namespace capture
