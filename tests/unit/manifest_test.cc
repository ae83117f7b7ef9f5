// The campaign manifest: schema, rules (each with its code), the advertiser's signature, the
// shown-text list and the QA lint.
#include "capture/manifest.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "campaign_fixture.h"

namespace capture {
namespace {

using testing::ExampleManifest;
using testing::ExampleManifestJson;
using testing::KeyFromSeedHex;

Json ConsentNamed(Json& m, std::string_view id) {
  for (auto& c : m["consents"]) {
    if (c["id"] == id) return c;
  }
  return Json();
}

Json& MutableConsent(Json& m, std::string_view id) {
  for (auto& c : m["consents"]) {
    if (c["id"] == id) return c;
  }
  return m["consents"][0];
}

Json& MutableField(Json& m, std::string_view name) {
  for (auto& f : m["fields"]) {
    if (f["name"] == name) return f;
  }
  return m["fields"][0];
}

TEST(ManifestTest, ExampleCampaignParsesWithEveryPart) {
  const Manifest m = ExampleManifest();
  EXPECT_EQ(m.campaign_id, "fietsplezier-ebike-2026");
  EXPECT_EQ(m.version, 1);
  EXPECT_EQ(m.locale, "nl-NL");
  ASSERT_EQ(m.fields.size(), 6u);
  ASSERT_EQ(m.consents.size(), 3u);
  ASSERT_TRUE(m.extra_question.has_value());
  EXPECT_EQ(m.extra_question->name, "ebike_use");
  ASSERT_NE(m.TelephoneConsent(), nullptr);
  EXPECT_EQ(m.TelephoneConsent()->caller, "Fietsplezier B.V.");
  EXPECT_EQ(m.FindField("phone")->gated_by, "telephone");
  EXPECT_EQ(m.FindField("phone")->rules.type, FieldType::kPhoneNl);
  EXPECT_EQ(m.FindField("date_of_birth")->rules.min_age, 18);
  ASSERT_NE(m.FindPartner("winactieplein"), nullptr);
  EXPECT_EQ(m.FindPartner("direct"), nullptr);
  EXPECT_EQ(m.policy.max_offline_age_hours, 72);
  EXPECT_EQ(m.advertiser_key->ToBase64(),
            KeyFromSeedHex(testing::kAdvertiserSeedHex).public_key().ToBase64());
}

TEST(ManifestTest, HashIsSha256OfTheCanonicalForm) {
  const Manifest m = ExampleManifest();
  auto canonical = CanonicalJson(ExampleManifestJson());
  ASSERT_OK(canonical);
  EXPECT_EQ(m.canonical, *canonical);
  EXPECT_EQ(m.sha256, Sha256(*canonical));
}

// Each file in tests/vectors/manifests/invalid/ breaks one rule and names the code.
TEST(ManifestTest, EveryInvalidManifestIsRefusedWithItsCode) {
  const auto files =
      testing::FilesUnder(testing::TestVectorsDir() / "manifests" / "invalid", ".json");
  ASSERT_GE(files.size(), 20u);
  for (const auto& path : files) {
    SCOPED_TRACE(path.filename().string());
    auto vector = ParseJson(testing::ReadFile(path));
    ASSERT_OK(vector);
    ErrorCode expected{};
    ASSERT_TRUE(ErrorCodeFromWire((*vector)["expect"].get<std::string>(), &expected));
    EXPECT_ERROR_CODE(ParseManifest((*vector)["manifest"]), expected);
  }
}

TEST(ManifestTest, ACheckedOptionForAConsentCannotBeExpressed) {
  for (const char* member : {"checked", "default", "prechecked", "value"}) {
    Json m = ExampleManifestJson();
    MutableConsent(m, "telephone")[member] = false;  // even "false" is refused: no such member
    auto parsed = ParseManifest(m);
    ASSERT_ERROR_CODE(parsed, ErrorCode::kJsonUnknownMember);
    EXPECT_NE(parsed.error().field.find("consents[1]"), std::string::npos) << parsed.error().field;
  }
}

TEST(ManifestTest, RulesNameTheMemberToFix) {
  Json m = ExampleManifestJson();
  MutableField(m, "postcode").erase("purpose");
  auto parsed = ParseManifest(m);
  ASSERT_ERROR_CODE(parsed, ErrorCode::kManifestFieldWithoutPurpose);
  EXPECT_EQ(parsed.error().field, "fields[4].purpose");

  m = ExampleManifestJson();
  MutableConsent(m, "telephone").erase("caller");
  parsed = ParseManifest(m);
  ASSERT_ERROR_CODE(parsed, ErrorCode::kManifestTelephoneConsentIncomplete);
  EXPECT_EQ(parsed.error().field, "consents[1].caller");
}

TEST(ManifestTest, RefusesNonObjectsAndTextsWithControlCharacters) {
  EXPECT_ERROR_CODE(ParseManifest(Json::array()), ErrorCode::kManifestInvalid);
  Json m = ExampleManifestJson();
  MutableConsent(m, "newsletter")["text"] = "Ja\u202e, stuur mij de nieuwsbrief";  // bidi override
  EXPECT_ERROR_CODE(ParseManifest(m), ErrorCode::kManifestInvalid);
  m = ExampleManifestJson();
  m["title"] = " Maak kans op een e-bike";  // the bytes hashed must be the bytes shown
  EXPECT_ERROR_CODE(ParseManifest(m), ErrorCode::kManifestInvalid);
}

TEST(ManifestTest, AcceptsUrlsWithPathsQueriesAndPorts) {
  Json m = ExampleManifestJson();
  m["terms"]["url"] = "https://actie.fietsplezier.nl:8443/voorwaarden?v=2#artikel-3";
  m["origins"] = {"https://www.fietsplezier.nl:8443"};
  EXPECT_OK(ParseManifest(m));
  for (const char* bad : {"https://", "https://Fietsplezier.nl/", "https://a..nl/", "ftp://a.nl",
                          "https://a.nl/ spatie", "https://user@a.nl/", "https://a.nl:/x"}) {
    m["terms"]["url"] = bad;
    EXPECT_ERROR_CODE(ParseManifest(m), ErrorCode::kManifestTermsUrlMissing) << bad;
  }
}

class ManifestSignatureTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_OK(InitCrypto());
    auto text = SignManifest(ExampleManifestJson(), advertiser_);
    ASSERT_OK(text);
    signed_ = *text;
  }
  SigningKey advertiser_ = KeyFromSeedHex(testing::kAdvertiserSeedHex);
  SigningKey other_ = KeyFromSeedHex(testing::kOtherSeedHex);
  std::string signed_;
};

