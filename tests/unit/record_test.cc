// Consent records: building (minimisation, commitments, signature), the envelope, and every way
// verification can fail, each with its own stable code.
#include "capture/record.h"

#include <gtest/gtest.h>

#include <functional>
#include <limits>
#include <set>

#include "campaign_fixture.h"

namespace capture {
namespace {

using testing::CountingEntropy;
using testing::ExampleManifest;
using testing::ExampleSubmission;
using testing::kCapturedAt;
using testing::KeyFromSeedHex;

class RecordTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_OK(InitCrypto()); }

  Result<Envelope> Build(const Submission& s) {
    return BuildRecord(manifest_, s, device_, BuildOptions{kCapturedAt, CountingEntropy()});
  }

  Json BuiltJson() {
    auto envelope = Build(ExampleSubmission());
    EXPECT_OK(envelope);
    return EnvelopeToJsonValue(*envelope);
  }

  // Signs the (changed) record again with the device key, so that a test reaches the check after
  // the signature.
  void Resign(Json& envelope) {
    auto canonical = CanonicalJson(envelope["record"]);
    ASSERT_OK(canonical);
    const std::string message = std::string(kRecordDomain) + *canonical;
    envelope["sig"] = Base64Encode(device_.Sign(AsBytes(message)));
  }

  // Discloses `value` for `name` with a matching commitment, then re-signs.
  void Recommit(Json& envelope, const std::string& name, const std::string& value) {
    std::array<std::uint8_t, kSaltSize> salt{};
    salt.fill(0x5a);
    envelope["record"]["fields"][name] = Base64Encode(FieldCommitment(salt, name, value));
    envelope["disclosures"][name] = Json{{"salt", Base64Encode(salt)}, {"value", value}};
    Resign(envelope);
  }

  Result<VerifiedRecord> Verify(const Json& envelope) {
    return VerifyEnvelope(envelope, manifest_, options_);
  }

  Manifest manifest_ = ExampleManifest();
  SigningKey device_ = KeyFromSeedHex(testing::kDeviceSeedHex);
  VerifyOptions options_{kCapturedAt + 2000, true, 5 * 60 * 1000};
};

TEST_F(RecordTest, BuildsAMinimisedSignedRecordThatVerifies) {
  const Json envelope = BuiltJson();
  const Json& record = envelope["record"];
  EXPECT_EQ(record["captured_at"], "2026-11-28T09:00:00.000Z");
  EXPECT_EQ(record["campaign"], (Json{{"id", "fietsplezier-ebike-2026"},
                                      {"version", 1},
                                      {"manifest_sha256", HexEncode(manifest_.sha256)}}));
  EXPECT_EQ(record["shown_text_sha256"], HexEncode(ShownTextSha256(manifest_)));
  EXPECT_EQ(record["source"], (Json{{"code", "winactieplein.display.sidebar.c7"},
                                    {"partner", "winactieplein"},
                                    {"channel", "display"},
                                    {"placement", "sidebar"},
                                    {"creative", "c7"}}));
  EXPECT_EQ(record["consents"],
            (Json{{"participation", true}, {"telephone", true}, {"newsletter", false}}));
  EXPECT_EQ(record["device_key"], device_.public_key().ToBase64());
  EXPECT_EQ(record["context"], ExampleSubmission().context);
  EXPECT_EQ(record["fields"].size(), 7u);

  auto verified = Verify(envelope);
  ASSERT_OK(verified);
  EXPECT_EQ(verified->values,
            (std::map<std::string, std::string>{{"given_name", "Anna"},
                                                {"family_name", "de Vries"},
                                                {"email", "Anna@example.nl"},
                                                {"phone", "+31612345678"},
                                                {"postcode", "1234AB"},
                                                {"date_of_birth", "1990-03-15"},
                                                {"ebike_use", "Naar mijn werk"}}));
  EXPECT_TRUE(verified->telephone_consent);
  EXPECT_EQ(verified->captured_at, kCapturedAt);
  EXPECT_EQ(verified->source.partner, "winactieplein");
  EXPECT_EQ(verified->id, record["id"]);
  EXPECT_EQ(verified->device_key, device_.public_key());
}

