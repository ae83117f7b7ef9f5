// C2SP signed-note and tlog-checkpoint: known answers from the Go reference implementation
// (golang.org/x/mod/sumdb/note tests), round trips, tampering and malformed notes.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "capture/checkpoint.h"
#include "capture/crypto.h"
#include "test_support.h"

namespace capture {
namespace {

// From golang.org/x/mod/sumdb/note's note_test.go: Go's signer key encoding is
// "PRIVATE+KEY+<name>+<id>+base64(0x01 || seed)".
constexpr std::string_view kPeterSkeyB64 = "AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
constexpr std::string_view kPeterVkey =
    "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
constexpr std::string_view kEnochVkey =
    "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop";
constexpr std::string_view kText =
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n";
const std::string kPeterSig =
    "\xE2\x80\x94 PeterNeumann "
    "x08go/ZJkuBS9UG/"
    "SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
const std::string kEnochSig =
    "\xE2\x80\x94 EnochRoot "
    "rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/"
    "5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n";

SigningKey PeterKey() {
  auto typed = Base64Decode(kPeterSkeyB64);
  EXPECT_TRUE(typed.ok() && typed->size() == 33 && (*typed)[0] == 0x01);
  auto key = SigningKey::FromSeed(ByteView(*typed).subspan(1));
  EXPECT_OK(key);
  return *key;
}

PublicKey VerifierOf(std::string_view vkey) {
  auto parsed = ParseVerifierKey(vkey);
  EXPECT_OK(parsed);
  return parsed->second;
}

SigningKey SeededKey(std::uint8_t fill) {
  auto key = SigningKey::FromSeed(Bytes(32, fill));
  EXPECT_OK(key);
  return *key;
}

Checkpoint Sample() {
  Checkpoint checkpoint;
  checkpoint.origin = "optin.example.nl/log";
  checkpoint.size = 20852163;
  checkpoint.root = Sha256(std::string_view("root"));
  return checkpoint;
}

class CheckpointTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_OK(InitCrypto()); }
};

TEST_F(CheckpointTest, GoReferenceKeyRoundTripsAndMatchesItsKeyId) {
  const SigningKey peter = PeterKey();
  EXPECT_EQ(VerifierKeyString("PeterNeumann", peter.public_key()), kPeterVkey);
  auto parsed = ParseVerifierKey(kPeterVkey);
  ASSERT_OK(parsed);
  EXPECT_EQ(parsed->first, "PeterNeumann");
  EXPECT_EQ(parsed->second, peter.public_key());
  const auto id = NoteKeyId("PeterNeumann", peter.public_key());
  EXPECT_EQ(HexEncode(id), "c74f20a3");
  auto enoch = ParseVerifierKey(kEnochVkey);
  ASSERT_OK(enoch);
  EXPECT_EQ(HexEncode(NoteKeyId("EnochRoot", enoch->second)), "af0cfe78");
}

TEST_F(CheckpointTest, SignNoteReproducesTheGoReferenceNoteByteForByte) {
  auto note = SignNote(kText, "PeterNeumann", PeterKey());
  ASSERT_OK(note);
  EXPECT_EQ(*note, std::string(kText) + "\n" + kPeterSig);
}

TEST_F(CheckpointTest, OpenNoteFollowsTheGoReferenceCases) {
  const PublicKey peter = VerifierOf(kPeterVkey);
  const PublicKey enoch = VerifierOf(kEnochVkey);
  const std::string both = std::string(kText) + "\n" + kPeterSig + kEnochSig;
  auto text = OpenNote(both, "PeterNeumann", peter);
  ASSERT_OK(text);
  EXPECT_EQ(*text, kText);
  EXPECT_OK(OpenNote(both, "EnochRoot", enoch));
  // Signed by neither the expected key: refused.
  EXPECT_ERROR_CODE(OpenNote(std::string(kText) + "\n" + kEnochSig, "PeterNeumann", peter),
                    ErrorCode::kCheckpointSignatureInvalid);
  // 101 signature lines: malformed, even though each verifies.
  std::string many = std::string(kText) + "\n";
  for (int i = 0; i < 101; ++i) many += kPeterSig;
  EXPECT_ERROR_CODE(OpenNote(many, "PeterNeumann", peter), ErrorCode::kCheckpointMalformed);
  // A signature by the known key that fails: the whole note is refused.
  const std::string bad_sig = kPeterSig.substr(0, 60) + "ABCD" + kPeterSig.substr(60);
  EXPECT_ERROR_CODE(OpenNote(std::string(kText) + "\n" + bad_sig, "PeterNeumann", peter),
                    ErrorCode::kCheckpointSignatureInvalid);
  // Duplicated known and unknown signatures, one corrupt unknown: accepted.
  const std::string enoch_abcd = kEnochSig.substr(0, 60) + "ABCD" + kEnochSig.substr(60);
  EXPECT_OK(OpenNote(
      std::string(kText) + "\n" + kPeterSig + kPeterSig + kEnochSig + kEnochSig + enoch_abcd,
      "PeterNeumann", peter));
  // The reference's malformed messages.
  const std::vector<std::string> bad = {
      std::string(kText),
      std::string(kText) + "\n",
      std::string(kText) + "\n" + kPeterSig.substr(0, kPeterSig.size() - 1),
      "\x01" + std::string(kText) + "\n" + kPeterSig,
      "\xff" + std::string(kText) + "\n" + kPeterSig,
      std::string(kText) + "\n" + "\xE2\x80\x94 Bad Name " + kPeterSig.substr(18),
      std::string(kText) + "\n" + kPeterSig + "Unexpected line.\n",
  };
  for (const std::string& note : bad) {
    EXPECT_ERROR_CODE(OpenNote(note, "PeterNeumann", peter), ErrorCode::kCheckpointMalformed)
        << note;
  }
}

