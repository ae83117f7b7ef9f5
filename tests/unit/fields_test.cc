// NormaliseField for every field type: normal forms and refusals, one table per type. The shared
// vectors (tests/vectors/fields/field_cases.json) repeat many of these for the WebAssembly and CLI
// builds; the tables here also hold what JSON cannot carry (invalid UTF-8, NUL).
#include "capture/fields.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "test_support.h"

namespace capture {
namespace {

constexpr CivilDate kToday{2026, 11, 28};

struct Case {
  const char* name;
  std::string input;
  std::string value;  // the normal form when `code` is absent
  std::optional<ErrorCode> code = std::nullopt;
};

Case Ok(const char* name, std::string input, std::string value) {
  return {name, std::move(input), std::move(value)};
}
Case Bad(const char* name, std::string input, ErrorCode code) {
  return {name, std::move(input), "", code};
}

void RunCases(const FieldRules& rules, const std::vector<Case>& cases, CivilDate today = kToday) {
  ASSERT_GE(cases.size(), 15u) << "every type keeps at least 15 cases";
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(FieldTypeName(rules.type)) + ": " + c.name);
    auto result = NormaliseField(rules, c.input, today);
    if (c.code) {
      EXPECT_ERROR_CODE(result, *c.code);
      if (!result.ok()) {
        EXPECT_FALSE(result.error().message.empty());
        EXPECT_TRUE(result.error().field.empty()) << "the caller names the field";
      }
    } else {
      ASSERT_OK(result);
      EXPECT_EQ(*result, c.value);
    }
  }
}

std::string Repeat(std::string_view text, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) out += text;
  return out;
}

// 60 + 1 + 60 + 1 + third + 1 + 62 + 3 bytes: with "jan@", third = 62 makes 254 bytes.
std::string LongDomain(int third) {
  return std::string(60, 'a') + "." + std::string(60, 'b') + "." + std::string(third, 'c') + "." +
         std::string(62, 'd') + ".nl";
}

FieldRules Rules(FieldType type, bool required = true, std::size_t max_length = 100) {
  FieldRules rules;
  rules.type = type;
  rules.required = required;
  rules.max_length = max_length;
  return rules;
}

TEST(FieldsTest, MapsEveryTypeNameBothWays) {
  for (const char* name : {"given_name", "family_name", "email", "phone_nl", "postcode_nl",
                           "house_number", "date_of_birth", "choice", "short_text"}) {
    auto type = FieldTypeFromName(name);
    ASSERT_OK(type);
    EXPECT_EQ(FieldTypeName(*type), name);
  }
  EXPECT_ERROR_CODE(FieldTypeFromName("phone"), ErrorCode::kFieldTypeUnknown);
  EXPECT_ERROR_CODE(FieldTypeFromName("Email"), ErrorCode::kFieldTypeUnknown);
  EXPECT_ERROR_CODE(FieldTypeFromName(""), ErrorCode::kFieldTypeUnknown);
}

TEST(FieldsTest, RefusesEmptyRequiredFieldsAndDropsEmptyOptionalOnes) {
  for (const char* name : {"given_name", "family_name", "email", "phone_nl", "postcode_nl",
                           "house_number", "date_of_birth", "choice", "short_text"}) {
    SCOPED_TRACE(name);
    const FieldType type = *FieldTypeFromName(name);
    EXPECT_ERROR_CODE(NormaliseField(Rules(type, true), " \t\xC2\xA0", kToday),
                      ErrorCode::kFieldRequired);
    auto optional = NormaliseField(Rules(type, false), "   ", kToday);
    ASSERT_OK(optional);
    EXPECT_EQ(*optional, "");
  }
}

