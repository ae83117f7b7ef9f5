// Reads the manifest JSON into a Manifest: every member with its type, pattern and range. Strict:
// an unknown member is refused, so an option such as "checked" or "default" for a consent cannot
// even be written down (no consent is ever ticked by default). The schema is docs/manifest.md.
#include <cstdint>
#include <string>

#include "capture/fields.h"
#include "capture/manifest.h"
#include "manifest_internal.h"

namespace capture::internal {
namespace {

std::string Path(std::string_view parent, std::string_view key) {
  if (parent.empty()) return std::string(key);
  return std::string(parent) + "." + std::string(key);
}

std::string Index(std::string_view parent, std::size_t i) {
  return std::string(parent) + "[" + std::to_string(i) + "]";
}

Error Invalid(std::string where, std::string message) {
  return MakeError(ErrorCode::kManifestInvalid, where + ": " + message, where);
}

// A text shown to people: valid UTF-8, no control or bidi-override characters, no surrounding
// whitespace (the bytes hashed are the bytes shown), at most `max` code points.
Result<std::string> ReadText(const Json& object, std::string_view key, std::string_view parent,
                             std::size_t max, bool may_be_absent) {
  const std::string where = Path(parent, key);
  if (may_be_absent && object.find(key) == object.end()) return std::string();
  CAPTURE_ASSIGN_OR_RETURN(std::string text, GetString(object, key, parent));
  auto clean = CleanText(text, max);
  if (!clean.ok()) return Invalid(where, clean.error().message);
  if (*clean != text) return Invalid(where, "has whitespace at its start or end");
  if (!may_be_absent && text.empty()) return Invalid(where, "must not be empty");
  return text;
}

Result<std::int64_t> ReadInt(const Json& object, std::string_view key, std::string_view parent,
                             std::int64_t min, std::int64_t max) {
  CAPTURE_ASSIGN_OR_RETURN(std::int64_t value, GetInt(object, key, parent));
  if (value < min || value > max) {
    return Invalid(Path(parent, key),
                   "must be between " + std::to_string(min) + " and " + std::to_string(max));
  }
  return value;
}

Result<std::string> ReadIdentifier(const Json& object, std::string_view key,
                                   std::string_view parent) {
  CAPTURE_ASSIGN_OR_RETURN(std::string id, GetString(object, key, parent));
  if (!IsIdentifier(id)) return Invalid(Path(parent, key), "must match [a-z][a-z0-9_]{0,31}");
  return id;
}

Result<PublicKey> ReadKey(const Json& object, std::string_view parent) {
  CAPTURE_ASSIGN_OR_RETURN(std::string text, GetString(object, "key", parent));
  auto key = PublicKey::FromBase64(text);
  if (!key.ok()) {
    return MakeError(key.error().code, Path(parent, "key") + ": " + key.error().message,
                     Path(parent, "key"));
  }
  return *key;
}

bool IsCodePart(std::string_view text) {  // a traffic-code component: [a-z0-9_-]{1,32}
  if (text.empty() || text.size() > 32) return false;
  for (char c : text) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) return false;
  }
  return true;
}

bool IsCampaignId(std::string_view text) {  // [a-z0-9][a-z0-9-]{0,63}
  if (text.empty() || text.size() > 64 || text[0] == '-') return false;
  for (char c : text) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return true;
}

bool IsLocale(std::string_view t) {  // ll-CC
  auto lower = [](char c) { return c >= 'a' && c <= 'z'; };
  auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
  return t.size() == 5 && lower(t[0]) && lower(t[1]) && t[2] == '-' && upper(t[3]) && upper(t[4]);
}