TEST_F(CheckpointTest, MangledVerifierKeysAreRefused) {
  // As the reference: every proper substring and every single-byte increment fails.
  std::string vkey(kPeterVkey);
  for (std::size_t i = 0; i <= vkey.size(); ++i) {
    for (std::size_t j = i + 1; j <= vkey.size(); ++j) {
      if (i == 0 && j == vkey.size()) continue;
      EXPECT_FALSE(ParseVerifierKey(vkey.substr(i, j - i)).ok()) << vkey.substr(i, j - i);
    }
  }
  for (char& c : vkey) {
    ++c;
    EXPECT_ERROR_CODE(ParseVerifierKey(vkey), ErrorCode::kKeyInvalid) << vkey;
    --c;
  }
  // Wrong key length and unknown algorithm, each with a matching key id.
  EXPECT_FALSE(ParseVerifierKey("PeterNeumann+cc469956+"
                                "ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==")
                   .ok());
  EXPECT_FALSE(
      ParseVerifierKey("PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW").ok());
}

TEST_F(CheckpointTest, VerifierKeyRoundTripsForGeneratedKeys) {
  for (std::uint8_t fill : {1, 2, 200}) {
    const SigningKey key = SeededKey(fill);
    for (std::string name : {"optin.example.nl/log", "a", "ключ/журнал"}) {
      const std::string vkey = VerifierKeyString(name, key.public_key());
      auto parsed = ParseVerifierKey(vkey);
      ASSERT_OK(parsed);
      EXPECT_EQ(parsed->first, name);
      EXPECT_EQ(parsed->second, key.public_key());
    }
  }
}

TEST_F(CheckpointTest, RoundTripKeepsEveryFieldAndTheExactFormat) {
  const SigningKey key = SeededKey(7);
  Checkpoint checkpoint = Sample();
  checkpoint.extensions = {"extension one", "ext/2 ✓"};
  auto note = SignCheckpoint(checkpoint, "optin.example.nl/log", key);
  ASSERT_OK(note);
  const std::string body = "optin.example.nl/log\n20852163\n" + Base64Encode(checkpoint.root) +
                           "\nextension one\next/2 ✓\n";
  EXPECT_EQ(CheckpointBody(checkpoint), body);
  ASSERT_EQ(note->substr(0, body.size() + 1), body + "\n");
  EXPECT_EQ(note->substr(body.size() + 1, 25), "\xE2\x80\x94 optin.example.nl/log ");
  auto parsed =
      VerifyCheckpoint(*note, "optin.example.nl/log", key.public_key(), "optin.example.nl/log");
  ASSERT_OK(parsed);
  EXPECT_EQ(parsed->origin, checkpoint.origin);
  EXPECT_EQ(parsed->size, checkpoint.size);
  EXPECT_EQ(parsed->root, checkpoint.root);
  EXPECT_EQ(parsed->extensions, checkpoint.extensions);
  // The signature is Ed25519 over exactly the body.
  auto blob = Base64Decode(note->substr(body.size() + 1 + 25, 92));
  ASSERT_OK(blob);
  ASSERT_EQ(blob->size(), 68u);
  EXPECT_TRUE(key.public_key().Verify(AsBytes(body), ByteView(*blob).subspan(4)));
}

