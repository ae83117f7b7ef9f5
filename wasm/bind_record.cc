// Consent records: validate a submission, build and sign its record, verify an envelope (R4, R6,
// R8). The manifest arguments are the signed manifest text and the trusted advertiser key.
#include <emscripten/bind.h>

#include <memory>
#include <utility>

#include "api_util.h"
#include "capture/encoding.h"
#include "capture/record.h"

namespace capture::wasm {
namespace {

Result<Submission> SubmissionArg(const std::string& text) {
  CAPTURE_ASSIGN_OR_RETURN(Json json, JsonArg(text, "submission"));
  return ParseSubmission(json);
}

// Every field error, for the form to show beside each field.
Json FormErrors(const Manifest& manifest, const Submission& submission, CivilDate today) {
  Json errors = Json::array();
  for (const Error& e : ValidateSubmission(manifest, submission, today).errors) {
    errors.push_back(ErrorJson(e));
  }
  return errors;
}

Result<Json> Validate(const std::string& signed_manifest, const std::string& advertiser_key,
                      const std::string& submission_json, const std::string& today) {
  CAPTURE_ASSIGN_OR_RETURN(const Manifest* manifest,
                           VerifiedManifest(signed_manifest, advertiser_key));
  CAPTURE_ASSIGN_OR_RETURN(Submission submission, SubmissionArg(submission_json));
  CAPTURE_ASSIGN_OR_RETURN(CivilDate day, DateArg(today, "today"));
  Json errors = FormErrors(*manifest, submission, day);
  if (errors.empty()) return Json{{"errors", std::move(errors)}};
  return Json{{"ok", false},
              {"error", ErrorJson(MakeError(ErrorCode::kFormInvalid, "", errors[0]["field"]))},
              {"errors", std::move(errors)}};
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

Result<Json> Build(const std::string& signed_manifest, const std::string& advertiser_key,
                   const std::string& submission_json, const std::string& device_seed_hex,
                   const std::string& captured_at, const std::string& entropy_hex) {
  CAPTURE_ASSIGN_OR_RETURN(const Manifest* manifest,
                           VerifiedManifest(signed_manifest, advertiser_key));
  CAPTURE_ASSIGN_OR_RETURN(Submission submission, SubmissionArg(submission_json));
  CAPTURE_ASSIGN_OR_RETURN(SigningKey device_key, SeedArg(device_seed_hex, "device_seed"));
  BuildOptions options;
  CAPTURE_ASSIGN_OR_RETURN(options.captured_at, TimeArg(captured_at, "captured_at"));
  if (!entropy_hex.empty()) {
    CAPTURE_ASSIGN_OR_RETURN(Bytes entropy, HexDecode(entropy_hex));
    options.entropy = FixedEntropy(std::move(entropy));
  }
  auto envelope = BuildRecord(*manifest, submission, device_key, options);
  if (!envelope.ok()) {
    Json body{{"ok", false}, {"error", ErrorJson(envelope.error())}};
    if (envelope.error().code == ErrorCode::kFormInvalid) {
      body["errors"] = FormErrors(*manifest, submission, AmsterdamDate(options.captured_at));
    }
    return body;
  }
  return Json{{"id", envelope->record["id"]}, {"envelope", EnvelopeToJson(*envelope)}};
}

Result<Json> Verify(const std::string& envelope_json, const std::string& signed_manifest,
                    const std::string& advertiser_key, const std::string& now) {
  CAPTURE_ASSIGN_OR_RETURN(const Manifest* manifest,
                           VerifiedManifest(signed_manifest, advertiser_key));
  CAPTURE_ASSIGN_OR_RETURN(Json envelope, JsonArg(envelope_json, "envelope"));
  VerifyOptions options;
  CAPTURE_ASSIGN_OR_RETURN(options.now, TimeArg(now, "now"));
  CAPTURE_ASSIGN_OR_RETURN(VerifiedRecord v, VerifyEnvelope(envelope, *manifest, options));
  return Json{{"id", v.id},
              {"source", v.source.code()},
              {"captured_at", FormatRfc3339Millis(v.captured_at)},
              {"device_key", v.device_key.ToBase64()},
              {"telephone_consent", v.telephone_consent},
              {"consents", v.consents},
              {"fields", v.values}};
}

}  // namespace

EMSCRIPTEN_BINDINGS(optin_capture_record) {
  emscripten::function("validateSubmission", &Entry<&Validate>::Call);
  emscripten::function("buildRecord", &Entry<&Build>::Call);
  emscripten::function("verifyEnvelope", &Entry<&Verify>::Call);
}

}  // namespace capture::wasm
