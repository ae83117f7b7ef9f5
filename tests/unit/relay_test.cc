// The partner countersignature (capture/relay.h) and the disposable e-mail domain list: the
// signed bytes are domain separated and canonical, the parse is strict, any change fails.
#include "capture/relay.h"

#include <gtest/gtest.h>

#include "capture/email_domains.h"

namespace capture {
namespace {

SigningKey Key(std::string_view seed_text) {
  auto key = SigningKey::FromSeed(Sha256(seed_text));
  EXPECT_TRUE(key.ok());
  return std::move(*key);
}

RelayBatch Batch() {
  RelayBatch b;
  b.partner = "winactieplein";
  b.records = {std::string(64, 'a'), std::string(64, '0')};
  b.relayed_at = 1767225600123;  // 2026-01-01T00:00:00.123Z
  return b;
}

TEST(RelayTest, CanonicalFormIsTheDocumentedObject) {
  auto canonical = RelayBatchCanonical(Batch());
  ASSERT_TRUE(canonical.ok());
  EXPECT_EQ(*canonical, R"({"partner":"winactieplein","records":[")" + std::string(64, 'a') +
                            R"(",")" + std::string(64, '0') +
                            R"("],"relayed_at":"2026-01-01T00:00:00.123Z"})");
  auto sha = RelayBatchSha256Hex(Batch());
  ASSERT_TRUE(sha.ok());
  EXPECT_EQ(*sha, HexEncode(Sha256(*canonical)));
}

TEST(RelayTest, SignatureIsDomainSeparatedOverTheCanonicalBatch) {
  ASSERT_TRUE(InitCrypto().ok());
  const SigningKey key = Key("optin-capture example partner seed");
  auto sig = SignRelayBatch(Batch(), key);
  ASSERT_TRUE(sig.ok());
  EXPECT_TRUE(VerifyRelayBatch(Batch(), *sig, key.public_key()).ok());
  // The same key over the bare JCS (no domain) gives another signature: it cannot be replayed
  // as a relay countersignature, nor a relay signature as anything else.
  const std::string canonical = *RelayBatchCanonical(Batch());
  EXPECT_NE(key.Sign(AsBytes(canonical)), *sig);
  EXPECT_EQ(key.Sign(AsBytes(std::string(kRelayDomain) + canonical)), *sig);

  RelayBatch changed = Batch();
  changed.relayed_at += 1;
  EXPECT_EQ(VerifyRelayBatch(changed, *sig, key.public_key()).error().code,
            ErrorCode::kRelaySignatureInvalid);
  changed = Batch();
  changed.records.pop_back();
  EXPECT_FALSE(VerifyRelayBatch(changed, *sig, key.public_key()).ok());
  changed = Batch();
  std::swap(changed.records[0], changed.records[1]);  // the order is signed too
  EXPECT_FALSE(VerifyRelayBatch(changed, *sig, key.public_key()).ok());
  const SigningKey other = Key("another partner");
  EXPECT_FALSE(VerifyRelayBatch(Batch(), *sig, other.public_key()).ok());
}

TEST(RelayTest, ParseIsStrict) {
  auto round = ParseRelayBatch(RelayBatchJson(Batch()));
  ASSERT_TRUE(round.ok());
  EXPECT_EQ(round->records, Batch().records);
  EXPECT_EQ(round->relayed_at, Batch().relayed_at);

  struct Case {
    const char* why;
    Json batch;
    ErrorCode code;
    std::string field;
  };
  Json base = RelayBatchJson(Batch());
  auto with = [&](const char* key, Json value) {
    Json j = base;
    j[key] = std::move(value);
    return j;
  };
  Json extra = base;
  extra["campaign"] = "x";
  Json missing = base;
  missing.erase("relayed_at");
  const std::vector<Case> cases = {
      {"unknown member", extra, ErrorCode::kJsonUnknownMember, "batch.campaign"},
      {"missing member", missing, ErrorCode::kJsonMissingMember, "batch.relayed_at"},
      {"direct is the advertiser", with("partner", "direct"), ErrorCode::kRelayBatchMismatch,
       "batch.partner"},
      {"partner id", with("partner", "Win"), ErrorCode::kRelayBatchMismatch, "batch.partner"},
      {"no records", with("records", Json::array()), ErrorCode::kRelayBatchMismatch,
       "batch.records"},
      {"uppercase hex", with("records", Json::array({std::string(64, 'A')})),
       ErrorCode::kRelayBatchMismatch, "batch.records[0]"},
      {"short hash", with("records", Json::array({std::string(63, 'a')})),
       ErrorCode::kRelayBatchMismatch, "batch.records[0]"},
      {"time without milliseconds", with("relayed_at", "2026-01-01T00:00:00Z"),
       ErrorCode::kTimestampInvalid, "batch.relayed_at"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.why);
    auto parsed = ParseRelayBatch(c.batch);
    ASSERT_FALSE(parsed.ok());
    EXPECT_EQ(parsed.error().code, c.code);
    EXPECT_EQ(parsed.error().field, c.field);
  }
}

TEST(EmailDomainsTest, ListedDomainsAndTheirSubdomainsOnly) {
  EXPECT_TRUE(IsDisposableEmailDomain("anna@mailinator.com"));
  EXPECT_TRUE(IsDisposableEmailDomain("anna@Inbox.MAILINATOR.com"));
  EXPECT_TRUE(IsDisposableEmailDomain("yopmail.fr"));
  EXPECT_TRUE(IsDisposableEmailDomain("x@trashmail.de."));
  EXPECT_FALSE(IsDisposableEmailDomain("anna@notmailinator.com"));
  EXPECT_FALSE(IsDisposableEmailDomain("anna@voorbeeld.nl"));
  EXPECT_FALSE(IsDisposableEmailDomain("anna@mailinator.com.example.nl"));
  EXPECT_FALSE(IsDisposableEmailDomain(""));
  EXPECT_FALSE(IsDisposableEmailDomain("com"));
}

}  // namespace
}  // namespace capture