TEST_F(ManifestSignatureTest, SignedFormVerifiesAndIsCanonical) {
  auto manifest = VerifySignedManifest(signed_, advertiser_.public_key());
  ASSERT_OK(manifest);
  EXPECT_EQ(manifest->sha256, ExampleManifest().sha256);
  auto canonical = Canonicalize(signed_);
  ASSERT_OK(canonical);
  EXPECT_EQ(*canonical, signed_);
  // Ed25519 is deterministic: the same manifest and key give the same bytes.
  auto again = SignManifest(ExampleManifestJson(), advertiser_);
  ASSERT_OK(again);
  EXPECT_EQ(*again, signed_);
}

TEST_F(ManifestSignatureTest, SignatureCoversTheDomainPrefixAndCanonicalBytes) {
  auto root = ParseJson(signed_);
  ASSERT_OK(root);
  auto sig = Base64Decode((*root)["sig"].get<std::string>());
  ASSERT_OK(sig);
  const std::string message = std::string(kManifestDomain) + ExampleManifest().canonical;
  EXPECT_TRUE(advertiser_.public_key().Verify(AsBytes(message), *sig));
  EXPECT_FALSE(advertiser_.public_key().Verify(AsBytes(ExampleManifest().canonical), *sig));
}

TEST_F(ManifestSignatureTest, OneChangedByteOfAConsentTextIsRefused) {
  std::string tampered = signed_;
  const auto at = tampered.find("mag mij bellen");
  ASSERT_NE(at, std::string::npos);
  tampered[at] = 'M';
  EXPECT_ERROR_CODE(VerifySignedManifest(tampered, advertiser_.public_key()),
                    ErrorCode::kManifestSignatureInvalid);
}

TEST_F(ManifestSignatureTest, WrongTrustedKeyIsRefused) {
  EXPECT_ERROR_CODE(VerifySignedManifest(signed_, other_.public_key()),
                    ErrorCode::kManifestSignatureInvalid);
}