TEST_F(RecordTest, CommitmentIsSha256OfSaltNameZeroValue) {
  std::array<std::uint8_t, kSaltSize> salt{};
  for (std::size_t i = 0; i < salt.size(); ++i) salt[i] = static_cast<std::uint8_t>(i);
  // python3: hashlib.sha256(bytes(range(16)) + b'email' + b'\0' + b'Anna@example.nl')
  EXPECT_EQ(HexEncode(FieldCommitment(salt, "email", "Anna@example.nl")),
            "f738375a484cf827226a222b9012798f74cd64d27c7cf95f03bed58eafb40b6f");
}

TEST_F(RecordTest, SignatureIsEd25519OverTheDomainAndTheCanonicalRecord) {
  auto envelope = Build(ExampleSubmission());
  ASSERT_OK(envelope);
  auto canonical = CanonicalJson(envelope->record);
  ASSERT_OK(canonical);
  EXPECT_EQ(envelope->canonical, *canonical);
  const std::string message = std::string(kRecordDomain) + *canonical;
  EXPECT_TRUE(device_.public_key().Verify(AsBytes(message), envelope->sig));
  EXPECT_OK(VerifyRecordSignature(*envelope));
}

TEST_F(RecordTest, PhoneIsLeftOutEntirelyWithoutTheTelephoneConsent) {
  Submission s = ExampleSubmission();
  s.consents = {{"participation", true}, {"telephone", false}, {"newsletter", true}};
  for (auto& [name, value] : s.fields) {
    if (name == "phone") value = "  ";
  }
  auto envelope = Build(s);
  ASSERT_OK(envelope);
  EXPECT_EQ(envelope->record["fields"].count("phone"), 0u);
  EXPECT_EQ(envelope->disclosures.count("phone"), 0u);
  auto verified = Verify(EnvelopeToJsonValue(*envelope));
  ASSERT_OK(verified);
  EXPECT_FALSE(verified->telephone_consent);
  EXPECT_TRUE(verified->consents.at("newsletter"));
}

TEST_F(RecordTest, PhoneWithoutConsentIsRefusedAtCapture) {
  Submission s = ExampleSubmission();
  s.consents = {{"participation", true}};  // unticked = not sent at all
  const auto report = ValidateSubmission(manifest_, s, AmsterdamDate(kCapturedAt));
  ASSERT_EQ(report.errors.size(), 1u);
  EXPECT_EQ(report.errors[0].code, ErrorCode::kPhoneWithoutConsent);
  EXPECT_EQ(report.errors[0].field, "phone");
  auto envelope = Build(s);
  ASSERT_ERROR_CODE(envelope, ErrorCode::kFormInvalid);
  EXPECT_EQ(envelope.error().field, "phone");
  EXPECT_NE(envelope.error().message.find("phone_without_consent"), std::string::npos);
}

TEST_F(RecordTest, EmptyOptionalFieldsAreLeftOutAndDrawNoSalt) {
  Submission s = ExampleSubmission();
  s.fields = {{"given_name", "Anna"}, {"family_name", "de Vries"},     {"email", "a@b.nl"},
              {"postcode", "1234AB"}, {"date_of_birth", "1990-03-15"}, {"ebike_use", " "}};
  s.consents = {{"participation", true}};
  auto envelope = Build(s);
  ASSERT_OK(envelope);
  EXPECT_EQ(envelope->record["fields"].size(), 5u);
  EXPECT_EQ(envelope->disclosures.count("ebike_use"), 0u);
  // Entropy order: 10 bytes for the id, then one salt per kept field in manifest order.
  EXPECT_EQ(envelope->disclosures.at("given_name").salt[0], 10);
  EXPECT_EQ(envelope->disclosures.at("family_name").salt[0], 26);
  EXPECT_EQ(envelope->disclosures.at("date_of_birth").salt[0], 10 + 4 * 16);
  EXPECT_OK(Verify(EnvelopeToJsonValue(*envelope)));
}

