// Consent records: validate a submission, build and sign its record, verify an envelope (R4, R6,
// R8). The manifest arguments are the signed manifest text and the trusted advertiser key.
#include <memory>
#include <utility>

#include "api_util.h"
#include "capture/encoding.h"
#include "capture/record.h"

namespace capture::wasm {
namespace {

Result<Submission> SubmissionArg(std::string_view text) {
  CAPTURE_ASSIGN_OR_RETURN(Json json, JsonArg(text, "submission"));
  return ParseSubmission(json);
}

Result<Answer> Validate(std::string_view signed_manifest, std::string_view advertiser_key,
                        std::string_view submission_json, std::string_view today) {
  CAPTURE_ASSIGN_OR_RETURN(const Manifest* manifest,
                           VerifiedManifest(signed_manifest, advertiser_key));
  CAPTURE_ASSIGN_OR_RETURN(Submission submission, SubmissionArg(submission_json));
  CAPTURE_ASSIGN_OR_RETURN(CivilDate day, DateArg(today, "today"));
  const ValidationReport report = ValidateSubmission(*manifest, submission, day);
  Answer answer;
  if (!report.ok()) answer.Fail(MakeError(ErrorCode::kFormInvalid, "", report.errors[0].field));
  return answer.ErrorList("errors", report.errors);
}

// The fixed entropy of test vectors, handed out in order (zeros once it runs out, as the CLI does).
EntropySource FixedEntropy(Bytes bytes) {
  auto state = std::make_shared<std::pair<Bytes, std::size_t>>(std::move(bytes), 0);
  return [state](std::span<std::uint8_t> out) {
    for (auto& b : out) {
      b = state->second < state->first.size() ? state->first[state->second] : 0;
      ++state->second;
    }
  };
}

Result<Answer> Build(std::string_view signed_manifest, std::string_view advertiser_key,
                     std::string_view submission_json, std::string_view device_seed_hex,
                     std::string_view captured_at, std::string_view entropy_hex) {
  CAPTURE_ASSIGN_OR_RETURN(const Manifest* manifest,
                           VerifiedManifest(signed_manifest, advertiser_key));
  CAPTURE_ASSIGN_OR_RETURN(Submission submission, SubmissionArg(submission_json));
  CAPTURE_ASSIGN_OR_RETURN(const SigningKey* device_key, SeedArg(device_seed_hex, "device_seed"));
  BuildOptions options;
  CAPTURE_ASSIGN_OR_RETURN(options.captured_at, TimeArg(captured_at, "captured_at"));
  if (!entropy_hex.empty()) {
    CAPTURE_ASSIGN_OR_RETURN(Bytes entropy, HexDecode(entropy_hex));
    options.entropy = FixedEntropy(std::move(entropy));
  }
  auto envelope = BuildRecord(*manifest, submission, *device_key, options);
  if (!envelope.ok()) {
    Answer answer;
    answer.Fail(envelope.error());
    if (envelope.error().code == ErrorCode::kFormInvalid) {
      const CivilDate day = AmsterdamDate(options.captured_at);
      answer.ErrorList("errors", ValidateSubmission(*manifest, submission, day).errors);
    }
    return answer;
  }
  return Answer().Value("id", envelope->record["id"]).Str("envelope", EnvelopeToJson(*envelope));
}

Result<Answer> Verify(std::string_view envelope_json, std::string_view signed_manifest,
                      std::string_view advertiser_key, std::string_view now) {
  CAPTURE_ASSIGN_OR_RETURN(const Manifest* manifest,
                           VerifiedManifest(signed_manifest, advertiser_key));
  CAPTURE_ASSIGN_OR_RETURN(Json envelope, JsonArg(envelope_json, "envelope"));
  VerifyOptions options;
  CAPTURE_ASSIGN_OR_RETURN(options.now, TimeArg(now, "now"));
  CAPTURE_ASSIGN_OR_RETURN(VerifiedRecord v, VerifyEnvelope(envelope, *manifest, options));
  return Answer()
      .Str("id", v.id)
      .Str("source", v.source.code())
      .Str("captured_at", FormatRfc3339Millis(v.captured_at))
      .Str("device_key", v.device_key.ToBase64())
      .Bool("telephone_consent", v.telephone_consent)
      .BoolMap("consents", v.consents)
      .StrMap("fields", v.values);
}

}  // namespace

CAPTURE_WASM_EXPORT(validateSubmission, Validate)
CAPTURE_WASM_EXPORT(buildRecord, Build)
CAPTURE_WASM_EXPORT(verifyEnvelope, Verify)

}  // namespace capture::wasm