TEST_F(ManifestSignatureTest, ManifestNamingAnotherKeyIsRefusedEvenWhenSignedByTheTrustedKey) {
  Json m = ExampleManifestJson();
  m["advertiser"]["key"] = other_.public_key().ToBase64();
  auto canonical = CanonicalJson(m);
  ASSERT_OK(canonical);
  const std::string message = std::string(kManifestDomain) + *canonical;
  Json signed_form = {{"manifest", m}, {"sig", Base64Encode(advertiser_.Sign(AsBytes(message)))}};
  EXPECT_ERROR_CODE(VerifySignedManifest(signed_form.dump(), advertiser_.public_key()),
                    ErrorCode::kManifestAdvertiserKeyMismatch);
  // And SignManifest refuses to sign with a key the manifest does not name.
  EXPECT_ERROR_CODE(SignManifest(m, advertiser_), ErrorCode::kManifestAdvertiserKeyMismatch);
}

TEST_F(ManifestSignatureTest, MalformedSignedFormsAreRefused) {
  auto root = ParseJson(signed_);
  ASSERT_OK(root);
  Json extra = *root;
  extra["note"] = "x";
  EXPECT_ERROR_CODE(VerifySignedManifest(extra.dump(), advertiser_.public_key()),
                    ErrorCode::kJsonUnknownMember);
  Json bad_sig = *root;
  bad_sig["sig"] = "AAAA";
  EXPECT_ERROR_CODE(VerifySignedManifest(bad_sig.dump(), advertiser_.public_key()),
                    ErrorCode::kManifestSignatureInvalid);
  Json no_sig = *root;
  no_sig.erase("sig");
  EXPECT_ERROR_CODE(VerifySignedManifest(no_sig.dump(), advertiser_.public_key()),
                    ErrorCode::kJsonMissingMember);
  EXPECT_ERROR_CODE(VerifySignedManifest("[1]", advertiser_.public_key()),
                    ErrorCode::kManifestInvalid);
  EXPECT_ERROR_CODE(VerifySignedManifest("{", advertiser_.public_key()), ErrorCode::kJsonInvalid);
}

TEST_F(ManifestSignatureTest, ValidSignatureOverABrokenManifestStillFailsTheRules) {
  Json m = ExampleManifestJson();
  MutableConsent(m, "newsletter")["required_for_participation"] = true;
  auto canonical = CanonicalJson(m);
  ASSERT_OK(canonical);
  const std::string message = std::string(kManifestDomain) + *canonical;
  Json signed_form = {{"manifest", m}, {"sig", Base64Encode(advertiser_.Sign(AsBytes(message)))}};
  EXPECT_ERROR_CODE(VerifySignedManifest(signed_form.dump(), advertiser_.public_key()),
                    ErrorCode::kManifestMarketingConsentRequired);
}

TEST(ShownTextsTest, ListsTermsPrivacyConsentsAndTheExtraQuestionInOrder) {
  const Manifest m = ExampleManifest();
  const Json list = ShownTexts(m);
  ASSERT_TRUE(list.is_array());
  ASSERT_EQ(list.size(), 6u);
  EXPECT_EQ(list[0], (Json{{"kind", "terms"},
                           {"text", "Lees de actievoorwaarden"},
                           {"url", "https://www.fietsplezier.nl/actie/e-bike-2026/voorwaarden"}}));
  EXPECT_EQ(list[1]["kind"], "privacy");
  EXPECT_EQ(list[2],
            (Json{{"kind", "consent"}, {"id", "participation"}, {"text", m.consents[0].text}}));
  EXPECT_EQ(list[3]["id"], "telephone");
  EXPECT_EQ(list[4]["id"], "newsletter");
  EXPECT_EQ(list[5], (Json{{"kind", "extra_question"},
                           {"id", "ebike_use"},
                           {"text", "Waarvoor zou je de e-bike vooral gebruiken?"}}));
  auto canonical = CanonicalJson(list);
  ASSERT_OK(canonical);
  EXPECT_EQ(ShownTextSha256(m), Sha256(*canonical));
  // ParseManifest keeps the hash every record is checked against.
  EXPECT_EQ(m.shown_text_sha256, Sha256(*canonical));
}

