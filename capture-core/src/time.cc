// Civil-calendar arithmetic and the one text form of time records use. The day-count conversion
// follows the idea of Howard Hinnant's "chrono-compatible low-level date algorithms": shift the
// year to start on 1 March (so the leap day is the last day of the year) and count 400-year eras
// of 146097 days each. The code below is written for this project.
#include "capture/time.h"

#include "decimal_text.h"

namespace capture {
namespace {

constexpr std::int64_t kMillisPerDay = 86'400'000;
constexpr std::int64_t kDaysPerEra = 146'097;  // 400 Gregorian years
constexpr int kMinYear = 1970;                 // records never predate the epoch
constexpr int kMaxYear = 9999;                 // four-digit years only

bool IsLeapYear(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int DaysInMonth(int year, int month) {
  constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && IsLeapYear(year)) return 29;
  return kDays[month - 1];
}

// Floor division, so that instants before the epoch land on the day they belong to.
std::int64_t FloorDiv(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

std::int64_t FloorMod(std::int64_t a, std::int64_t b) { return a - FloorDiv(a, b) * b; }

// Reads exactly `count` ASCII digits at text[pos]; -1 if any is not a digit.
int ReadDigits(std::string_view text, std::size_t pos, std::size_t count) {
  int value = 0;
  for (std::size_t i = pos; i < pos + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return -1;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

// Day count of the last Sunday of a month (March and October switch summer time in the EU).
std::int64_t LastSunday(int year, int month) {
  const std::int64_t last = DaysFromCivil({year, month, DaysInMonth(year, month)});
  // 1970-01-01 (day 0) was a Thursday; weekday 0 = Sunday.
  const std::int64_t weekday = FloorMod(last + 4, 7);
  return last - weekday;
}

}  // namespace

std::int64_t DaysFromCivil(CivilDate date) {
  const std::int64_t year = date.month <= 2 ? date.year - 1 : date.year;
  const std::int64_t era = FloorDiv(year, 400);
  const std::int64_t year_of_era = year - era * 400;                                 // 0..399
  const std::int64_t month_from_march = (date.month + 9) % 12;                       // March = 0
  const std::int64_t day_of_year = (153 * month_from_march + 2) / 5 + date.day - 1;  // 0..365
  const std::int64_t day_of_era =
      year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;  // 0..146096
  // 719468 days separate 0000-03-01 from 1970-01-01.
  return era * kDaysPerEra + day_of_era - 719'468;
}

CivilDate CivilFromDays(std::int64_t days) {
  const std::int64_t shifted = days + 719'468;
  const std::int64_t era = FloorDiv(shifted, kDaysPerEra);
  const std::int64_t day_of_era = shifted - era * kDaysPerEra;  // 0..146096
  // Every 4th, 100th and 400th year boundary shifts the count by one day.
  const std::int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const std::int64_t day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);  // 0..365
  const std::int64_t month_from_march = (5 * day_of_year + 2) / 153;           // 0..11
  const int day = static_cast<int>(day_of_year - (153 * month_from_march + 2) / 5 + 1);
  const int month =
      static_cast<int>(month_from_march < 10 ? month_from_march + 3 : month_from_march - 9);
  const std::int64_t year = year_of_era + era * 400 + (month <= 2 ? 1 : 0);
  return CivilDate{static_cast<int>(year), month, day};
}

bool IsValidCivilDate(CivilDate date) {
  if (date.year < 1 || date.year > kMaxYear) return false;
  if (date.month < 1 || date.month > 12) return false;
  return date.day >= 1 && date.day <= DaysInMonth(date.year, date.month);
}

std::string FormatRfc3339Millis(UnixMillis ms) {
  const std::int64_t days = FloorDiv(ms, kMillisPerDay);
  const std::int64_t in_day = ms - days * kMillisPerDay;
  const CivilDate date = CivilFromDays(days);
  std::string out;
  out.reserve(24);
  internal::AppendZeroPadded(date.year, 4, out);
  out += '-';
  internal::AppendZeroPadded(date.month, 2, out);
  out += '-';
  internal::AppendZeroPadded(date.day, 2, out);
  out += 'T';
  internal::AppendZeroPadded(in_day / 3'600'000, 2, out);
  out += ':';
  internal::AppendZeroPadded(in_day / 60'000 % 60, 2, out);
  out += ':';
  internal::AppendZeroPadded(in_day / 1000 % 60, 2, out);
  out += '.';
  internal::AppendZeroPadded(in_day % 1000, 3, out);
  out += 'Z';
  return out;
}

Result<UnixMillis> ParseRfc3339Millis(std::string_view text) {
  constexpr std::string_view kShape = "YYYY-MM-DDTHH:MM:SS.mmmZ";
  auto invalid = [&](const char* why) {
    return MakeError(ErrorCode::kTimestampInvalid,
                     std::string("timestamp must be YYYY-MM-DDTHH:MM:SS.mmmZ in UTC: ") + why);
  };
  if (text.size() != kShape.size()) return invalid("wrong length");
  for (std::size_t i = 0; i < kShape.size(); ++i) {
    const char want = kShape[i];
    const bool is_literal = want == '-' || want == 'T' || want == ':' || want == '.' || want == 'Z';
    if (is_literal && text[i] != want) return invalid("wrong separator or suffix");
  }
  const int year = ReadDigits(text, 0, 4);
  const int month = ReadDigits(text, 5, 2);
  const int day = ReadDigits(text, 8, 2);
  const int hour = ReadDigits(text, 11, 2);
  const int minute = ReadDigits(text, 14, 2);
  const int second = ReadDigits(text, 17, 2);
  const int millis = ReadDigits(text, 20, 3);
  if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0 || millis < 0) {
    return invalid("a digit is expected");
  }
  if (year < kMinYear || year > kMaxYear) return invalid("year outside 1970..9999");
  if (!IsValidCivilDate({year, month, day})) return invalid("no such calendar date");
  // Leap seconds (:60) are refused: records carry Unix time, which has none.
  if (hour > 23 || minute > 59 || second > 59) return invalid("time of day out of range");
  const std::int64_t days = DaysFromCivil({year, month, day});
  return days * kMillisPerDay + ((hour * 60 + minute) * 60 + second) * std::int64_t{1000} + millis;
}

int AmsterdamOffsetMinutes(UnixMillis ms) {
  // EU rule (Directive 2000/84/EC, applied since 1996): summer time from 01:00 UTC on the last
  // Sunday of March to 01:00 UTC on the last Sunday of October. Earlier years get the same rule:
  // the core only dates records, which are never older than the project.
  const int year = CivilFromDays(FloorDiv(ms, kMillisPerDay)).year;
  constexpr std::int64_t kOneHour = 3'600'000;
  const std::int64_t starts = LastSunday(year, 3) * kMillisPerDay + kOneHour;
  const std::int64_t ends = LastSunday(year, 10) * kMillisPerDay + kOneHour;
  return (ms >= starts && ms < ends) ? 120 : 60;
}

CivilDate AmsterdamDate(UnixMillis ms) {
  const UnixMillis local = ms + AmsterdamOffsetMinutes(ms) * std::int64_t{60'000};
  return CivilFromDays(FloorDiv(local, kMillisPerDay));
}

}  // namespace capture
