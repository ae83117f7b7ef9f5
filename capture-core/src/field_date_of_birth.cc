// Date of birth: Dutch order (D-M-YYYY with '-', '/' or '.', one or two digits for day and
// month, the same separator twice) or ISO 8601 (YYYY-MM-DD), normalised to YYYY-MM-DD. Ages are
// counted on `today`, the capture date in Europe/Amsterdam: a birthday on today counts as reached,
// and someone born on 29 February reaches a new age on 1 March in common years (the day after
// 28 February).
#include <string>

#include "decimal_text.h"
#include "fields_internal.h"

namespace capture::internal {
namespace {

constexpr int kMaxPlausibleAge = 120;

constexpr const char* kMonthNames[] = {"January",   "February", "March",    "April",
                                       "May",       "June",     "July",     "August",
                                       "September", "October",  "November", "December"};

Error DateInvalid(std::string message) {
  return MakeError(ErrorCode::kDateInvalid, std::move(message));
}

// Reads digits [pos, pos+count) into *value.
bool ReadNumber(std::string_view text, std::size_t pos, std::size_t count, int* value) {
  if (count == 0 || pos + count > text.size()) return false;
  *value = 0;
  for (std::size_t i = pos; i < pos + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    *value = *value * 10 + (text[i] - '0');
  }
  return true;
}

std::size_t DigitRun(std::string_view text, std::size_t pos) {
  std::size_t end = pos;
  while (end < text.size() && text[end] >= '0' && text[end] <= '9') ++end;
  return end - pos;
}

bool ParseDate(std::string_view text, CivilDate* out) {
  // ISO 8601: exactly YYYY-MM-DD.
  if (text.size() == 10 && text[4] == '-' && text[7] == '-') {
    return ReadNumber(text, 0, 4, &out->year) && ReadNumber(text, 5, 2, &out->month) &&
           ReadNumber(text, 8, 2, &out->day);
  }
  const std::size_t day_digits = DigitRun(text, 0);
  if (day_digits < 1 || day_digits > 2 || day_digits >= text.size()) return false;
  const char separator = text[day_digits];
  if (separator != '-' && separator != '/' && separator != '.') return false;
  const std::size_t month_at = day_digits + 1;
  const std::size_t month_digits = DigitRun(text, month_at);
  const std::size_t year_at = month_at + month_digits + 1;
  if (month_digits < 1 || month_digits > 2 || year_at + 4 != text.size()) return false;
  if (text[year_at - 1] != separator) return false;
  return ReadNumber(text, 0, day_digits, &out->day) &&
         ReadNumber(text, month_at, month_digits, &out->month) &&
         ReadNumber(text, year_at, 4, &out->year);
}

// Calendar order of dates, compared field by field without building a day count: this also
// orders a (possibly non-existent) 29 February between 28 February and 1 March in common years.
int CompareDates(CivilDate a, CivilDate b) {
  if (a.year != b.year) return a.year < b.year ? -1 : 1;
  if (a.month != b.month) return a.month < b.month ? -1 : 1;
  if (a.day != b.day) return a.day < b.day ? -1 : 1;
  return 0;
}

}  // namespace

Result<std::string> NormaliseDateOfBirth(std::string_view cleaned, int min_age, CivilDate today) {
  CivilDate birth{};
  if (!ParseDate(cleaned, &birth)) {
    return DateInvalid("enter the date as DD-MM-YYYY (or YYYY-MM-DD)");
  }
  if (birth.month < 1 || birth.month > 12) {
    return DateInvalid("there is no month " + std::to_string(birth.month));
  }
  if (!IsValidCivilDate(birth)) {
    if (birth.year < 1) return DateInvalid("there is no year 0");
    return DateInvalid("there is no day " + std::to_string(birth.day) + " in " +
                       kMonthNames[birth.month - 1] + " " + std::to_string(birth.year));
  }
  if (CompareDates(birth, today) > 0) {
    return MakeError(ErrorCode::kAgeImplausible, "the date of birth lies in the future");
  }
  const CivilDate oldest{today.year - kMaxPlausibleAge, today.month, today.day};
  if (CompareDates(birth, oldest) < 0) {
    return MakeError(ErrorCode::kAgeImplausible, "the date of birth is more than 120 years ago");
  }
  if (min_age > 0) {
    const CivilDate comes_of_age{birth.year + min_age, birth.month, birth.day};
    if (CompareDates(comes_of_age, today) > 0) {
      return MakeError(ErrorCode::kAgeBelowMinimum,
                       "the minimum age for this form is " + std::to_string(min_age) + " years");
    }
  }
  std::string out;
  AppendZeroPadded(birth.year, 4, out);
  out += '-';
  AppendZeroPadded(birth.month, 2, out);
  out += '-';
  AppendZeroPadded(birth.day, 2, out);
  return out;
}

}  // namespace capture::internal
