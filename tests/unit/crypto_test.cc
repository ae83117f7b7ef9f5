// Crypto wrappers and encodings against published vectors: Wycheproof Ed25519, RFC 8032 section
// 7.1, FIPS 180 SHA-256, RFC 7693 BLAKE2b, plus AEAD behaviour, secret wiping and strict codecs.
#include <gtest/gtest.h>

#include <array>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "capture/crypto.h"
#include "capture/encoding.h"
#include "test_support.h"

namespace capture {
namespace {

using nlohmann::json;

Bytes Hex(std::string_view hex) {
  auto bytes = HexDecode(hex);
  EXPECT_TRUE(bytes.ok()) << hex;
  return bytes.ok() ? *bytes : Bytes();
}

std::string StringMember(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

class CryptoTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_OK(InitCrypto()); }
};

TEST_F(CryptoTest, InitIsIdempotent) {
  EXPECT_OK(InitCrypto());
  EXPECT_OK(InitCrypto());
}

TEST_F(CryptoTest, EveryWycheproofEd25519CaseIsDecidedCorrectly) {
  const auto path = testing::SharedVectorsDir() / "wycheproof" / "ed25519_test.json";
  const json doc = json::parse(testing::ReadFile(path), nullptr, false);
  ASSERT_FALSE(doc.is_discarded()) << "cannot read " << path;
  auto groups = doc.find("testGroups");
  ASSERT_TRUE(groups != doc.end() && groups->is_array());
  int valid = 0;
  int invalid = 0;
  for (const json& group : *groups) {
    auto pk = group.find("publicKey");
    ASSERT_TRUE(pk != group.end() && pk->is_object());
    auto key = PublicKey::FromBytes(Hex(StringMember(*pk, "pk")));
    auto tests = group.find("tests");
    ASSERT_TRUE(tests != group.end() && tests->is_array());
    for (const json& test : *tests) {
      const std::string result = StringMember(test, "result");
      auto id = test.find("tcId");
      SCOPED_TRACE("tcId " + (id != test.end() ? id->dump() : std::string("?")) + ": " +
                   StringMember(test, "comment"));
      const Bytes msg = Hex(StringMember(test, "msg"));
      const Bytes sig = Hex(StringMember(test, "sig"));
      const bool verified = key.ok() && key->Verify(msg, sig);
      if (result == "valid") {
        EXPECT_TRUE(verified);
        ++valid;
      } else {
        ASSERT_EQ(result, "invalid") << "no 'acceptable' cases expected in this file";
        EXPECT_FALSE(verified);
        ++invalid;
      }
    }
  }
  auto declared = doc.find("numberOfTests");
  ASSERT_TRUE(declared != doc.end() && declared->is_number_integer());
  EXPECT_EQ(valid + invalid, declared->get<int>());
  EXPECT_GT(valid + invalid, 100);
  EXPECT_GT(valid, 0);
  EXPECT_GT(invalid, 0);
}

struct Rfc8032Vector {
  const char* secret;
  const char* public_key;
  const char* message;
  const char* signature;
};

// RFC 8032 section 7.1, TEST 1 to TEST 3.
const Rfc8032Vector kRfc8032[] = {
    {"9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
     "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
     "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
     "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"},
    {"4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
     "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
     "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
     "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"},
    {"c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
     "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
     "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac"
     "18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"},
};

TEST_F(CryptoTest, Rfc8032TestVectorsSignAndVerify) {
  for (const Rfc8032Vector& v : kRfc8032) {
    SCOPED_TRACE(v.public_key);
    auto key = SigningKey::FromSeed(Hex(v.secret));
    ASSERT_OK(key);
    EXPECT_EQ(HexEncode(key->public_key().bytes()), v.public_key);
    EXPECT_EQ(HexEncode(key->RevealSeed().RevealSecretBytes()), v.secret);
    const Bytes msg = Hex(v.message);
    const Ed25519Signature sig = key->Sign(msg);
    EXPECT_EQ(HexEncode(sig), v.signature);
    auto pk = PublicKey::FromBytes(Hex(v.public_key));
    ASSERT_OK(pk);
    EXPECT_TRUE(pk->Verify(msg, Hex(v.signature)));
    Bytes tampered = Hex(v.signature);
    tampered[10] ^= 1;
    EXPECT_FALSE(pk->Verify(msg, tampered));
    Bytes other_msg = msg;
    other_msg.push_back(0);
    EXPECT_FALSE(pk->Verify(other_msg, Hex(v.signature)));
    EXPECT_FALSE(pk->Verify(msg, ByteView(Hex(v.signature)).first(63)));
  }
}

TEST_F(CryptoTest, KeysComeOnlyFromWellFormedBytes) {
  EXPECT_ERROR_CODE(SigningKey::FromSeed(Bytes(31, 1)), ErrorCode::kKeyInvalid);
  EXPECT_ERROR_CODE(PublicKey::FromBytes(Bytes(33, 1)), ErrorCode::kKeyInvalid);
  EXPECT_ERROR_CODE(PublicKey::FromBase64("not base64"), ErrorCode::kKeyInvalid);
  auto generated = SigningKey::Generate();
  ASSERT_OK(generated);
  auto again = PublicKey::FromBase64(generated->public_key().ToBase64());
  ASSERT_OK(again);
  EXPECT_EQ(*again, generated->public_key());
  const Ed25519Signature sig = generated->Sign(AsBytes("hello"));
  EXPECT_TRUE(again->Verify(AsBytes("hello"), sig));
  auto other = SigningKey::Generate();
  ASSERT_OK(other);
  EXPECT_FALSE(other->public_key() == generated->public_key());
  EXPECT_FALSE(other->public_key().Verify(AsBytes("hello"), sig));
}

TEST_F(CryptoTest, Sha256KnownAnswers) {
  EXPECT_EQ(HexEncode(Sha256(std::string_view(""))),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(HexEncode(Sha256(std::string_view("abc"))),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  const std::string_view nist448 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
  EXPECT_EQ(HexEncode(Sha256(nist448)),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  Sha256Hasher hasher;
  for (char c : nist448) hasher.Update(std::string_view(&c, 1));
  EXPECT_EQ(hasher.Finish(), Sha256(nist448));
}

TEST_F(CryptoTest, Blake2bKnownAnswers) {
  // RFC 7693 appendix A: BLAKE2b-512("abc").
  auto digest = Blake2b({}, AsBytes("abc"), 64);
  ASSERT_OK(digest);
  EXPECT_EQ(HexEncode(*digest),
            "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1"
            "7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923");
  // Keyed, 32-byte output, computed with CPython's hashlib.blake2b (the reference C code).
  Bytes key;
  for (int i = 0; i < 32; ++i) key.push_back(static_cast<std::uint8_t>(i));
  auto keyed = Blake2b(key, AsBytes("message"), 32);
  ASSERT_OK(keyed);
  EXPECT_EQ(HexEncode(*keyed), "2615bcafac3ebcd31940a8f15d876916435d805823d2db78c201a8e94624a0ae");
  EXPECT_ERROR_CODE(Blake2b({}, AsBytes("abc"), 15), ErrorCode::kKeyInvalid);
  EXPECT_ERROR_CODE(Blake2b({}, AsBytes("abc"), 65), ErrorCode::kKeyInvalid);
  EXPECT_ERROR_CODE(Blake2b(Bytes(15, 1), AsBytes("abc"), 32), ErrorCode::kKeyInvalid);
  EXPECT_ERROR_CODE(Blake2b(Bytes(65, 1), AsBytes("abc"), 32), ErrorCode::kKeyInvalid);
}

TEST_F(CryptoTest, AeadRoundTripsAndDetectsEveryTamperedByte) {
  Bytes raw_key(kAeadKeySize);
  RandomFill(raw_key);
  const SecretBytes key(raw_key);
  const std::string plaintext = "Jan Jansen, 06-12345678";
  const std::string ad = "subject:42";
  auto sealed = AeadEncrypt(key, AsBytes(plaintext), AsBytes(ad));
  ASSERT_OK(sealed);
  ASSERT_EQ(sealed->size(), kAeadNonceSize + plaintext.size() + kAeadTagSize);
  auto opened = AeadDecrypt(key, *sealed, AsBytes(ad));
  ASSERT_OK(opened);
  EXPECT_EQ(AsChars(*opened), plaintext);
  for (std::size_t i = 0; i < sealed->size(); ++i) {
    Bytes bad = *sealed;
    bad[i] ^= 0x04;
    EXPECT_ERROR_CODE(AeadDecrypt(key, bad, AsBytes(ad)), ErrorCode::kDecryptFailed) << i;
  }
  EXPECT_ERROR_CODE(AeadDecrypt(key, *sealed, AsBytes("subject:43")), ErrorCode::kDecryptFailed);
  EXPECT_ERROR_CODE(AeadDecrypt(key, *sealed, {}), ErrorCode::kDecryptFailed);
  raw_key[0] ^= 1;
  EXPECT_ERROR_CODE(AeadDecrypt(SecretBytes(raw_key), *sealed, AsBytes(ad)),
                    ErrorCode::kDecryptFailed);
  EXPECT_ERROR_CODE(AeadDecrypt(key, ByteView(*sealed).first(39), AsBytes(ad)),
                    ErrorCode::kDecryptFailed);
  EXPECT_ERROR_CODE(AeadEncrypt(SecretBytes(Bytes(31)), AsBytes("x"), {}), ErrorCode::kKeyInvalid);
  EXPECT_ERROR_CODE(AeadDecrypt(SecretBytes(Bytes(33)), *sealed, {}), ErrorCode::kKeyInvalid);
  // Random nonces: the same plaintext seals differently each time; empty plaintext works.
  auto again = AeadEncrypt(key, AsBytes(plaintext), AsBytes(ad));
  ASSERT_OK(again);
  EXPECT_NE(*again, *sealed);
  auto empty = AeadEncrypt(key, {}, {});
  ASSERT_OK(empty);
  auto empty_opened = AeadDecrypt(key, *empty, {});
  ASSERT_OK(empty_opened);
  EXPECT_TRUE(empty_opened->empty());
}

TEST_F(CryptoTest, SecretBytesCopyMoveAndWipe) {
  const Bytes raw = {1, 2, 3, 4};
  SecretBytes a(raw);
  SecretBytes b(a);
  EXPECT_TRUE(std::equal(b.RevealSecretBytes().begin(), b.RevealSecretBytes().end(), raw.begin()));
  SecretBytes c(std::move(a));
  EXPECT_EQ(a.size(), 0u);  // NOLINT(bugprone-use-after-move): the moved-from state is the point
  EXPECT_EQ(c.size(), 4u);
  SecretBytes d(Bytes{9});
  d = std::move(c);
  EXPECT_EQ(c.size(), 0u);  // NOLINT(bugprone-use-after-move)
  ASSERT_EQ(d.size(), 4u);
  EXPECT_EQ(d.RevealSecretBytes()[3], 4);
  SecretBytes e(Bytes{7, 7});
  e = b;
  EXPECT_EQ(e.size(), 4u);
  const SecretBytes& same = e;
  e = same;  // self-assignment keeps the bytes
  EXPECT_EQ(e.size(), 4u);
}

TEST_F(CryptoTest, ConstantTimeEqualComparesLengthAndContent) {
  EXPECT_TRUE(ConstantTimeEqual(AsBytes("abc"), AsBytes("abc")));
  EXPECT_FALSE(ConstantTimeEqual(AsBytes("abc"), AsBytes("abd")));
  EXPECT_FALSE(ConstantTimeEqual(AsBytes("abc"), AsBytes("ab")));
  EXPECT_TRUE(ConstantTimeEqual({}, {}));
}

TEST(EncodingTest, Base64FollowsRfc4648AndRefusesLookAlikes) {
  const std::vector<std::pair<std::string, std::string>> known = {{"", ""},
                                                                  {"f", "Zg=="},
                                                                  {"fo", "Zm8="},
                                                                  {"foo", "Zm9v"},
                                                                  {"foob", "Zm9vYg=="},
                                                                  {"fooba", "Zm9vYmE="},
                                                                  {"foobar", "Zm9vYmFy"}};
  for (const auto& [plain, encoded] : known) {
    EXPECT_EQ(Base64Encode(AsBytes(plain)), encoded);
    auto decoded = Base64Decode(encoded);
    ASSERT_OK(decoded);
    EXPECT_EQ(AsChars(*decoded), plain);
  }
  EXPECT_EQ(Base64Encode(Bytes{0xfb, 0xff}), "+/8=");
  for (std::string bad : {"Zh==", "Zm9=", "Zg", "Zg=", "Zg===", "Z===", "====", "Zg==Zg==", "Zg=a",
                          "Z=g=", " Zg==", "Zg==\n", "Zm9v\n", "-_8=", "Zm9v!A==", "Zm 9v",
                          "Zm9vYg", "\xC3\xA9Zm9"}) {
    EXPECT_ERROR_CODE(Base64Decode(bad), ErrorCode::kBase64Invalid) << bad;
  }
  EXPECT_ERROR_CODE(Base64DecodeFixed<3>("Zm8="), ErrorCode::kBase64Invalid);
  EXPECT_OK(Base64DecodeFixed<3>("Zm9v"));
}

TEST(EncodingTest, Base64DecodesIntoABufferOnlyOfItsExactLength) {
  std::array<std::uint8_t, 3> three{};
  EXPECT_OK(Base64DecodeInto("Zm9v", three));
  EXPECT_EQ(AsChars(three), "foo");
  std::array<std::uint8_t, 2> two{};
  EXPECT_OK(Base64DecodeInto("Zm8=", two));
  EXPECT_EQ(AsChars(two), "fo");
  std::array<std::uint8_t, 4> four{};
  for (std::string_view text : {"Zm9v", "Zm8=", "Zg==", "Zm9vYmE="}) {
    EXPECT_ERROR_CODE(Base64DecodeInto(text, four), ErrorCode::kBase64Invalid) << text;
  }
  // Wrong shape, or a wrong character in the right shape, for the fixed-size form.
  for (std::string_view text : {"", "Zg", "Zm9", "Zm9vZm9v", "Zm9=", "Zm=v", "Z!9v", "Zm9v="}) {
    EXPECT_ERROR_CODE(Base64DecodeFixed<3>(text), ErrorCode::kBase64Invalid) << text;
  }
  auto salt = Base64DecodeFixed<16>(Base64Encode(Bytes(16, 0xA5)));
  ASSERT_OK(salt);
  EXPECT_EQ(Bytes(salt->begin(), salt->end()), Bytes(16, 0xA5));
}

TEST(EncodingTest, HexIsLowercaseAndEvenLength) {
  EXPECT_EQ(HexEncode(Bytes{0x00, 0xab, 0xff}), "00abff");
  auto ok = HexDecode("00abff");
  ASSERT_OK(ok);
  EXPECT_EQ(*ok, (Bytes{0x00, 0xab, 0xff}));
  EXPECT_OK(HexDecode(""));
  for (std::string bad : {"0", "abc", "AB", "0A", "zz", "0x00", " 00", "00 ", "g0"}) {
    EXPECT_ERROR_CODE(HexDecode(bad), ErrorCode::kHexInvalid) << bad;
  }
  EXPECT_ERROR_CODE(HexDecodeFixed<2>("00"), ErrorCode::kHexInvalid);
}

TEST(EncodingTest, RandomBytesRoundTripThroughBase64AndHex) {
  std::mt19937 rng(20261128);
  for (std::size_t len = 0; len < 200; ++len) {
    Bytes data(len);
    for (auto& b : data) b = static_cast<std::uint8_t>(rng());
    auto from_b64 = Base64Decode(Base64Encode(data));
    ASSERT_OK(from_b64);
    EXPECT_EQ(*from_b64, data);
    auto from_hex = HexDecode(HexEncode(data));
    ASSERT_OK(from_hex);
    EXPECT_EQ(*from_hex, data);
  }
}

// Every 4-character base64 group decodes only if it is the canonical encoding of its bytes.
TEST(EncodingTest, EveryPaddedBase64GroupIsCanonicalOrRefused) {
  const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  int accepted = 0;
  for (char a : alphabet) {
    for (char b : alphabet) {
      const std::string two = std::string{a, b} + "==";
      auto decoded = Base64Decode(two);
      if (decoded.ok()) {
        ++accepted;
        EXPECT_EQ(Base64Encode(*decoded), two);
      }
    }
  }
  EXPECT_EQ(accepted, 256);  // one text per byte value
}

TEST(EncodingTest, Utf8ValidationFollowsRfc3629) {
  const std::vector<std::string> valid = {
      "",
      "plain ASCII",
      std::string("nul\0inside", 10),
      "\xC2\x80",          // U+0080
      "\xDF\xBF",          // U+07FF
      "\xE0\xA0\x80",      // U+0800
      "\xED\x9F\xBF",      // U+D7FF, just below the surrogates
      "\xEE\x80\x80",      // U+E000, just above
      "\xEF\xBF\xBF",      // U+FFFF
      "\xF0\x90\x80\x80",  // U+10000
      "\xF4\x8F\xBF\xBF",  // U+10FFFF
      "Caf\xC3\xA9 \xE2\x80\x94 \xF0\x9F\x98\x80",
  };
  for (const std::string& s : valid) EXPECT_TRUE(IsValidUtf8(s)) << HexEncode(AsBytes(s));
  const std::vector<std::string> invalid = {
      "\x80",  // lone continuation
      "\xBF",
      "\xC0\xAF",              // overlong '/'
      "\xC1\xBF",              // overlong
      "\xE0\x80\xAF",          // overlong 3-byte
      "\xE0\x9F\xBF",          // overlong U+07FF
      "\xF0\x80\x80\xAF",      // overlong 4-byte
      "\xF0\x8F\xBF\xBF",      // overlong U+FFFF
      "\xED\xA0\x80",          // U+D800 surrogate
      "\xED\xBF\xBF",          // U+DFFF surrogate
      "\xF4\x90\x80\x80",      // U+110000
      "\xF5\x80\x80\x80",      // beyond
      "\xF8\x88\x80\x80\x80",  // 5-byte form
      "\xFC\x84\x80\x80\x80\x80",
      "\xFE",
      "\xFF",
      "\xC3",          // truncated 2-byte
      "\xE2\x80",      // truncated 3-byte
      "\xF0\x9F\x98",  // truncated 4-byte
      "ok\xE2\x80",    // truncated at the end
      "\xC3\x28",      // bad continuation
      "\xE2\x28\xA1",
      "\xF0\x28\x8C\xBC",
  };
  for (const std::string& s : invalid) EXPECT_FALSE(IsValidUtf8(s)) << HexEncode(AsBytes(s));
}

}  // namespace
}  // namespace capture