TEST(ShownTextsTest, HashChangesWithAnyShownTextButNotWithPolicy) {
  const Sha256Digest base = ShownTextSha256(ExampleManifest());
  Json m = ExampleManifestJson();
  MutableConsent(m, "telephone")["text"] =
      ConsentNamed(m, "telephone")["text"].get<std::string>() + "!";
  EXPECT_NE(ShownTextSha256(*ParseManifest(m)), base);
  m = ExampleManifestJson();
  m["privacy"]["url"] = "https://www.fietsplezier.nl/privacy-2";
  EXPECT_NE(ShownTextSha256(*ParseManifest(m)), base);
  m = ExampleManifestJson();
  m["policy"]["contact_pause_days"] = 90;
  EXPECT_EQ(ShownTextSha256(*ParseManifest(m)), base);
}

// Issue 5: how the number is verified before calling; optional, so manifests signed before it
// still parse (as "none").
TEST(ManifestTest, VerificationPolicyIsOptionalAndOneOfFour) {
  EXPECT_EQ(ExampleManifest().policy.verification, "none");
  for (const char* method : {"none", "sms", "email", "call_start"}) {
    Json m = ExampleManifestJson();
    m["policy"]["verification"] = method;
    auto parsed = ParseManifest(m);
    ASSERT_TRUE(parsed.ok()) << method;
    EXPECT_EQ(parsed->policy.verification, method);
  }
  for (const Json& bad : {Json("fax"), Json(""), Json(true)}) {
    Json m = ExampleManifestJson();
    m["policy"]["verification"] = bad;
    auto parsed = ParseManifest(m);
    ASSERT_FALSE(parsed.ok()) << bad.dump();
    EXPECT_EQ(parsed.error().field.rfind("policy.verification", 0), 0u) << parsed.error().field;
  }
}

// ---- QA lint (R21) ----

std::vector<LintFinding> Lint(const Json& m) {
  auto manifest = ParseManifest(m);
  EXPECT_OK(manifest);
  if (!manifest.ok()) return {};
  return LintManifest(*manifest);
}

bool Has(const std::vector<LintFinding>& findings, std::string_view rule, std::string_view where) {
  return std::any_of(findings.begin(), findings.end(), [&](const LintFinding& f) {
    return f.rule == rule && (where.empty() || f.where == where);
  });
}

TEST(ManifestLintTest, ExampleCampaignHasOnlyTheFreeTextNote) {
  const auto findings = LintManifest(ExampleManifest());
  for (const auto& f : findings) {
    EXPECT_EQ(f.severity, "info") << f.rule << " at " << f.where << ": " << f.message;
  }
  EXPECT_TRUE(Has(findings, "free_text_field", "extra_question"));
}

TEST(ManifestLintTest, FindsTimePressureInDutchAndEnglish) {
  const std::pair<const char*, const char*> cases[] = {
      {"Alleen vandaag: maak kans op een e-bike", "alleen vandaag"},
      {"Nog maar 2 plaatsen! Maak kans", "nog maar"},
      {"Laatste kans op een e-bike", "laatste kans"},
      {"E-bikes: op=op", "op=op"},
      {"Only today: win an e-bike", "only today"},
      {"Hurry, win an e-bike", "hurry"},
      {"Last chance to win", "last chance"},
      {"Limited time: win an e-bike", "limited time"},
      {"Countdown: nog 3 uur", "countdown"},
  };
  for (const auto& [title, phrase] : cases) {
    Json m = ExampleManifestJson();
    m["title"] = title;
    const auto findings = Lint(m);
    ASSERT_TRUE(Has(findings, "time_pressure", "title")) << title;
    for (const auto& f : findings) {
      if (f.rule == "time_pressure") {
        EXPECT_NE(f.message.find(phrase), std::string::npos) << f.message;
        EXPECT_EQ(f.severity, "warning");
        EXPECT_FALSE(f.hint.empty());
      }
    }
  }
  Json m = ExampleManifestJson();
  MutableConsent(m, "newsletter")["text"] = "Ja, stuur mij de nieuwsbrief per e-mail. Wees snel!";
  EXPECT_TRUE(Has(Lint(m), "time_pressure", "consents[2].text"));
}

TEST(ManifestLintTest, PhrasesMatchWholeWordsOnly) {
  Json m = ExampleManifestJson();
  m["title"] = "Hurrycane e-bike actie";  // "hurry" inside a word is not a finding
  EXPECT_FALSE(Has(Lint(m), "time_pressure", ""));
}