TEST(FieldsTest, NormalisesNamesOfEveryScriptAndRefusesDigitsAndSymbols) {
  RunCases(Rules(FieldType::kGivenName),
           {
               Ok("plain", "Jan", "Jan"),
               Ok("trimmed", "  Jan ", "Jan"),
               Ok("inner whitespace collapsed", "Jan   Piet", "Jan Piet"),
               Ok("no-break space collapsed", "Jan\xC2\xA0\xC2\xA0Piet", "Jan Piet"),
               Ok("hyphenated", "Anne-Marie", "Anne-Marie"),
               Ok("initials", "J.P.", "J.P."),
               Ok("diaeresis", "Zo\xC3\xAB", "Zo\xC3\xAB"),
               Ok("combining accent", "Zoe\xCC\x88", "Zoe\xCC\x88"),
               Ok("Greek", "\xCE\x95\xCE\xBB\xCE\xAD\xCE\xBD\xCE\xB7",
                  "\xCE\x95\xCE\xBB\xCE\xAD\xCE\xBD\xCE\xB7"),
               Ok("Arabic", "\xD9\x85\xD8\xAD\xD9\x85\xD8\xAF", "\xD9\x85\xD8\xAD\xD9\x85\xD8\xAF"),
               Ok("Chinese", "\xE6\x9D\x8E\xE5\xB0\x8F\xE9\xBE\x99",
                  "\xE6\x9D\x8E\xE5\xB0\x8F\xE9\xBE\x99"),
               Ok("Vietnamese", "Nguy\xE1\xBB\x85n", "Nguy\xE1\xBB\x85n"),
               Bad("digit", "Jan2", ErrorCode::kNameInvalid),
               Bad("at sign", "jan@example.nl", ErrorCode::kNameInvalid),
               Bad("only punctuation", "...", ErrorCode::kNameInvalid),
               Bad("leading hyphen", "-Jan", ErrorCode::kNameInvalid),
               Bad("double hyphen", "Jan--Piet", ErrorCode::kNameInvalid),
               Bad("emoji", "Jan \xF0\x9F\x98\x80", ErrorCode::kNameInvalid),
               Bad("mathematical bold letters", "\xF0\x9D\x90\x89\xF0\x9D\x90\x9A",
                   ErrorCode::kNameInvalid),
               Bad("Arabic-Indic digit", "\xD9\xA3", ErrorCode::kNameInvalid),
               Bad("accent without letter",
                   "\xCC\x81"
                   "e",
                   ErrorCode::kNameInvalid),
               Bad("too long", std::string(101, 'a'), ErrorCode::kFieldTooLong),
               Bad("control character", "Jan\x01", ErrorCode::kFieldControlCharacters),
               Bad("invalid UTF-8", "Jan\xFF", ErrorCode::kFieldUtf8Invalid),
           });
}

TEST(FieldsTest, AcceptsDutchFamilyNamesWithTussenvoegselsAndApostrophes) {
  RunCases(Rules(FieldType::kFamilyName),
           {
               Ok("van der", "van der Berg", "van der Berg"),
               Ok("van den, collapsed", "van  den   Heuvel", "van den Heuvel"),
               Ok("typographic apostrophe", "\xE2\x80\x99t Hart", "\xE2\x80\x99t Hart"),
               Ok("autocorrected opening quote", "\xE2\x80\x98t Hooft", "\xE2\x80\x98t Hooft"),
               Ok("ASCII apostrophe", "'s-Gravesande", "'s-Gravesande"),
               Ok("van 's-Gravesande", "van 's-Gravesande", "van 's-Gravesande"),
               Ok("O'Brien", "O'Brien", "O'Brien"),
               Ok("double family name", "Jansen - de Vries", "Jansen - de Vries"),
               Ok("IJ digraph", "IJzerman", "IJzerman"),
               Ok("Turkish dotted I", "\xC3\x96zt\xC3\xBCrk", "\xC3\x96zt\xC3\xBCrk"),
               Ok("Polish", "\xC5\x81ukasiewicz", "\xC5\x81ukasiewicz"),
               Ok("Cyrillic", "\xD0\x98\xD0\xB2\xD0\xB0\xD0\xBD\xD0\xBE\xD0\xB2",
                  "\xD0\x98\xD0\xB2\xD0\xB0\xD0\xBD\xD0\xBE\xD0\xB2"),
               Bad("trailing hyphen", "Jansen-", ErrorCode::kNameInvalid),
               Bad("comma", "Jansen, J.", ErrorCode::kNameInvalid),
               Bad("slash", "Jansen/de Vries", ErrorCode::kNameInvalid),
               Bad("underscore", "Jan_sen", ErrorCode::kNameInvalid),
               Bad("angle brackets", "<script>", ErrorCode::kNameInvalid),
               Bad("full-width digit", "Jansen\xEF\xBC\x91", ErrorCode::kNameInvalid),
               Bad("bidi override", "Jan\xE2\x80\xAEsen", ErrorCode::kFieldControlCharacters),
           });
}

