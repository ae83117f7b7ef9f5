#include "answer.h"

#include "capture/error_codes.h"

namespace capture::wasm {
namespace {

// message_nl comes from the error table (pages show it to Dutch visitors); message is the core's
// precise English text.
void AppendError(const Error& error, std::string& out) {
  out += "{\"code\":";
  AppendJsonString(error.wire(), out);
  out += ",\"message\":";
  AppendJsonString(error.message, out);
  out += ",\"message_nl\":";
  AppendJsonString(Info(error.code).message_nl, out);
  out += ",\"field\":";
  AppendJsonString(error.field, out);
  out += '}';
}

}  // namespace

void Answer::Key(std::string_view key) {
  members_ += ',';
  AppendJsonString(key, members_);
  members_ += ':';
}

Answer& Answer::Str(std::string_view key, std::string_view value) {
  Key(key);
  AppendJsonString(value, members_);
  return *this;
}

Answer& Answer::Bool(std::string_view key, bool value) {
  Key(key);
  members_ += value ? "true" : "false";
  return *this;
}

Answer& Answer::Int(std::string_view key, long long value) {
  Key(key);
  members_ += std::to_string(value);
  return *this;
}

Answer& Answer::Value(std::string_view key, const Json& value) {
  Key(key);
  members_ += JsonText(value);
  return *this;
}

Answer& Answer::Raw(std::string_view key, std::string_view json_text) {
  Key(key);
  members_ += json_text;
  return *this;
}

Answer& Answer::StrList(std::string_view key, const std::vector<std::string>& values) {
  Key(key);
  members_ += '[';
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) members_ += ',';
    AppendJsonString(values[i], members_);
  }
  members_ += ']';
  return *this;
}

Answer& Answer::StrMap(std::string_view key, const std::map<std::string, std::string>& values) {
  Key(key);
  char separator = '{';
  for (const auto& [name, value] : values) {
    members_ += separator;
    separator = ',';
    AppendJsonString(name, members_);
    members_ += ':';
    AppendJsonString(value, members_);
  }
  members_ += values.empty() ? "{}" : "}";
  return *this;
}

Answer& Answer::BoolMap(std::string_view key, const std::map<std::string, bool>& values) {
  Key(key);
  char separator = '{';
  for (const auto& [name, value] : values) {
    members_ += separator;
    separator = ',';
    AppendJsonString(name, members_);
    members_ += value ? ":true" : ":false";
  }
  members_ += values.empty() ? "{}" : "}";
  return *this;
}

Answer& Answer::Fail(const Error& error) {
  ok_ = false;
  Key("error");
  AppendError(error, members_);
  return *this;
}

Answer& Answer::ErrorList(std::string_view key, const std::vector<Error>& errors) {
  Key(key);
  members_ += '[';
  for (std::size_t i = 0; i < errors.size(); ++i) {
    if (i > 0) members_ += ',';
    AppendError(errors[i], members_);
  }
  members_ += ']';
  return *this;
}

std::string Answer::Text() const {
  return std::string(ok_ ? "{\"ok\":true" : "{\"ok\":false") + members_ + "}";
}

std::string Respond(const Result<Answer>& result) {
  return result.ok() ? result->Text() : Answer().Fail(result.error()).Text();
}

}  // namespace capture::wasm