TEST_F(CheckpointTest, EmptyAndLargestTreeSizesRoundTrip) {
  const SigningKey key = SeededKey(8);
  for (std::uint64_t size : {std::uint64_t{0}, std::uint64_t{1}, ~std::uint64_t{0}}) {
    Checkpoint checkpoint = Sample();
    checkpoint.size = size;
    auto note = SignCheckpoint(checkpoint, "log", key);
    ASSERT_OK(note);
    auto parsed = VerifyCheckpoint(*note, "log", key.public_key());
    ASSERT_OK(parsed);
    EXPECT_EQ(parsed->size, size);
  }
}

TEST_F(CheckpointTest, TamperingAnyByteOfTheNoteFails) {
  const SigningKey key = SeededKey(9);
  auto note = SignCheckpoint(Sample(), "optin.example.nl/log", key);
  ASSERT_OK(note);
  for (std::size_t i = 0; i < note->size(); ++i) {
    for (std::uint8_t flip : {0x01, 0x20, 0x80}) {
      std::string bad = *note;
      bad[i] = static_cast<char>(bad[i] ^ flip);
      EXPECT_FALSE(VerifyCheckpoint(bad, "optin.example.nl/log", key.public_key()).ok())
          << "byte " << i << " flip " << int{flip};
    }
  }
  // Dropping or duplicating any byte fails as well.
  for (std::size_t i = 0; i < note->size(); ++i) {
    std::string shorter = *note;
    shorter.erase(i, 1);
    EXPECT_FALSE(VerifyCheckpoint(shorter, "optin.example.nl/log", key.public_key()).ok()) << i;
  }
}

TEST_F(CheckpointTest, ForeignSignatureLinesAreIgnored) {
  const SigningKey key = SeededKey(10);
  const SigningKey other = SeededKey(11);
  const std::string body = CheckpointBody(Sample());
  auto mine = SignNote(body, "log", key);
  auto theirs = SignNote(body, "witness.example/w1", other);
  auto same_name_other_key = SignNote(body, "log", other);
  ASSERT_OK(mine);
  ASSERT_OK(theirs);
  ASSERT_OK(same_name_other_key);
  const auto sig_line = [&](const std::string& note) { return note.substr(body.size() + 1); };
  const std::string note =
      body + "\n" + sig_line(*theirs) + sig_line(*mine) + sig_line(*same_name_other_key);
  EXPECT_OK(VerifyCheckpoint(note, "log", key.public_key()));
  EXPECT_OK(VerifyCheckpoint(note, "witness.example/w1", other.public_key()));
  // A line with another key id whose blob is garbage is still only a foreign line.
  EXPECT_OK(VerifyCheckpoint(note + "\xE2\x80\x94 log AAAAAAA=\n", "log", key.public_key()));
  // The same key id under another name is another key.
  const std::string renamed = body + "\n" + "\xE2\x80\x94 log2 " + sig_line(*mine).substr(8);
  EXPECT_ERROR_CODE(VerifyCheckpoint(renamed, "log", key.public_key()),
                    ErrorCode::kCheckpointSignatureInvalid);
  // Only foreign lines: no valid signature by the expected key.
  EXPECT_ERROR_CODE(VerifyCheckpoint(*theirs, "log", key.public_key()),
                    ErrorCode::kCheckpointSignatureInvalid);
}

TEST_F(CheckpointTest, A100LineSignatureBlockIsAcceptedAnd101IsNot) {
  const SigningKey key = SeededKey(12);
  const std::string body = CheckpointBody(Sample());
  auto mine = SignNote(body, "log", key);
  ASSERT_OK(mine);
  const std::string line = mine->substr(body.size() + 1);
  std::string note = body + "\n";
  for (int i = 0; i < 100; ++i) note += line;
  EXPECT_OK(VerifyCheckpoint(note, "log", key.public_key()));
  EXPECT_ERROR_CODE(VerifyCheckpoint(note + line, "log", key.public_key()),
                    ErrorCode::kCheckpointMalformed);
}

