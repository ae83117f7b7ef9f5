// Dutch postcode and house number, in the shape of the BAG (Basisregistratie Adressen en
// Gebouwen): postcode 4 digits (not starting with 0) and 2 letters; house number 1..99999, an
// optional house letter (huisletter, one letter) and an optional addition (huisnummertoevoeging,
// up to 4 letters or digits).
#include <string>
#include <vector>

#include "fields_internal.h"
#include "unicode_class.h"

namespace capture::internal {
namespace {

constexpr std::size_t kMaxNumberDigits = 5;    // 1..99999
constexpr std::size_t kMaxAdditionLength = 4;  // BAG huisnummertoevoeging

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

Error PostcodeInvalid(std::string message) {
  return MakeError(ErrorCode::kPostcodeInvalid, std::move(message));
}
Error HouseNumberInvalid(std::string message) {
  return MakeError(ErrorCode::kHouseNumberInvalid, std::move(message));
}

std::string Upper(std::string_view text) {
  std::string out;
  for (char c : text) out.push_back(ToAsciiUpper(c));
  return out;
}

}  // namespace

Result<std::string> NormalisePostcode(std::string_view cleaned) {
  const bool spaced = cleaned.size() == 7 && cleaned[4] == ' ';
  if (cleaned.size() != 6 && !spaced) {
    return PostcodeInvalid("a postcode is 4 digits and 2 letters, like 1234 AB");
  }
  const std::string_view letters = cleaned.substr(spaced ? 5 : 4);
  for (std::size_t i = 0; i < 4; ++i) {
    if (!IsDigit(cleaned[i])) {
      return PostcodeInvalid("a postcode is 4 digits and 2 letters, like 1234 AB");
    }
  }
  if (!IsLetter(letters[0]) || !IsLetter(letters[1])) {
    return PostcodeInvalid("a postcode is 4 digits and 2 letters, like 1234 AB");
  }
  if (cleaned[0] == '0') return PostcodeInvalid("a Dutch postcode never starts with 0");
  const std::string out = std::string(cleaned.substr(0, 4)) + Upper(letters);
  const std::string_view suffix = std::string_view(out).substr(4);
  // PostNL does not issue these letter pairs (they recall the SA, SD and SS of 1933-45).
  if (suffix == "SA" || suffix == "SD" || suffix == "SS") {
    return PostcodeInvalid("the letters SA, SD and SS are not used in Dutch postcodes");
  }
  return out;
}

// Normal form: the number, the house letter attached in upper case, and any further addition
// after a hyphen in upper case: "12", "12A", "12-3", "12-BIS", "12A-1". Input separators between
// the parts may be nothing, spaces or one hyphen ("12 a", "12-a", "12a" all give "12A"). A single
// letter right after the number is the house letter; any other first part ("3", "bis", "a1") is
// the addition.
Result<std::string> NormaliseHouseNumber(std::string_view cleaned) {
  std::size_t pos = 0;
  while (pos < cleaned.size() && IsDigit(cleaned[pos])) ++pos;
  const std::string_view number = cleaned.substr(0, pos);
  if (number.empty()) return HouseNumberInvalid("a house number starts with its number");
  if (number[0] == '0')
    return HouseNumberInvalid("a house number is 1 or more, without a leading 0");
  if (number.size() > kMaxNumberDigits) {
    return HouseNumberInvalid("a house number is at most 99999");
  }

  std::vector<std::string_view> parts;
  while (pos < cleaned.size()) {
    int hyphens = 0;
    const std::size_t separator_start = pos;
    while (pos < cleaned.size() && (cleaned[pos] == ' ' || cleaned[pos] == '-')) {
      if (cleaned[pos] == '-') ++hyphens;
      ++pos;
    }
    if (hyphens > 1) return HouseNumberInvalid("use at most one hyphen between parts");
    const std::size_t start = pos;
    while (pos < cleaned.size() && (IsDigit(cleaned[pos]) || IsLetter(cleaned[pos]))) ++pos;
    if (pos == start) {
      if (pos == cleaned.size() && pos != separator_start) {
        return HouseNumberInvalid("a house number cannot end with a separator");
      }
      return HouseNumberInvalid(
          "a house number may contain only digits, letters, spaces and a hyphen");
    }
    parts.push_back(cleaned.substr(start, pos - start));
  }

  std::string out(number);
  if (parts.empty()) return out;
  const bool house_letter = parts[0].size() == 1 && IsLetter(parts[0][0]);
  if (parts.size() > 2 || (parts.size() == 2 && !house_letter)) {
    return HouseNumberInvalid("a house number has at most a house letter and one addition");
  }
  for (std::string_view part : parts) {
    if (part.size() > kMaxAdditionLength) {
      return HouseNumberInvalid("an addition has at most 4 letters or digits");
    }
  }
  if (house_letter) {
    out += Upper(parts[0]);
    if (parts.size() == 2) out += "-" + Upper(parts[1]);
  } else {
    out += "-" + Upper(parts[0]);
  }
  return out;
}

}  // namespace capture::internal