TEST(FieldsTest, AcceptsPracticalEmailAddressesAndLowercasesTheDomain) {
  RunCases(
      Rules(FieldType::kEmail, true, 320),
      {
          Ok("plain", "jan@example.nl", "jan@example.nl"),
          Ok("domain lowercased, local part kept", "Jan.Jansen@Example.NL",
             "Jan.Jansen@example.nl"),
          Ok("plus tag", "jan+actie@gmail.com", "jan+actie@gmail.com"),
          Ok("subdomain and hyphen", "info@mail.bakkerij-de-vries.nl",
             "info@mail.bakkerij-de-vries.nl"),
          Ok("all atext symbols", "a!#$%&'*+-/=?^_`{|}~z@x.nl", "a!#$%&'*+-/=?^_`{|}~z@x.nl"),
          Ok("UTF-8 local part", "j\xC3\xB6rg@example.de", "j\xC3\xB6rg@example.de"),
          Ok("IDN A-label top-level domain", "jan@example.xn--p1ai", "jan@example.xn--p1ai"),
          Ok("64-byte local part", std::string(64, 'a') + "@x.nl", std::string(64, 'a') + "@x.nl"),
          Bad("no at sign", "jan.example.nl", ErrorCode::kEmailInvalid),
          Bad("two at signs", "jan@@example.nl", ErrorCode::kEmailInvalid),
          Bad("no dot in domain", "jan@localhost", ErrorCode::kEmailInvalid),
          Bad("leading dot", ".jan@example.nl", ErrorCode::kEmailInvalid),
          Bad("trailing dot in local part", "jan.@example.nl", ErrorCode::kEmailInvalid),
          Bad("double dot", "jan..jansen@example.nl", ErrorCode::kEmailInvalid),
          Bad("space inside", "jan jansen@example.nl", ErrorCode::kEmailInvalid),
          Bad("hyphen starts a label", "jan@-example.nl", ErrorCode::kEmailInvalid),
          Bad("hyphen ends a label", "jan@example-.nl", ErrorCode::kEmailInvalid),
          Bad("one-letter top-level domain", "jan@example.n", ErrorCode::kEmailInvalid),
          Bad("numeric top-level domain", "jan@example.123", ErrorCode::kEmailInvalid),
          Bad("IP literal", "jan@[192.0.2.1]", ErrorCode::kEmailInvalid),
          Bad("quoted local part", "\"jan jansen\"@example.nl", ErrorCode::kEmailInvalid),
          Bad("trailing dot in domain", "jan@example.nl.", ErrorCode::kEmailInvalid),
          Bad("65-byte local part", std::string(65, 'a') + "@x.nl", ErrorCode::kEmailInvalid),
          Bad("64-byte domain label", "jan@" + std::string(64, 'a') + ".nl",
              ErrorCode::kEmailInvalid),
          Ok("254-byte address", "jan@" + LongDomain(62), "jan@" + LongDomain(62)),
          Bad("255-byte address", "jan@" + LongDomain(63), ErrorCode::kEmailInvalid),
          Bad("comma", "jan,jansen@example.nl", ErrorCode::kEmailInvalid),
      });
}