TEST_F(RecordTest, ValidationReportsEveryErrorWithItsField) {
  Submission s = ExampleSubmission();
  s.fields.emplace_back("bsn", "123456782");
  for (auto& [name, value] : s.fields) {
    if (name == "email") value = "anna@";
    if (name == "date_of_birth") value = "01-01-2015";
  }
  s.consents = {{"participation", false}, {"telephone", false}, {"lottery", true}};
  s.source_code = "onbekend.display.top.c1";
  const auto report = ValidateSubmission(manifest_, s, AmsterdamDate(kCapturedAt));
  std::set<std::pair<std::string, std::string>> got;
  for (const auto& e : report.errors) got.emplace(std::string(e.wire()), e.field);
  const std::set<std::pair<std::string, std::string>> want = {
      {"field_not_declared", "bsn"},
      {"consent_unknown", "lottery"},
      {"partner_not_allowed", "source"},
      {"participation_consent_required", "participation"},
      {"email_invalid", "email"},
      {"phone_without_consent", "phone"},
      {"age_below_minimum", "date_of_birth"}};
  EXPECT_EQ(got, want);
}

TEST_F(RecordTest, ValidationRefusesABadTrafficCodeAndAMissingRequiredField) {
  Submission s = ExampleSubmission();
  s.source_code = "direct.web";
  s.fields.erase(s.fields.begin());  // given_name
  const auto report = ValidateSubmission(manifest_, s, AmsterdamDate(kCapturedAt));
  ASSERT_EQ(report.errors.size(), 2u);
  EXPECT_EQ(report.errors[0].code, ErrorCode::kSourceInvalid);
  EXPECT_EQ(report.errors[1].code, ErrorCode::kFieldRequired);
  EXPECT_EQ(report.errors[1].field, "given_name");
}

TEST_F(RecordTest, ParsesTheSubmissionJsonStrictly) {
  auto json = ParseJson(R"({"fields":{"email":"a@b.nl"},"consents":{"participation":true},
    "source":"direct.web.home.v1","context":{"time_on_page_ms":5300}})");
  ASSERT_OK(json);
  auto s = ParseSubmission(*json);
  ASSERT_OK(s);
  EXPECT_EQ(s->fields, (std::vector<std::pair<std::string, std::string>>{{"email", "a@b.nl"}}));
  EXPECT_EQ(s->consents, (std::vector<std::pair<std::string, bool>>{{"participation", true}}));
  EXPECT_EQ(s->source_code, "direct.web.home.v1");
  EXPECT_EQ(s->context["time_on_page_ms"], 5300);

  Json bad = *json;
  bad["checked"] = true;
  EXPECT_ERROR_CODE(ParseSubmission(bad), ErrorCode::kJsonUnknownMember);
  bad = *json;
  bad["fields"]["email"] = 5;
  EXPECT_ERROR_CODE(ParseSubmission(bad), ErrorCode::kJsonWrongType);
  bad = *json;
  bad["consents"]["participation"] = "yes";
  EXPECT_ERROR_CODE(ParseSubmission(bad), ErrorCode::kJsonWrongType);
  bad = *json;
  bad["context"] = Json::array();
  EXPECT_ERROR_CODE(ParseSubmission(bad), ErrorCode::kRecordInvalid);
  bad = *json;
  bad.erase("source");
  EXPECT_ERROR_CODE(ParseSubmission(bad), ErrorCode::kJsonMissingMember);
  bad = *json;
  Json deep = Json::object();
  for (int i = 0; i < 12; ++i) deep = Json{{"d", deep}};
  bad["context"] = deep;
  EXPECT_ERROR_CODE(ParseSubmission(bad), ErrorCode::kJsonTooDeep);
  bad["context"] = Json{{"blob", std::string(9000, 'x')}};
  EXPECT_ERROR_CODE(ParseSubmission(bad), ErrorCode::kJsonTooLarge);
  EXPECT_ERROR_CODE(ParseSubmission(Json::array()), ErrorCode::kJsonWrongType);
}

TEST_F(RecordTest, SameInputsGiveTheSameBytes) {
  auto a = Build(ExampleSubmission());
  auto b = Build(ExampleSubmission());
  ASSERT_OK(a);
  ASSERT_OK(b);
  EXPECT_EQ(EnvelopeToJson(*a), EnvelopeToJson(*b));
  auto canonical = Canonicalize(EnvelopeToJson(*a));
  ASSERT_OK(canonical);
  EXPECT_EQ(*canonical, EnvelopeToJson(*a));
}

