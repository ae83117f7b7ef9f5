#include "envelope_maker.h"

#include <chrono>
#include <cstdio>

namespace optin::testing {

using capture::Json;

capture::UnixMillis NowMillisForTest() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

capture::Result<EnvelopeMaker> EnvelopeMaker::FromServer(httplib::Client& client,
                                                         const std::string& campaign) {
  auto keys = client.Get("/v1/keys");
  auto published = client.Get(("/v1/campaigns/" + campaign).c_str());
  if (!keys || !published || keys->status != 200 || published->status != 200) {
    return capture::MakeError(capture::ErrorCode::kCampaignUnknown, "server has no " + campaign);
  }
  CAPTURE_ASSIGN_OR_RETURN(Json keys_json, capture::ParseJson(keys->body));
  CAPTURE_ASSIGN_OR_RETURN(Json campaign_json, capture::ParseJson(published->body));
  const std::string key = keys_json["advertisers"][campaign].get<std::string>();
  const std::string signed_text = campaign_json["signed_manifest"].dump();
  CAPTURE_ASSIGN_OR_RETURN(capture::PublicKey pk, capture::PublicKey::FromBase64(key));
  CAPTURE_ASSIGN_OR_RETURN(capture::Manifest manifest,
                           capture::VerifySignedManifest(signed_text, pk));
  CAPTURE_ASSIGN_OR_RETURN(capture::SigningKey device, capture::SigningKey::Generate());
  return EnvelopeMaker(std::move(manifest), signed_text, key, std::move(device));
}

Json EnvelopeMaker::Submission(int n, bool phone) const {
  char mobile[32];
  std::snprintf(mobile, sizeof mobile, "06-1%07d", n % 10000000);
  Json fields = {{"given_name", "Anna"},
                 {"family_name", "de Vries"},
                 {"email", "anna." + std::to_string(n) + "@voorbeeld.nl"},
                 {"postcode", "1234 AB"},
                 {"date_of_birth", "01-02-1990"},
                 {"ebike_use", "Woon-werkverkeer"}};
  if (phone) fields["phone"] = mobile;
  return Json{{"fields", fields},
              {"consents", {{"participation", true}, {"telephone", phone}, {"newsletter", false}}},
              {"source", "direct.web.home.default"},
              {"context", {{"legal_text_font_px", 16}, {"boxes_preticked", false}}}};
}

Json EnvelopeMaker::FromSubmission(const Json& submission,
                                   std::optional<capture::UnixMillis> captured_at) const {
  auto parsed = capture::ParseSubmission(submission);
  if (!parsed.ok()) return Json{{"build_error", parsed.error().message}};
  capture::BuildOptions options;
  options.captured_at = captured_at.value_or(NowMillisForTest());
  auto envelope = capture::BuildRecord(manifest_, *parsed, device_key_, options);
  if (!envelope.ok()) return Json{{"build_error", envelope.error().message}};
  return capture::EnvelopeToJsonValue(*envelope);
}

Json EnvelopeMaker::Make(int n, bool phone, std::optional<capture::UnixMillis> captured_at) const {
  return FromSubmission(Submission(n, phone), captured_at);
}

Json Resign(Json envelope, const capture::SigningKey& key) {
  auto canonical = capture::CanonicalJson(envelope["record"]);
  if (!canonical.ok()) return envelope;
  const std::string message = std::string(capture::kRecordDomain) + *canonical;
  envelope["sig"] = capture::Base64Encode(key.Sign(capture::AsBytes(message)));
  return envelope;
}

Json Redisclose(Json envelope, const std::string& field, const std::string& value,
                const capture::SigningKey& key) {
  std::array<std::uint8_t, capture::kSaltSize> salt{};
  capture::RandomFill(salt);
  envelope["disclosures"][field] = Json{{"salt", capture::Base64Encode(salt)}, {"value", value}};
  envelope["record"]["fields"][field] =
      capture::Base64Encode(capture::FieldCommitment(salt, field, value));
  return Resign(std::move(envelope), key);
}

}  // namespace optin::testing
