// Fuzzes ParseJson and CanonicalJson with the property canon(parse(canon(x))) == canon(x) for
// every input that parses and canonicalises, checks that every number the formatter prints
// reads back as the same double, and holds ParseJson to nlohmann's parser: the same texts
// accepted (bar ParseJson's deliberate extra refusals) and the same trees read. Any violation
// aborts, which libFuzzer reports as a crash.
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

void CheckAgainstNlohmann(std::string_view text) {
  // nlohmann skips a byte order mark and stops at a NUL; ParseJson refuses both.
  if (text.find('\0') != std::string_view::npos || text.substr(0, 3) == "\xEF\xBB\xBF") return;
  const auto ours = capture::ParseJson(text);
  const capture::Json theirs =
      capture::Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (ours.ok()) {
    if (theirs.is_discarded()) Violation("ParseJson accepts what nlohmann refuses", text);
    if (*ours != theirs) Violation("ParseJson and nlohmann read different trees", text);
    return;
  }
  const capture::ErrorCode code = ours.error().code;
  if ((code == capture::ErrorCode::kJsonInvalid || code == capture::ErrorCode::kUtf8Invalid) &&
      !theirs.is_discarded()) {
    Violation("ParseJson refuses what nlohmann accepts", text);
  }
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
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  CheckCanonicalFixedPoint(text);
  CheckAgainstNlohmann(text);
  CheckNumberRoundTrip(data, size);
  return 0;
}
