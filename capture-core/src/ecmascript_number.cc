// ECMAScript Number.prototype.toString for finite doubles (RFC 8785 section 3.2.2.3), and its
// inverse for the JSON parser. The WebAssembly build asks the engine instead
// (ecmascript_number_wasm.cc).
// The digits come from the C library (snprintf "%.*e" is exact and correctly rounded in glibc and
// in Emscripten's musl), not std::to_chars, which Emscripten 3.1.6's libc++ lacks for doubles.
// No decimal point is ever handed to strtod, so the result does not depend on the C locale.
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "capture/json.h"
#include "number_text.h"

namespace capture {
namespace {

// value = digits * 10^exponent, digits < 10^18 (at most 17 significant digits plus a carry).
struct Decimal {
  std::uint64_t digits = 0;
  int exponent = 0;
};

double ToDouble(const Decimal& d) {
  char text[48];
  std::snprintf(text, sizeof text, "%llue%d", static_cast<unsigned long long>(d.digits),
                d.exponent);
  return std::strtod(text, nullptr);
}

// `value` correctly rounded to `precision` significant digits.
Decimal Rounded(double value, int precision) {
  char text[48];
  std::snprintf(text, sizeof text, "%.*e", precision - 1, value);
  Decimal d;
  const char* p = text;
  for (; *p != '\0' && *p != 'e'; ++p) {
    if (*p >= '0' && *p <= '9') d.digits = d.digits * 10 + static_cast<std::uint64_t>(*p - '0');
  }
  d.exponent = (*p == 'e' ? std::atoi(p + 1) : 0) - (precision - 1);
  return d;
}

// The fewest significant digits that read back as `value` (ECMAScript's k as small as possible);
// among those, the closest to `value`.
//
// Away from powers of two the interval of decimals that read back as `value` is symmetric, so the
// correctly rounded candidate is the closest one and, once it reads back at some precision, it does
// at every higher precision: a binary search over 1..17 finds the shortest in about five steps.
// At a power of two the interval is half as wide below as above: the closest candidate may miss
// while the other neighbour (above) reads back, and more digits can stop reading back for the
// same reason. There every precision is tried in order, with both neighbours.
Decimal Shortest(double value) {
  constexpr std::uint64_t kFractionMask = (std::uint64_t{1} << 52) - 1;
  // memcpy, not std::bit_cast: Emscripten 3.1.6's libc++ has no bit_cast.
  std::uint64_t bits = 0;
  std::memcpy(&bits, &value, sizeof bits);
  if ((bits & kFractionMask) != 0) {
    int low = 1;
    int high = 17;  // 17 significant digits always identify a double
    while (low < high) {
      const int mid = (low + high) / 2;
      if (ToDouble(Rounded(value, mid)) == value) {
        high = mid;
      } else {
        low = mid + 1;
      }
    }
    return Rounded(value, low);
  }
  for (int precision = 1; precision < 17; ++precision) {
    const Decimal closest = Rounded(value, precision);
    const double back = ToDouble(closest);
    if (back == value) return closest;
    Decimal other = closest;
    other.digits = back < value ? other.digits + 1 : other.digits - 1;
    if (other.digits != 0 && ToDouble(other) == value) return other;
  }
  return Rounded(value, 17);
}

std::string Layout(std::string digits, int n) {
  // ECMAScript: value = 0.digits * 10^n, k = number of digits.
  const int k = static_cast<int>(digits.size());
  if (k <= n && n <= 21) return digits + std::string(static_cast<std::size_t>(n - k), '0');
  if (0 < n && n <= 21) {
    return digits.substr(0, static_cast<std::size_t>(n)) + "." +
           digits.substr(static_cast<std::size_t>(n));
  }
  if (-6 < n && n <= 0) return "0." + std::string(static_cast<std::size_t>(-n), '0') + digits;
  const int e = n - 1;
  std::string out(1, digits[0]);
  if (k > 1) out += "." + digits.substr(1);
  out += e < 0 ? "e-" : "e+";
  out += std::to_string(e < 0 ? -e : e);
  return out;
}

// The sign of the decimal exponent of a number's leading digit: positive means too large for a
// double, otherwise too small (from_chars says only "out of range").
bool IsHuge(std::string_view token) {
  long magnitude = 0;
  std::size_t i = token[0] == '-' ? 1 : 0;
  bool seen_nonzero = false;
  bool after_point = false;
  for (; i < token.size() && token[i] != 'e' && token[i] != 'E'; ++i) {
    if (token[i] == '.') {
      after_point = true;
    } else if (!seen_nonzero && token[i] == '0') {
      if (after_point) --magnitude;
    } else {
      seen_nonzero = true;
      if (!after_point) ++magnitude;
    }
  }
  if (!seen_nonzero) return false;
  long exponent = 0;
  bool negative = false;
  if (i < token.size()) {
    ++i;
    negative = i < token.size() && token[i] == '-';
    if (i < token.size() && (token[i] == '-' || token[i] == '+')) ++i;
    for (; i < token.size() && exponent < 100'000; ++i) exponent = exponent * 10 + (token[i] - '0');
  }
  return magnitude + (negative ? -exponent : exponent) > 0;
}

}  // namespace

namespace internal {

double ParseDecimalNumber(std::string_view token) {
  double value = 0;
  const auto [end, error] = std::from_chars(token.data(), token.data() + token.size(), value);
  if (error == std::errc::result_out_of_range) {
    const double sign = token[0] == '-' ? -1.0 : 1.0;
    return IsHuge(token) ? sign * HUGE_VAL : sign * 0.0;
  }
  return value;
}

}  // namespace internal

std::string FormatEcmaScriptNumber(double value) {
  if (value == 0) return "0";  // also -0
  // As ECMAScript prints them; CanonicalJson refuses these before it gets here.
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value < 0 ? "-Infinity" : "Infinity";
  const bool negative = value < 0;
  Decimal d = Shortest(negative ? -value : value);
  while (d.digits % 10 == 0) {
    d.digits /= 10;
    ++d.exponent;
  }
  std::string digits = std::to_string(d.digits);
  const int n = d.exponent + static_cast<int>(digits.size());
  return (negative ? "-" : "") + Layout(std::move(digits), n);
}

}  // namespace capture
