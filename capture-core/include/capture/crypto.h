// Thin, misuse-resistant wrappers over libsodium. libsodium is called from crypto.cc only.
// Keys come only from factories; secret bytes sit in SecretBytes, wiped on destruction, and are
// reached only through RevealSecretBytes() so every use is greppable.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <string_view>

#include "capture/encoding.h"
#include "capture/result.h"

namespace capture {

inline constexpr std::size_t kSha256Size = 32;
inline constexpr std::size_t kEd25519PublicKeySize = 32;
inline constexpr std::size_t kEd25519SeedSize = 32;
inline constexpr std::size_t kEd25519SignatureSize = 64;
inline constexpr std::size_t kAeadKeySize = 32;
inline constexpr std::size_t kAeadNonceSize = 24;
inline constexpr std::size_t kAeadTagSize = 16;

using Sha256Digest = std::array<std::uint8_t, kSha256Size>;
using Ed25519Signature = std::array<std::uint8_t, kEd25519SignatureSize>;

// Must succeed once before any other call (idempotent, cheap after the first).
[[nodiscard]] Status InitCrypto();

[[nodiscard]] Sha256Digest Sha256(ByteView data);
[[nodiscard]] inline Sha256Digest Sha256(std::string_view data) { return Sha256(AsBytes(data)); }

// Incremental SHA-256, for hashing concatenations without copying.
class Sha256Hasher {
 public:
  Sha256Hasher();
  void Update(ByteView data);
  void Update(std::string_view data) { Update(AsBytes(data)); }
  [[nodiscard]] Sha256Digest Finish();

 private:
  alignas(16) std::array<std::uint8_t, 128> state_{};  // crypto_hash_sha256_state fits in 104
};

// Keyed BLAKE2b (key 16..64 bytes, or empty for unkeyed), output 16..64 bytes.
[[nodiscard]] Result<Bytes> Blake2b(ByteView key, ByteView message, std::size_t out_len);

// HMAC-SHA256 (RFC 2104) with a key of any length: the signature of webhook pushes, which
// receivers check with their platform's standard HMAC.
[[nodiscard]] Sha256Digest HmacSha256(ByteView key, ByteView message);

// Fills the buffer from the OS / browser CSPRNG.
void RandomFill(std::span<std::uint8_t> out);

// A source of random bytes; tests pass a fixed one to get reproducible vectors.
using EntropySource = std::function<void(std::span<std::uint8_t>)>;
[[nodiscard]] EntropySource SystemEntropy();

class SecretBytes {
 public:
  explicit SecretBytes(ByteView bytes);
  SecretBytes(const SecretBytes& other);
  SecretBytes& operator=(const SecretBytes& other);
  SecretBytes(SecretBytes&& other) noexcept;
  SecretBytes& operator=(SecretBytes&& other) noexcept;
  ~SecretBytes();

  [[nodiscard]] std::size_t size() const { return bytes_.size(); }
  // The only way to the secret: greppable on purpose.
  [[nodiscard]] ByteView RevealSecretBytes() const { return bytes_; }

 private:
  void Wipe();
  Bytes bytes_;
};

class PublicKey {
 public:
  [[nodiscard]] static Result<PublicKey> FromBytes(ByteView bytes);
  [[nodiscard]] static Result<PublicKey> FromBase64(std::string_view text);

  // Strict Ed25519 verification (libsodium refuses small-order keys and non-canonical S).
  [[nodiscard]] bool Verify(ByteView message, ByteView signature) const;
  [[nodiscard]] const std::array<std::uint8_t, kEd25519PublicKeySize>& bytes() const {
    return bytes_;
  }
  [[nodiscard]] std::string ToBase64() const { return Base64Encode(bytes_); }
  friend bool operator==(const PublicKey& a, const PublicKey& b) { return a.bytes_ == b.bytes_; }

 private:
  PublicKey() = default;
  std::array<std::uint8_t, kEd25519PublicKeySize> bytes_{};
};

class SigningKey {
 public:
  [[nodiscard]] static Result<SigningKey> Generate();
  [[nodiscard]] static Result<SigningKey> FromSeed(ByteView seed32);

  [[nodiscard]] Ed25519Signature Sign(ByteView message) const;
  [[nodiscard]] const PublicKey& public_key() const { return public_key_; }
  // The 32-byte seed, for storing the key; greppable.
  [[nodiscard]] const SecretBytes& RevealSeed() const { return seed_; }

 private:
  SigningKey(SecretBytes seed, SecretBytes expanded, PublicKey pk)
      : seed_(std::move(seed)), expanded_(std::move(expanded)), public_key_(pk) {}
  SecretBytes seed_;
  SecretBytes expanded_;  // libsodium's 64-byte secret key (seed || pk)
  PublicKey public_key_;
};

// XChaCha20-Poly1305 (IETF). Output of Encrypt is nonce(24) || ciphertext || tag(16); the nonce is
// random, so callers need not manage nonces.
[[nodiscard]] Result<Bytes> AeadEncrypt(const SecretBytes& key, ByteView plaintext,
                                        ByteView associated_data);
[[nodiscard]] Result<Bytes> AeadDecrypt(const SecretBytes& key, ByteView sealed,
                                        ByteView associated_data);

// Constant-time comparison of equal-length buffers (false when lengths differ).
[[nodiscard]] bool ConstantTimeEqual(ByteView a, ByteView b);

}  // namespace capture
