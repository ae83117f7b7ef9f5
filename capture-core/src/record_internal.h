// Private helpers shared by building and verifying consent records, so that the capturing device
// and the server apply exactly the same rules.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "capture/manifest.h"
#include "capture/record.h"

namespace capture::internal {

// Limits on the page facts in `context`: they are signed as given, so keep them small.
inline constexpr std::size_t kMaxContextDepth = 8;
inline constexpr std::size_t kMaxContextBytes = 8192;  // of its canonical form

// A name a record may carry in `fields`: a manifest field or the extra question.
struct DeclaredField {
  std::string_view name;
  FieldRules rules;
  const ConsentItem* gate = nullptr;  // consent that must be given for the value to be kept
};
// Every declared field in record order: manifest fields, then the extra question (optional
// short_text with its max_length).
[[nodiscard]] std::vector<DeclaredField> DeclaredFields(const Manifest& manifest);

// `context` must be an object within the limits above and canonicalisable (RFC 8785).
[[nodiscard]] Status CheckContext(const Json& context, const std::string& where);

// The traffic code's partner must be "direct" or a partner of the manifest.
[[nodiscard]] Status CheckPartner(const Manifest& manifest, const TrafficSource& source,
                                  const std::string& where);

// A value counts as absent when it is empty after trimming.
[[nodiscard]] bool IsBlank(std::string_view raw);

// The record signature over `canonical`, which the caller has just computed as JCS(record) from
// this same record (VerifyEnvelope, straight after ParseEnvelope): saves canonicalising twice.
[[nodiscard]] Status VerifyRecordSignatureOver(const Json& record, std::string_view canonical,
                                               const Ed25519Signature& sig);

// Parses the canonical text form of a UUIDv7 (lowercase) and returns its millisecond time.
[[nodiscard]] Result<UnixMillis> ParseRecordId(std::string_view id);

// Validation that also hands back the normalised, non-empty values in record order (so building
// normalises each value once).
[[nodiscard]] ValidationReport ValidateAndNormalise(
    const Manifest& manifest, const Submission& submission, CivilDate today,
    std::vector<std::pair<std::string, std::string>>* values);

}  // namespace capture::internal