TEST_F(RecordTest, EnvelopeRoundTripsThroughParseEnvelope) {
  auto built = Build(ExampleSubmission());
  ASSERT_OK(built);
  auto json = ParseJson(EnvelopeToJson(*built));
  ASSERT_OK(json);
  auto parsed = ParseEnvelope(*json);
  ASSERT_OK(parsed);
  EXPECT_EQ(EnvelopeToJson(*parsed), EnvelopeToJson(*built));
  EXPECT_EQ(parsed->canonical, built->canonical);
  EXPECT_EQ(parsed->sig, built->sig);
}

TEST_F(RecordTest, VerificationIsIdempotent) {
  const Json envelope = BuiltJson();
  auto first = Verify(envelope);
  auto second = Verify(envelope);
  ASSERT_OK(first);
  ASSERT_OK(second);
  EXPECT_EQ(EnvelopeToJson(first->envelope), EnvelopeToJson(second->envelope));
  EXPECT_EQ(first->values, second->values);
  auto canonical = CanonicalJson(envelope);
  ASSERT_OK(canonical);
  EXPECT_EQ(EnvelopeToJson(first->envelope), *canonical);
  auto again = Verify(EnvelopeToJsonValue(first->envelope));
  ASSERT_OK(again);
  EXPECT_EQ(again->id, first->id);
}

TEST(RecordIdTest, IsAUuidV7WithTheTimeFirst) {
  std::array<std::uint8_t, 10> draw{};
  draw.fill(0xff);
  const EntropySource ones = [&](std::span<std::uint8_t> out) {
    ASSERT_EQ(out.size(), 10u);
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = draw[i];
  };
  const std::string id = NewRecordId(kCapturedAt, ones);
  ASSERT_EQ(id.size(), 36u);
  EXPECT_EQ(id, "01a22161-fe80-7fff-bfff-ffffffffffff");  // 0x01a22161fe80 = 1795856400000
  draw.fill(0x00);
  EXPECT_EQ(NewRecordId(kCapturedAt, ones), "01a22161-fe80-7000-8000-000000000000");
  EXPECT_LT(NewRecordId(kCapturedAt, ones), NewRecordId(kCapturedAt + 1, ones));
}

TEST(RecordIdTest, SystemEntropyGivesDistinctTimeOrderedIds) {
  ASSERT_OK(InitCrypto());
  std::set<std::string> ids;
  std::string previous;
  for (int i = 0; i < 200; ++i) {
    const std::string id = NewRecordId(kCapturedAt + i, EntropySource());
    EXPECT_EQ(id[14], '7');
    EXPECT_NE(std::string("89ab").find(id[19]), std::string::npos);
    EXPECT_LT(previous, id);
    previous = id;
    ids.insert(id);
  }
  EXPECT_EQ(ids.size(), 200u);
}

// ---- Each verification failure, one code each ----

// The overloads that take the envelope (the server's intake) give what the copying ones give, and
// refuse the same malformed envelopes with the same codes.
TEST_F(RecordTest, TakingTheEnvelopeVerifiesAndRefusesAsCopyingIt) {
  const Json envelope = BuiltJson();
  auto copied = Verify(envelope);
  ASSERT_OK(copied);
  Json owned = envelope;
  auto taken = VerifyEnvelope(std::move(owned), manifest_, options_);
  ASSERT_OK(taken);
  EXPECT_EQ(EnvelopeToJson(taken->envelope), EnvelopeToJson(copied->envelope));
  EXPECT_EQ(taken->envelope.canonical, copied->envelope.canonical);
  EXPECT_EQ(taken->values, copied->values);
  EXPECT_EQ(taken->id, copied->id);
  Json parsed_from = envelope;
  auto parsed = ParseEnvelope(std::move(parsed_from));
  ASSERT_OK(parsed);
  EXPECT_EQ(parsed->record, envelope["record"]);
  EXPECT_EQ(EnvelopeToJson(*parsed), EnvelopeToJson(copied->envelope));

  std::vector<std::function<void(Json&)>> breaks = {
      [](Json& e) { e["receipt"] = "x"; },
      [](Json& e) { e["record"] = "x"; },
      [](Json& e) { e.erase("sig"); },
      [](Json& e) { e.erase("disclosures"); },
      [](Json& e) { e["disclosures"]["email"]["salt"] = "AAAA"; },
      [](Json& e) { e["record"]["campaign"]["version"] = 99; },
      [](Json& e) { e["record"]["fields"]["email"] = "AAAA"; }};
  for (std::size_t i = 0; i < breaks.size(); ++i) {
    Json broken = envelope;
    breaks[i](broken);
    auto by_copy = Verify(broken);
    auto by_taking = VerifyEnvelope(Json(broken), manifest_, options_);
    ASSERT_FALSE(by_copy.ok()) << i;
    ASSERT_FALSE(by_taking.ok()) << i;
    EXPECT_EQ(by_taking.error().code, by_copy.error().code) << i;
    EXPECT_EQ(by_taking.error().field, by_copy.error().field) << i;
  }
}

