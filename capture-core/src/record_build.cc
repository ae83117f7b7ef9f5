// Building and signing a consent record where the form is submitted (R4, R8).
//
// Entropy is consumed in this exact order (test vectors depend on it): one 10-byte draw for the
// record id (record_id.cc), then one 16-byte salt per field that ends up in the record, in
// manifest field order, the extra question last. Fields left out (empty optional ones, the phone
// without its consent) draw nothing.
#include <string>

#include "capture/record.h"
#include "record_internal.h"

namespace capture {
namespace {

Json SourceJson(const TrafficSource& s) {
  return Json{{"code", s.code()},
              {"partner", s.partner},
              {"channel", s.channel},
              {"placement", s.placement},
              {"creative", s.creative}};
}

Error FormInvalid(const ValidationReport& report) {
  std::string message = std::to_string(report.errors.size()) + " field error(s):";
  for (const auto& e : report.errors) {
    message += " " + (e.field.empty() ? std::string("-") : e.field) + ": " + std::string(e.wire()) +
               " (" + e.message + ");";
  }
  return MakeError(ErrorCode::kFormInvalid, message, report.errors.front().field);
}

}  // namespace

Result<Envelope> BuildRecord(const Manifest& manifest, const Submission& submission,
                             const SigningKey& device_key, const BuildOptions& options) {
  CAPTURE_RETURN_IF_ERROR(InitCrypto());
  const std::string captured_at = FormatRfc3339Millis(options.captured_at);
  auto round_trip = ParseRfc3339Millis(captured_at);
  if (!round_trip.ok() || *round_trip != options.captured_at) {
    return MakeError(ErrorCode::kTimestampInvalid, "captured_at is outside 1970..9999",
                     "captured_at");
  }
  std::vector<std::pair<std::string, std::string>> values;
  const ValidationReport report = internal::ValidateAndNormalise(
      manifest, submission, AmsterdamDate(options.captured_at), &values);
  if (!report.ok()) return FormInvalid(report);
  CAPTURE_ASSIGN_OR_RETURN(TrafficSource source, ParseTrafficCode(submission.source_code));

  const EntropySource entropy = options.entropy ? options.entropy : SystemEntropy();
  Envelope envelope;
  Json record = Json::object();
  record["id"] = NewRecordId(options.captured_at, entropy);
  record["source"] = SourceJson(source);
  record["campaign"] = Json{{"id", manifest.campaign_id},
                            {"version", manifest.version},
                            {"manifest_sha256", HexEncode(manifest.sha256)}};
  record["captured_at"] = captured_at;
  Json consents = Json::object();
  for (const auto& c : manifest.consents) {
    bool given = false;
    for (const auto& [id, ticked] : submission.consents) given = given || (id == c.id && ticked);
    consents[c.id] = given;
  }
  record["consents"] = std::move(consents);
  record["shown_text_sha256"] = HexEncode(manifest.shown_text_sha256);
  Json fields = Json::object();
  for (auto& [name, value] : values) {
    Disclosure disclosure;
    entropy(disclosure.salt);
    fields[name] = Base64Encode(FieldCommitment(disclosure.salt, name, value));
    disclosure.value = std::move(value);
    envelope.disclosures.emplace(name, std::move(disclosure));
  }
  record["fields"] = std::move(fields);
  record["context"] = submission.context;
  record["device_key"] = device_key.public_key().ToBase64();

  CAPTURE_ASSIGN_OR_RETURN(envelope.canonical, CanonicalJson(record));
  std::string message(kRecordDomain);
  message += envelope.canonical;
  envelope.sig = device_key.Sign(AsBytes(message));
  envelope.record = std::move(record);
  return envelope;
}

Json DisclosuresToJsonValue(const Envelope& envelope) {
  Json disclosures = Json::object();
  for (const auto& [name, d] : envelope.disclosures) {
    disclosures[name] = Json{{"salt", Base64Encode(d.salt)}, {"value", d.value}};
  }
  return disclosures;
}

Json EnvelopeToJsonValue(const Envelope& envelope) {
  return Json{{"record", envelope.record},
              {"sig", Base64Encode(envelope.sig)},
              {"disclosures", DisclosuresToJsonValue(envelope)}};
}

// Canonical (RFC 8785) so that the native and the WebAssembly build give identical bytes. The
// record of an Envelope from BuildRecord or ParseEnvelope was canonicalised already, so this
// cannot fail for them; an empty string (invalid JSON) marks anything else.
std::string EnvelopeToJson(const Envelope& envelope) {
  auto text = CanonicalJson(EnvelopeToJsonValue(envelope));
  return text.ok() ? *text : std::string();
}

}  // namespace capture
