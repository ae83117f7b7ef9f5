// The Dutch numbering plan (Nummerplan telefoon- en ISDN-diensten, kept by the Ministry of
// Economic Affairs and administered by the ACM) as far as a consent form needs it: which national
// significant numbers (the digits after the trunk 0 or after +31) exist and what class they are.
#pragma once

#include <string>
#include <string_view>

#include "capture/fields.h"
#include "capture/result.h"

namespace capture::internal {

// How the number was written: with the trunk 0 (020...), with the country code (+31 20...,
// 0031 20...), or with neither (112, 14020: short numbers only).
enum class DialPrefix { kTrunk, kCountryCode, kNone };

// `nsn` holds ASCII digits only. Refuses (phone_invalid, with the reason) numbers outside the plan.
[[nodiscard]] Result<PhoneClass> ClassifyNationalNumber(std::string_view nsn, DialPrefix prefix);

// True if `nsn` starts with a geographic area code (without its 0) and has the length of one.
[[nodiscard]] bool IsGeographicAreaCode(std::string_view area_code_digits);

// Why a non-callable number is refused, in English: "0906 numbers are premium-rate numbers".
[[nodiscard]] std::string DescribeNonCallable(std::string_view nsn, PhoneClass cls);

}  // namespace capture::internal
