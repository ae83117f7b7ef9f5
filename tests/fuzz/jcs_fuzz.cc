// Fuzzes ParseJson and CanonicalJson with the property canon(parse(canon(x))) == canon(x) for
// every input that parses and canonicalises, and checks that every number the formatter prints
// reads back as the same double. Any violation aborts, which libFuzzer reports as a crash.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include "capture/json.h"

namespace {

[[noreturn]] void Violation(const char* what, std::string_view detail) {
  std::fprintf(stderr, "jcs_fuzz: %s: %.*s\n", what, static_cast<int>(detail.size()),
               detail.data());
  std::abort();
}

void CheckCanonicalFixedPoint(std::string_view text) {
  const auto parsed = capture::ParseJson(text);
  if (!parsed.ok()) return;
  const auto canonical = capture::CanonicalJson(*parsed);
  if (!canonical.ok()) return;  // e.g. an integer beyond 2^53 that a double cannot hold
  const auto reparsed = capture::ParseJson(*canonical);
  if (!reparsed.ok()) Violation("canonical output does not parse", reparsed.error().message);
  const auto again = capture::CanonicalJson(*reparsed);
  if (!again.ok()) Violation("canonical output does not canonicalise", again.error().message);
  if (*again != *canonical) Violation("canon(parse(canon(x))) != canon(x)", *canonical);
}

void CheckNumberRoundTrip(const std::uint8_t* data, std::size_t size) {
  if (size < sizeof(double)) return;
  double value = 0;
  std::memcpy(&value, data, sizeof value);
  if (!std::isfinite(value)) return;
  const std::string text = capture::FormatEcmaScriptNumber(value);
  if (std::strtod(text.c_str(), nullptr) != value) Violation("number does not read back", text);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  CheckCanonicalFixedPoint(std::string_view(reinterpret_cast<const char*>(data), size));
  CheckNumberRoundTrip(data, size);
  return 0;
}
