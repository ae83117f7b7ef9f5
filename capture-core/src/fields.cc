// Field type names and the one entry point every form value goes through (R6).
#include "capture/fields.h"

#include <algorithm>
#include <iterator>

#include "fields_internal.h"

namespace capture {
namespace {

struct TypeName {
  FieldType type;
  std::string_view name;
};

// The names manifests use; stable once published.
constexpr TypeName kTypeNames[] = {
    {FieldType::kGivenName, "given_name"},
    {FieldType::kFamilyName, "family_name"},
    {FieldType::kEmail, "email"},
    {FieldType::kPhoneNl, "phone_nl"},
    {FieldType::kPostcodeNl, "postcode_nl"},
    {FieldType::kHouseNumber, "house_number"},
    {FieldType::kDateOfBirth, "date_of_birth"},
    {FieldType::kChoice, "choice"},
    {FieldType::kShortText, "short_text"},
};

Result<std::string> NormalisePhone(std::string_view cleaned) {
  CAPTURE_ASSIGN_OR_RETURN(DutchPhone phone, ParseDutchPhone(cleaned));
  CAPTURE_RETURN_IF_ERROR(CheckCallable(phone));
  return std::move(phone.e164);
}

Result<std::string> NormaliseChoice(const std::vector<std::string>& options,
                                    std::string_view cleaned) {
  const auto it = std::find(options.begin(), options.end(), cleaned);
  if (it != options.end()) return *it;
  // The value itself stays out of the message: messages end up in logs, values are personal data.
  return MakeError(
      ErrorCode::kChoiceUnknown,
      "the value is not one of the " + std::to_string(options.size()) + " offered options");
}

}  // namespace

Result<FieldType> FieldTypeFromName(std::string_view name) {
  for (const auto& entry : kTypeNames) {
    if (entry.name == name) return entry.type;
  }
  return MakeError(ErrorCode::kFieldTypeUnknown,
                   "unknown field type \"" + std::string(name.substr(0, 40)) +
                       "\"; known types are given_name, family_name, email, phone_nl, "
                       "postcode_nl, house_number, date_of_birth, choice and short_text");
}

std::string_view FieldTypeName(FieldType type) {
  for (const auto& entry : kTypeNames) {
    if (entry.type == type) return entry.name;
  }
  return "short_text";
}

Result<std::string> NormaliseField(const FieldRules& rules, std::string_view raw, CivilDate today) {
  CAPTURE_ASSIGN_OR_RETURN(std::string cleaned, CleanText(raw, rules.max_length));
  if (cleaned.empty()) {
    if (rules.required) return MakeError(ErrorCode::kFieldRequired, "this field is required");
    return std::string();
  }
  switch (rules.type) {
    case FieldType::kGivenName:
    case FieldType::kFamilyName:
      return internal::NormaliseName(cleaned);
    case FieldType::kEmail:
      return internal::NormaliseEmail(cleaned);
    case FieldType::kPhoneNl:
      return NormalisePhone(cleaned);
    case FieldType::kPostcodeNl:
      return internal::NormalisePostcode(cleaned);
    case FieldType::kHouseNumber:
      return internal::NormaliseHouseNumber(cleaned);
    case FieldType::kDateOfBirth:
      return internal::NormaliseDateOfBirth(cleaned, rules.min_age, today);
    case FieldType::kChoice:
      return NormaliseChoice(rules.options, cleaned);
    case FieldType::kShortText:
      break;
  }
  return cleaned;
}

}  // namespace capture
