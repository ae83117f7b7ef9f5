// The shared field vectors (tests/vectors/fields/field_cases.json) run natively. The same file
// runs through the WebAssembly module and `optin field check`; it is the source of truth, so a
// case that fails here is a bug in the core or in the case, never a reason to special-case a build.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "capture/fields.h"
#include "capture/json.h"
#include "capture/time.h"
#include "test_support.h"

namespace capture {
namespace {

Result<CivilDate> ParseDay(const std::string& text) {
  CAPTURE_ASSIGN_OR_RETURN(const UnixMillis ms, ParseRfc3339Millis(text + "T12:00:00.000Z"));
  return AmsterdamDate(ms);
}

// Reads the rules object strictly: a misspelt member must not silently become a default.
Result<FieldRules> ReadRules(const Json& test_case) {
  CAPTURE_ASSIGN_OR_RETURN(const std::string type_name, GetString(test_case, "type"));
  CAPTURE_ASSIGN_OR_RETURN(const Json* rules_json, GetObject(test_case, "rules"));
  CAPTURE_RETURN_IF_ERROR(
      CheckMembers(*rules_json, {"required", "max_length", "options", "min_age"}, "rules"));
  FieldRules rules;
  CAPTURE_ASSIGN_OR_RETURN(rules.type, FieldTypeFromName(type_name));
  CAPTURE_ASSIGN_OR_RETURN(rules.required, GetBool(*rules_json, "required", "rules"));
  CAPTURE_ASSIGN_OR_RETURN(const std::int64_t max_length,
                           GetInt(*rules_json, "max_length", "rules"));
  CAPTURE_ASSIGN_OR_RETURN(const std::int64_t min_age, GetInt(*rules_json, "min_age", "rules"));
  rules.max_length = static_cast<std::size_t>(max_length);
  rules.min_age = static_cast<int>(min_age);
  if (rules_json->contains("options")) {
    CAPTURE_ASSIGN_OR_RETURN(const Json* options, GetArray(*rules_json, "options", "rules"));
    for (const Json& option : *options) {
      if (!option.is_string()) return MakeError(ErrorCode::kJsonWrongType, "option not a string");
      rules.options.push_back(option.get<std::string>());
    }
  }
  return rules;
}

TEST(FieldVectorsTest, EveryCaseGivesItsExpectedValueOrErrorCode) {
  const std::string text = testing::ReadFile(testing::TestVectorsDir() / "fields/field_cases.json");
  auto cases = ParseJson(text, JsonLimits{4u << 20, 8});
  ASSERT_OK(cases);
  ASSERT_TRUE(cases->is_array());
  ASSERT_GE(cases->size(), 150u);

  std::set<std::string> types_seen;
  std::set<std::string> codes_seen;
  for (const Json& test_case : *cases) {
    auto name = GetString(test_case, "name");
    auto type = GetString(test_case, "type");
    auto input = GetString(test_case, "input");
    auto today_text = GetString(test_case, "today");
    auto expect = GetObject(test_case, "expect");
    ASSERT_OK(name);
    ASSERT_OK(type);
    SCOPED_TRACE(*type + ": " + *name);
    ASSERT_OK(CheckMembers(test_case, {"name", "type", "rules", "today", "input", "expect"}));
    ASSERT_OK(input);
    ASSERT_OK(today_text);
    ASSERT_OK(expect);
    auto rules = ReadRules(test_case);
    ASSERT_OK(rules);
    auto today = ParseDay(*today_text);
    ASSERT_OK(today);
    auto expect_ok = GetBool(**expect, "ok", "expect");
    ASSERT_OK(expect_ok);
    types_seen.insert(std::string(FieldTypeName(rules->type)));

    auto result = NormaliseField(*rules, *input, *today);
    if (*expect_ok) {
      auto value = GetString(**expect, "value", "expect");
      ASSERT_OK(value);
      ASSERT_OK(result);
      EXPECT_EQ(*result, *value);
    } else {
      auto code_text = GetString(**expect, "code", "expect");
      ASSERT_OK(code_text);
      ErrorCode code{};
      ASSERT_TRUE(ErrorCodeFromWire(*code_text, &code)) << "unknown code " << *code_text;
      codes_seen.insert(*code_text);
      EXPECT_ERROR_CODE(result, code);
    }
  }
  // The file must keep covering every type and every field error a person can cause; invalid
  // UTF-8 cannot be written in JSON and is covered by fields_test and text_clean_test.
  EXPECT_EQ(types_seen.size(), 9u);
  for (const char* code :
       {"field_required", "field_too_long", "field_control_characters", "name_invalid",
        "email_invalid", "phone_invalid", "phone_not_dutch", "phone_premium_refused",
        "phone_service_refused", "postcode_invalid", "house_number_invalid", "date_invalid",
        "age_below_minimum", "age_implausible", "choice_unknown"}) {
    EXPECT_TRUE(codes_seen.count(code)) << "no vector for " << code;
  }
}

}  // namespace
}  // namespace capture
