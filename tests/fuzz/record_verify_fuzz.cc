// Arbitrary JSON as an envelope, verified against the example campaign, and as a submission built
// into a record. Nothing may crash, leak or trip a sanitizer; an envelope that parses must
// serialise to a fixed point.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "capture/manifest.h"
#include "capture/record.h"

namespace {

// tests/vectors/manifests/example-campaign.json, embedded so the target needs no files.
constexpr std::string_view kManifest = R"json(
{"campaign": {"id": "fietsplezier-ebike-2026", "version": 1}, "advertiser": {"name": "Fietsplezier B.V.", "key": "JydFCjSwpFbvkA0zaGQXsKgw6j5F1JDF5HOVFbtSvyY="}, "locale": "nl-NL", "title": "Maak kans op een e-bike", "terms": {"url": "https://www.fietsplezier.nl/actie/e-bike-2026/voorwaarden", "text": "Lees de actievoorwaarden"}, "privacy": {"url": "https://www.fietsplezier.nl/privacy", "text": "Zo gaan we om met je gegevens (privacyverklaring)"}, "origins": ["https://www.fietsplezier.nl", "https://www.winactieplein.nl"], "fields": [{"name": "given_name", "type": "given_name", "label": "Voornaam", "purpose": "Om je persoonlijk aan te spreken als je wint.", "required": true, "max_length": 50}, {"name": "family_name", "type": "family_name", "label": "Achternaam", "purpose": "Om vast te stellen wie de winnaar is.", "required": true, "max_length": 80}, {"name": "email", "type": "email", "label": "E-mailadres", "purpose": "Om je te laten weten of je de e-bike hebt gewonnen, en voor de nieuwsbrief als je daarvoor kiest.", "required": true, "max_length": 254}, {"name": "phone", "type": "phone_nl", "label": "Telefoonnummer", "purpose": "Alleen als je kiest voor een telefoontje over een proefrit: om je te bellen.", "required": false, "max_length": 20, "gated_by": "telephone"}, {"name": "postcode", "type": "postcode_nl", "label": "Postcode", "purpose": "Om de e-bike bij de winnaar te bezorgen en een proefrit bij een winkel in de buurt aan te bieden.", "required": true, "max_length": 7}, {"name": "date_of_birth", "type": "date_of_birth", "label": "Geboortedatum", "purpose": "Meedoen kan vanaf 18 jaar.", "required": true, "max_length": 10, "min_age": 18}], "consents": [{"id": "participation", "text": "Ik doe mee aan de actie 'Maak kans op een e-bike' en ga akkoord met de actievoorwaarden.", "channel": "participation", "required_for_participation": true, "one_time": false}, {"id": "telephone", "text": "Ja, Fietsplezier B.V. mag mij bellen over een gratis proefrit op een e-bike. Het eerste gesprek is binnen 3 maanden. Je kunt dit altijd intrekken via fietsplezier.nl/afmelden of in het gesprek zelf.", "channel": "telephone", "required_for_participation": false, "one_time": false, "caller": "Fietsplezier B.V.", "subject": "een gratis proefrit op een e-bike"}, {"id": "newsletter", "text": "Ja, stuur mij de nieuwsbrief van Fietsplezier met fietstips en acties per e-mail. Afmelden kan onder elke nieuwsbrief.", "channel": "email", "required_for_participation": false, "one_time": false}], "extra_question": {"name": "ebike_use", "text": "Waarvoor zou je de e-bike vooral gebruiken?", "purpose": "Zodat onze adviseur in het gesprek kan aansluiten bij wat jij belangrijk vindt.", "max_length": 200}, "partners": [{"id": "winactieplein", "name": "Winactieplein B.V.", "key": "+h/0eKaai657WTNuIUVfTWvT0qxgzno294YKVHrn/Bs="}], "policy": {"contact_pause_days": 60, "consent_validity_days": 365, "first_contact_term_days": 90, "max_offline_age_hours": 72, "timezone": "Europe/Amsterdam", "calling_hours": "09:00-21:00"}}
)json";

const capture::Manifest* ExampleManifest() {
  static const capture::Manifest* manifest = [] {
    auto json = capture::ParseJson(kManifest);
    if (!json.ok()) return static_cast<capture::Manifest*>(nullptr);
    auto parsed = capture::ParseManifest(*json);
    return parsed.ok() ? new capture::Manifest(std::move(parsed).value()) : nullptr;
  }();
  return manifest;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const bool crypto_ok = capture::InitCrypto().ok();
  const capture::Manifest* manifest = ExampleManifest();
  if (!crypto_ok || manifest == nullptr) __builtin_trap();
  auto json = capture::ParseJson(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!json.ok()) return 0;
  // Vector files hold the envelope as text under expect.envelope; unwrap so seeds reach deep.
  if (json->is_object() && json->contains("expect") && (*json)["expect"].is_object() &&
      (*json)["expect"].contains("envelope") && (*json)["expect"]["envelope"].is_string()) {
    auto inner = capture::ParseJson((*json)["expect"]["envelope"].get<std::string>());
    if (inner.ok()) json = std::move(inner);
  }
  capture::VerifyOptions options;
  options.now = 1795856460000;  // 2026-11-28T09:01:00.000Z, a minute after the vectors
  (void)capture::VerifyEnvelope(*json, *manifest, options);
  auto envelope = capture::ParseEnvelope(*json);
  if (envelope.ok()) {
    (void)capture::VerifyRecordSignature(*envelope);
    const std::string text = capture::EnvelopeToJson(*envelope);
    auto again = capture::ParseJson(text);
    if (!again.ok()) __builtin_trap();
    auto reparsed = capture::ParseEnvelope(*again);
    if (!reparsed.ok() || capture::EnvelopeToJson(*reparsed) != text) __builtin_trap();
  }
  auto submission = capture::ParseSubmission(*json);
  if (submission.ok()) {
    static const auto device = capture::SigningKey::FromSeed(capture::Bytes(32, 7));
    if (!device.ok()) __builtin_trap();
    capture::BuildOptions build;
    build.captured_at = 1795856400000;
    build.entropy = [](std::span<std::uint8_t> out) {
      for (auto& b : out) b = 0x42;
    };
    auto built = capture::BuildRecord(*manifest, *submission, *device, build);
    if (built.ok()) {
      auto verified =
          capture::VerifyEnvelope(capture::EnvelopeToJsonValue(*built), *manifest, options);
      if (!verified.ok()) __builtin_trap();  // what the core builds, the core accepts
    }
  }
  return 0;
}
