// Typed member accessors for strict schemas. Every error names the member by its dotted path
// ("campaign.version") in both `field` and the message, so a developer sees at once what to fix.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>

#include "capture/json.h"

namespace capture {
namespace {

std::string JoinPath(std::string_view path, std::string_view key) {
  std::string out(path);
  if (!out.empty()) out += '.';
  out += key;
  return out;
}

// The member `key` of `object`, or an error when `object` is not an object or lacks the member.
Result<const Json*> Member(const Json& object, std::string_view key, std::string_view path) {
  if (!object.is_object()) {
    const std::string where = path.empty() ? std::string("the document") : std::string(path);
    return MakeError(ErrorCode::kJsonWrongType,
                     where + " must be an object, not " + object.type_name(), std::string(path));
  }
  const auto it = object.find(key);
  if (it == object.end()) {
    const std::string field = JoinPath(path, key);
    return MakeError(ErrorCode::kJsonMissingMember, field + " is missing", field);
  }
  return &*it;
}

Error WrongType(std::string_view path, std::string_view key, const char* wanted, const Json& got) {
  const std::string field = JoinPath(path, key);
  return MakeError(ErrorCode::kJsonWrongType,
                   field + " must be " + wanted + ", not " + got.type_name(), field);
}

}  // namespace

Result<std::string> GetString(const Json& object, std::string_view key, std::string_view path) {
  CAPTURE_ASSIGN_OR_RETURN(const Json* member, Member(object, key, path));
  if (!member->is_string()) return WrongType(path, key, "a string", *member);
  return *member->get_ptr<const std::string*>();
}

Result<bool> GetBool(const Json& object, std::string_view key, std::string_view path) {
  CAPTURE_ASSIGN_OR_RETURN(const Json* member, Member(object, key, path));
  if (!member->is_boolean()) return WrongType(path, key, "true or false", *member);
  return *member->get_ptr<const bool*>();
}

// Integral numbers only. A float with an integral value (1.0, 2e3) within +-2^53 is accepted: its
// canonical form ("1", "2000") is the integer's, and a verdict must not depend on a spelling that
// canonicalisation erases. 1.5, and floats beyond 2^53 (whose units are already rounded), are not.
Result<std::int64_t> GetInt(const Json& object, std::string_view key, std::string_view path) {
  CAPTURE_ASSIGN_OR_RETURN(const Json* member, Member(object, key, path));
  constexpr double kExactLimit = 9007199254740992.0;  // 2^53
  // By type, not get_ptr: nlohmann's get_ptr<int64_t*> also answers for an unsigned value.
  switch (member->type()) {
    case Json::value_t::number_integer:
      return *member->get_ptr<const std::int64_t*>();
    case Json::value_t::number_unsigned: {
      const std::uint64_t u = *member->get_ptr<const std::uint64_t*>();
      if (u <= static_cast<std::uint64_t>(INT64_MAX)) return static_cast<std::int64_t>(u);
      break;
    }
    case Json::value_t::number_float: {
      const double f = *member->get_ptr<const double*>();
      if (std::trunc(f) == f && std::fabs(f) <= kExactLimit) return static_cast<std::int64_t>(f);
      break;
    }
    default:
      return WrongType(path, key, "an integer", *member);
  }
  const std::string field = JoinPath(path, key);
  return MakeError(ErrorCode::kJsonWrongType,
                   field + " must be an integer within +-2^53 (or a 64-bit signed integer)", field);
}

Result<const Json*> GetObject(const Json& object, std::string_view key, std::string_view path) {
  CAPTURE_ASSIGN_OR_RETURN(const Json* member, Member(object, key, path));
  if (!member->is_object()) return WrongType(path, key, "an object", *member);
  return member;
}

Result<const Json*> GetArray(const Json& object, std::string_view key, std::string_view path) {
  CAPTURE_ASSIGN_OR_RETURN(const Json* member, Member(object, key, path));
  if (!member->is_array()) return WrongType(path, key, "an array", *member);
  return member;
}

Status CheckMembers(const Json& object, std::initializer_list<std::string_view> allowed,
                    std::string_view path) {
  if (!object.is_object()) {
    const std::string where = path.empty() ? std::string("the document") : std::string(path);
    return MakeError(ErrorCode::kJsonWrongType,
                     where + " must be an object, not " + object.type_name(), std::string(path));
  }
  for (const auto& [name, value] : object.items()) {
    if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
      const std::string field = JoinPath(path, name);
      return MakeError(ErrorCode::kJsonUnknownMember, field + " is not allowed here", field);
    }
  }
  return OkStatus();
}

}  // namespace capture
