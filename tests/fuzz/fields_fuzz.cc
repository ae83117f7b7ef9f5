// Fuzzes the field validators and the timestamp parser, which read what a person or a partner
// typed. Byte 0 picks the target, the rest is the input. Properties, each a crash on violation:
//   - a normal form is a fixed point: NormaliseField(normalised) == normalised;
//   - CleanText returns valid UTF-8 of at most max_length code points;
//   - a parsed phone number's E.164 form parses to itself with the same class;
//   - a parsed RFC 3339 timestamp formats back to exactly the same text.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "capture/encoding.h"
#include "capture/fields.h"
#include "capture/time.h"

namespace {

[[noreturn]] void Violation(const char* what, std::string_view detail) {
  std::fprintf(stderr, "fields_fuzz: %s: %.*s\n", what, static_cast<int>(detail.size()),
               detail.data());
  std::abort();
}

constexpr capture::FieldType kTypes[] = {
    capture::FieldType::kGivenName,   capture::FieldType::kFamilyName,
    capture::FieldType::kEmail,       capture::FieldType::kPhoneNl,
    capture::FieldType::kPostcodeNl,  capture::FieldType::kHouseNumber,
    capture::FieldType::kDateOfBirth, capture::FieldType::kChoice,
    capture::FieldType::kShortText,
};
constexpr std::size_t kTypeCount = sizeof kTypes / sizeof kTypes[0];

std::size_t CodePoints(std::string_view utf8) {
  std::size_t count = 0;
  for (char c : utf8) count += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  return count;
}

void CheckField(capture::FieldType type, std::string_view input) {
  capture::FieldRules rules;
  rules.type = type;
  rules.required = true;
  rules.max_length = 64;
  rules.min_age = 18;
  rules.options = {"ja", "nee", "caf\xC3\xA9"};
  const capture::CivilDate today{2026, 11, 28};
  const auto value = capture::NormaliseField(rules, input, today);
  if (!value.ok()) return;
  const auto again = capture::NormaliseField(rules, *value, today);
  if (!again.ok()) Violation("a normal form is refused", *value);
  if (*again != *value) Violation("a normal form is not a fixed point", *value);
}

void CheckCleanText(std::string_view input) {
  const auto cleaned = capture::CleanText(input, 32);
  if (!cleaned.ok()) return;
  if (!capture::IsValidUtf8(*cleaned)) Violation("CleanText output is not UTF-8", *cleaned);
  if (CodePoints(*cleaned) > 32) Violation("CleanText output is too long", *cleaned);
}

void CheckPhone(std::string_view input) {
  const auto phone = capture::ParseDutchPhone(input);
  if (!phone.ok()) return;
  const auto again = capture::ParseDutchPhone(phone->e164);
  if (!again.ok()) Violation("an E.164 form does not parse", phone->e164);
  if (again->e164 != phone->e164 || again->cls != phone->cls) {
    Violation("an E.164 form parses differently", phone->e164);
  }
}

void CheckTimestamp(std::string_view input) {
  const auto ms = capture::ParseRfc3339Millis(input);
  if (!ms.ok()) return;
  if (capture::FormatRfc3339Millis(*ms) != input) Violation("timestamp does not round-trip", input);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view input(reinterpret_cast<const char*>(data + 1), size - 1);
  const std::size_t target = data[0] % (kTypeCount + 3);
  if (target < kTypeCount) {
    CheckField(kTypes[target], input);
  } else if (target == kTypeCount) {
    CheckCleanText(input);
  } else if (target == kTypeCount + 1) {
    CheckPhone(input);
  } else {
    CheckTimestamp(input);
  }
  return 0;
}
