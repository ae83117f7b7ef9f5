// One answer of the API, written member by member straight into JSON text:
// {"ok":true,...} or {"ok":false,"error":{"code","message","message_nl","field"},...}.
// Writing the text directly costs a fraction of the code and time of building a nlohmann tree
// only to serialise it, in each of the twenty entry points.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "capture/json.h"
#include "capture/result.h"

namespace capture::wasm {

class Answer {
 public:
  Answer& Str(std::string_view key, std::string_view value);
  Answer& Bool(std::string_view key, bool value);
  Answer& Int(std::string_view key, long long value);
  // Any tree, as JsonText writes it (invalid UTF-8 becomes U+FFFD; never fails).
  Answer& Value(std::string_view key, const Json& value);
  // JSON text the caller wrote (with AppendJsonString for its strings).
  Answer& Raw(std::string_view key, std::string_view json_text);
  Answer& StrList(std::string_view key, const std::vector<std::string>& values);
  Answer& StrMap(std::string_view key, const std::map<std::string, std::string>& values);
  Answer& BoolMap(std::string_view key, const std::map<std::string, bool>& values);
  // Marks the answer failed: "ok": false and the error object.
  Answer& Fail(const Error& error);
  // Every field error, for the form to show beside each field.
  Answer& ErrorList(std::string_view key, const std::vector<Error>& errors);

  [[nodiscard]] std::string Text() const;

 private:
  void Key(std::string_view key);
  std::string members_;
  bool ok_ = true;
};

// The answer to a call: the value's text, or the error alone.
[[nodiscard]] std::string Respond(const Result<Answer>& result);

}  // namespace capture::wasm