TEST(FieldsTest, NormalisesCallablePhoneNumbersToE164AndRefusesTheRest) {
  RunCases(Rules(FieldType::kPhoneNl, true, 30),
           {
               Ok("mobile with hyphen", "06-12345678", "+31612345678"),
               Ok("mobile international", "+31 6 1234 5678", "+31612345678"),
               Ok("mobile with (0)", "+31 (0)6 12345678", "+31612345678"),
               Ok("mobile via 0031", "0031612345678", "+31612345678"),
               Ok("Amsterdam", "(020) 123 45 67", "+31201234567"),
               Ok("Rotterdam", "010-1234567", "+31101234567"),
               Ok("nomadic", "085 123 4567", "+31851234567"),
               Ok("corporate", "088 123 4567", "+31881234567"),
               Ok("trimmed no-break spaces",
                  "\xC2\xA0"
                  "06 12345678\xC2\xA0",
                  "+31612345678"),
               Bad("premium 0900", "0900-1234567", ErrorCode::kPhonePremiumRefused),
               Bad("premium 0906", "0906-1234", ErrorCode::kPhonePremiumRefused),
               Bad("freephone", "0800-1234", ErrorCode::kPhoneServiceRefused),
               Bad("pager", "066-1234567", ErrorCode::kPhoneServiceRefused),
               Bad("municipal", "14020", ErrorCode::kPhoneServiceRefused),
               Bad("Belgian", "+32 470 12 34 56", ErrorCode::kPhoneNotDutch),
               Bad("too short", "06-1234567", ErrorCode::kPhoneInvalid),
               Bad("letters", "06-CALLME", ErrorCode::kPhoneInvalid),
               Bad("too long for the field", "06 - 12 - 34 - 56 - 78 - 00 - 00",
                   ErrorCode::kFieldTooLong),
           });
}

TEST(FieldsTest, NormalisesDutchPostcodes) {
  RunCases(Rules(FieldType::kPostcodeNl, true, 10),
           {
               Ok("compact", "1234AB", "1234AB"),
               Ok("with space", "1234 AB", "1234AB"),
               Ok("lower case", "1234 ab", "1234AB"),
               Ok("mixed case", "9999zZ", "9999ZZ"),
               Ok("trimmed", "  1012 JS ", "1012JS"),
               Ok("SB is fine", "1234 SB", "1234SB"),
               Bad("starts with 0", "0123 AB", ErrorCode::kPostcodeInvalid),
               Bad("SA", "1234 SA", ErrorCode::kPostcodeInvalid),
               Bad("SD", "1234sd", ErrorCode::kPostcodeInvalid),
               Bad("SS", "1234 Ss", ErrorCode::kPostcodeInvalid),
               Bad("two spaces", "1234  AB", ErrorCode::kPostcodeInvalid),
               Bad("hyphen", "1234-AB", ErrorCode::kPostcodeInvalid),
               Bad("one letter", "1234 A", ErrorCode::kPostcodeInvalid),
               Bad("three digits", "123 AB", ErrorCode::kPostcodeInvalid),
               Bad("Belgian", "1000", ErrorCode::kPostcodeInvalid),
               Bad("accented letter",
                   "1234 \xC3\x89"
                   "A",
                   ErrorCode::kPostcodeInvalid),
               Bad("full-width digits",
                   "\xEF\xBC\x91"
                   "234AB",
                   ErrorCode::kPostcodeInvalid),
               Bad("too long for the field", "1234 AB 1234 AB", ErrorCode::kFieldTooLong),
           });
}

