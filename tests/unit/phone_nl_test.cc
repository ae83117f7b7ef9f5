// Dutch phone numbers: every written form, every class of the numbering plan, every refusal.
#include <gtest/gtest.h>

#include <string>

#include "capture/fields.h"
#include "test_support.h"

namespace capture {
namespace {

struct ValidCase {
  const char* name;
  const char* input;
  const char* e164;
  PhoneClass cls;
};

constexpr ValidCase kMobileForms[] = {
    {"hyphen after 06", "06-12345678", "+31612345678", PhoneClass::kMobile},
    {"groups of four", "06 1234 5678", "+31612345678", PhoneClass::kMobile},
    {"pairs", "06 12 34 56 78", "+31612345678", PhoneClass::kMobile},
    {"no separators", "0612345678", "+31612345678", PhoneClass::kMobile},
    {"country code with spaces", "+31 6 1234 5678", "+31612345678", PhoneClass::kMobile},
    {"country code and (0) trunk", "+31 (0)6 12345678", "+31612345678", PhoneClass::kMobile},
    {"(0) trunk without spaces", "+31(0)612345678", "+31612345678", PhoneClass::kMobile},
    {"international prefix 00", "0031 6 12345678", "+31612345678", PhoneClass::kMobile},
    {"international prefix unspaced", "0031612345678", "+31612345678", PhoneClass::kMobile},
    {"already E.164", "+31612345678", "+31612345678", PhoneClass::kMobile},
    {"bare trunk after +31", "+310612345678", "+31612345678", PhoneClass::kMobile},
    {"dots", "06.1234.5678", "+31612345678", PhoneClass::kMobile},
    {"slash", "06/12345678", "+31612345678", PhoneClass::kMobile},
    {"parenthesised 06", "(06) 12345678", "+31612345678", PhoneClass::kMobile},
    {"spaced hyphen", "06 - 12345678", "+31612345678", PhoneClass::kMobile},
    {"surrounding spaces", "  06-12345678  ", "+31612345678", PhoneClass::kMobile},
    {"061..065 and 068 blocks", "0681234567", "+31681234567", PhoneClass::kMobile},
};

TEST(PhoneNlTest, NormalisesEveryMobileFormToE164) {
  for (const auto& c : kMobileForms) {
    SCOPED_TRACE(c.name);
    auto phone = ParseDutchPhone(c.input);
    ASSERT_OK(phone);
    EXPECT_EQ(phone->e164, c.e164);
    EXPECT_EQ(phone->cls, c.cls);
    EXPECT_OK(CheckCallable(*phone));
  }
}

constexpr ValidCase kOtherClasses[] = {
    {"Amsterdam in parentheses", "(020) 123 45 67", "+31201234567", PhoneClass::kFixed},
    {"Rotterdam with hyphen", "010-1234567", "+31101234567", PhoneClass::kFixed},
    {"four-digit area code", "0111-123456", "+31111123456", PhoneClass::kFixed},
    {"Den Haag via +31", "+31 70 123 4567", "+31701234567", PhoneClass::kFixed},
    {"Zoetermeer via 0031", "0031 79 1234567", "+31791234567", PhoneClass::kFixed},
    {"area code with (0)", "+31 (0)20 1234567", "+31201234567", PhoneClass::kFixed},
    {"085 nomadic", "085 123 4567", "+31851234567", PhoneClass::kNomadic},
    {"091 nomadic", "091-1234567", "+31911234567", PhoneClass::kNomadic},
    {"088 corporate", "088 123 4567", "+31881234567", PhoneClass::kCorporate},
    {"0800 with 4 digits", "0800-1234", "+318001234", PhoneClass::kFreephone},
    {"0800 with 7 digits", "0800 123 4567", "+318001234567", PhoneClass::kFreephone},
    {"0900 with 4 digits", "0900-1234", "+319001234", PhoneClass::kPremium},
    {"0906 with 7 digits", "0906-1234567", "+319061234567", PhoneClass::kPremium},
    {"0909 with 4 digits", "0909 1234", "+319091234", PhoneClass::kPremium},
    {"066 pager", "066-1234567", "+31661234567", PhoneClass::kService},
    {"084 personal assistant", "084 123 4567", "+31841234567", PhoneClass::kService},
    {"087 personal assistant", "087 123 4567", "+31871234567", PhoneClass::kService},
    {"097 machine-to-machine", "0970 1234 5678", "+3197012345678", PhoneClass::kService},
    {"municipal 14 + 020", "14 020", "+3114020", PhoneClass::kService},
    {"municipal 14 + 0118", "140118", "+31140118", PhoneClass::kService},
    {"emergency", "112", "+31112", PhoneClass::kService},
    {"animal emergency", "144", "+31144", PhoneClass::kService},
    {"911 reaches the emergency service too", "911", "+31911", PhoneClass::kService},
    {"short number after +31", "+31 112", "+31112", PhoneClass::kService},
    {"EU harmonised", "116 000", "+31116000", PhoneClass::kService},
    {"directory enquiries", "1888", "+311888", PhoneClass::kService},
};

TEST(PhoneNlTest, ClassifiesEveryRangeOfTheNumberingPlan) {
  for (const auto& c : kOtherClasses) {
    SCOPED_TRACE(c.name);
    auto phone = ParseDutchPhone(c.input);
    ASSERT_OK(phone);
    EXPECT_EQ(phone->e164, c.e164);
    EXPECT_EQ(PhoneClassName(phone->cls), PhoneClassName(c.cls));
  }
}

struct InvalidCase {
  const char* name;
  const char* input;
  ErrorCode code;
};

constexpr InvalidCase kInvalid[] = {
    {"empty", "", ErrorCode::kPhoneInvalid},
    {"only separators", " - ", ErrorCode::kPhoneInvalid},
    {"letter", "06-1234567a", ErrorCode::kPhoneInvalid},
    {"letters for digits", "06-CALLNOW", ErrorCode::kPhoneInvalid},
    {"doubled hyphen", "06--12345678", ErrorCode::kPhoneInvalid},
    {"trailing dot", "06 12345678.", ErrorCode::kPhoneInvalid},
    {"leading hyphen", "-0612345678", ErrorCode::kPhoneInvalid},
    {"plus in the middle", "06+12345678", ErrorCode::kPhoneInvalid},
    {"unclosed parenthesis", "(020 1234567", ErrorCode::kPhoneInvalid},
    {"empty parentheses", "()0201234567", ErrorCode::kPhoneInvalid},
    {"nested parentheses", "((020)) 1234567", ErrorCode::kPhoneInvalid},
    {"space after plus", "+ 31 6 12345678", ErrorCode::kPhoneInvalid},
    {"en dash",
     "06\xE2\x80\x93"
     "12345678",
     ErrorCode::kPhoneInvalid},
    {"full-width digits",
     "\xEF\xBC\x90\xEF\xBC\x96"
     "12345678",
     ErrorCode::kPhoneInvalid},
    {"extension", "020-1234567 ext 12", ErrorCode::kPhoneInvalid},
    {"mobile one digit short", "06-1234567", ErrorCode::kPhoneInvalid},
    {"mobile one digit long", "06-123456789", ErrorCode::kPhoneInvalid},
    {"fixed one digit short", "020-123456", ErrorCode::kPhoneInvalid},
    {"unassigned 012", "012-3456789", ErrorCode::kPhoneInvalid},
    {"unassigned 082", "082 123 4567", ErrorCode::kPhoneInvalid},
    {"unassigned 067", "067 1234567", ErrorCode::kPhoneInvalid},
    {"unassigned 060", "060 1234567", ErrorCode::kPhoneInvalid},
    {"0800 with 5 digits", "0800 12345", ErrorCode::kPhoneInvalid},
    {"0900 with 6 digits", "0900 123456", ErrorCode::kPhoneInvalid},
    {"0901 is no premium range", "0901 1234", ErrorCode::kPhoneInvalid},
    {"no trunk 0", "612345678", ErrorCode::kPhoneInvalid},
    {"unknown short number", "1234", ErrorCode::kPhoneInvalid},
    {"14 with an unassigned area code", "14012", ErrorCode::kPhoneInvalid},
    {"country code starting with 0", "+0031612345678", ErrorCode::kPhoneInvalid},
    {"too many digits", "06123456789012345678", ErrorCode::kPhoneInvalid},
    {"Belgium", "+32 2 123 45 67", ErrorCode::kPhoneNotDutch},
    {"Germany", "+49 30 12345678", ErrorCode::kPhoneNotDutch},
    {"United Kingdom via 00", "0044 20 7946 0958", ErrorCode::kPhoneNotDutch},
    {"United States", "+1 202 555 0143", ErrorCode::kPhoneNotDutch},
    {"Belgian mobile via 00", "0032 470 12 34 56", ErrorCode::kPhoneNotDutch},
};

TEST(PhoneNlTest, RefusesMalformedAndForeignNumbers) {
  for (const auto& c : kInvalid) {
    SCOPED_TRACE(c.name);
    auto phone = ParseDutchPhone(c.input);
    EXPECT_ERROR_CODE(phone, c.code);
    if (!phone.ok()) {
      EXPECT_FALSE(phone.error().message.empty());
    }
  }
}

struct CallableCase {
  const char* input;
  ErrorCode code;
  const char* message_start;
};

TEST(PhoneNlTest, RefusesPremiumFreephoneAndServiceNumbersForCalls) {
  const CallableCase cases[] = {
      {"0900-1234567", ErrorCode::kPhonePremiumRefused, "0900 numbers are premium-rate"},
      {"0906-1234", ErrorCode::kPhonePremiumRefused, "0906 numbers are premium-rate"},
      {"0909 1234567", ErrorCode::kPhonePremiumRefused, "0909 numbers are premium-rate"},
      {"0800-1234", ErrorCode::kPhoneServiceRefused, "0800 numbers are free-phone"},
      {"066 1234567", ErrorCode::kPhoneServiceRefused, "066 numbers are pager numbers"},
      {"084 1234567", ErrorCode::kPhoneServiceRefused, "084 numbers are personal-assistant"},
      {"087 1234567", ErrorCode::kPhoneServiceRefused, "087 numbers are personal-assistant"},
      {"097012345678", ErrorCode::kPhoneServiceRefused, "097 numbers are machine-to-machine"},
      {"14020", ErrorCode::kPhoneServiceRefused, "14 numbers are municipal"},
      {"112", ErrorCode::kPhoneServiceRefused, "112 is the emergency number"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.input);
    auto phone = ParseDutchPhone(c.input);
    ASSERT_OK(phone);
    const Status callable = CheckCallable(*phone);
    ASSERT_ERROR_CODE(callable, c.code);
    EXPECT_EQ(callable.error().message.rfind(c.message_start, 0), 0u) << callable.error().message;
  }
}

TEST(PhoneNlTest, AllowsCallsToMobileFixedNomadicAndCorporateNumbers) {
  for (const char* input : {"0612345678", "0201234567", "0851234567", "0911234567", "0881234567"}) {
    SCOPED_TRACE(input);
    auto phone = ParseDutchPhone(input);
    ASSERT_OK(phone);
    EXPECT_OK(CheckCallable(*phone));
  }
}

TEST(PhoneNlTest, ParsesItsOwnE164FormToTheSameNumber) {
  // Found by fields_fuzz: "911" gave "+31911", which once read as a malformed 091 number.
  for (const char* input :
       {"06-12345678", "0800-1234", "911", "112", "14 0118", "0970 1234 5678"}) {
    SCOPED_TRACE(input);
    auto phone = ParseDutchPhone(input);
    ASSERT_OK(phone);
    auto again = ParseDutchPhone(phone->e164);
    ASSERT_OK(again);
    EXPECT_EQ(again->e164, phone->e164);
    EXPECT_EQ(again->cls, phone->cls);
  }
}

TEST(PhoneNlTest, ExplainsWhyANumberIsMalformed) {
  auto short_mobile = ParseDutchPhone("06-1234567");
  ASSERT_ERROR_CODE(short_mobile, ErrorCode::kPhoneInvalid);
  EXPECT_EQ(short_mobile.error().message, "06 numbers have 10 digits including the 0, not 9");
  auto service_length = ParseDutchPhone("0800-12345");
  ASSERT_ERROR_CODE(service_length, ErrorCode::kPhoneInvalid);
  EXPECT_EQ(service_length.error().message, "0800 numbers have 4 or 7 digits after 0800, not 5");
  EXPECT_TRUE(ParseDutchPhone("").error().field.empty());  // the caller names the field
}

TEST(PhoneNlTest, NamesEveryClassStably) {
  EXPECT_EQ(PhoneClassName(PhoneClass::kMobile), "mobile");
  EXPECT_EQ(PhoneClassName(PhoneClass::kFixed), "fixed");
  EXPECT_EQ(PhoneClassName(PhoneClass::kNomadic), "nomadic");
  EXPECT_EQ(PhoneClassName(PhoneClass::kCorporate), "corporate");
  EXPECT_EQ(PhoneClassName(PhoneClass::kFreephone), "freephone");
  EXPECT_EQ(PhoneClassName(PhoneClass::kPremium), "premium");
  EXPECT_EQ(PhoneClassName(PhoneClass::kService), "service");
}

}  // namespace
}  // namespace capture
