// Dutch phone numbers as people type them: 06-12345678, 06 1234 5678, +31 6 1234 5678,
// +31 (0)6 12345678, 0031 6 12345678, (020) 123 45 67, 010-1234567, 0800-1234. The written form is
// scanned first (which characters, where), then the digits are read against the numbering plan.
#include <string>

#include "capture/fields.h"
#include "phone_nl_plan.h"

namespace capture {
namespace {

using internal::DialPrefix;

constexpr std::size_t kMaxDigits = 16;  // E.164 allows 15; one more for a typed trunk 0

Error Invalid(std::string message) {
  return MakeError(ErrorCode::kPhoneInvalid, std::move(message));
}

struct Scanned {
  std::string digits;
  bool plus = false;
  // Where a parenthesised "(0)" starts in `digits` (the trunk written after +31), if any.
  std::size_t trunk_group_at = std::string::npos;
};

// What came last, spaces aside: separators may only follow a digit or ')', never each other.
enum class Last { kStart, kPlus, kDigit, kSeparator, kOpen, kClose };

Result<Scanned> Scan(std::string_view raw) {
  Scanned out;
  Last last = Last::kStart;
  bool in_parens = false;
  std::size_t group_start = 0;
  for (const char c : raw) {
    if (c >= '0' && c <= '9') {
      out.digits.push_back(c);
      last = Last::kDigit;
    } else if (c == ' ') {
      if (in_parens) return Invalid("no spaces are allowed inside parentheses");
      if (last == Last::kPlus) return Invalid("'+' must be followed directly by the country code");
    } else if (c == '+') {
      if (last != Last::kStart) return Invalid("'+' may only start the number");
      out.plus = true;
      last = Last::kPlus;
    } else if (c == '-' || c == '.' || c == '/') {
      if (last != Last::kDigit && last != Last::kClose) {
        return Invalid(std::string("'") + c + "' must stand between digits");
      }
      last = Last::kSeparator;
    } else if (c == '(') {
      if (in_parens || last == Last::kOpen || last == Last::kClose || last == Last::kPlus) {
        return Invalid("parentheses must enclose a digit group, like (020) or +31 (0)6");
      }
      in_parens = true;
      group_start = out.digits.size();
      last = Last::kOpen;
    } else if (c == ')') {
      if (!in_parens || last != Last::kDigit) {
        return Invalid("parentheses must enclose a digit group, like (020) or +31 (0)6");
      }
      in_parens = false;
      if (out.digits.size() == group_start + 1 && out.digits.back() == '0') {
        out.trunk_group_at = group_start;
      }
      last = Last::kClose;
    } else {
      return Invalid(
          "a phone number may contain only digits, spaces, hyphens, dots, slashes, "
          "parentheses and a leading '+'");
    }
  }
  if (in_parens) return Invalid("a parenthesis is not closed");
  if (out.digits.empty()) return Invalid("the number has no digits");
  if (last != Last::kDigit && last != Last::kClose)
    return Invalid("the number ends in a separator");
  if (out.digits.size() > kMaxDigits) return Invalid("the number has too many digits");
  return out;
}

Error NotDutch() {
  return MakeError(ErrorCode::kPhoneNotDutch,
                   "only Dutch numbers (+31) are accepted; this number has another country code");
}

}  // namespace

Result<DutchPhone> ParseDutchPhone(std::string_view raw) {
  CAPTURE_ASSIGN_OR_RETURN(const Scanned scanned, Scan(raw));
  const std::string_view digits = scanned.digits;
  std::size_t country_code_end = 0;  // where the digits after +31 / 0031 start, if written
  if (scanned.plus) {
    if (digits[0] == '0') return Invalid("a country code never starts with 0");
    if (digits.substr(0, 2) != "31") {
      if (digits.size() < 8) return Invalid("the number is too short");
      return NotDutch();
    }
    country_code_end = 2;
  } else if (digits.substr(0, 2) == "00") {
    if (digits.substr(0, 4) != "0031") {
      if (digits.size() < 10) return Invalid("the number is too short");
      return NotDutch();
    }
    country_code_end = 4;
  }

  DialPrefix prefix = DialPrefix::kNone;
  std::string_view nsn = digits;
  if (country_code_end != 0) {
    prefix = DialPrefix::kCountryCode;
    nsn = digits.substr(country_code_end);
    // "+31 (0)6 ..." is the accepted way to show the trunk; "+3106..." is a common slip with only
    // one reading (no Dutch national number starts with 0), so both drop that one 0.
    if (!nsn.empty() && nsn[0] == '0' &&
        (scanned.trunk_group_at == country_code_end ||
         scanned.trunk_group_at == std::string::npos)) {
      nsn.remove_prefix(1);
    }
  } else if (digits[0] == '0') {
    prefix = DialPrefix::kTrunk;
    nsn.remove_prefix(1);
  }
  CAPTURE_ASSIGN_OR_RETURN(const PhoneClass cls, internal::ClassifyNationalNumber(nsn, prefix));
  return DutchPhone{"+31" + std::string(nsn), cls};
}

Status CheckCallable(const DutchPhone& phone) {
  const std::string_view nsn = std::string_view(phone.e164).substr(3);
  switch (phone.cls) {
    case PhoneClass::kMobile:
    case PhoneClass::kFixed:
    case PhoneClass::kNomadic:
    case PhoneClass::kCorporate:
      return OkStatus();
    case PhoneClass::kPremium:
      return MakeError(ErrorCode::kPhonePremiumRefused,
                       internal::DescribeNonCallable(nsn, phone.cls) +
                           "; such numbers cannot be called for telemarketing");
    case PhoneClass::kFreephone:
    case PhoneClass::kService:
      break;
  }
  return MakeError(ErrorCode::kPhoneServiceRefused,
                   internal::DescribeNonCallable(nsn, phone.cls) +
                       "; such numbers cannot be called for telemarketing");
}

std::string_view PhoneClassName(PhoneClass cls) {
  switch (cls) {
    case PhoneClass::kMobile:
      return "mobile";
    case PhoneClass::kFixed:
      return "fixed";
    case PhoneClass::kNomadic:
      return "nomadic";
    case PhoneClass::kCorporate:
      return "corporate";
    case PhoneClass::kFreephone:
      return "freephone";
    case PhoneClass::kPremium:
      return "premium";
    case PhoneClass::kService:
      break;
  }
  return "service";
}

}  // namespace capture
