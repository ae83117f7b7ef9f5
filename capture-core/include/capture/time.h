// Time as integers: milliseconds since the Unix epoch, UTC. Text form RFC 3339 with milliseconds
// and 'Z' (2026-11-28T09:00:00.000Z), the only form records use.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "capture/result.h"

namespace capture {

using UnixMillis = std::int64_t;

[[nodiscard]] std::string FormatRfc3339Millis(UnixMillis ms);
// Strict: exactly YYYY-MM-DDTHH:MM:SS.mmmZ.
[[nodiscard]] Result<UnixMillis> ParseRfc3339Millis(std::string_view text);

struct CivilDate {
  int year;
  int month;  // 1..12
  int day;    // 1..31
};
[[nodiscard]] std::int64_t DaysFromCivil(CivilDate date);
[[nodiscard]] CivilDate CivilFromDays(std::int64_t days);
[[nodiscard]] bool IsValidCivilDate(CivilDate date);

// The calendar date in Europe/Amsterdam (CET/CEST, EU rules since 1996) of a UTC instant; the
// core carries no tz database, and Dutch campaigns need only this zone.
[[nodiscard]] CivilDate AmsterdamDate(UnixMillis ms);
// Offset of Europe/Amsterdam from UTC at an instant, in minutes (60 or 120).
[[nodiscard]] int AmsterdamOffsetMinutes(UnixMillis ms);

}  // namespace capture