TEST_F(RecordTest, RefusesMalformedEnvelopes) {
  EXPECT_ERROR_CODE(Verify(Json::array()), ErrorCode::kRecordInvalid);
  Json e = BuiltJson();
  e["receipt"] = "x";
  EXPECT_ERROR_CODE(Verify(e), ErrorCode::kJsonUnknownMember);
  e = BuiltJson();
  e["record"] = "x";
  EXPECT_ERROR_CODE(Verify(e), ErrorCode::kJsonWrongType);
  e = BuiltJson();
  e.erase("sig");
  EXPECT_ERROR_CODE(Verify(e), ErrorCode::kJsonMissingMember);
  e = BuiltJson();
  e["sig"] = "not base64!";
  EXPECT_ERROR_CODE(Verify(e), ErrorCode::kBase64Invalid);
  e = BuiltJson();
  e["disclosures"]["email"]["salt"] = "AAAA";
  EXPECT_ERROR_CODE(Verify(e), ErrorCode::kBase64Invalid);
  e = BuiltJson();
  e["disclosures"]["email"]["checked"] = true;
  EXPECT_ERROR_CODE(Verify(e), ErrorCode::kJsonUnknownMember);
  e = BuiltJson();
  e["record"]["context"]["ratio"] = std::numeric_limits<double>::quiet_NaN();  // not JCS-able
  EXPECT_FALSE(Verify(e).ok());
}

TEST_F(RecordTest, RefusesABadDeviceKey) {
  Json e = BuiltJson();
  e["record"]["device_key"] = "AAAA";
  EXPECT_ERROR_CODE(Verify(e), ErrorCode::kKeyInvalid);
  e["record"].erase("device_key");
  EXPECT_ERROR_CODE(Verify(e), ErrorCode::kJsonMissingMember);
}

TEST_F(RecordTest, RefusesAnyChangeToTheSignedRecord) {
  Json e = BuiltJson();
  e["record"]["consents"]["newsletter"] = true;
  EXPECT_ERROR_CODE(Verify(e), ErrorCode::kRecordSignatureInvalid);
  e = BuiltJson();
  const SigningKey other = KeyFromSeedHex(testing::kOtherSeedHex);
  e["record"]["device_key"] = other.public_key().ToBase64();  // key swapped, old signature
  EXPECT_ERROR_CODE(Verify(e), ErrorCode::kRecordSignatureInvalid);
}

TEST_F(RecordTest, RefusesAnUnknownRecordMemberEvenWhenSigned) {
  Json e = BuiltJson();
  e["record"]["ip"] = "192.0.2.1";
  Resign(e);
  EXPECT_ERROR_CODE(Verify(e), ErrorCode::kJsonUnknownMember);
  e = BuiltJson();
  e["record"].erase("context");
  Resign(e);
  EXPECT_ERROR_CODE(Verify(e), ErrorCode::kJsonMissingMember);
}

TEST_F(RecordTest, RefusesAnotherCampaignVersionOrManifest) {
  for (const auto& [member, value] : std::vector<std::pair<std::string, Json>>{
           {"id", "andere-actie"}, {"version", 2}, {"manifest_sha256", std::string(64, '0')}}) {
    Json e = BuiltJson();
    e["record"]["campaign"][member] = value;
    Resign(e);
    auto verified = Verify(e);
    ASSERT_ERROR_CODE(verified, ErrorCode::kCampaignMismatch) << member;
    EXPECT_EQ(verified.error().field, "record.campaign." + member);
  }
}