TEST(FieldsTest, NormalisesHouseNumbersWithLetterAndAddition) {
  RunCases(Rules(FieldType::kHouseNumber, true, 20),
           {
               Ok("number", "12", "12"),
               Ok("largest", "99999", "99999"),
               Ok("house letter attached", "12a", "12A"),
               Ok("house letter after space", "12 a", "12A"),
               Ok("house letter after hyphen", "12-A", "12A"),
               Ok("house letter after spaced hyphen", "12 - a", "12A"),
               Ok("numeric addition", "12-3", "12-3"),
               Ok("numeric addition after space", "12 3", "12-3"),
               Ok("word addition", "12 bis", "12-BIS"),
               Ok("letter and addition", "12a-1", "12A-1"),
               Ok("letter and addition with spaces", "12 A 1", "12A-1"),
               Ok("mixed addition", "12a1", "12-A1"),
               Ok("Amsterdam floor", "12 hs", "12-HS"),
               Bad("zero", "0", ErrorCode::kHouseNumberInvalid),
               Bad("leading zero", "012", ErrorCode::kHouseNumberInvalid),
               Bad("too large", "100000", ErrorCode::kHouseNumberInvalid),
               Bad("letter first", "a12", ErrorCode::kHouseNumberInvalid),
               Bad("trailing hyphen", "12-", ErrorCode::kHouseNumberInvalid),
               Bad("two hyphens", "12--3", ErrorCode::kHouseNumberInvalid),
               Bad("addition too long", "12 abcde", ErrorCode::kHouseNumberInvalid),
               Bad("three parts", "12 a b c", ErrorCode::kHouseNumberInvalid),
               Bad("slash", "12/3", ErrorCode::kHouseNumberInvalid),
               Bad("accented addition", "12 \xC3\xA9", ErrorCode::kHouseNumberInvalid),
           });
}

TEST(FieldsTest, NormalisesDatesOfBirthAndChecksAge) {
  FieldRules rules = Rules(FieldType::kDateOfBirth, true, 20);
  rules.min_age = 18;
  RunCases(rules, {
                      Ok("DD-MM-YYYY", "01-02-1990", "1990-02-01"),
                      Ok("D-M-YYYY", "1-2-1990", "1990-02-01"),
                      Ok("DD/MM/YYYY", "01/02/1990", "1990-02-01"),
                      Ok("DD.MM.YYYY", "01.02.1990", "1990-02-01"),
                      Ok("ISO", "1990-02-01", "1990-02-01"),
                      Ok("leap day", "29-02-2000", "2000-02-29"),
                      Ok("eighteenth birthday today", "28-11-2008", "2008-11-28"),
                      Ok("exactly 120 years", "28-11-1906", "1906-11-28"),
                      Bad("31 February", "31-02-1990", ErrorCode::kDateInvalid),
                      Bad("29 February in a common year", "29-02-2023", ErrorCode::kDateInvalid),
                      Bad("month 13", "01-13-1990", ErrorCode::kDateInvalid),
                      Bad("day 0", "00-01-1990", ErrorCode::kDateInvalid),
                      Bad("two-digit year", "1-2-90", ErrorCode::kDateInvalid),
                      Bad("mixed separators", "01-02/1990", ErrorCode::kDateInvalid),
                      Bad("ISO without zero padding", "1990-2-1", ErrorCode::kDateInvalid),
                      Bad("words", "1 februari 1990", ErrorCode::kDateInvalid),
                      Bad("tomorrow", "29-11-2026", ErrorCode::kAgeImplausible),
                      Bad("more than 120 years ago", "27-11-1906", ErrorCode::kAgeImplausible),
                      Bad("year 0001", "01-01-0001", ErrorCode::kAgeImplausible),
                      Bad("eighteen tomorrow", "29-11-2008", ErrorCode::kAgeBelowMinimum),
                      Bad("child", "01-01-2015", ErrorCode::kAgeBelowMinimum),
                  });
}

TEST(FieldsTest, CountsLeapDayBirthdaysOnTheFirstOfMarchInCommonYears) {
  FieldRules rules = Rules(FieldType::kDateOfBirth);
  rules.min_age = 18;
  // Born 29-02-2008: 18 on 01-03-2026 (2026 has no 29 February), not on 28-02-2026.
  EXPECT_ERROR_CODE(NormaliseField(rules, "29-02-2008", {2026, 2, 28}),
                    ErrorCode::kAgeBelowMinimum);
  EXPECT_OK(NormaliseField(rules, "29-02-2008", {2026, 3, 1}));
  // In a leap year the birthday itself exists: born 29-02-2012, 20 on 29-02-2032.
  rules.min_age = 20;
  EXPECT_ERROR_CODE(NormaliseField(rules, "29-02-2012", {2032, 2, 28}),
                    ErrorCode::kAgeBelowMinimum);
  EXPECT_OK(NormaliseField(rules, "29-02-2012", {2032, 2, 29}));
  rules.min_age = 0;
  EXPECT_OK(NormaliseField(rules, "28-11-2026", kToday));  // born today, no minimum
}

