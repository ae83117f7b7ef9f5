// Full verification of an envelope against its campaign manifest (server side, R8, R12). Checks
// run in a fixed order and the first failure is returned, so each way of failing has one stable
// code (docs/manifest.md lists the order):
//   envelope shape, device key and signature, record members, campaign binding, shown-text hash,
//   id, captured_at, source, consents, commitments and disclosures, field values, context, clock.
#include <optional>
#include <string>

#include "capture/fields.h"
#include "capture/record.h"
#include "record_internal.h"

namespace capture {
namespace {

constexpr std::int64_t kMillisPerHour = 3600 * 1000;

Error Err(ErrorCode code, std::string message, std::string field) {
  return MakeError(code, std::move(message), std::move(field));
}

Status CheckCampaign(const Json& record, const Manifest& m) {
  CAPTURE_ASSIGN_OR_RETURN(const Json* campaign, GetObject(record, "campaign", "record"));
  CAPTURE_RETURN_IF_ERROR(
      CheckMembers(*campaign, {"id", "version", "manifest_sha256"}, "record.campaign"));
  CAPTURE_ASSIGN_OR_RETURN(std::string id, GetString(*campaign, "id", "record.campaign"));
  CAPTURE_ASSIGN_OR_RETURN(std::int64_t version, GetInt(*campaign, "version", "record.campaign"));
  CAPTURE_ASSIGN_OR_RETURN(std::string hash,
                           GetString(*campaign, "manifest_sha256", "record.campaign"));
  if (id != m.campaign_id) {
    return Err(ErrorCode::kCampaignMismatch,
               "record is for campaign '" + id + "', not '" + m.campaign_id + "'",
               "record.campaign.id");
  }
  if (version != m.version) {
    return Err(
        ErrorCode::kCampaignMismatch,
        "record is for version " + std::to_string(version) + ", not " + std::to_string(m.version),
        "record.campaign.version");
  }
  if (hash != HexEncode(m.sha256)) {
    return Err(ErrorCode::kCampaignMismatch, "record names another manifest hash",
               "record.campaign.manifest_sha256");
  }
  return OkStatus();
}

Result<TrafficSource> CheckSource(const Json& record, const Manifest& m) {
  CAPTURE_ASSIGN_OR_RETURN(const Json* source, GetObject(record, "source", "record"));
  CAPTURE_RETURN_IF_ERROR(CheckMembers(
      *source, {"code", "partner", "channel", "placement", "creative"}, "record.source"));
  CAPTURE_ASSIGN_OR_RETURN(std::string code, GetString(*source, "code", "record.source"));
  auto parsed = ParseTrafficCode(code);
  if (!parsed.ok()) {
    return Err(ErrorCode::kSourceInvalid, parsed.error().message, "record.source.code");
  }
  const std::pair<const char*, const std::string*> parts[] = {{"partner", &parsed->partner},
                                                              {"channel", &parsed->channel},
                                                              {"placement", &parsed->placement},
                                                              {"creative", &parsed->creative}};
  for (const auto& [key, expected] : parts) {
    CAPTURE_ASSIGN_OR_RETURN(std::string part, GetString(*source, key, "record.source"));
    if (part != *expected) {
      return Err(ErrorCode::kSourceInvalid,
                 std::string("record.source.") + key + " differs from the code",
                 std::string("record.source.") + key);
    }
  }
  CAPTURE_RETURN_IF_ERROR(internal::CheckPartner(m, *parsed, "record.source.partner"));
  return *parsed;
}

Result<std::map<std::string, bool>> CheckConsents(const Json& record, const Manifest& m) {
  CAPTURE_ASSIGN_OR_RETURN(const Json* consents, GetObject(record, "consents", "record"));
  std::map<std::string, bool> out;
  for (const auto& [id, given] : consents->items()) {
    const std::string at = "record.consents." + id;
    if (m.FindConsent(id) == nullptr) {
      return Err(ErrorCode::kConsentUnknown, "consent '" + id + "' is not part of the campaign",
                 at);
    }
    if (!given.is_boolean()) return Err(ErrorCode::kJsonWrongType, at + " must be a boolean", at);
    out[id] = given.get<bool>();
  }
  for (const auto& c : m.consents) {
    auto it = out.find(c.id);
    if (it == out.end()) {
      return Err(ErrorCode::kConsentMissing, "consent '" + c.id + "' is missing",
                 "record.consents." + c.id);
    }
    if (c.required_for_participation && !it->second) {
      return Err(ErrorCode::kParticipationConsentRequired,
                 "consent '" + c.id + "' is needed to take part", "record.consents." + c.id);
    }
  }
  return out;
}

// Every commitment has its disclosure and every disclosure its commitment, and each matches.
Status CheckCommitments(const Json& record, const Envelope& envelope,
                        const std::vector<internal::DeclaredField>& declared) {
  CAPTURE_ASSIGN_OR_RETURN(const Json* fields, GetObject(record, "fields", "record"));
  for (const auto& [name, commitment] : fields->items()) {
    const std::string at = "record.fields." + name;
    bool known = false;
    for (const auto& d : declared) known = known || d.name == name;
    if (!known)
      return Err(ErrorCode::kFieldNotDeclared, "field '" + name + "' is not declared", at);
    if (!commitment.is_string())
      return Err(ErrorCode::kJsonWrongType, at + " must be a string", at);
    auto digest = Base64DecodeFixed<kSha256Size>(commitment.get_ref<const std::string&>());
    if (!digest.ok()) {
      return Err(ErrorCode::kBase64Invalid, at + " must be base64 of 32 bytes", at);
    }
    auto disclosure = envelope.disclosures.find(name);
    if (disclosure == envelope.disclosures.end()) {
      return Err(ErrorCode::kDisclosureMissing, "field '" + name + "' has no disclosure",
                 "disclosures." + name);
    }
    if (FieldCommitment(disclosure->second.salt, name, disclosure->second.value) != *digest) {
      return Err(ErrorCode::kDisclosureMismatch,
                 "the disclosure of '" + name + "' does not match its commitment",
                 "disclosures." + name);
    }
  }
  for (const auto& [name, disclosure] : envelope.disclosures) {
    if (fields->find(name) == fields->end()) {
      return Err(ErrorCode::kDisclosureUnexpected, "'" + name + "' is disclosed but not committed",
                 "disclosures." + name);
    }
  }
  return OkStatus();
}

// The disclosed values pass the same field rules as at capture, already in normal form.
Status CheckValues(const Envelope& envelope, const std::vector<internal::DeclaredField>& declared,
                   const std::map<std::string, bool>& consents, CivilDate today) {
  for (const auto& d : declared) {
    const std::string name(d.name);
    auto disclosure = envelope.disclosures.find(name);
    const bool present = disclosure != envelope.disclosures.end();
    if (present && d.gate != nullptr) {
      auto given = consents.find(d.gate->id);
      if (given == consents.end() || !given->second) {
        return Err(ErrorCode::kPhoneWithoutConsent,
                   "'" + name + "' is in the record but consent '" + d.gate->id + "' is not given",
                   "record.fields." + name);
      }
    }
    if (!present) {
      if (d.rules.required) {
        return Err(ErrorCode::kFieldRequired, "required field '" + name + "' is missing",
                   "record.fields." + name);
      }
      continue;
    }
    const std::string& value = disclosure->second.value;
    auto normal = NormaliseField(d.rules, value, today);
    if (!normal.ok()) {
      Error e = normal.error();
      e.field = name;
      return e;
    }
    if (value.empty() || *normal != value) {
      return Err(ErrorCode::kDisclosureNotNormalised,
                 "the value of '" + name + "' is empty or not in normal form",
                 "disclosures." + name);
    }
  }
  return OkStatus();
}

Status CheckClock(UnixMillis captured_at, const Manifest& m, const VerifyOptions& options) {
  if (!options.check_clock) return OkStatus();
  if (captured_at > options.now + options.max_future_skew_ms) {
    return Err(ErrorCode::kCapturedInFuture,
               "captured_at is " + std::to_string(captured_at - options.now) +
                   " ms ahead of the server clock",
               "record.captured_at");
  }
  const std::int64_t max_age = std::int64_t{m.policy.max_offline_age_hours} * kMillisPerHour;
  if (options.now - captured_at > max_age) {
    return Err(
        ErrorCode::kCapturedTooLongAgo,
        "captured_at is older than " + std::to_string(m.policy.max_offline_age_hours) + " hours",
        "record.captured_at");
  }
  return OkStatus();
}

Result<VerifiedRecord> VerifyParsed(Envelope envelope, const Manifest& manifest,
                                    const VerifyOptions& options) {
  // envelope.canonical is JCS(envelope.record), computed by ParseEnvelope just now.
  CAPTURE_RETURN_IF_ERROR(
      internal::VerifyRecordSignatureOver(envelope.record, envelope.canonical, envelope.sig));
  const Json& record = envelope.record;
  CAPTURE_RETURN_IF_ERROR(CheckMembers(record,
                                       {"id", "source", "campaign", "captured_at", "consents",
                                        "shown_text_sha256", "fields", "context", "device_key"},
                                       "record"));
  CAPTURE_RETURN_IF_ERROR(CheckCampaign(record, manifest));
  CAPTURE_ASSIGN_OR_RETURN(std::string shown, GetString(record, "shown_text_sha256", "record"));
  if (shown != HexEncode(manifest.shown_text_sha256)) {
    return Err(ErrorCode::kShownTextMismatch, {}, "record.shown_text_sha256");
  }
  CAPTURE_ASSIGN_OR_RETURN(std::string id, GetString(record, "id", "record"));
  CAPTURE_ASSIGN_OR_RETURN(UnixMillis id_ms, internal::ParseRecordId(id));
  CAPTURE_ASSIGN_OR_RETURN(std::string captured_text, GetString(record, "captured_at", "record"));
  auto captured_at = ParseRfc3339Millis(captured_text);
  if (!captured_at.ok()) {
    return Err(captured_at.error().code, captured_at.error().message, "record.captured_at");
  }
  if (id_ms != *captured_at) {
    return Err(ErrorCode::kRecordIdInvalid, "the id's time is not captured_at", "record.id");
  }
  CAPTURE_ASSIGN_OR_RETURN(TrafficSource source, CheckSource(record, manifest));
  CAPTURE_ASSIGN_OR_RETURN(auto consents, CheckConsents(record, manifest));
  const auto declared = internal::DeclaredFields(manifest);
  CAPTURE_RETURN_IF_ERROR(CheckCommitments(record, envelope, declared));
  CAPTURE_RETURN_IF_ERROR(CheckValues(envelope, declared, consents, AmsterdamDate(*captured_at)));
  auto context = record.find("context");
  if (context == record.end()) {
    return Err(ErrorCode::kJsonMissingMember, "record.context is missing", "record.context");
  }
  CAPTURE_RETURN_IF_ERROR(internal::CheckContext(*context, "record.context"));
  CAPTURE_RETURN_IF_ERROR(CheckClock(*captured_at, manifest, options));

  CAPTURE_ASSIGN_OR_RETURN(std::string key_text, GetString(record, "device_key", "record"));
  CAPTURE_ASSIGN_OR_RETURN(PublicKey device_key, PublicKey::FromBase64(key_text));
  std::map<std::string, std::string> values;
  for (const auto& [name, d] : envelope.disclosures) values[name] = d.value;
  bool telephone = false;
  for (const auto& c : manifest.consents) {
    if (c.channel == ConsentChannel::kTelephone) telephone = telephone || consents[c.id];
  }
  return VerifiedRecord{std::move(envelope), std::move(id),     std::move(source),   *captured_at,
                        device_key,          std::move(values), std::move(consents), telephone};
}

}  // namespace

Result<VerifiedRecord> VerifyEnvelope(const Json& envelope, const Manifest& manifest,
                                      const VerifyOptions& options) {
  CAPTURE_ASSIGN_OR_RETURN(Envelope parsed, ParseEnvelope(envelope));
  return VerifyParsed(std::move(parsed), manifest, options);
}

Result<VerifiedRecord> VerifyEnvelope(Json&& envelope, const Manifest& manifest,
                                      const VerifyOptions& options) {
  CAPTURE_ASSIGN_OR_RETURN(Envelope parsed, ParseEnvelope(std::move(envelope)));
  return VerifyParsed(std::move(parsed), manifest, options);
}

}  // namespace capture
