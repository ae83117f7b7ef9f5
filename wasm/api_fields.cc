// One field at a time, for live validation on the page (R6).
#include "api_util.h"
#include "capture/fields.h"

namespace capture::wasm {
namespace {

// {"required": bool, "max_length": int, "options": [string], "min_age": int}, all optional;
// "" means the defaults.
Result<FieldRules> RulesArg(std::string_view type, std::string_view rules_json) {
  FieldRules rules;
  CAPTURE_ASSIGN_OR_RETURN(rules.type, FieldTypeFromName(type));
  if (rules_json.empty()) return rules;
  CAPTURE_ASSIGN_OR_RETURN(Json json, JsonArg(rules_json, "rules"));
  if (!json.is_object()) return MakeError(ErrorCode::kJsonWrongType, "rules must be an object");
  CAPTURE_RETURN_IF_ERROR(
      CheckMembers(json, {"required", "max_length", "options", "min_age"}, "rules"));
  if (json.contains("required")) {
    CAPTURE_ASSIGN_OR_RETURN(rules.required, GetBool(json, "required", "rules"));
  }
  if (json.contains("max_length")) {
    CAPTURE_ASSIGN_OR_RETURN(std::int64_t n, GetInt(json, "max_length", "rules"));
    if (n < 1 || n > 100000) return MakeError(ErrorCode::kJsonWrongType, "", "rules.max_length");
    rules.max_length = static_cast<std::size_t>(n);
  }
  if (json.contains("min_age")) {
    CAPTURE_ASSIGN_OR_RETURN(std::int64_t n, GetInt(json, "min_age", "rules"));
    if (n < 0 || n > 150) return MakeError(ErrorCode::kJsonWrongType, "", "rules.min_age");
    rules.min_age = static_cast<int>(n);
  }
  if (json.contains("options")) {
    CAPTURE_ASSIGN_OR_RETURN(const Json* options, GetArray(json, "options", "rules"));
    for (const Json& option : *options) {
      if (!option.is_string()) return MakeError(ErrorCode::kJsonWrongType, "", "rules.options");
      rules.options.push_back(option.get<std::string>());
    }
  }
  return rules;
}

Result<Answer> FieldCheck(std::string_view type, std::string_view value,
                          std::string_view rules_json, std::string_view today) {
  CAPTURE_ASSIGN_OR_RETURN(FieldRules rules, RulesArg(type, rules_json));
  CAPTURE_ASSIGN_OR_RETURN(CivilDate day, DateArg(today, "today"));
  CAPTURE_ASSIGN_OR_RETURN(std::string normalised, NormaliseField(rules, value, day));
  return Answer().Str("type", type).Str("value", normalised);
}

}  // namespace

CAPTURE_WASM_EXPORT(fieldCheck, FieldCheck)

}  // namespace capture::wasm