TEST(FieldsTest, AcceptsOnlyTheOfferedChoices) {
  FieldRules rules = Rules(FieldType::kChoice);
  rules.options = {"ochtend", "middag", "avond", "Geen voorkeur", "caf\xC3\xA9"};
  RunCases(rules, {
                      Ok("first", "ochtend", "ochtend"),
                      Ok("second", "middag", "middag"),
                      Ok("third", "avond", "avond"),
                      Ok("with a space", "Geen voorkeur", "Geen voorkeur"),
                      Ok("trimmed", "  avond\xC2\xA0", "avond"),
                      Ok("non-ASCII", "caf\xC3\xA9", "caf\xC3\xA9"),
                      Bad("other case", "Ochtend", ErrorCode::kChoiceUnknown),
                      Bad("prefix", "och", ErrorCode::kChoiceUnknown),
                      Bad("longer", "ochtendje", ErrorCode::kChoiceUnknown),
                      Bad("inner space differs", "Geen  voorkeur", ErrorCode::kChoiceUnknown),
                      Bad("decomposed accent", "cafe\xCC\x81", ErrorCode::kChoiceUnknown),
                      Bad("not offered", "nacht", ErrorCode::kChoiceUnknown),
                      Bad("index instead of value", "1", ErrorCode::kChoiceUnknown),
                      Bad("control character", "avond\x07", ErrorCode::kFieldControlCharacters),
                      Bad("zero-width space inside", "av\xE2\x80\x8Bond",
                          ErrorCode::kFieldControlCharacters),
                  });
  rules.options.clear();
  EXPECT_ERROR_CODE(NormaliseField(rules, "ochtend", kToday), ErrorCode::kChoiceUnknown);
}

TEST(FieldsTest, TrimsShortTextAndKeepsEverythingElse) {
  RunCases(Rules(FieldType::kShortText, true, 20),
           {
               Ok("plain", "Mijn hond heet Max", "Mijn hond heet Max"),
               Ok("trimmed", "  hallo  ", "hallo"),
               Ok("inner spaces kept", "a   b", "a   b"),
               Ok("digits and symbols", "Pizza! 42 % <3", "Pizza! 42 % <3"),
               Ok("emoji", "\xF0\x9F\x90\xB6 Max", "\xF0\x9F\x90\xB6 Max"),
               Ok("emoji ZWJ sequence", "\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x92\xBB",
                  "\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x92\xBB"),
               Ok("exactly the limit", std::string(20, 'x'), std::string(20, 'x')),
               Ok("limit in code points", Repeat("\xC3\xA9", 20), Repeat("\xC3\xA9", 20)),
               Bad("one over in code points", Repeat("\xC3\xA9", 21), ErrorCode::kFieldTooLong),
               Bad("one over the limit", std::string(21, 'x'), ErrorCode::kFieldTooLong),
               Bad("NUL", std::string("a\0b", 3), ErrorCode::kFieldControlCharacters),
               Bad("newline", "a\nb", ErrorCode::kFieldControlCharacters),
               Bad("tab", "a\tb", ErrorCode::kFieldControlCharacters),
               Bad("escape sequence", "\x1B[2J", ErrorCode::kFieldControlCharacters),
               Bad("right-to-left override",
                   "abc\xE2\x80\xAE"
                   "def",
                   ErrorCode::kFieldControlCharacters),
               Bad("invalid UTF-8", "caf\xE9", ErrorCode::kFieldUtf8Invalid),
               Bad("overlong encoding", "\xC1\x81", ErrorCode::kFieldUtf8Invalid),
           });
}

}  // namespace
}  // namespace capture