TEST_F(CheckpointTest, WrongOriginIsRefused) {
  const SigningKey key = SeededKey(13);
  auto note = SignCheckpoint(Sample(), "log", key);
  ASSERT_OK(note);
  EXPECT_ERROR_CODE(VerifyCheckpoint(*note, "log", key.public_key(), "optin.example.nl/other"),
                    ErrorCode::kCheckpointOriginMismatch);
  EXPECT_ERROR_CODE(VerifyCheckpoint(*note, "log", key.public_key(), "optin.example.nl"),
                    ErrorCode::kCheckpointOriginMismatch);
  EXPECT_OK(VerifyCheckpoint(*note, "log", key.public_key(), "optin.example.nl/log"));
  // The wrong key, or the right key under another name: no valid signature.
  EXPECT_ERROR_CODE(VerifyCheckpoint(*note, "log", SeededKey(14).public_key()),
                    ErrorCode::kCheckpointSignatureInvalid);
  EXPECT_ERROR_CODE(VerifyCheckpoint(*note, "log2", key.public_key()),
                    ErrorCode::kCheckpointSignatureInvalid);
}

// Each body is signed properly, so only the checkpoint rules can refuse it.
TEST_F(CheckpointTest, MalformedCheckpointBodiesAreRefusedEvenWhenSigned) {
  const SigningKey key = SeededKey(15);
  const std::string root = Base64Encode(Sha256(std::string_view("r")));
  const std::vector<std::pair<std::string, std::string>> bodies = {
      {"two lines", "origin\n5\n"},
      {"one line", "origin\n"},
      {"empty origin", "\n5\n" + root + "\n"},
      {"leading zero", "origin\n05\n" + root + "\n"},
      {"double zero", "origin\n00\n" + root + "\n"},
      {"plus sign", "origin\n+5\n" + root + "\n"},
      {"minus sign", "origin\n-5\n" + root + "\n"},
      {"hex size", "origin\n0x5\n" + root + "\n"},
      {"space in size", "origin\n5 \n" + root + "\n"},
      {"empty size", "origin\n\n" + root + "\n"},
      {"size beyond 64 bits", "origin\n18446744073709551616\n" + root + "\n"},
      {"root of 31 bytes", "origin\n5\n" + Base64Encode(Bytes(31, 1)) + "\n"},
      {"root of 33 bytes", "origin\n5\n" + Base64Encode(Bytes(33, 1)) + "\n"},
      {"root without padding", "origin\n5\n" + root.substr(0, root.size() - 1) + "\n"},
      {"root in hex", "origin\n5\n" + HexEncode(Sha256(std::string_view("r"))) + "\n"},
      {"empty extension line", "origin\n5\n" + root + "\next\n\nmore\n"},
      {"empty root line", "origin\n5\n\n"},
  };
  for (const auto& [what, body] : bodies) {
    auto note = SignNote(body, "log", key);
    if (!note.ok()) {
      // Bodies with a blank line cannot even become a note with the right text.
      EXPECT_ERROR_CODE(note, ErrorCode::kCheckpointMalformed) << what;
      continue;
    }
    EXPECT_FALSE(VerifyCheckpoint(*note, "log", key.public_key()).ok()) << what;
    EXPECT_ERROR_CODE(ParseCheckpointBody(body), ErrorCode::kCheckpointMalformed) << what;
  }
  EXPECT_OK(ParseCheckpointBody("origin\n18446744073709551615\n" + root + "\n"));
  EXPECT_OK(ParseCheckpointBody("origin with spaces+plus\n0\n" + root + "\n"));
}

TEST_F(CheckpointTest, MalformedNotesAreRefused) {
  const SigningKey key = SeededKey(16);
  auto good = SignCheckpoint(Sample(), "log", key);
  ASSERT_OK(good);
  const std::string body = CheckpointBody(Sample());
  const std::string sig = good->substr(body.size() + 1);  // "— log <b64>\n"
  const std::string b64 = sig.substr(8, sig.size() - 9);
  const std::vector<std::pair<std::string, std::string>> notes = {
      {"empty", ""},
      {"body only", body},
      {"no signature lines", body + "\n"},
      {"no blank line", body + sig},
      {"missing final newline", body + "\n" + sig.substr(0, sig.size() - 1)},
      {"hyphen instead of em dash", body + "\n- log " + b64 + "\n"},
      {"two hyphens", body + "\n-- log " + b64 + "\n"},
      {"en dash", body + "\n\xE2\x80\x93 log " + b64 + "\n"},
      {"no space after dash", body + "\n\xE2\x80\x94log " + b64 + "\n"},
      {"no space before signature", body + "\n\xE2\x80\x94 log" + b64 + "\n"},
      {"empty key name", body + "\n\xE2\x80\x94  " + b64 + "\n"},
      {"plus in key name", body + "\n\xE2\x80\x94 l+g " + b64 + "\n"},
      {"no-break space in key name", body + "\n\xE2\x80\x94 l\xC2\xA0g " + b64 + "\n"},
      {"empty signature", body + "\n\xE2\x80\x94 log \n"},
      {"signature not base64", body + "\n\xE2\x80\x94 log " + b64.substr(1) + "!\n"},
      {"signature of 4 bytes", body + "\n\xE2\x80\x94 log AAAAAA==\n"},
      {"two spaces before signature", body + "\n\xE2\x80\x94 log  " + b64 + "\n"},
      {"trailing space", body + "\n\xE2\x80\x94 log " + b64 + " \n"},
      {"carriage return", body + "\n\xE2\x80\x94 log " + b64 + "\r\n"},
      {"tab in text", "origin\t\n" + body.substr(7) + "\n" + sig},
      {"NUL in text", std::string("o\0rigin\n", 8) + "5\n" + sig},
      {"invalid UTF-8", "\xC0\xAF" + body + "\n" + sig},
      {"surrogate", "\xED\xA0\x80" + body + "\n" + sig},
      {"blank line inside the signature block", body + "\n" + sig + "\n" + sig},
      {"text after the signatures", body + "\n" + sig + "trailer\n"},
      {"signature block only", "\n" + sig},
  };
  for (const auto& [what, note] : notes) {
    auto result = VerifyCheckpoint(note, "log", key.public_key());
    EXPECT_FALSE(result.ok()) << what;
    if (!result.ok()) {
      EXPECT_TRUE(result.error().code == ErrorCode::kCheckpointMalformed ||
                  result.error().code == ErrorCode::kCheckpointSignatureInvalid)
          << what << ": " << result.error().wire();
    }
  }
  EXPECT_GE(notes.size(), 20u);
}

