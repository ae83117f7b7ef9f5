// The rules that make a manifest invalid (DESIGN.md, R1, R3, R4): each has its own manifest_* code
// so that the CLI and the QA page can say exactly what to change.
#include <set>
#include <string>

#include "capture/manifest.h"
#include "manifest_internal.h"

namespace capture::internal {
namespace {

std::string At(std::string_view list, std::size_t i, std::string_view member) {
  return std::string(list) + "[" + std::to_string(i) + "]" +
         (member.empty() ? "" : "." + std::string(member));
}

Status CheckLinks(const Manifest& m) {
  if (m.terms_url.empty() || !IsHttpsUrl(m.terms_url)) {
    return MakeError(ErrorCode::kManifestTermsUrlMissing,
                     "terms.url must be an https URL to the campaign terms", "terms.url");
  }
  if (m.privacy_url.empty() || !IsHttpsUrl(m.privacy_url)) {
    return MakeError(ErrorCode::kManifestPrivacyUrlMissing,
                     "privacy.url must be an https URL to the privacy statement", "privacy.url");
  }
  return OkStatus();
}

Status CheckPurposes(const Manifest& m) {
  for (std::size_t i = 0; i < m.fields.size(); ++i) {
    if (m.fields[i].purpose.empty()) {
      return MakeError(ErrorCode::kManifestFieldWithoutPurpose,
                       "field '" + m.fields[i].name + "' states no purpose",
                       At("fields", i, "purpose"));
    }
  }
  if (m.extra_question && m.extra_question->purpose.empty()) {
    return MakeError(ErrorCode::kManifestFieldWithoutPurpose,
                     "the extra question states no purpose", "extra_question.purpose");
  }
  return OkStatus();
}

// Field names and the extra question share one namespace (they meet in `fields` of a record);
// consent ids, partner ids and origins each have their own.
Status CheckUnique(const Manifest& m) {
  auto duplicate = [](const std::string& what, const std::string& where) {
    return MakeError(ErrorCode::kManifestDuplicateName, what + " is declared twice", where);
  };
  std::set<std::string> names;
  for (std::size_t i = 0; i < m.fields.size(); ++i) {
    if (!names.insert(m.fields[i].name).second) {
      return duplicate("field '" + m.fields[i].name + "'", At("fields", i, "name"));
    }
  }
  if (m.extra_question && !names.insert(m.extra_question->name).second) {
    return duplicate("field '" + m.extra_question->name + "'", "extra_question.name");
  }
  std::set<std::string> ids;
  for (std::size_t i = 0; i < m.consents.size(); ++i) {
    if (!ids.insert(m.consents[i].id).second) {
      return duplicate("consent '" + m.consents[i].id + "'", At("consents", i, "id"));
    }
  }
  std::set<std::string> partners;
  for (std::size_t i = 0; i < m.partners.size(); ++i) {
    if (!partners.insert(m.partners[i].id).second) {
      return duplicate("partner '" + m.partners[i].id + "'", At("partners", i, "id"));
    }
  }
  std::set<std::string> origins;
  for (std::size_t i = 0; i < m.origins.size(); ++i) {
    if (!origins.insert(m.origins[i]).second) {
      return duplicate("origin '" + m.origins[i] + "'", At("origins", i, ""));
    }
  }
  return OkStatus();
}

Status CheckConsents(const Manifest& m) {
  for (std::size_t i = 0; i < m.consents.size(); ++i) {
    const ConsentItem& c = m.consents[i];
    if (c.required_for_participation && c.channel != ConsentChannel::kParticipation) {
      return MakeError(ErrorCode::kManifestMarketingConsentRequired,
                       "consent '" + c.id + "' (" + std::string(ConsentChannelName(c.channel)) +
                           ") may not be required for participation",
                       At("consents", i, "required_for_participation"));
    }
    if (c.channel == ConsentChannel::kTelephone && (c.caller.empty() || c.subject.empty())) {
      return MakeError(ErrorCode::kManifestTelephoneConsentIncomplete,
                       "telephone consent '" + c.id + "' must name the caller and the subject",
                       At("consents", i, c.caller.empty() ? "caller" : "subject"));
    }
  }
  return OkStatus();
}

// R4: a phone number is only ever asked beside its own unticked telephone consent, and taking part
// never depends on it.
Status CheckGates(const Manifest& m) {
  for (std::size_t i = 0; i < m.fields.size(); ++i) {
    const FieldSpec& f = m.fields[i];
    const bool is_phone = f.rules.type == FieldType::kPhoneNl;
    const ConsentItem* gate = f.gated_by.empty() ? nullptr : m.FindConsent(f.gated_by);
    if (!f.gated_by.empty() && gate == nullptr) {
      return MakeError(ErrorCode::kManifestInvalid,
                       "gated_by names no consent of this manifest: '" + f.gated_by + "'",
                       At("fields", i, "gated_by"));
    }
    if (!is_phone && gate != nullptr) {
      return MakeError(ErrorCode::kManifestInvalid, "only a phone_nl field is gated by a consent",
                       At("fields", i, "gated_by"));
    }
    if (!is_phone) continue;
    if (gate == nullptr || gate->channel != ConsentChannel::kTelephone) {
      return MakeError(ErrorCode::kManifestPhoneNotGated,
                       "phone field '" + f.name + "' must be gated_by a telephone consent",
                       At("fields", i, "gated_by"));
    }
    if (f.rules.required) {
      return MakeError(ErrorCode::kManifestPhoneNotGated,
                       "phone field '" + f.name + "' must not be required",
                       At("fields", i, "required"));
    }
  }
  return OkStatus();
}

}  // namespace

Status CheckManifestRules(const Manifest& manifest) {
  CAPTURE_RETURN_IF_ERROR(CheckLinks(manifest));
  CAPTURE_RETURN_IF_ERROR(CheckPurposes(manifest));
  CAPTURE_RETURN_IF_ERROR(CheckUnique(manifest));
  CAPTURE_RETURN_IF_ERROR(CheckConsents(manifest));
  CAPTURE_RETURN_IF_ERROR(CheckGates(manifest));
  return OkStatus();
}

}  // namespace capture::internal
