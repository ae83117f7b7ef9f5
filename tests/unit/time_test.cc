// RFC 3339 millisecond timestamps, civil-date arithmetic and the Europe/Amsterdam offset. Expected
// instants and the summer-time table below were produced with Python's datetime and zoneinfo (the
// IANA tz database), an implementation independent of ours.
#include "capture/time.h"

#include <gtest/gtest.h>

#include <string>

#include "test_support.h"

namespace capture {
namespace {

struct InstantCase {
  const char* name;
  const char* text;
  UnixMillis ms;
};

constexpr InstantCase kInstants[] = {
    {"epoch", "1970-01-01T00:00:00.000Z", 0},
    {"first millisecond", "1970-01-01T00:00:00.001Z", 1},
    {"a project day", "2026-11-28T09:00:00.000Z", 1795856400000},
    {"leap day 2000 last millisecond", "2000-02-29T23:59:59.999Z", 951868799999},
    {"summer time begins 2026", "2026-03-29T01:00:00.000Z", 1774746000000},
    {"2100 is not a leap year", "2100-03-01T00:00:00.000Z", 4107542400000},
    {"largest four-digit year", "9999-12-31T23:59:59.999Z", 253402300799999},
};

TEST(TimeTest, FormatsAndParsesKnownInstants) {
  for (const auto& c : kInstants) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(FormatRfc3339Millis(c.ms), c.text);
    auto parsed = ParseRfc3339Millis(c.text);
    ASSERT_OK(parsed);
    EXPECT_EQ(*parsed, c.ms);
  }
}

TEST(TimeTest, FormatsInstantsBeforeTheEpochOnTheirOwnDay) {
  EXPECT_EQ(FormatRfc3339Millis(-1), "1969-12-31T23:59:59.999Z");
  EXPECT_EQ(FormatRfc3339Millis(-86'400'000), "1969-12-31T00:00:00.000Z");
}

TEST(TimeTest, RoundTripsEveryHourOfSeveralYears) {
  // 1999..2001 covers a century leap year; every hour plus an odd millisecond offset.
  const UnixMillis from = *ParseRfc3339Millis("1999-01-01T00:00:00.000Z");
  const UnixMillis to = *ParseRfc3339Millis("2002-01-01T00:00:00.000Z");
  for (UnixMillis ms = from; ms < to; ms += 3'600'000 + 7) {
    auto parsed = ParseRfc3339Millis(FormatRfc3339Millis(ms));
    ASSERT_OK(parsed);
    ASSERT_EQ(*parsed, ms);
  }
}

struct BadTimestamp {
  const char* name;
  const char* text;
};

constexpr BadTimestamp kBadTimestamps[] = {
    {"empty", ""},
    {"no milliseconds", "2026-11-28T09:00:00Z"},
    {"microseconds", "2026-11-28T09:00:00.000000Z"},
    {"two-digit milliseconds", "2026-11-28T09:00:00.00Z"},
    {"offset instead of Z", "2026-11-28T09:00:00.000+00:00"},
    {"lowercase z", "2026-11-28T09:00:00.000z"},
    {"lowercase t", "2026-11-28t09:00:00.000Z"},
    {"space instead of T", "2026-11-28 09:00:00.000Z"},
    {"no zone", "2026-11-28T09:00:00.000"},
    {"trailing space", "2026-11-28T09:00:00.000Z "},
    {"leading space", " 2026-11-28T09:00:00.000Z"},
    {"month 13", "2026-13-01T00:00:00.000Z"},
    {"month 00", "2026-00-01T00:00:00.000Z"},
    {"day 00", "2026-11-00T00:00:00.000Z"},
    {"30 February", "2024-02-30T00:00:00.000Z"},
    {"29 February in a common year", "2026-02-29T00:00:00.000Z"},
    {"29 February 1900", "1900-02-29T00:00:00.000Z"},
    {"31 April", "2026-04-31T00:00:00.000Z"},
    {"hour 24", "2026-11-28T24:00:00.000Z"},
    {"minute 60", "2026-11-28T09:60:00.000Z"},
    {"leap second", "2016-12-31T23:59:60.000Z"},
    {"before 1970", "1969-12-31T23:59:59.999Z"},
    {"year zero", "0000-01-01T00:00:00.000Z"},
    {"sign in a digit position", "2026-11-28T09:00:0-.000Z"},
    {"plus sign year", "+026-11-28T09:00:00.000Z"},
    {"comma as decimal mark", "2026-11-28T09:00:00,000Z"},
    {"slashes", "2026/11/28T09:00:00.000Z"},
    {"full-width digit", "2026-11-28T09:00:00.00\xEF\xBC\x90Z"},
};

TEST(TimeTest, RefusesEveryOtherTimestampForm) {
  for (const auto& c : kBadTimestamps) {
    SCOPED_TRACE(c.name);
    EXPECT_ERROR_CODE(ParseRfc3339Millis(c.text), ErrorCode::kTimestampInvalid);
  }
}

TEST(TimeTest, DayCountMatchesAStepByStepCalendarWalk) {
  // Walk day by day from 1600-01-01 to 2500-12-31 with the plain Gregorian rules.
  CivilDate date{1600, 1, 1};
  std::int64_t days = DaysFromCivil(date);
  EXPECT_EQ(DaysFromCivil({1970, 1, 1}), 0);
  EXPECT_EQ(DaysFromCivil({2000, 3, 1}), 11017);
  while (date.year <= 2500) {
    ASSERT_EQ(DaysFromCivil(date), days) << date.year << "-" << date.month << "-" << date.day;
    const CivilDate back = CivilFromDays(days);
    ASSERT_EQ(back.year, date.year);
    ASSERT_EQ(back.month, date.month);
    ASSERT_EQ(back.day, date.day);
    ASSERT_TRUE(IsValidCivilDate(date));
    const bool leap = (date.year % 4 == 0 && date.year % 100 != 0) || date.year % 400 == 0;
    const int month_days[] = {31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (++date.day > month_days[date.month - 1]) {
      date.day = 1;
      if (++date.month > 12) {
        date.month = 1;
        ++date.year;
      }
    }
    ++days;
  }
}

TEST(TimeTest, ValidatesCivilDatesIncludingLeapYears) {
  EXPECT_TRUE(IsValidCivilDate({2024, 2, 29}));
  EXPECT_TRUE(IsValidCivilDate({2000, 2, 29}));
  EXPECT_FALSE(IsValidCivilDate({1900, 2, 29}));
  EXPECT_FALSE(IsValidCivilDate({2026, 2, 29}));
  EXPECT_FALSE(IsValidCivilDate({2026, 4, 31}));
  EXPECT_TRUE(IsValidCivilDate({2026, 12, 31}));
  EXPECT_FALSE(IsValidCivilDate({2026, 13, 1}));
  EXPECT_FALSE(IsValidCivilDate({2026, 0, 1}));
  EXPECT_FALSE(IsValidCivilDate({2026, 1, 0}));
  EXPECT_FALSE(IsValidCivilDate({0, 1, 1}));
  EXPECT_FALSE(IsValidCivilDate({10000, 1, 1}));
}

// Days in March and October on which summer time starts and ends, from zoneinfo.
struct SummerTime {
  int year;
  int march_day;
  int october_day;
};
constexpr SummerTime kSummerTime[] = {
    {1996, 31, 27}, {1997, 30, 26}, {1998, 29, 25}, {1999, 28, 31}, {2000, 26, 29}, {2001, 25, 28},
    {2002, 31, 27}, {2003, 30, 26}, {2004, 28, 31}, {2005, 27, 30}, {2006, 26, 29}, {2007, 25, 28},
    {2008, 30, 26}, {2009, 29, 25}, {2010, 28, 31}, {2011, 27, 30}, {2012, 25, 28}, {2013, 31, 27},
    {2014, 30, 26}, {2015, 29, 25}, {2016, 27, 30}, {2017, 26, 29}, {2018, 25, 28}, {2019, 31, 27},
    {2020, 29, 25}, {2021, 28, 31}, {2022, 27, 30}, {2023, 26, 29}, {2024, 31, 27}, {2025, 30, 26},
    {2026, 29, 25}, {2027, 28, 31}, {2028, 26, 29}, {2029, 25, 28}, {2030, 31, 27}, {2031, 30, 26},
    {2032, 28, 31}, {2033, 27, 30}, {2034, 26, 29}, {2035, 25, 28}, {2036, 30, 26}, {2037, 29, 25},
};

TEST(TimeTest, AmsterdamSwitchesSummerTimeAtOneUtcOnTheLastSundays) {
  constexpr std::int64_t kDay = 86'400'000;
  constexpr std::int64_t kHour = 3'600'000;
  for (const auto& row : kSummerTime) {
    SCOPED_TRACE(row.year);
    const UnixMillis start = DaysFromCivil({row.year, 3, row.march_day}) * kDay + kHour;
    const UnixMillis end = DaysFromCivil({row.year, 10, row.october_day}) * kDay + kHour;
    EXPECT_EQ(AmsterdamOffsetMinutes(start - 1), 60);
    EXPECT_EQ(AmsterdamOffsetMinutes(start), 120);
    EXPECT_EQ(AmsterdamOffsetMinutes(end - 1), 120);
    EXPECT_EQ(AmsterdamOffsetMinutes(end), 60);
    EXPECT_EQ(AmsterdamOffsetMinutes(DaysFromCivil({row.year, 1, 15}) * kDay), 60);
    EXPECT_EQ(AmsterdamOffsetMinutes(DaysFromCivil({row.year, 7, 15}) * kDay), 120);
    EXPECT_EQ(AmsterdamOffsetMinutes(DaysFromCivil({row.year, 12, 31}) * kDay + 23 * kHour), 60);
  }
}

TEST(TimeTest, AmsterdamDateRollsOverAtLocalMidnight) {
  struct Case {
    const char* utc;
    CivilDate local;
  };
  const Case cases[] = {
      {"2026-12-31T22:59:59.999Z", {2026, 12, 31}},  // winter: midnight is 23:00 UTC
      {"2026-12-31T23:00:00.000Z", {2027, 1, 1}},
      {"2024-06-30T21:59:59.999Z", {2024, 6, 30}},  // summer: midnight is 22:00 UTC
      {"2024-06-30T22:00:00.000Z", {2024, 7, 1}},
      {"2026-11-28T09:00:00.000Z", {2026, 11, 28}},
      {"2024-02-28T23:30:00.000Z", {2024, 2, 29}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.utc);
    auto ms = ParseRfc3339Millis(c.utc);
    ASSERT_OK(ms);
    const CivilDate got = AmsterdamDate(*ms);
    EXPECT_EQ(got.year, c.local.year);
    EXPECT_EQ(got.month, c.local.month);
    EXPECT_EQ(got.day, c.local.day);
  }
}

}  // namespace
}  // namespace capture