TEST_F(CheckpointTest, SigningRefusesWhatCannotBeAValidNote) {
  const SigningKey key = SeededKey(17);
  for (std::string name : {"", "a b", "a+b", "a\tb",
                           "a\xE3\x80\x80"
                           "b",
                           "\xFF"}) {
    EXPECT_ERROR_CODE(SignCheckpoint(Sample(), name, key), ErrorCode::kKeyInvalid) << name;
    EXPECT_FALSE(IsValidNoteKeyName(name));
  }
  Checkpoint bad = Sample();
  bad.origin = "";
  EXPECT_ERROR_CODE(SignCheckpoint(bad, "log", key), ErrorCode::kCheckpointMalformed);
  bad.origin = "two\nlines";
  EXPECT_ERROR_CODE(SignCheckpoint(bad, "log", key), ErrorCode::kCheckpointMalformed);
  bad = Sample();
  bad.extensions = {""};
  EXPECT_ERROR_CODE(SignCheckpoint(bad, "log", key), ErrorCode::kCheckpointMalformed);
  bad.extensions = {"a\nb"};
  EXPECT_ERROR_CODE(SignCheckpoint(bad, "log", key), ErrorCode::kCheckpointMalformed);
  EXPECT_ERROR_CODE(SignNote("no newline", "log", key), ErrorCode::kCheckpointMalformed);
  EXPECT_ERROR_CODE(SignNote("", "log", key), ErrorCode::kCheckpointMalformed);
  EXPECT_ERROR_CODE(SignNote("bell\a\n", "log", key), ErrorCode::kCheckpointMalformed);
}

// Notes signed by PyNaCl (libsodium from Python, with the key id computed in Python): the fuzz
// seeds double as an interoperability check of the signing input and key id.
TEST_F(CheckpointTest, NotesSignedOutsideThisCodeVerify) {
  const auto dir = testing::SourceDir() / "tests" / "fuzz" / "seeds" / "checkpoint_fuzz";
  auto key = SigningKey::FromSeed(Bytes(32, 0x2a));
  ASSERT_OK(key);
  const std::string name = "optin.example.nl/log";
  for (const char* file : {"note-size0", "note-size20852163", "note-extensions", "note-maxsize",
                           "note-with-witness"}) {
    const std::string note = testing::ReadFile(dir / file);
    ASSERT_FALSE(note.empty()) << file;
    auto checkpoint = VerifyCheckpoint(note, name, key->public_key(), name);
    ASSERT_OK(checkpoint) << file;
    auto resigned = SignCheckpoint(*checkpoint, name, *key);
    ASSERT_OK(resigned);
    EXPECT_TRUE(note.ends_with(resigned->substr(CheckpointBody(*checkpoint).size() + 1))) << file;
  }
  EXPECT_ERROR_CODE(
      VerifyCheckpoint(testing::ReadFile(dir / "note-unsigned-by-key"), name, key->public_key()),
      ErrorCode::kCheckpointSignatureInvalid);
}

}  // namespace
}  // namespace capture
