// Writes a JSON object straight into a string, member by member, for answers built once per
// lead (the feed hands out every lead; building an nlohmann tree of it and then serialising the
// tree took about a third of handing one out). The caller names the members in byte order, the
// order in which nlohmann's dump() and capture::JsonText write a tree's members, so the text is
// what dump() wrote of the tree before, byte for byte; the feed tests check that by a round trip
// through the parser. Values are strings, integers, booleans and null, which the two write alike
// (a double would differ: JsonText writes the ECMAScript form, "1e21" where dump() wrote "1e+21").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "capture/json.h"

namespace optin::server {

class JsonObjectText {
 public:
  explicit JsonObjectText(std::string& out) : out_(out) { out_ += '{'; }
  JsonObjectText(const JsonObjectText&) = delete;
  JsonObjectText& operator=(const JsonObjectText&) = delete;

  JsonObjectText& String(std::string_view key, std::string_view value) {
    capture::AppendJsonString(value, Key(key));
    return *this;
  }
  JsonObjectText& Int(std::string_view key, std::int64_t value) {
    Key(key) += std::to_string(value);
    return *this;
  }
  JsonObjectText& Uint(std::string_view key, std::uint64_t value) {
    Key(key) += std::to_string(value);
    return *this;
  }
  JsonObjectText& Bool(std::string_view key, bool value) {
    Key(key) += value ? "true" : "false";
    return *this;
  }
  JsonObjectText& Null(std::string_view key) {
    Key(key) += "null";
    return *this;
  }
  // A member whose value is a tree (written as capture::JsonText writes it; the lead passes only
  // disclosed values, which are strings, so it matches dump() there too).
  JsonObjectText& Tree(std::string_view key, const capture::Json& value) {
    Key(key) += capture::JsonText(value);
    return *this;
  }
  // Starts a member whose value the caller then writes into the returned string.
  std::string& Key(std::string_view key) {
    if (!first_) out_ += ',';
    first_ = false;
    capture::AppendJsonString(key, out_);
    out_ += ':';
    return out_;
  }
  void End() { out_ += '}'; }

 private:
  std::string& out_;
  bool first_ = true;
};

}  // namespace optin::server
