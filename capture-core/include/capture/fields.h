// Field types with their normalisers and validators (R6). Every value is trimmed, checked for valid
// UTF-8 and control characters and length-limited before its type's own rules run.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "capture/result.h"
#include "capture/time.h"

namespace capture {

enum class FieldType {
  kGivenName,
  kFamilyName,
  kEmail,
  kPhoneNl,
  kPostcodeNl,
  kHouseNumber,
  kDateOfBirth,
  kChoice,
  kShortText,
};

[[nodiscard]] Result<FieldType> FieldTypeFromName(std::string_view name);  // "phone_nl", ...
[[nodiscard]] std::string_view FieldTypeName(FieldType type);

struct FieldRules {
  FieldType type = FieldType::kShortText;
  bool required = false;
  std::size_t max_length = 100;      // in Unicode code points, after trimming
  std::vector<std::string> options;  // kChoice: the allowed values
  int min_age = 0;                   // kDateOfBirth: e.g. 18
};

// Normalises and validates one value. `today` is the capture date (Europe/Amsterdam) for age
// checks. An empty (after trimming) value of a field that is not required gives "" (the caller
// leaves the field out); a required one gives field_required. Normal forms:
//   given_name/family_name: inner whitespace collapsed to one space; letters of any script,
//     spaces, hyphens, apostrophes (' ’ ‘) and periods; at least one letter
//   email: local part as typed, ASCII domain lowercased (non-ASCII letters kept as typed)
//   phone_nl: E.164 (+31612345678); premium and service numbers refused for telemarketing
//   postcode_nl: "1234AB" (input with or without one space, letters in any case; not SA/SD/SS)
//   house_number: number 1..99999, then the house letter attached and upper-cased, then any other
//     addition (1..4 letters/digits) after '-': "12", "12A", "12-3", "12-BIS", "12A-1". Input
//     parts may be separated by nothing, spaces or one hyphen ("12 a", "12-a" -> "12A"); a single
//     letter right after the number is the house letter ("12a1" -> "12-A1", "12a 1" -> "12A-1")
//   date_of_birth: YYYY-MM-DD (input D-M-YYYY with '-', '/' or '.', or YYYY-MM-DD); refused in
//     the future or more than 120 years before today (age_implausible) and below min_age on
//     today (age_below_minimum; a birthday on today counts, 29 February counts on 1 March in
//     common years)
//   choice: the matching option exactly (after trimming); short_text: trimmed
// Error messages never repeat the value (they end up in logs); Error::field is left empty for
// the caller to fill in.
[[nodiscard]] Result<std::string> NormaliseField(const FieldRules& rules, std::string_view raw,
                                                 CivilDate today);

enum class PhoneClass {
  kMobile,     // 06 (not 066 pagers)
  kFixed,      // geographic area codes 010..0799
  kNomadic,    // 085, 091 (location-independent)
  kCorporate,  // 088 (company networks)
  kFreephone,  // 0800
  kPremium,    // 0900, 0906, 0909
  kService,    // 084, 087, 066, 0970, 14xxx and other non-callable classes
};
[[nodiscard]] std::string_view PhoneClassName(PhoneClass cls);

struct DutchPhone {
  std::string e164;  // +31...
  PhoneClass cls;
};
// Parses every Dutch number form (06-12345678, +31 6 1234 5678, 0031 6..., (020) 123 45 67,
// 085/088/0800/090x). Refuses malformed numbers (phone_invalid) and foreign ones (phone_not_dutch);
// does not judge callability.
[[nodiscard]] Result<DutchPhone> ParseDutchPhone(std::string_view raw);
// Telemarketing may call mobile, fixed, nomadic and corporate numbers only.
[[nodiscard]] Status CheckCallable(const DutchPhone& phone);

// Trims ASCII and Unicode whitespace (and zero-width space, word joiner, BOM) at both ends;
// refuses, in this order, invalid UTF-8 (field_utf8_invalid), control and invisible characters
// (C0, DEL, C1, bidi embeddings/overrides/isolates/marks, soft hyphen, line separators,
// noncharacters; zero-width (non-)joiners except between two non-Latin characters or emoji:
// field_control_characters) and more than max_code_points code points (field_too_long).
// Exposed for the manifest and tests.
[[nodiscard]] Result<std::string> CleanText(std::string_view raw, std::size_t max_code_points);

}  // namespace capture
