// Parsing outside JSON safely, and RFC 8785 (JCS) canonical serialisation.
// nlohmann::json is used as the in-memory tree; its dump() is NOT canonical (key order, numbers),
// so every signed or hashed byte goes through CanonicalJson().
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "capture/result.h"

namespace capture {

using Json = nlohmann::json;

struct JsonLimits {
  std::size_t max_bytes = 1 << 20;  // 1 MiB
  std::size_t max_depth = 32;
};

// Parses with exceptions off. Refuses invalid JSON, invalid UTF-8, lone surrogates, duplicate
// object keys (I-JSON, RFC 7493), nesting deeper than the limit and bodies larger than the limit,
// a byte order mark, NUL bytes, numbers beyond the double range, and integer literals beyond 64
// bits that CanonicalJson would write with other digits. Integers within 64 bits stay exact
// (int64/uint64); CanonicalJson judges those.
[[nodiscard]] Result<Json> ParseJson(std::string_view text, const JsonLimits& limits = {});

// RFC 8785: keys sorted by UTF-16 code units, numbers as ECMAScript Number.prototype.toString,
// strings with the minimal escapes. Fails for numbers that are not finite doubles and for integers
// beyond 2^53 whose canonical (double) form would not have their own digits.
[[nodiscard]] Result<std::string> CanonicalJson(const Json& value);

// Parse + canonicalise (the `optin jcs` command).
[[nodiscard]] Result<std::string> Canonicalize(std::string_view text,
                                               const JsonLimits& limits = {});

// ECMAScript Number.prototype.toString for a finite double (exposed for tests).
[[nodiscard]] std::string FormatEcmaScriptNumber(double value);

// Readable, not canonical, JSON text (answers, reports): nlohmann's dump() layout, compact when
// indent < 0, members in the tree's byte order; numbers in ECMAScript form; an invalid UTF-8
// sequence becomes U+FFFD as dump() with error_handler_t::replace does. Never fails.
[[nodiscard]] std::string JsonText(const Json& value, int indent = -1);
// Appends `text` as a JSON string literal, with the same escapes and replacement as JsonText.
void AppendJsonString(std::string_view text, std::string& out);

// Small typed accessors that produce precise errors naming the member ("campaign.version").
[[nodiscard]] Result<std::string> GetString(const Json& object, std::string_view key,
                                            std::string_view path = {});
[[nodiscard]] Result<bool> GetBool(const Json& object, std::string_view key,
                                   std::string_view path = {});
[[nodiscard]] Result<std::int64_t> GetInt(const Json& object, std::string_view key,
                                          std::string_view path = {});
[[nodiscard]] Result<const Json*> GetObject(const Json& object, std::string_view key,
                                            std::string_view path = {});
[[nodiscard]] Result<const Json*> GetArray(const Json& object, std::string_view key,
                                           std::string_view path = {});
// Refuses members of `object` not in `allowed` (strict schemas: unknown means refused).
[[nodiscard]] Status CheckMembers(const Json& object,
                                  std::initializer_list<std::string_view> allowed,
                                  std::string_view path = {});

}  // namespace capture