TEST_F(RecordTest, RefusesAnotherShownTextHash) {
  Json e = BuiltJson();
  e["record"]["shown_text_sha256"] = std::string(64, 'a');
  Resign(e);
  EXPECT_ERROR_CODE(Verify(e), ErrorCode::kShownTextMismatch);
}

TEST_F(RecordTest, RefusesABadRecordId) {
  for (const char* id : {"01a22161-fe80-4000-8000-000000000000",   // version 4
                         "01a22161-fe80-7000-c000-000000000000",   // variant 110
                         "01A22161-FE80-7000-8000-000000000000",   // uppercase
                         "01a22161fe8070008000000000000000",       // no hyphens
                         "01a22161-fe81-7000-8000-000000000000"})  // time is not captured_at
  {
    Json e = BuiltJson();
    e["record"]["id"] = id;
    Resign(e);
    EXPECT_ERROR_CODE(Verify(e), ErrorCode::kRecordIdInvalid) << id;
  }
}

TEST_F(RecordTest, RefusesABadCaptureTime) {
  Json e = BuiltJson();
  e["record"]["captured_at"] = "2026-11-28T09:00:00Z";
  Resign(e);
  EXPECT_ERROR_CODE(Verify(e), ErrorCode::kTimestampInvalid);
}

TEST_F(RecordTest, RefusesABadSourceOrAnUnknownPartner) {
  Json e = BuiltJson();
  e["record"]["source"]["code"] = "winactieplein.display";
  Resign(e);
  EXPECT_ERROR_CODE(Verify(e), ErrorCode::kSourceInvalid);
  e = BuiltJson();
  e["record"]["source"]["placement"] = "header";  // differs from the code
  Resign(e);
  EXPECT_ERROR_CODE(Verify(e), ErrorCode::kSourceInvalid);
  e = BuiltJson();
  e["record"]["source"] = Json{{"code", "kortingsjager.display.sidebar.c7"},
                               {"partner", "kortingsjager"},
                               {"channel", "display"},
                               {"placement", "sidebar"},
                               {"creative", "c7"}};
  Resign(e);
  EXPECT_ERROR_CODE(Verify(e), ErrorCode::kPartnerNotAllowed);
}

TEST_F(RecordTest, RefusesUnknownMissingAndUngivenParticipationConsents) {
  Json e = BuiltJson();
  e["record"]["consents"]["lottery"] = true;
  Resign(e);
  EXPECT_ERROR_CODE(Verify(e), ErrorCode::kConsentUnknown);
  e = BuiltJson();
  e["record"]["consents"].erase("newsletter");
  Resign(e);
  EXPECT_ERROR_CODE(Verify(e), ErrorCode::kConsentMissing);
  e = BuiltJson();
  e["record"]["consents"]["participation"] = false;
  Resign(e);
  EXPECT_ERROR_CODE(Verify(e), ErrorCode::kParticipationConsentRequired);
  e = BuiltJson();
  e["record"]["consents"]["newsletter"] = "ja";
  Resign(e);
  EXPECT_ERROR_CODE(Verify(e), ErrorCode::kJsonWrongType);
}

TEST_F(RecordTest, RefusesAFieldTheCampaignDoesNotDeclare) {
  Json e = BuiltJson();
  Recommit(e, "bsn", "123456782");
  EXPECT_ERROR_CODE(Verify(e), ErrorCode::kFieldNotDeclared);
}

TEST_F(RecordTest, RefusesMissingUnexpectedAndMismatchedDisclosures) {
  Json e = BuiltJson();
  e["disclosures"].erase("email");
  EXPECT_ERROR_CODE(Verify(e), ErrorCode::kDisclosureMissing);
  e = BuiltJson();
  e.erase("disclosures");
  EXPECT_ERROR_CODE(Verify(e), ErrorCode::kDisclosureMissing);
  e = BuiltJson();
  e["disclosures"]["email"]["value"] = "someone@else.nl";
  EXPECT_ERROR_CODE(Verify(e), ErrorCode::kDisclosureMismatch);
  e = BuiltJson();
  e["disclosures"]["ebike_use"]["salt"] = e["disclosures"]["email"]["salt"];
  EXPECT_ERROR_CODE(Verify(e), ErrorCode::kDisclosureMismatch);
  e = BuiltJson();
  e["record"]["fields"].erase("ebike_use");
  Resign(e);
  EXPECT_ERROR_CODE(Verify(e), ErrorCode::kDisclosureUnexpected);
  e = BuiltJson();
  e["record"]["fields"]["email"] = "AAAA";
  Resign(e);
  EXPECT_ERROR_CODE(Verify(e), ErrorCode::kBase64Invalid);
}