TEST(ManifestLintTest, FindsConsentsThatBundleChannels) {
  Json m = ExampleManifestJson();
  MutableConsent(m, "newsletter")["text"] =
      "Ja, Fietsplezier mag mij bellen en de nieuwsbrief per e-mail sturen.";
  EXPECT_TRUE(Has(Lint(m), "bundled_consent", "consents[2].text"));

  m = ExampleManifestJson();
  MutableConsent(m, "participation")["text"] =
      "Ik doe mee en ontvang de nieuwsbrief van Fietsplezier.";
  EXPECT_TRUE(Has(Lint(m), "bundled_consent", "consents[0].text"));

  m = ExampleManifestJson();
  MutableConsent(m, "newsletter")["text"] = "Ja, stuur mij sms'jes met acties.";
  EXPECT_TRUE(Has(Lint(m), "consent_channel_mismatch", "consents[2].text"));
}

TEST(ManifestLintTest, FindsManyAndFreeTextFields) {
  Json m = ExampleManifestJson();
  m["fields"].push_back({{"name", "remarks"},
                         {"type", "short_text"},
                         {"label", "Opmerkingen"},
                         {"purpose", "Wat je ons nog wilt vertellen."},
                         {"required", false},
                         {"max_length", 200}});
  const auto findings = Lint(m);
  EXPECT_TRUE(Has(findings, "many_fields", "fields"));
  EXPECT_TRUE(Has(findings, "free_text_field", "fields[6].type"));
}

TEST(ManifestLintTest, FindsAFreeTextFieldThatAsksForAPhoneNumber) {
  Json m = ExampleManifestJson();
  MutableField(m, "postcode") = {{"name", "mobile"},
                                 {"type", "short_text"},
                                 {"label", "Je mobiele nummer"},
                                 {"purpose", "Om je te bellen."},
                                 {"required", false},
                                 {"max_length", 20}};
  EXPECT_TRUE(Has(Lint(m), "label_type_mismatch", "fields[4].label"));
}

TEST(ManifestLintTest, FindsALabelThatDoesNotSayWhatIsAsked) {
  Json m = ExampleManifestJson();
  MutableField(m, "email")["label"] = "Waar mogen we je bereiken?";
  EXPECT_TRUE(Has(Lint(m), "label_type_mismatch", "fields[2].label"));
}

TEST(ManifestLintTest, FindsATelephoneConsentThatDoesNotNameTheCaller) {
  Json m = ExampleManifestJson();
  MutableConsent(m, "telephone")["text"] =
      "Ja, je mag mij bellen over een gratis proefrit. Het eerste gesprek is binnen 3 maanden.";
  EXPECT_TRUE(Has(Lint(m), "caller_not_named", "consents[1].text"));
}

TEST(ManifestLintTest, FindsAMissingFirstContactTermBeyondSixMonths) {
  Json m = ExampleManifestJson();
  m["policy"]["first_contact_term_days"] = 365;
  MutableConsent(m, "telephone")["text"] =
      "Ja, Fietsplezier B.V. mag mij bellen over een gratis proefrit op een e-bike.";
  EXPECT_TRUE(Has(Lint(m), "first_contact_term_missing", "consents[1].text"));
  MutableConsent(m, "telephone")["text"] =
      "Ja, Fietsplezier B.V. mag mij binnen twaalf maanden bellen over een gratis proefrit.";
  EXPECT_FALSE(Has(Lint(m), "first_contact_term_missing", ""));
  MutableConsent(m, "telephone")["text"] =
      "Ja, Fietsplezier B.V. mag mij binnen 12 maanden bellen over een gratis proefrit.";
  EXPECT_FALSE(Has(Lint(m), "first_contact_term_missing", ""));
  m["policy"]["first_contact_term_days"] = 183;  // within six months: no term needed
  MutableConsent(m, "telephone")["text"] = "Ja, Fietsplezier B.V. mag mij bellen.";
  EXPECT_FALSE(Has(Lint(m), "first_contact_term_missing", ""));
}

TEST(ManifestLintTest, FindsADateOfBirthWithoutMinimumAge) {
  Json m = ExampleManifestJson();
  MutableField(m, "date_of_birth").erase("min_age");
  EXPECT_TRUE(Has(Lint(m), "min_age_missing", "fields[5].min_age"));
}

}  // namespace
}  // namespace capture
