// Private helpers shared by the manifest files: the schema reader, the rules and the lint.
#pragma once

#include <string>
#include <string_view>

#include "capture/json.h"
#include "capture/manifest.h"
#include "capture/result.h"

namespace capture::internal {

// Limits on the texts of a manifest, in Unicode code points.
inline constexpr std::size_t kMaxShortText = 200;   // names, labels, link texts, caller
inline constexpr std::size_t kMaxLegalText = 2000;  // consent texts, purposes, questions
inline constexpr std::size_t kMaxFieldLength = 1000;

// Reads every member with its type and pattern (unknown members refused) into a Manifest, without
// the cross-member rules. Members a rule speaks about (purpose, terms, privacy, caller, subject)
// may be absent here so that the rule can refuse them with its own code.
[[nodiscard]] Result<Manifest> ReadManifestSchema(const Json& object);

// The rules of DESIGN.md that make a manifest invalid (manifest_* codes).
[[nodiscard]] Status CheckManifestRules(const Manifest& manifest);

// [a-z][a-z0-9_]{0,31}: field names, consent ids.
[[nodiscard]] bool IsIdentifier(std::string_view text);
// https://host[:port] with nothing after it (an origin) or anything after (a URL).
[[nodiscard]] bool IsHttpsUrl(std::string_view text);
[[nodiscard]] bool IsHttpsOrigin(std::string_view text);

}  // namespace capture::internal