TEST_F(RecordTest, RefusesAPhoneWithoutTheTelephoneConsent) {
  Json e = BuiltJson();
  e["record"]["consents"]["telephone"] = false;
  Resign(e);
  auto verified = Verify(e);
  ASSERT_ERROR_CODE(verified, ErrorCode::kPhoneWithoutConsent);
  EXPECT_EQ(verified.error().field, "record.fields.phone");
}

TEST_F(RecordTest, RefusesDisclosedValuesThatFailTheFieldRules) {
  Json e = BuiltJson();
  Recommit(e, "email", "not-an-address");
  auto verified = Verify(e);
  ASSERT_ERROR_CODE(verified, ErrorCode::kEmailInvalid);
  EXPECT_EQ(verified.error().field, "email");
  e = BuiltJson();
  Recommit(e, "phone", "+319001234567");
  EXPECT_ERROR_CODE(Verify(e), ErrorCode::kPhonePremiumRefused);
  e = BuiltJson();
  Recommit(e, "date_of_birth", "2015-01-01");
  EXPECT_ERROR_CODE(Verify(e), ErrorCode::kAgeBelowMinimum);
  e = BuiltJson();
  Recommit(e, "ebike_use", std::string(201, 'x'));
  EXPECT_ERROR_CODE(Verify(e), ErrorCode::kFieldTooLong);
}

TEST_F(RecordTest, RefusesValuesNotInNormalForm) {
  for (const auto& [name, value] :
       std::vector<std::pair<std::string, std::string>>{{"phone", "06-12345678"},
                                                        {"postcode", "1234 ab"},
                                                        {"given_name", " Anna"},
                                                        {"date_of_birth", "15-03-1990"},
                                                        {"ebike_use", ""}}) {
    Json e = BuiltJson();
    Recommit(e, name, value);
    EXPECT_ERROR_CODE(Verify(e), ErrorCode::kDisclosureNotNormalised) << name << "=" << value;
  }
}

TEST_F(RecordTest, RefusesARecordWithoutARequiredField) {
  Json e = BuiltJson();
  e["record"]["fields"].erase("postcode");
  e["disclosures"].erase("postcode");
  Resign(e);
  auto verified = Verify(e);
  ASSERT_ERROR_CODE(verified, ErrorCode::kFieldRequired);
  EXPECT_EQ(verified.error().field, "record.fields.postcode");
}

TEST_F(RecordTest, RefusesAContextThatIsNotASmallObject) {
  Json e = BuiltJson();
  e["record"]["context"] = "typed";
  Resign(e);
  EXPECT_ERROR_CODE(Verify(e), ErrorCode::kRecordInvalid);
  e = BuiltJson();
  e["record"]["context"] = Json{{"blob", std::string(9000, 'x')}};
  Resign(e);
  EXPECT_ERROR_CODE(Verify(e), ErrorCode::kJsonTooLarge);
}

TEST_F(RecordTest, RefusesRecordsFromTheFutureAndTooLongAgo) {
  const Json e = BuiltJson();
  options_.now = kCapturedAt - options_.max_future_skew_ms;
  EXPECT_OK(Verify(e));
  options_.now = kCapturedAt - options_.max_future_skew_ms - 1;
  EXPECT_ERROR_CODE(Verify(e), ErrorCode::kCapturedInFuture);
  const std::int64_t max_age = 72LL * 3600 * 1000;
  options_.now = kCapturedAt + max_age;
  EXPECT_OK(Verify(e));
  options_.now = kCapturedAt + max_age + 1;
  EXPECT_ERROR_CODE(Verify(e), ErrorCode::kCapturedTooLongAgo);
  options_.check_clock = false;
  EXPECT_OK(Verify(e));
}

}  // namespace
}  // namespace capture
