// The submission a page hands to the core, and its validation against the manifest (R3, R4, R6).
#include "capture/record.h"
#include "record_internal.h"

namespace capture {

Result<Submission> ParseSubmission(const Json& submission) {
  if (!submission.is_object()) {
    return MakeError(ErrorCode::kJsonWrongType, "the submission must be a JSON object");
  }
  CAPTURE_RETURN_IF_ERROR(CheckMembers(submission, {"fields", "consents", "source", "context"}));
  Submission out;
  CAPTURE_ASSIGN_OR_RETURN(const Json* fields, GetObject(submission, "fields"));
  for (const auto& [name, value] : fields->items()) {
    if (!value.is_string()) {
      return MakeError(ErrorCode::kJsonWrongType, "fields." + name + " must be a string", name);
    }
    out.fields.emplace_back(name, value.get<std::string>());
  }
  CAPTURE_ASSIGN_OR_RETURN(const Json* consents, GetObject(submission, "consents"));
  for (const auto& [id, ticked] : consents->items()) {
    if (!ticked.is_boolean()) {
      return MakeError(ErrorCode::kJsonWrongType, "consents." + id + " must be true or false", id);
    }
    out.consents.emplace_back(id, ticked.get<bool>());
  }
  CAPTURE_ASSIGN_OR_RETURN(out.source_code, GetString(submission, "source"));
  if (auto context = submission.find("context"); context != submission.end()) {
    CAPTURE_RETURN_IF_ERROR(internal::CheckContext(*context, "context"));
    out.context = *context;
  }
  return out;
}

ValidationReport ValidateSubmission(const Manifest& manifest, const Submission& submission,
                                    CivilDate today) {
  return internal::ValidateAndNormalise(manifest, submission, today, nullptr);
}

}  // namespace capture