// "HH:MM-HH:MM", start before end, local time.
bool IsCallingHours(std::string_view t) {
  if (t.size() != 11 || t[5] != '-') return false;
  auto minutes = [&](std::size_t at) -> int {
    auto d = [&](std::size_t i) { return (t[i] >= '0' && t[i] <= '9') ? t[i] - '0' : -100; };
    if (t[at + 2] != ':') return -1;
    int h = d(at) * 10 + d(at + 1), m = d(at + 3) * 10 + d(at + 4);
    if (h < 0 || h > 24 || m < 0 || m > 59 || (h == 24 && m != 0)) return -1;
    return h * 60 + m;
  };
  int start = minutes(0), end = minutes(6);
  return start >= 0 && end >= 0 && start < end;
}

Result<ConsentChannel> ChannelFromName(std::string_view name, std::string_view where) {
  for (auto c : {ConsentChannel::kParticipation, ConsentChannel::kTelephone, ConsentChannel::kEmail,
                 ConsentChannel::kSms, ConsentChannel::kPost, ConsentChannel::kProfiling}) {
    if (ConsentChannelName(c) == name) return c;
  }
  return Invalid(std::string(where),
                 "must be participation, telephone, email, sms, post or profiling");
}

Status ReadCampaign(const Json& root, Manifest& m) {
  CAPTURE_ASSIGN_OR_RETURN(const Json* campaign, GetObject(root, "campaign"));
  CAPTURE_RETURN_IF_ERROR(CheckMembers(*campaign, {"id", "version"}, "campaign"));
  CAPTURE_ASSIGN_OR_RETURN(m.campaign_id, GetString(*campaign, "id", "campaign"));
  if (!IsCampaignId(m.campaign_id))
    return Invalid("campaign.id", "must match [a-z0-9][a-z0-9-]{0,63}");
  CAPTURE_ASSIGN_OR_RETURN(m.version, ReadInt(*campaign, "version", "campaign", 1, 1'000'000'000));
  CAPTURE_ASSIGN_OR_RETURN(const Json* advertiser, GetObject(root, "advertiser"));
  CAPTURE_RETURN_IF_ERROR(CheckMembers(*advertiser, {"name", "key"}, "advertiser"));
  CAPTURE_ASSIGN_OR_RETURN(m.advertiser_name,
                           ReadText(*advertiser, "name", "advertiser", kMaxShortText, false));
  CAPTURE_ASSIGN_OR_RETURN(PublicKey key, ReadKey(*advertiser, "advertiser"));
  m.advertiser_key = key;
  CAPTURE_ASSIGN_OR_RETURN(m.locale, GetString(root, "locale"));
  if (!IsLocale(m.locale)) return Invalid("locale", "must look like nl-NL");
  CAPTURE_ASSIGN_OR_RETURN(m.title, ReadText(root, "title", "", kMaxShortText, false));
  return OkStatus();
}

// terms and privacy: {url, text}. A missing object or url is left empty for the rules to refuse
// with manifest_terms_url_missing / manifest_privacy_url_missing.
Status ReadLink(const Json& root, std::string_view key, std::string& url, std::string& text) {
  if (root.find(key) == root.end()) return OkStatus();
  CAPTURE_ASSIGN_OR_RETURN(const Json* link, GetObject(root, key));
  CAPTURE_RETURN_IF_ERROR(CheckMembers(*link, {"url", "text"}, key));
  CAPTURE_ASSIGN_OR_RETURN(url, ReadText(*link, "url", key, kMaxLegalText, true));
  CAPTURE_ASSIGN_OR_RETURN(text, ReadText(*link, "text", key, kMaxShortText, false));
  return OkStatus();
}

Status ReadOrigins(const Json& root, Manifest& m) {
  CAPTURE_ASSIGN_OR_RETURN(const Json* origins, GetArray(root, "origins"));
  if (origins->empty()) return Invalid("origins", "must list at least one https origin");
  for (std::size_t i = 0; i < origins->size(); ++i) {
    const Json& origin = (*origins)[i];
    if (!origin.is_string() || !IsHttpsOrigin(origin.get_ref<const std::string&>())) {
      return Invalid(Index("origins", i), "must be an https origin such as https://example.nl");
    }
    m.origins.push_back(origin.get<std::string>());
  }
  return OkStatus();
}

Result<FieldSpec> ReadField(const Json& item, const std::string& at) {
  if (!item.is_object()) return MakeError(ErrorCode::kJsonWrongType, at + " must be an object", at);
  CAPTURE_RETURN_IF_ERROR(CheckMembers(item,
                                       {"name", "type", "label", "purpose", "required",
                                        "max_length", "options", "min_age", "gated_by"},
                                       at));
  FieldSpec f;
  CAPTURE_ASSIGN_OR_RETURN(f.name, ReadIdentifier(item, "name", at));
  CAPTURE_ASSIGN_OR_RETURN(std::string type, GetString(item, "type", at));
  auto field_type = FieldTypeFromName(type);
  if (!field_type.ok()) {
    return MakeError(field_type.error().code, at + ".type: unknown type '" + type + "'",
                     at + ".type");
  }
  f.rules.type = *field_type;
  CAPTURE_ASSIGN_OR_RETURN(f.label, ReadText(item, "label", at, kMaxShortText, false));
  CAPTURE_ASSIGN_OR_RETURN(f.purpose, ReadText(item, "purpose", at, kMaxLegalText, true));
  CAPTURE_ASSIGN_OR_RETURN(f.rules.required, GetBool(item, "required", at));
  CAPTURE_ASSIGN_OR_RETURN(std::int64_t max_length,
                           ReadInt(item, "max_length", at, 1, kMaxFieldLength));
  f.rules.max_length = static_cast<std::size_t>(max_length);
  const bool is_choice = f.rules.type == FieldType::kChoice;
  if (item.find("options") != item.end()) {
    if (!is_choice) return Invalid(at + ".options", "only a choice field has options");
    CAPTURE_ASSIGN_OR_RETURN(const Json* options, GetArray(item, "options", at));
    for (std::size_t i = 0; i < options->size(); ++i) {
      const std::string where = Index(at + ".options", i);
      const Json& option = (*options)[i];
      if (!option.is_string())
        return MakeError(ErrorCode::kJsonWrongType, where + " must be a string", where);
      const auto& text = option.get_ref<const std::string&>();
      auto clean = CleanText(text, f.rules.max_length);
      if (!clean.ok() || *clean != text || text.empty()) {
        return Invalid(where, "must be a non-empty clean text within max_length");
      }
      for (const auto& seen : f.rules.options) {
        if (seen == text) return Invalid(where, "repeats an option");
      }
      f.rules.options.push_back(text);
    }
  }
  if (is_choice && f.rules.options.empty())
    return Invalid(at + ".options", "a choice field needs options");
  if (item.find("min_age") != item.end()) {
    if (f.rules.type != FieldType::kDateOfBirth) {
      return Invalid(at + ".min_age", "only a date_of_birth field has min_age");
    }
    CAPTURE_ASSIGN_OR_RETURN(std::int64_t min_age, ReadInt(item, "min_age", at, 0, 120));
    f.rules.min_age = static_cast<int>(min_age);
  }
  if (item.find("gated_by") != item.end()) {
    CAPTURE_ASSIGN_OR_RETURN(f.gated_by, ReadIdentifier(item, "gated_by", at));
  }
  return f;
}

Result<ConsentItem> ReadConsent(const Json& item, const std::string& at) {
  if (!item.is_object()) return MakeError(ErrorCode::kJsonWrongType, at + " must be an object", at);
  CAPTURE_RETURN_IF_ERROR(CheckMembers(
      item,
      {"id", "text", "channel", "required_for_participation", "one_time", "caller", "subject"},
      at));
  ConsentItem c;
  CAPTURE_ASSIGN_OR_RETURN(c.id, ReadIdentifier(item, "id", at));
  CAPTURE_ASSIGN_OR_RETURN(c.text, ReadText(item, "text", at, kMaxLegalText, false));
  CAPTURE_ASSIGN_OR_RETURN(std::string channel, GetString(item, "channel", at));
  CAPTURE_ASSIGN_OR_RETURN(c.channel, ChannelFromName(channel, at + ".channel"));
  CAPTURE_ASSIGN_OR_RETURN(c.required_for_participation,
                           GetBool(item, "required_for_participation", at));
  CAPTURE_ASSIGN_OR_RETURN(c.one_time, GetBool(item, "one_time", at));
  CAPTURE_ASSIGN_OR_RETURN(c.caller, ReadText(item, "caller", at, kMaxShortText, true));
  CAPTURE_ASSIGN_OR_RETURN(c.subject, ReadText(item, "subject", at, kMaxLegalText, true));
  const bool names_call = item.find("caller") != item.end() || item.find("subject") != item.end();
  if (names_call && c.channel != ConsentChannel::kTelephone) {
    return Invalid(at, "caller and subject belong to a telephone consent only");
  }
  return c;
}

Status ReadExtraQuestion(const Json& root, Manifest& m) {
  if (root.find("extra_question") == root.end()) return OkStatus();
  const std::string at = "extra_question";
  CAPTURE_ASSIGN_OR_RETURN(const Json* q, GetObject(root, at));
  CAPTURE_RETURN_IF_ERROR(CheckMembers(*q, {"name", "text", "purpose", "max_length"}, at));
  ExtraQuestion e;
  CAPTURE_ASSIGN_OR_RETURN(e.name, ReadIdentifier(*q, "name", at));
  CAPTURE_ASSIGN_OR_RETURN(e.text, ReadText(*q, "text", at, kMaxLegalText, false));
  CAPTURE_ASSIGN_OR_RETURN(e.purpose, ReadText(*q, "purpose", at, kMaxLegalText, true));
  CAPTURE_ASSIGN_OR_RETURN(std::int64_t max_length,
                           ReadInt(*q, "max_length", at, 1, kMaxFieldLength));
  e.max_length = static_cast<std::size_t>(max_length);
  m.extra_question = e;
  return OkStatus();
}

Status ReadPartners(const Json& root, Manifest& m) {
  CAPTURE_ASSIGN_OR_RETURN(const Json* partners, GetArray(root, "partners"));
  for (std::size_t i = 0; i < partners->size(); ++i) {
    const std::string at = Index("partners", i);
    const Json& item = (*partners)[i];
    if (!item.is_object())
      return MakeError(ErrorCode::kJsonWrongType, at + " must be an object", at);
    CAPTURE_RETURN_IF_ERROR(CheckMembers(item, {"id", "name", "key"}, at));
    CAPTURE_ASSIGN_OR_RETURN(std::string id, GetString(item, "id", at));
    if (!IsCodePart(id) || id == "direct") {
      return Invalid(at + ".id", "must match [a-z0-9_-]{1,32} and not be 'direct'");
    }
    CAPTURE_ASSIGN_OR_RETURN(std::string name, ReadText(item, "name", at, kMaxShortText, false));
    CAPTURE_ASSIGN_OR_RETURN(PublicKey key, ReadKey(item, at));
    m.partners.push_back(PartnerSpec{std::move(id), std::move(name), key});
  }
  return OkStatus();
}

Status ReadPolicy(const Json& root, Manifest& m) {
  const std::string at = "policy";
  CAPTURE_ASSIGN_OR_RETURN(const Json* p, GetObject(root, at));
  CAPTURE_RETURN_IF_ERROR(
      CheckMembers(*p,
                   {"contact_pause_days", "consent_validity_days", "first_contact_term_days",
                    "max_offline_age_hours", "timezone", "calling_hours", "verification"},
                   at));
  CampaignPolicy& policy = m.policy;
  CAPTURE_ASSIGN_OR_RETURN(std::int64_t pause, ReadInt(*p, "contact_pause_days", at, 0, 3650));
  CAPTURE_ASSIGN_OR_RETURN(std::int64_t validity,
                           ReadInt(*p, "consent_validity_days", at, 1, 3650));
  CAPTURE_ASSIGN_OR_RETURN(std::int64_t term, ReadInt(*p, "first_contact_term_days", at, 1, 3650));
  CAPTURE_ASSIGN_OR_RETURN(std::int64_t age, ReadInt(*p, "max_offline_age_hours", at, 1, 8760));
  policy.contact_pause_days = static_cast<int>(pause);
  policy.consent_validity_days = static_cast<int>(validity);
  policy.first_contact_term_days = static_cast<int>(term);
  policy.max_offline_age_hours = static_cast<int>(age);
  CAPTURE_ASSIGN_OR_RETURN(policy.timezone, GetString(*p, "timezone", at));
  if (policy.timezone != "Europe/Amsterdam") {
    return Invalid("policy.timezone", "only Europe/Amsterdam is supported");
  }
  CAPTURE_ASSIGN_OR_RETURN(policy.calling_hours, GetString(*p, "calling_hours", at));
  if (!IsCallingHours(policy.calling_hours)) {
    return Invalid("policy.calling_hours", "must be HH:MM-HH:MM with the start before the end");
  }
  // Optional (added after the first manifests were signed): absent means "none".
  if (p->contains("verification")) {
    CAPTURE_ASSIGN_OR_RETURN(policy.verification, GetString(*p, "verification", at));
    if (policy.verification != "none" && policy.verification != "sms" &&
        policy.verification != "email" && policy.verification != "call_start") {
      return Invalid("policy.verification", "must be none, sms, email or call_start");
    }
  }
  return OkStatus();
}

}  // namespace

Result<Manifest> ReadManifestSchema(const Json& object) {
  if (!object.is_object())
    return MakeError(ErrorCode::kManifestInvalid, "the manifest must be a JSON object");
  CAPTURE_RETURN_IF_ERROR(CheckMembers(
      object, {"campaign", "advertiser", "locale", "title", "terms", "privacy", "origins", "fields",
               "consents", "extra_question", "partners", "policy"}));
  Manifest m;
  CAPTURE_RETURN_IF_ERROR(ReadCampaign(object, m));
  CAPTURE_RETURN_IF_ERROR(ReadLink(object, "terms", m.terms_url, m.terms_text));
  CAPTURE_RETURN_IF_ERROR(ReadLink(object, "privacy", m.privacy_url, m.privacy_text));
  CAPTURE_RETURN_IF_ERROR(ReadOrigins(object, m));
  CAPTURE_ASSIGN_OR_RETURN(const Json* fields, GetArray(object, "fields"));
  for (std::size_t i = 0; i < fields->size(); ++i) {
    CAPTURE_ASSIGN_OR_RETURN(FieldSpec f, ReadField((*fields)[i], Index("fields", i)));
    m.fields.push_back(std::move(f));
  }
  CAPTURE_ASSIGN_OR_RETURN(const Json* consents, GetArray(object, "consents"));
  for (std::size_t i = 0; i < consents->size(); ++i) {
    CAPTURE_ASSIGN_OR_RETURN(ConsentItem c, ReadConsent((*consents)[i], Index("consents", i)));
    m.consents.push_back(std::move(c));
  }
  CAPTURE_RETURN_IF_ERROR(ReadExtraQuestion(object, m));
  CAPTURE_RETURN_IF_ERROR(ReadPartners(object, m));
  CAPTURE_RETURN_IF_ERROR(ReadPolicy(object, m));
  m.json = object;
  CAPTURE_ASSIGN_OR_RETURN(m.canonical, CanonicalJson(object));
  m.sha256 = Sha256(m.canonical);
  m.shown_text_sha256 = ShownTextSha256(m);
  return m;
}

}  // namespace capture::internal
