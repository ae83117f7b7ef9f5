// The campaign manifest (R1, R3, R4, R5, R21): what a form may ask, with which texts, under which
// policy. Signed by the advertiser; the core refuses a manifest whose signature fails or that
// breaks a rule, so a partner cannot change what is shown.
//
// Signed form (JSON): {"manifest": {...}, "sig": base64(Ed25519 over
//   "optin-capture/manifest/v1\n" || JCS(manifest))}
// manifest_sha256 = SHA-256(JCS(manifest)), lowercase hex in records.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "capture/crypto.h"
#include "capture/fields.h"
#include "capture/json.h"
#include "capture/result.h"

namespace capture {

inline constexpr std::string_view kManifestDomain = "optin-capture/manifest/v1\n";

enum class ConsentChannel { kParticipation, kTelephone, kEmail, kSms, kPost, kProfiling };
[[nodiscard]] std::string_view ConsentChannelName(ConsentChannel channel);

struct FieldSpec {
  std::string name;     // [a-z][a-z0-9_]{0,31}
  std::string label;    // shown to the person (plain language)
  std::string purpose;  // why it is asked (mandatory, data minimisation)
  FieldRules rules;
  std::string gated_by;  // consent id that must be given for this field to be sent (phone)
};

struct ConsentItem {
  std::string id;    // [a-z][a-z0-9_]{0,31}
  std::string text;  // the exact text shown beside the (unticked) checkbox
  ConsentChannel channel = ConsentChannel::kParticipation;
  bool required_for_participation = false;  // only a participation item may be
  bool one_time = false;                    // R18: ends after the first call
  std::string caller;                       // who will call (Code Telemarketing), telephone only
  std::string subject;                      // about what
};

struct ExtraQuestion {  // R5: answer stored as the field `name`, type short_text
  std::string name;
  std::string text;
  std::string purpose;
  std::size_t max_length = 200;
};

struct PartnerSpec {
  std::string id;  // as in traffic codes
  std::string name;
  PublicKey key;
};

struct CampaignPolicy {
  int contact_pause_days = 60;
  int consent_validity_days = 365;
  int first_contact_term_days = 180;  // stated in the request when above 6 months
  int max_offline_age_hours = 72;     // oldest captured_at the server accepts
  std::string timezone = "Europe/Amsterdam";
  std::string calling_hours = "09:00-21:00";  // local time, weekdays and Saturday
  // How the phone number is verified before the first call (optional in the manifest): "none";
  // "sms" or "email", a double opt-in link or code sent to the person, the lead delivered only
  // once confirmed; "call_start", the lead delivered marked for confirmation at the call's start.
  std::string verification = "none";
};

struct Manifest {
  std::string campaign_id;  // [a-z0-9][a-z0-9-]{0,63}
  std::int64_t version = 0;
  std::string advertiser_name;
  std::optional<PublicKey> advertiser_key;
  std::string locale;  // "nl-NL"
  std::string title;
  std::string terms_url;
  std::string terms_text;  // link text, shown and hashed
  std::string privacy_url;
  std::string privacy_text;
  std::vector<std::string> origins;  // pages allowed to host the form (CORS)
  std::vector<FieldSpec> fields;
  std::vector<ConsentItem> consents;
  std::optional<ExtraQuestion> extra_question;
  std::vector<PartnerSpec> partners;
  CampaignPolicy policy;

  Json json;              // the manifest object exactly as signed
  std::string canonical;  // JCS(json)
  Sha256Digest sha256{};  // SHA-256(canonical)
  // ShownTextSha256(*this), computed once by ParseManifest: every record checks against it.
  Sha256Digest shown_text_sha256{};

  [[nodiscard]] const FieldSpec* FindField(std::string_view name) const;
  [[nodiscard]] const ConsentItem* FindConsent(std::string_view id) const;
  [[nodiscard]] const PartnerSpec* FindPartner(std::string_view id) const;
  [[nodiscard]] const ConsentItem* TelephoneConsent() const;
};

// Parses the manifest object and enforces every rule; no signature check.
[[nodiscard]] Result<Manifest> ParseManifest(const Json& manifest_object);

// Parses {"manifest":..., "sig":...}, checks the signature with the trusted advertiser key and
// that the manifest names that same key, then the rules.
[[nodiscard]] Result<Manifest> VerifySignedManifest(std::string_view signed_json,
                                                    const PublicKey& trusted_advertiser_key);

// Signs a manifest object (after checking its rules); returns the signed JSON text.
[[nodiscard]] Result<std::string> SignManifest(const Json& manifest_object, const SigningKey& key);

// The canonical list of every legal text shown on the form (consent texts, terms and privacy link
// texts with their URLs, the extra question), in manifest order. The page renders exactly these.
[[nodiscard]] Json ShownTexts(const Manifest& manifest);
// SHA-256(JCS(ShownTexts(manifest))).
[[nodiscard]] Sha256Digest ShownTextSha256(const Manifest& manifest);

// QA lint (R21): warnings that do not make a manifest invalid.
struct LintFinding {
  std::string rule;      // stable id, e.g. "time_pressure"
  std::string severity;  // "error" | "warning" | "info"
  std::string where;     // "consents[1].text"
  std::string message;
  std::string hint;
};
[[nodiscard]] std::vector<LintFinding> LintManifest(const Manifest& manifest);

}  // namespace capture
