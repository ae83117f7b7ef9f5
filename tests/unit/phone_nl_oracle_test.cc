// Cross-check of ParseDutchPhone against python3-phonenumbers (Google's libphonenumber metadata),
// through the checked-in tests/vectors/fields/phone_nl_oracle.expected.tsv that
// tests/vectors/fields/phone_oracle.py writes. Every difference from the oracle is deliberate and
// listed below with its reason.
#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "capture/fields.h"
#include "test_support.h"

namespace capture {
namespace {

struct OracleRow {
  std::string input;
  bool valid = false;
  std::string e164;
  std::string type;
  std::string region;
};

std::vector<OracleRow> ReadOracle() {
  std::vector<OracleRow> rows;
  std::istringstream in(
      testing::ReadFile(testing::TestVectorsDir() / "fields/phone_nl_oracle.expected.tsv"));
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::istringstream fields(line);
    std::string cell;
    while (std::getline(fields, cell, '\t')) cells.push_back(cell);
    if (cells.size() != 5) {
      ADD_FAILURE() << "malformed oracle row: " << line;
      continue;
    }
    rows.push_back({cells[0], cells[1] == "true", cells[2], cells[3], cells[4]});
  }
  return rows;
}

// Which of our classes each phonenumbers type may become.
const std::map<std::string, std::set<PhoneClass>>& Families() {
  static const auto* families = new std::map<std::string, std::set<PhoneClass>>{
      {"MOBILE", {PhoneClass::kMobile}},
      {"FIXED_LINE", {PhoneClass::kFixed}},
      {"VOIP", {PhoneClass::kNomadic}},  // 085 and 091: location-independent numbers
      // "Universal access numbers": 088 corporate numbers, 084/087 personal assistant services
      // and 14 + area code municipal numbers. The first are callable, the others are services.
      {"UAN", {PhoneClass::kCorporate, PhoneClass::kService}},
      {"TOLL_FREE", {PhoneClass::kFreephone}},
      {"PREMIUM_RATE", {PhoneClass::kPremium}},
      // 066 pagers: phonenumbers has a class of their own; a pager cannot take a sales call, so
      // for us they are a service number (refused by CheckCallable).
      {"PAGER", {PhoneClass::kService}},
      {"SHORT_NUMBER", {PhoneClass::kService}},  // 112, 116xxx, 18xx
  };
  return *families;
}

struct Deliberate {
  std::optional<PhoneClass> cls;  // our class, or
  ErrorCode code;                 // our error when cls is empty
  const char* reason;
};

// Inputs on which we differ from the oracle on purpose.
const std::map<std::string, Deliberate>& Differences() {
  constexpr const char* kServiceLength =
      "the Dutch numbering plan issues 0800/090x numbers with 4 or 7 digits after the access "
      "code only; libphonenumber also allows 5 and 6";
  constexpr const char* kM2m =
      "097 numbers are machine-to-machine numbers (ACM): no person answers them, so they are a "
      "service for us, while libphonenumber files them under MOBILE";
  constexpr const char* kStrictForm =
      "libphonenumber skips stray characters and doubled separators; a consent form refuses "
      "them so that a typo is corrected by the person, not guessed";
  constexpr const char* kNoTrunk =
      "libphonenumber assumes a forgotten trunk 0; we require 0 or +31 so that a dropped digit "
      "is never guessed";
  static const auto* differences = new std::map<std::string, Deliberate>{
      {"0800 12345", {std::nullopt, ErrorCode::kPhoneInvalid, kServiceLength}},
      {"0800 123456", {std::nullopt, ErrorCode::kPhoneInvalid, kServiceLength}},
      {"0900 12345", {std::nullopt, ErrorCode::kPhoneInvalid, kServiceLength}},
      {"0970 1234 5678", {PhoneClass::kService, ErrorCode::kPhoneInvalid, kM2m}},
      {"+31 970 1234 5678", {PhoneClass::kService, ErrorCode::kPhoneInvalid, kM2m}},
      {"144",
       {PhoneClass::kService, ErrorCode::kPhoneInvalid,
        "144 is the Dutch animal emergency number, missing from libphonenumber's "
        "short-number data"}},
      {"0612345678x", {std::nullopt, ErrorCode::kPhoneInvalid, kStrictForm}},
      {"06--12345678", {std::nullopt, ErrorCode::kPhoneInvalid, kStrictForm}},
      {"612345678", {std::nullopt, ErrorCode::kPhoneInvalid, kNoTrunk}},
      {"201234567", {std::nullopt, ErrorCode::kPhoneInvalid, kNoTrunk}},
  };
  return *differences;
}

TEST(PhoneNlOracleTest, AgreesWithLibphonenumberOnEveryListedNumber) {
  const std::vector<OracleRow> rows = ReadOracle();
  ASSERT_GE(rows.size(), 60u);
  std::set<std::string> seen_types;
  std::size_t differences_seen = 0;
  for (const OracleRow& row : rows) {
    SCOPED_TRACE("input \"" + row.input + "\", oracle " + (row.valid ? "valid " : "invalid ") +
                 row.type + " " + row.e164);
    const auto parsed = ParseDutchPhone(row.input);
    if (const auto it = Differences().find(row.input); it != Differences().end()) {
      ++differences_seen;
      SCOPED_TRACE(it->second.reason);
      if (it->second.cls) {
        ASSERT_OK(parsed);
        EXPECT_EQ(parsed->cls, *it->second.cls);
        EXPECT_EQ(parsed->e164, row.e164);
      } else {
        EXPECT_ERROR_CODE(parsed, it->second.code);
      }
      continue;
    }
    if (row.region != "NL") {
      EXPECT_ERROR_CODE(parsed, ErrorCode::kPhoneNotDutch);
      continue;
    }
    if (!row.valid) {
      EXPECT_ERROR_CODE(parsed, ErrorCode::kPhoneInvalid);
      continue;
    }
    seen_types.insert(row.type);
    ASSERT_OK(parsed);
    EXPECT_EQ(parsed->e164, row.e164);
    const auto family = Families().find(row.type);
    ASSERT_NE(family, Families().end()) << "no family for oracle type " << row.type;
    EXPECT_TRUE(family->second.count(parsed->cls))
        << "our class " << PhoneClassName(parsed->cls) << " is not in the oracle's family";
  }
  // The list must keep covering every class and every deliberate difference.
  EXPECT_EQ(differences_seen, Differences().size());
  for (const char* type : {"MOBILE", "FIXED_LINE", "VOIP", "UAN", "TOLL_FREE", "PREMIUM_RATE",
                           "PAGER", "SHORT_NUMBER"}) {
    EXPECT_TRUE(seen_types.count(type)) << "no valid " << type << " number in the oracle list";
  }
}

}  // namespace
}  // namespace capture
